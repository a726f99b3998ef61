// DEPTHWISE_CONV_2D float, 3x3 window, dilation 1, horizontal stride 1 or 2, depth multiplier 1:
// a row kernel (same contract as F32RowFn) that register-blocks 4 output pixels x 16 channels in
// the interior of the row, where every horizontal tap is inside the input, with no per-pixel or
// per-element test; the border pixels (at most a few per row) go through a per-pixel loop over
// their valid taps. Every output sums its valid taps in (ky, kx) order from zero, then the bias,
// then clamps, as the reference kernel does; the fused build uses FMA for each tap.
#ifndef PLINTH_BUILTIN_OPS_NN_DEPTHWISE_3X3_F32_H_
#define PLINTH_BUILTIN_OPS_NN_DEPTHWISE_3X3_F32_H_

#include "builtin_ops/nn/depthwise_conv_2d_f32.h"

namespace plinth::builtin::depthwise {

// Whether the 3x3 row kernel serves this geometry (any vertical stride and padding).
inline bool Serves3x3(const Geometry& g) {
  return g.multiplier == 1 && g.k_h == 3 && g.k_w == 3 && g.dil_h == 1 && g.dil_w == 1 &&
         (g.stride_w == 1 || g.stride_w == 2);
}

#if defined(PLINTH_HAVE_AVX2_KERNELS)
void F32Row3x3Avx2(const Geometry& g, const float* in, const float* filter, const float* bias,
                   FloatRange range, size_t row, float* out);
void F32Row3x3Avx2Fma(const Geometry& g, const float* in, const float* filter, const float* bias,
                      FloatRange range, size_t row, float* out);
#endif

}  // namespace plinth::builtin::depthwise

#endif  // PLINTH_BUILTIN_OPS_NN_DEPTHWISE_3X3_F32_H_
