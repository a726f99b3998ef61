// Slow, obviously-correct reductions for the reduction/ kernel tests: which input elements reach
// which output element, found by unravelling every input index.
#ifndef PLINTH_TESTS_BUILTIN_OPS_REDUCE_REFERENCE_H_
#define PLINTH_TESTS_BUILTIN_OPS_REDUCE_REFERENCE_H_

#include <cstdint>
#include <vector>

#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {

struct ReferenceReduction {
  std::vector<int32_t> output_shape;
  // Per output element (row-major), the input elements it reduces, in row-major order.
  std::vector<std::vector<size_t>> members;
};

// Reduces `shape` over `axes` (negative values count from the end, repeats count once).
inline ReferenceReduction ReduceReference(const std::vector<int32_t>& shape,
                                          const std::vector<int32_t>& axes, bool keep_dims) {
  const int rank = static_cast<int>(shape.size());
  std::vector<bool> reduced(shape.size(), false);
  for (int32_t a : axes) reduced[a < 0 ? a + rank : a] = true;
  ReferenceReduction r;
  std::vector<int32_t> kept;
  for (int d = 0; d < rank; ++d) {
    if (!reduced[d]) kept.push_back(shape[d]);
    if (!reduced[d] || keep_dims) r.output_shape.push_back(reduced[d] ? 1 : shape[d]);
  }
  r.members.resize(NumElementsOf(kept));
  for (size_t flat = 0; flat < NumElementsOf(shape); ++flat) {
    const std::vector<int32_t> coords = Unravel(flat, shape);
    size_t out = 0;
    for (int d = 0; d < rank; ++d) {
      if (!reduced[d]) out = out * static_cast<size_t>(shape[d]) + static_cast<size_t>(coords[d]);
    }
    r.members[out].push_back(flat);
  }
  return r;
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_REDUCE_REFERENCE_H_
