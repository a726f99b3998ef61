// Verifies a TFL3 FlatBuffer and turns it into a Graph, checking everything the interpreter relies
// on: indices in range, buffer sizes matching shapes, overflow-free byte sizes, sane quantization.
#ifndef PLINTH_CORE_GRAPH_BUILDER_H_
#define PLINTH_CORE_GRAPH_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/graph.h"

namespace plinth {

// Bounds that stop a hostile file from exhausting the machine.
struct ModelLimits {
  uint64_t max_tensor_bytes = uint64_t{1} << 32;  // any one tensor
  int32_t max_rank = 16;
  uint32_t max_flatbuffer_tables = 4'000'000;  // verifier budget
};

// A Graph plus the memory it points into that is not part of the file (aligned copies of
// constants the file stores misaligned) and the warnings about spec deviations it accepted.
struct BuiltGraph {
  Graph graph;
  std::vector<std::unique_ptr<uint8_t, void (*)(void*)>> owned_buffers;
  std::vector<std::string> warnings;
};

// `name` is used in messages (the path). `file` must outlive the result.
absl::StatusOr<std::unique_ptr<BuiltGraph>> BuildGraph(const std::string& name, const uint8_t* file,
                                                       size_t file_size, const ModelLimits& limits);

}  // namespace plinth

#endif  // PLINTH_CORE_GRAPH_BUILDER_H_
