// DEPTHWISE_CONV_2D float, 3x3 and 5x5 windows, any dilation, horizontal stride 1 or 2, depth
// multiplier 1: row kernels (same contract as F32RowFn) that register-block 4 output pixels x 16
// channels in the interior of the row, where every horizontal tap is inside the input, with no
// per-pixel or per-element test (dilated windows, as in DeepLab's atrous blocks, load each tap's
// input on its own instead of sharing columns between taps); the border pixels (a few per row) go
// through a per-pixel loop over their valid taps. Every output sums its valid taps in (ky, kx)
// order from zero, then the bias, then clamps, as the reference kernel does; the fused build uses
// FMA for each tap.
#ifndef PLINTH_BUILTIN_OPS_NN_DEPTHWISE_3X3_F32_H_
#define PLINTH_BUILTIN_OPS_NN_DEPTHWISE_3X3_F32_H_

#include "builtin_ops/nn/depthwise_conv_2d_f32.h"

namespace plinth::builtin::depthwise {

// Whether the small-window row kernels serve this geometry (any vertical stride and padding).
inline bool ServesSmallWindow(const Geometry& g) {
  return g.multiplier == 1 && g.k_h == g.k_w && (g.k_w == 3 || g.k_w == 5) &&
         (g.stride_w == 1 || g.stride_w == 2);
}

#if defined(PLINTH_HAVE_AVX2_KERNELS)
// The AVX2 row kernel for this geometry (`fused`: the FMA build), or null when it is not served.
F32RowFn SelectF32RowSmallWindowAvx2(const Geometry& g, bool fused);
// The AVX-512 row kernel for 3x3 windows without horizontal dilation, channels a multiple of 16
// (CPUs that pass gemm::CpuHasAvx512Vnni), or null when it is not served.
F32RowFn SelectF32Row3x3Avx512(const Geometry& g, bool fused);
#endif

}  // namespace plinth::builtin::depthwise

#endif  // PLINTH_BUILTIN_OPS_NN_DEPTHWISE_3X3_F32_H_
