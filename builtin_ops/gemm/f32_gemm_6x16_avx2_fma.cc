// Float GEMM micro-kernel, 6 rows x 16 columns, AVX2: 12 accumulators, each k broadcasts one value
// per row and multiplies it with two vectors of the packed panel, in the order of k, bias last.
// Two builds of it: exact (products rounded, then added: the reference kernels' bits) and fused
// (FMA3: faster, rounds differently; PLINTH_BUILTIN_FMA=1).
#include <immintrin.h>

#include "builtin_ops/gemm/f32_gemm.h"
#include "builtin_ops/gemm/f32_gemm_avx2_util.h"

namespace plinth::builtin::gemm {
namespace {

template <bool kFused>
inline __m256 Madd(__m256 acc, __m256 x, __m256 w) {
  if constexpr (kFused) {
    return _mm256_fmadd_ps(x, w, acc);
  } else {
    return _mm256_add_ps(acc, _mm256_mul_ps(x, w));
  }
}

// A panel's first nb <= 8 columns (a layer with 8 output channels or fewer, or the last 8 of
// n = 16 j + 8): only the first vector of each row, half the products of the full panel.
template <bool kFused>
void HalfPanel(const float* const* ar, float* const* cr, size_t nb, size_t kc, const float* w,
               const float* bias, bool accumulate, __m256 lo, __m256 hi) {
  constexpr size_t kMr = 6;
  const __m256i mask = avx2::FirstLanes(nb);
  __m256 acc[kMr];
  for (size_t i = 0; i < kMr; ++i) {
    acc[i] = accumulate ? _mm256_maskload_ps(cr[i], mask) : _mm256_setzero_ps();
  }
  const float *a0 = ar[0], *a1 = ar[1], *a2 = ar[2], *a3 = ar[3], *a4 = ar[4], *a5 = ar[5];
  for (size_t k = 0; k < kc; ++k, w += 16) {
    const __m256 w0 = _mm256_loadu_ps(w);
    acc[0] = Madd<kFused>(acc[0], _mm256_broadcast_ss(a0 + k), w0);
    acc[1] = Madd<kFused>(acc[1], _mm256_broadcast_ss(a1 + k), w0);
    acc[2] = Madd<kFused>(acc[2], _mm256_broadcast_ss(a2 + k), w0);
    acc[3] = Madd<kFused>(acc[3], _mm256_broadcast_ss(a3 + k), w0);
    acc[4] = Madd<kFused>(acc[4], _mm256_broadcast_ss(a4 + k), w0);
    acc[5] = Madd<kFused>(acc[5], _mm256_broadcast_ss(a5 + k), w0);
  }
  if (!accumulate && bias != nullptr) {
    const __m256 b0 = _mm256_loadu_ps(bias);
    for (size_t i = 0; i < kMr; ++i) acc[i] = _mm256_add_ps(acc[i], b0);
  }
  // Last row first: rows past mr alias the last real one and store the same values.
  for (size_t i = kMr; i-- > 0;) {
    const __m256 v = avx2::Clamp(acc[i], lo, hi);
    if (nb == 8) {
      _mm256_storeu_ps(cr[i], v);
    } else {
      avx2::StorePartial(cr[i], v, nb);
    }
  }
}

template <bool kFused>
void Kernel(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
            float* c, size_t c_stride, const F32GemmArgs& args) {
  constexpr size_t kMr = 6;
  // Rows past mr alias the last real row: computed twice, stored to the same place.
  const float* ar[kMr];
  float* cr[kMr];
  for (size_t i = 0; i < kMr; ++i) {
    const size_t row = i < mr ? i : mr - 1;
    ar[i] = a + row * a_stride;
    cr[i] = c + row * c_stride;
  }
  const __m256 lo = _mm256_set1_ps(args.min), hi = _mm256_set1_ps(args.max);
  const float* bias = args.bias;
  size_t col = 0;
  while (col < nc) {
    const size_t nb = nc - col < 16 ? nc - col : 16;
    if (nb <= 8) {
      float* cc[kMr];
      for (size_t i = 0; i < kMr; ++i) cc[i] = cr[i] + col;
      HalfPanel<kFused>(ar, cc, nb, kc, w, bias != nullptr ? bias + col : nullptr, args.accumulate,
                        lo, hi);
      w += 16 * kc;
      col += nb;
      continue;
    }
    __m256 acc[kMr][2];
    if (args.accumulate) {
      const __m256i m0 = avx2::FirstLanes(nb < 8 ? nb : 8);
      const __m256i m1 = avx2::FirstLanes(nb > 8 ? nb - 8 : 0);
      for (size_t i = 0; i < kMr; ++i) {
        acc[i][0] = _mm256_maskload_ps(cr[i] + col, m0);
        acc[i][1] = _mm256_maskload_ps(cr[i] + col + 8, m1);
      }
    } else {
      for (size_t i = 0; i < kMr; ++i) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
    }
    const float *a0 = ar[0], *a1 = ar[1], *a2 = ar[2], *a3 = ar[3], *a4 = ar[4], *a5 = ar[5];
    for (size_t k = 0; k < kc; ++k) {
      const __m256 w0 = _mm256_loadu_ps(w);
      const __m256 w1 = _mm256_loadu_ps(w + 8);
      w += 16;
      __m256 x = _mm256_broadcast_ss(a0 + k);
      acc[0][0] = Madd<kFused>(acc[0][0], x, w0);
      acc[0][1] = Madd<kFused>(acc[0][1], x, w1);
      x = _mm256_broadcast_ss(a1 + k);
      acc[1][0] = Madd<kFused>(acc[1][0], x, w0);
      acc[1][1] = Madd<kFused>(acc[1][1], x, w1);
      x = _mm256_broadcast_ss(a2 + k);
      acc[2][0] = Madd<kFused>(acc[2][0], x, w0);
      acc[2][1] = Madd<kFused>(acc[2][1], x, w1);
      x = _mm256_broadcast_ss(a3 + k);
      acc[3][0] = Madd<kFused>(acc[3][0], x, w0);
      acc[3][1] = Madd<kFused>(acc[3][1], x, w1);
      x = _mm256_broadcast_ss(a4 + k);
      acc[4][0] = Madd<kFused>(acc[4][0], x, w0);
      acc[4][1] = Madd<kFused>(acc[4][1], x, w1);
      x = _mm256_broadcast_ss(a5 + k);
      acc[5][0] = Madd<kFused>(acc[5][0], x, w0);
      acc[5][1] = Madd<kFused>(acc[5][1], x, w1);
    }
    if (!args.accumulate && bias != nullptr) {
      const __m256 b0 = _mm256_loadu_ps(bias + col), b1 = _mm256_loadu_ps(bias + col + 8);
      for (size_t i = 0; i < kMr; ++i) {
        acc[i][0] = _mm256_add_ps(acc[i][0], b0);
        acc[i][1] = _mm256_add_ps(acc[i][1], b1);
      }
    }
    if (nb == 16) {
      for (size_t i = kMr; i-- > 0;) {
        _mm256_storeu_ps(cr[i] + col, avx2::Clamp(acc[i][0], lo, hi));
        _mm256_storeu_ps(cr[i] + col + 8, avx2::Clamp(acc[i][1], lo, hi));
      }
    } else {
      for (size_t i = kMr; i-- > 0;) {
        __m256 v = avx2::Clamp(acc[i][0], lo, hi);
        float* p = cr[i] + col;
        size_t n = nb;
        if (n >= 8) {
          _mm256_storeu_ps(p, v);
          v = avx2::Clamp(acc[i][1], lo, hi);
          p += 8;
          n -= 8;
        }
        avx2::StorePartial(p, v, n);
      }
    }
    col += nb;
  }
}

}  // namespace

void F32Gemm6x16Avx2(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                     const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  Kernel<false>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}

void F32Gemm6x16Avx2Fma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  Kernel<true>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}

}  // namespace plinth::builtin::gemm
