// DEPTHWISE_CONV_2D float fast path (depth multiplier 1): one output row at a time, channels
// innermost, so every tap is a contiguous vector multiply-add over the channels. Each output
// channel sums its taps in the reference order (ky, kx), starting from zero, then adds the bias and
// clamps; the window's valid taps are found once per row (ky) and once per pixel (kx), never per
// element. Any kernel size, stride and dilation.
#ifndef PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_F32_H_
#define PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_F32_H_

#include <algorithm>
#include <cstdint>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/gemm/isa.h"
#include "builtin_ops/nn/depthwise_conv_2d.h"

namespace plinth::builtin::depthwise {

// Output row `row` (batch * out_h + oy) of a multiplier-1 depthwise convolution.
using F32RowFn = void (*)(const Geometry& g, const float* in, const float* filter,
                          const float* bias, FloatRange range, size_t row, float* out);

void F32RowPortable(const Geometry& g, const float* in, const float* filter, const float* bias,
                    FloatRange range, size_t row, float* out);
#if defined(PLINTH_HAVE_AVX2_KERNELS)
void F32RowAvx2(const Geometry& g, const float* in, const float* filter, const float* bias,
                FloatRange range, size_t row, float* out);
void F32RowAvx2Fma(const Geometry& g, const float* in, const float* filter, const float* bias,
                   FloatRange range, size_t row, float* out);
#endif
#if defined(PLINTH_HAVE_NEON_KERNELS)
void F32RowNeon(const Geometry& g, const float* in, const float* filter, const float* bias,
                FloatRange range, size_t row, float* out);
void F32RowNeonFma(const Geometry& g, const float* in, const float* filter, const float* bias,
                   FloatRange range, size_t row, float* out);
#endif

// The fast row kernel for this node and ISA, or null (the reference kernel serves it); `fused`
// picks the FMA build (gemm::FusedMultiplyAddAllowed()).
F32RowFn SelectF32Row(const Geometry& g, gemm::Isa isa, bool fused);

// First and one-past-last tap index k of a window starting at `origin` (output * stride - pad) with
// `taps` taps spaced `dilation` apart over an input of `size`: those with 0 <= origin + k *
// dilation < size.
// static: each translation unit (ISA flags differ between them) keeps its own copy.
static inline void ValidTaps(int32_t origin, int32_t taps, int32_t dilation, int32_t size,
                             int32_t* first, int32_t* last) {
  int32_t lo = 0;
  if (origin < 0) lo = (-origin + dilation - 1) / dilation;
  int32_t hi = taps;
  if (origin + (taps - 1) * dilation >= size) {
    hi = size - origin <= 0 ? 0 : (size - origin - 1) / dilation + 1;
  }
  *first = std::min(lo, taps);
  *last = std::max(*first, std::min(hi, taps));
}

}  // namespace plinth::builtin::depthwise

#endif  // PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_F32_H_
