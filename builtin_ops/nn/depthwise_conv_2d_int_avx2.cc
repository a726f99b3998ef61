// The integer depthwise channel loop compiled for AVX2 (the compiler vectorizes it).
#include "builtin_ops/nn/depthwise_conv_2d_int.h"
#include "builtin_ops/nn/depthwise_conv_2d_int_taps.h"

namespace plinth::builtin::depthwise {

void U8TapsAvx2(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  AccumulateTaps<uint8_t>(x, w, taps, c0, n, io, fo, acc);
}

void I8TapsAvx2(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  AccumulateTaps<int8_t>(x, w, taps, c0, n, io, fo, acc);
}

}  // namespace plinth::builtin::depthwise
