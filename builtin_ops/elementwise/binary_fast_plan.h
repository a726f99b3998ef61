// Broadcast shapes the element-wise fast paths serve, as rows of contiguous runs: same shapes, one
// operand a single value, and one operand repeating over the leading dimensions of the other
// ("inner-dims broadcast", e.g. [N,H,W,C] op [C]). Any other broadcast keeps the generic loop.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_BINARY_FAST_PLAN_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_BINARY_FAST_PLAN_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "builtin_ops/common/broadcast.h"
#include "plinth/plugin.hpp"

namespace plinth::builtin::ew {

// How an operand is read within one run of the kernel.
enum class Operand { kVector, kScalar };

// The output as `rows` rows of `cols` elements; an operand's element (r, c) is at
// r * row_step + c * col_step (col_step 0: one value for the whole run).
struct BinaryPlan {
  bool usable = false;
  int64_t rows = 0, cols = 0;
  int64_t a_row_step = 0, a_col_step = 0, b_row_step = 0, b_col_step = 0;
  Operand a_mode() const { return a_col_step == 0 ? Operand::kScalar : Operand::kVector; }
  Operand b_mode() const { return b_col_step == 0 ? Operand::kScalar : Operand::kVector; }
};

inline int64_t ElementsOf(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

// True when `shape`, without its leading 1s, equals the trailing dimensions of `out`.
inline bool IsTrailingBlock(const std::vector<int32_t>& shape, const std::vector<int32_t>& out) {
  size_t first = 0;
  while (first < shape.size() && shape[first] == 1) ++first;
  const size_t rank = shape.size() - first;
  if (rank > out.size()) return false;
  for (size_t i = 0; i < rank; ++i) {
    if (shape[first + i] != out[out.size() - rank + i]) return false;
  }
  return true;
}

// Plans `a op b` broadcast as `bc`; leaves plan->usable false for shapes the fast paths do not
// serve (and for empty outputs, which the generic loop handles).
inline void MakeBinaryPlan(const std::vector<int32_t>& a, const std::vector<int32_t>& b,
                           const Broadcast& bc, BinaryPlan* plan) {
  *plan = BinaryPlan{};
  const int64_t n = bc.out_elements, na = ElementsOf(a), nb = ElementsOf(b);
  if (n <= 0) return;
  BinaryPlan p;
  p.usable = true;
  p.rows = 1;
  p.cols = n;
  if (na == n && nb == n) {  // same layout (shapes equal up to leading 1s)
    p.a_col_step = p.b_col_step = 1;
  } else if (na == 1 && nb == n) {
    p.b_col_step = 1;
  } else if (na == n && nb == 1) {
    p.a_col_step = 1;
  } else if (na == n && IsTrailingBlock(b, bc.out_shape)) {
    p.cols = nb;
    p.rows = n / nb;
    p.a_col_step = 1, p.a_row_step = nb;
    p.b_col_step = 1;
  } else if (nb == n && IsTrailingBlock(a, bc.out_shape)) {
    p.cols = na;
    p.rows = n / na;
    p.a_col_step = 1;
    p.b_col_step = 1, p.b_row_step = na;
  } else {
    return;
  }
  *plan = p;
}

// Calls run(a_offset, b_offset, out_offset, count) over contiguous pieces of the output, in tiles
// of tile_values elements spread over the context's threads (element-wise: the split does not
// change any result).
template <class F>
void ForEachPlanRun(const KernelContext& ctx, const BinaryPlan& p, F&& run,
                    int64_t tile_values = 16384) {
  const int64_t kTile = std::max<int64_t>(1, tile_values);
  const int64_t total = p.rows * p.cols;
  const size_t tiles = static_cast<size_t>((total + kTile - 1) / kTile);
  auto body = [&](size_t begin, size_t end) {
    int64_t i = static_cast<int64_t>(begin) * kTile;
    const int64_t stop = std::min(total, static_cast<int64_t>(end) * kTile);
    while (i < stop) {
      const int64_t r = i / p.cols, c = i % p.cols;
      const int64_t count = std::min(stop - i, p.cols - c);
      run(r * p.a_row_step + c * p.a_col_step, r * p.b_row_step + c * p.b_col_step, i,
          static_cast<size_t>(count));
      i += count;
    }
  };
  // Small tensors stay on the calling thread.
  if (tiles <= 1) {
    body(0, tiles);
  } else {
    ctx.ParallelFor(tiles, 1, body);
  }
}

}  // namespace plinth::builtin::ew

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_BINARY_FAST_PLAN_H_
