// DEPTHWISE_CONV_2D float row kernel, NEON: 8 channels (two vectors) per step, then 4, then a
// partial vector through a small buffer. Exact build (products rounded then added, as the
// reference does) and fused build (PLINTH_BUILTIN_FMA=1; fused on AArch64 only).
#include <arm_neon.h>

#include <cstring>

#include "builtin_ops/gemm/f32_gemm_neon_util.h"
#include "builtin_ops/nn/depthwise_conv_2d_f32.h"

namespace plinth::builtin::depthwise {
namespace {

using gemm::neon::Clamp;
using gemm::neon::Madd;

// Loads the first n (1..4) floats of p; the other lanes are zero.
inline float32x4_t LoadPartial(const float* p, size_t n) {
  float tmp[4] = {};
  std::memcpy(tmp, p, n * sizeof(float));
  return vld1q_f32(tmp);
}

template <bool kFused>
void Row(const Geometry& g, const float* in, const float* filter, const float* bias,
         FloatRange range, size_t row, float* out) {
  const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(g.out_h));
  const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(g.out_h));
  const size_t c = static_cast<size_t>(g.in_c);
  const float* image = in + static_cast<size_t>(b) * g.in_h * g.in_w * c;
  float* o = out + row * g.out_w * c;
  const float32x4_t lo = vdupq_n_f32(range.min), hi = vdupq_n_f32(range.max);
  int32_t ky0, ky1;
  ValidTaps(oy * g.stride_h - g.pad_top, g.k_h, g.dil_h, g.in_h, &ky0, &ky1);
  for (int32_t ox = 0; ox < g.out_w; ++ox, o += c) {
    const int32_t x_origin = ox * g.stride_w - g.pad_left;
    int32_t kx0, kx1;
    ValidTaps(x_origin, g.k_w, g.dil_w, g.in_w, &kx0, &kx1);
    size_t c0 = 0;
    for (; c0 + 8 <= c; c0 += 8) {
      float32x4_t acc0 = vdupq_n_f32(0.f), acc1 = vdupq_n_f32(0.f);
      for (int32_t ky = ky0; ky < ky1; ++ky) {
        const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
        const float* x_row = image + static_cast<size_t>(iy) * g.in_w * c + c0;
        const float* w = filter + static_cast<size_t>(ky) * g.k_w * c + c0;
        for (int32_t kx = kx0; kx < kx1; ++kx) {
          const float* x = x_row + static_cast<size_t>(x_origin + kx * g.dil_w) * c;
          const float* wk = w + static_cast<size_t>(kx) * c;
          acc0 = Madd<kFused>(acc0, vld1q_f32(x), vld1q_f32(wk));
          acc1 = Madd<kFused>(acc1, vld1q_f32(x + 4), vld1q_f32(wk + 4));
        }
      }
      if (bias != nullptr) {
        acc0 = vaddq_f32(acc0, vld1q_f32(bias + c0));
        acc1 = vaddq_f32(acc1, vld1q_f32(bias + c0 + 4));
      }
      vst1q_f32(o + c0, Clamp(acc0, lo, hi));
      vst1q_f32(o + c0 + 4, Clamp(acc1, lo, hi));
    }
    for (; c0 < c; c0 += 4) {
      const size_t n = c - c0 < 4 ? c - c0 : 4;
      float32x4_t acc = vdupq_n_f32(0.f);
      for (int32_t ky = ky0; ky < ky1; ++ky) {
        const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
        const float* x_row = image + static_cast<size_t>(iy) * g.in_w * c + c0;
        const float* w = filter + static_cast<size_t>(ky) * g.k_w * c + c0;
        for (int32_t kx = kx0; kx < kx1; ++kx) {
          const float* x = x_row + static_cast<size_t>(x_origin + kx * g.dil_w) * c;
          const float* wk = w + static_cast<size_t>(kx) * c;
          acc = n == 4 ? Madd<kFused>(acc, vld1q_f32(x), vld1q_f32(wk))
                       : Madd<kFused>(acc, LoadPartial(x, n), LoadPartial(wk, n));
        }
      }
      if (bias != nullptr) acc = vaddq_f32(acc, LoadPartial(bias + c0, n));
      acc = Clamp(acc, lo, hi);
      if (n == 4) {
        vst1q_f32(o + c0, acc);
      } else {
        float tmp[4];
        vst1q_f32(tmp, acc);
        std::memcpy(o + c0, tmp, n * sizeof(float));
      }
    }
  }
}

}  // namespace

void F32RowNeon(const Geometry& g, const float* in, const float* filter, const float* bias,
                FloatRange range, size_t row, float* out) {
  Row<false>(g, in, filter, bias, range, row, out);
}

void F32RowNeonFma(const Geometry& g, const float* in, const float* filter, const float* bias,
                   FloatRange range, size_t row, float* out) {
  Row<true>(g, in, filter, bias, range, row, out);
}

}  // namespace plinth::builtin::depthwise
