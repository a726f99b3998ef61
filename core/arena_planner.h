// Places buffers with known lifetimes into one arena so that no two buffers alive at the same
// step overlap. Greedy by size: the largest buffer goes to the lowest offset where it fits among
// the already placed buffers whose lifetimes intersect its own.
#ifndef PLINTH_CORE_ARENA_PLANNER_H_
#define PLINTH_CORE_ARENA_PLANNER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace plinth {

struct ArenaRequest {
  size_t size = 0;
  int32_t first_step = 0;  // inclusive
  int32_t last_step = 0;   // inclusive
};

struct ArenaPlan {
  std::vector<size_t> offsets;  // one per request, multiples of the alignment
  size_t size = 0;              // bytes the arena needs
};

// Plans offsets for `requests`; `alignment` must be a power of two.
ArenaPlan PlanArena(absl::Span<const ArenaRequest> requests, size_t alignment);

// The largest total size of buffers alive at one step (aligned): no plan can be smaller.
size_t ArenaLowerBound(absl::Span<const ArenaRequest> requests, size_t alignment);

}  // namespace plinth

#endif  // PLINTH_CORE_ARENA_PLANNER_H_
