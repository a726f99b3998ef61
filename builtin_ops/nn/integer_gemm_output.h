// The outputs of one integer GEMM tile (CONV_2D and FULLY_CONNECTED), made as the reference
// kernels make them: the bias added with int32 wrap-around, then each channel's requantization
// and clamp; vectorized where the build has it (int8 and uint8 outputs), scalar otherwise.
#ifndef PLINTH_BUILTIN_OPS_NN_INTEGER_GEMM_OUTPUT_H_
#define PLINTH_BUILTIN_OPS_NN_INTEGER_GEMM_OUTPUT_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "builtin_ops/gemm/requant_s8.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::nn {

// Writes out_tile[i * out_stride + j] for i < rows, j < cols from acc[i * acc_stride + j], the
// sums of output channels channel0 + j. s8 / u8: the vector parameters (unused when not usable).
template <class T>
void FinishIntegerTile(const gemm::RequantS8Vectors& s8, const gemm::RequantU8Params& u8,
                       const Requant& r, const int32_t* bias, const int32_t* acc, size_t acc_stride,
                       size_t rows, size_t channel0, size_t cols, size_t out_stride, T* out_tile) {
  for (size_t i = 0; i < rows; ++i) {
    const int32_t* a = acc + i * acc_stride;
    T* o = out_tile + i * out_stride;
    size_t j = 0;
#if defined(PLINTH_HAVE_VECTOR_REQUANT)
    if constexpr (std::is_same_v<T, int8_t>) {
      if (s8.usable) {
        j = gemm::RequantizeS8Vector(a, bias ? bias + channel0 : nullptr, s8, r.output_offset,
                                     r.range.min, r.range.max, cols, o, channel0);
      }
    }
    if constexpr (std::is_same_v<T, uint8_t>) {
      if (u8.usable) {
        j = gemm::RequantizeU8Vector(a, bias ? bias + channel0 : nullptr, u8, r.output_offset,
                                     r.range.min, r.range.max, cols, o);
      }
    }
#else
    (void)s8, (void)u8;
#endif
    for (; j < cols; ++j) {
      int32_t v = a[j];
      if (bias) v = WrapAdd<int32_t>(v, bias[channel0 + j]);
      o[j] = Requantize<T>(v, r.multipliers[channel0 + j], r.output_offset, r.range);
    }
  }
}

}  // namespace plinth::builtin::nn

#endif  // PLINTH_BUILTIN_OPS_NN_INTEGER_GEMM_OUTPUT_H_
