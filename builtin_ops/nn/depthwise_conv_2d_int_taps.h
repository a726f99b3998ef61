// The channel loop of the integer depthwise fast path, compiled once per ISA (included by
// depthwise_conv_2d_int.cc and depthwise_conv_2d_int_avx2.cc). Internal linkage, so the copies
// built with different instruction sets never merge.
#ifndef PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_TAPS_H_
#define PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_TAPS_H_

#include <cstddef>
#include <cstdint>

namespace plinth::builtin::depthwise {
namespace {

template <class T>
void AccumulateTaps(const T* const* x, const T* const* w, int32_t taps, size_t c0, size_t n,
                    int32_t io, int32_t fo, int32_t* __restrict acc) {
  // uint32 arithmetic: the reference's wrapping int32 sums, without signed overflow.
  uint32_t* __restrict sum = reinterpret_cast<uint32_t*>(acc);
  for (size_t j = 0; j < n; ++j) sum[j] = 0;
  for (int32_t t = 0; t < taps; ++t) {
    const T* __restrict xt = x[t] + c0;
    const T* __restrict wt = w[t] + c0;
    for (size_t j = 0; j < n; ++j) {
      sum[j] += (static_cast<uint32_t>(static_cast<int32_t>(wt[j])) + static_cast<uint32_t>(fo)) *
                (static_cast<uint32_t>(static_cast<int32_t>(xt[j])) + static_cast<uint32_t>(io));
    }
  }
}

}  // namespace
}  // namespace plinth::builtin::depthwise

#endif  // PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_TAPS_H_
