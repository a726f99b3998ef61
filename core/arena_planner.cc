#include "core/arena_planner.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace plinth {
namespace {

size_t AlignUp(size_t n, size_t alignment) { return (n + alignment - 1) & ~(alignment - 1); }

bool Overlap(const ArenaRequest& a, const ArenaRequest& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

}  // namespace

ArenaPlan PlanArena(absl::Span<const ArenaRequest> requests, size_t alignment) {
  ArenaPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (requests[a].size != requests[b].size) return requests[a].size > requests[b].size;
    return requests[a].first_step < requests[b].first_step;
  });
  std::vector<size_t> placed;
  std::vector<std::pair<size_t, size_t>> busy;  // [offset, end) of conflicting placed buffers
  for (size_t r : order) {
    const ArenaRequest& req = requests[r];
    size_t size = AlignUp(req.size, alignment);
    busy.clear();
    for (size_t p : placed) {
      if (requests[p].size > 0 && Overlap(req, requests[p])) {
        busy.emplace_back(plan.offsets[p], plan.offsets[p] + AlignUp(requests[p].size, alignment));
      }
    }
    std::sort(busy.begin(), busy.end());
    size_t offset = 0;
    for (const auto& [begin, end] : busy) {
      if (size > 0 && begin >= offset + size) break;  // the gap before this buffer fits
      offset = std::max(offset, end);
    }
    plan.offsets[r] = offset;
    plan.size = std::max(plan.size, offset + size);
    placed.push_back(r);
  }
  return plan;
}

size_t ArenaLowerBound(absl::Span<const ArenaRequest> requests, size_t alignment) {
  std::map<int32_t, long long> delta;  // sweep over steps
  for (const ArenaRequest& r : requests) {
    long long size = static_cast<long long>(AlignUp(r.size, alignment));
    delta[r.first_step] += size;
    delta[r.last_step + 1] -= size;
  }
  long long live = 0, peak = 0;
  for (const auto& [step, d] : delta) {
    live += d;
    peak = std::max(peak, live);
  }
  return static_cast<size_t>(peak);
}

}  // namespace plinth
