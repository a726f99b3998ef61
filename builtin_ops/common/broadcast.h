// NumPy-style broadcasting of two tensors, iterated with a fast innermost loop.
#ifndef PLINTH_BUILTIN_OPS_COMMON_BROADCAST_H_
#define PLINTH_BUILTIN_OPS_COMMON_BROADCAST_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "plinth/plugin.hpp"

namespace plinth::builtin {

struct Broadcast {
  std::vector<int32_t> out_shape;
  // Per output dimension, the element stride in each input (0 where that input broadcasts).
  std::vector<int64_t> a_strides, b_strides;
  int64_t out_elements = 1;
};

// Broadcasts shapes `a` and `b` (aligned at the right); false when they are incompatible or
// their strides overflow int64 (possible with a zero dimension beside huge ones).
inline bool ComputeBroadcast(const std::vector<int32_t>& a, const std::vector<int32_t>& b,
                             Broadcast* out) {
  const size_t rank = std::max(a.size(), b.size());
  out->out_shape.assign(rank, 1);
  out->a_strides.assign(rank, 0);
  out->b_strides.assign(rank, 0);
  int64_t sa = 1, sb = 1;
  for (size_t i = rank; i-- > 0;) {
    const size_t ia = i + a.size() - rank, ib = i + b.size() - rank;
    const int32_t da = i + a.size() >= rank ? a[ia] : 1;
    const int32_t db = i + b.size() >= rank ? b[ib] : 1;
    if (da != db && da != 1 && db != 1) return false;
    out->out_shape[i] = da == 1 ? db : da;
    out->a_strides[i] = da == 1 ? 0 : sa;
    out->b_strides[i] = db == 1 ? 0 : sb;
    if (__builtin_mul_overflow(sa, int64_t{da}, &sa) ||
        __builtin_mul_overflow(sb, int64_t{db}, &sb)) {
      return false;
    }
  }
  out->out_elements = 1;
  for (int32_t d : out->out_shape) {
    if (__builtin_mul_overflow(out->out_elements, int64_t{d}, &out->out_elements)) return false;
  }
  return true;
}

// Calls f(out_index, a_index, b_index) for every output element in row-major order.
template <class F>
void ForEachBroadcast(const Broadcast& bc, F&& f) {
  const size_t rank = bc.out_shape.size();
  if (bc.out_elements == 0) return;
  if (rank == 0) {
    f(0, 0, 0);
    return;
  }
  const int32_t inner = bc.out_shape[rank - 1];
  const int64_t a_inner = bc.a_strides[rank - 1], b_inner = bc.b_strides[rank - 1];
  std::array<int32_t, 16> counter{};  // the core caps rank at 16; no allocation per call
  int64_t out = 0, ia = 0, ib = 0;
  while (true) {
    for (int32_t i = 0; i < inner; ++i) f(out + i, ia + i * a_inner, ib + i * b_inner);
    out += inner;
    // Advance the outer counters (all dimensions but the last).
    size_t d = rank - 1;
    while (d-- > 0) {
      ++counter[d];
      ia += bc.a_strides[d];
      ib += bc.b_strides[d];
      if (counter[d] < bc.out_shape[d]) break;
      ia -= bc.a_strides[d] * counter[d];
      ib -= bc.b_strides[d] * counter[d];
      counter[d] = 0;
    }
    if (d == static_cast<size_t>(-1)) return;
  }
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_COMMON_BROADCAST_H_
