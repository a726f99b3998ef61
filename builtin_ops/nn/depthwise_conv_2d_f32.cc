// DEPTHWISE_CONV_2D float fast path: selection and the portable row kernel (plain C++ over blocks
// of channels, which compilers vectorize for the baseline ISA).
#include "builtin_ops/nn/depthwise_conv_2d_f32.h"

#include "builtin_ops/nn/depthwise_3x3_f32.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin::depthwise {

F32RowFn SelectF32Row(const Geometry& g, gemm::Isa isa, bool fused) {
  if (g.multiplier != 1) return nullptr;
  switch (isa) {
    case gemm::Isa::kReference:
      return nullptr;
#if defined(PLINTH_HAVE_AVX2_KERNELS)
    case gemm::Isa::kAvx2Fma:
      if (gemm::CpuHasAvx512Vnni()) {
        if (F32RowFn fn = SelectF32Row3x3Avx512(g, fused)) return fn;
      }
      if (F32RowFn fn = SelectF32RowSmallWindowAvx2(g, fused)) return fn;
      return fused ? &F32RowAvx2Fma : &F32RowAvx2;
#endif
#if defined(PLINTH_HAVE_NEON_KERNELS)
    case gemm::Isa::kNeon:
    case gemm::Isa::kNeonDot:
      return fused ? &F32RowNeonFma : &F32RowNeon;
#endif
    default:
      (void)fused;
      return &F32RowPortable;
  }
}

void F32RowPortable(const Geometry& g, const float* in, const float* filter, const float* bias,
                    FloatRange range, size_t row, float* out) {
  constexpr int32_t kBlock = 16;
  const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(g.out_h));
  const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(g.out_h));
  const size_t c = static_cast<size_t>(g.in_c);
  const float* image = in + static_cast<size_t>(b) * g.in_h * g.in_w * c;
  float* o = out + row * g.out_w * c;
  int32_t ky0, ky1;
  ValidTaps(oy * g.stride_h - g.pad_top, g.k_h, g.dil_h, g.in_h, &ky0, &ky1);
  for (int32_t ox = 0; ox < g.out_w; ++ox, o += c) {
    const int32_t x_origin = ox * g.stride_w - g.pad_left;
    int32_t kx0, kx1;
    ValidTaps(x_origin, g.k_w, g.dil_w, g.in_w, &kx0, &kx1);
    for (size_t c0 = 0; c0 < c; c0 += kBlock) {
      const size_t n = std::min<size_t>(kBlock, c - c0);
      float acc[kBlock] = {};
      for (int32_t ky = ky0; ky < ky1; ++ky) {
        const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
        for (int32_t kx = kx0; kx < kx1; ++kx) {
          const int32_t ix = x_origin + kx * g.dil_w;
          const float* x = image + (static_cast<size_t>(iy) * g.in_w + ix) * c + c0;
          const float* w = filter + (static_cast<size_t>(ky) * g.k_w + kx) * c + c0;
          for (size_t j = 0; j < n; ++j) acc[j] += x[j] * w[j];
        }
      }
      for (size_t j = 0; j < n; ++j) {
        o[c0 + j] = nn::Clamp(acc[j] + (bias ? bias[c0 + j] : 0.f), range);
      }
    }
  }
}

}  // namespace plinth::builtin::depthwise
