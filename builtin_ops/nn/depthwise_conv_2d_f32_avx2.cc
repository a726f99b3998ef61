// DEPTHWISE_CONV_2D float row kernel, AVX2: 16 channels (two vectors) per step, masked loads and
// stores for the last channels. Exact build (products rounded then added, as the reference does)
// and fused build (FMA3, PLINTH_BUILTIN_FMA=1).
#include <immintrin.h>

#include "builtin_ops/gemm/f32_gemm_avx2_util.h"
#include "builtin_ops/nn/depthwise_conv_2d_f32.h"

namespace plinth::builtin::depthwise {
namespace {

template <bool kFused>
inline __m256 Madd(__m256 acc, __m256 x, __m256 w) {
  if constexpr (kFused) {
    return _mm256_fmadd_ps(x, w, acc);
  } else {
    return _mm256_add_ps(acc, _mm256_mul_ps(x, w));
  }
}

template <bool kFused>
void Row(const Geometry& g, const float* in, const float* filter, const float* bias,
         FloatRange range, size_t row, float* out) {
  const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(g.out_h));
  const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(g.out_h));
  const size_t c = static_cast<size_t>(g.in_c);
  const float* image = in + static_cast<size_t>(b) * g.in_h * g.in_w * c;
  float* o = out + row * g.out_w * c;
  const __m256 lo = _mm256_set1_ps(range.min), hi = _mm256_set1_ps(range.max);
  int32_t ky0, ky1;
  ValidTaps(oy * g.stride_h - g.pad_top, g.k_h, g.dil_h, g.in_h, &ky0, &ky1);
  for (int32_t ox = 0; ox < g.out_w; ++ox, o += c) {
    const int32_t x_origin = ox * g.stride_w - g.pad_left;
    int32_t kx0, kx1;
    ValidTaps(x_origin, g.k_w, g.dil_w, g.in_w, &kx0, &kx1);
    size_t c0 = 0;
    for (; c0 + 16 <= c; c0 += 16) {
      __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
      for (int32_t ky = ky0; ky < ky1; ++ky) {
        const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
        const float* x_row = image + static_cast<size_t>(iy) * g.in_w * c + c0;
        const float* w = filter + static_cast<size_t>(ky) * g.k_w * c + c0;
        for (int32_t kx = kx0; kx < kx1; ++kx) {
          const float* x = x_row + static_cast<size_t>(x_origin + kx * g.dil_w) * c;
          const float* wk = w + static_cast<size_t>(kx) * c;
          acc0 = Madd<kFused>(acc0, _mm256_loadu_ps(x), _mm256_loadu_ps(wk));
          acc1 = Madd<kFused>(acc1, _mm256_loadu_ps(x + 8), _mm256_loadu_ps(wk + 8));
        }
      }
      if (bias != nullptr) {
        acc0 = _mm256_add_ps(acc0, _mm256_loadu_ps(bias + c0));
        acc1 = _mm256_add_ps(acc1, _mm256_loadu_ps(bias + c0 + 8));
      }
      _mm256_storeu_ps(o + c0, gemm::avx2::Clamp(acc0, lo, hi));
      _mm256_storeu_ps(o + c0 + 8, gemm::avx2::Clamp(acc1, lo, hi));
    }
    for (; c0 < c; c0 += 8) {
      const size_t n = c - c0 < 8 ? c - c0 : 8;
      const __m256i mask = gemm::avx2::FirstLanes(n);
      __m256 acc = _mm256_setzero_ps();
      for (int32_t ky = ky0; ky < ky1; ++ky) {
        const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
        const float* x_row = image + static_cast<size_t>(iy) * g.in_w * c + c0;
        const float* w = filter + static_cast<size_t>(ky) * g.k_w * c + c0;
        for (int32_t kx = kx0; kx < kx1; ++kx) {
          const float* x = x_row + static_cast<size_t>(x_origin + kx * g.dil_w) * c;
          acc = Madd<kFused>(acc, _mm256_maskload_ps(x, mask),
                             _mm256_maskload_ps(w + static_cast<size_t>(kx) * c, mask));
        }
      }
      if (bias != nullptr) acc = _mm256_add_ps(acc, _mm256_maskload_ps(bias + c0, mask));
      acc = gemm::avx2::Clamp(acc, lo, hi);
      if (n == 8) {
        _mm256_storeu_ps(o + c0, acc);
      } else {
        gemm::avx2::StorePartial(o + c0, acc, n);
      }
    }
  }
}

}  // namespace

void F32RowAvx2(const Geometry& g, const float* in, const float* filter, const float* bias,
                FloatRange range, size_t row, float* out) {
  Row<false>(g, in, filter, bias, range, row, out);
}

void F32RowAvx2Fma(const Geometry& g, const float* in, const float* filter, const float* bias,
                   FloatRange range, size_t row, float* out) {
  Row<true>(g, in, filter, bias, range, row, out);
}

}  // namespace plinth::builtin::depthwise
