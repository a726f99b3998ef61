// The outputs of one integer GEMM tile (CONV_2D and FULLY_CONNECTED), made as the reference
// kernels make them: the bias added with int32 wrap-around, then each channel's requantization
// and clamp; vectorized where the build has it (int8 and uint8 outputs), scalar otherwise.
#ifndef PLINTH_BUILTIN_OPS_NN_INTEGER_GEMM_OUTPUT_H_
#define PLINTH_BUILTIN_OPS_NN_INTEGER_GEMM_OUTPUT_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/requant_s8.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::nn {

// What every panel of a GEMM requantized in registers shares (gemm::I16TileOutput): uint8's one
// multiplier, the output offset and clamp, the output row stride.
inline gemm::I16TileOutput SharedTileOutput(const gemm::RequantU8Params& u8, const Requant& r,
                                            size_t out_stride) {
  gemm::I16TileOutput o;
  o.u8_multiplier = u8.multiplier;
  o.u8_shift = u8.total_shift;
  o.offset = r.output_offset;
  o.qmin = r.range.min;
  o.qmax = r.range.max;
  o.out_stride = out_stride;
  return o;
}

// One panel's output from channel n0: `bias` (the bias, or the indirect kernels' column terms; may
// be null) and, for int8 outputs (s8 not null), the per-channel parameters from n0; it writes
// `out`.
inline gemm::I16TileOutput PanelTileOutput(const gemm::I16TileOutput& shared, const int32_t* bias,
                                           const gemm::RequantS8Vectors* s8, size_t n0, void* out) {
  gemm::I16TileOutput o = shared;
  o.bias = bias ? bias + n0 : nullptr;
  if (s8 != nullptr) {
    o.multiplier = s8->multiplier.data() + n0;
    o.left_shift = s8->left_shift.data() + n0;
    o.right_shift = s8->right_shift.data() + n0;
    o.round_mask = s8->round_mask.data() + n0;
    o.round_half = s8->round_half.data() + n0;
  }
  o.out = out;
  return o;
}

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
