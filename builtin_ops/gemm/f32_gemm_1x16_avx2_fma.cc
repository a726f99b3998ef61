// Float GEMM micro-kernel for single rows (matrix x vector), AVX2, exact and fused builds like the
// 6x16 kernel (order of k, bias last). One row gives only two dependency chains per panel, so four
// panels (64 columns) run together to keep eight accumulations in flight.
#include <immintrin.h>

#include "builtin_ops/gemm/f32_gemm.h"
#include "builtin_ops/gemm/f32_gemm_avx2_util.h"

namespace plinth::builtin::gemm {
namespace {

// Finishes columns [col, col + nb) (nb <= 16) of one row from its two accumulators.
inline void Store(__m256 v0, __m256 v1, size_t col, size_t nb, float* c, const F32GemmArgs& args,
                  __m256 lo, __m256 hi) {
  if (args.accumulate) {
    // acc started from C: nothing more to add.
  } else if (args.bias != nullptr) {
    v0 = _mm256_add_ps(v0, _mm256_loadu_ps(args.bias + col));
    v1 = _mm256_add_ps(v1, _mm256_loadu_ps(args.bias + col + 8));
  }
  v0 = avx2::Clamp(v0, lo, hi);
  v1 = avx2::Clamp(v1, lo, hi);
  if (nb == 16) {
    _mm256_storeu_ps(c + col, v0);
    _mm256_storeu_ps(c + col + 8, v1);
  } else if (nb >= 8) {
    _mm256_storeu_ps(c + col, v0);
    avx2::StorePartial(c + col + 8, v1, nb - 8);
  } else {
    avx2::StorePartial(c + col, v0, nb);
  }
}

inline void Init(const float* c, size_t col, size_t nb, const F32GemmArgs& args, __m256* v0,
                 __m256* v1) {
  if (args.accumulate) {
    *v0 = _mm256_maskload_ps(c + col, avx2::FirstLanes(nb < 8 ? nb : 8));
    *v1 = _mm256_maskload_ps(c + col + 8, avx2::FirstLanes(nb > 8 ? nb - 8 : 0));
  } else {
    *v0 = *v1 = _mm256_setzero_ps();
  }
}

template <bool kFused>
inline __m256 Madd(__m256 acc, __m256 x, __m256 w) {
  if constexpr (kFused) {
    return _mm256_fmadd_ps(x, w, acc);
  } else {
    return _mm256_add_ps(acc, _mm256_mul_ps(x, w));
  }
}

template <bool kFused>
void Kernel(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
            float* c, size_t c_stride, const F32GemmArgs& args) {
  const __m256 lo = _mm256_set1_ps(args.min), hi = _mm256_set1_ps(args.max);
  const size_t panel = kc * 16;
  for (size_t row = 0; row < mr; ++row, a += a_stride, c += c_stride) {
    const float* wp = w;
    size_t col = 0;
    for (; col + 64 <= nc; col += 64, wp += 4 * panel) {
      __m256 v[4][2];
      for (size_t p = 0; p < 4; ++p) Init(c, col + 16 * p, 16, args, &v[p][0], &v[p][1]);
      const float* w0 = wp;
      for (size_t k = 0; k < kc; ++k, w0 += 16) {
        const __m256 x = _mm256_broadcast_ss(a + k);
        for (size_t p = 0; p < 4; ++p) {
          v[p][0] = Madd<kFused>(v[p][0], x, _mm256_loadu_ps(w0 + p * panel));
          v[p][1] = Madd<kFused>(v[p][1], x, _mm256_loadu_ps(w0 + p * panel + 8));
        }
      }
      for (size_t p = 0; p < 4; ++p) Store(v[p][0], v[p][1], col + 16 * p, 16, c, args, lo, hi);
    }
    for (; col < nc; col += 16, wp += panel) {
      const size_t nb = nc - col < 16 ? nc - col : 16;
      __m256 v0, v1;
      Init(c, col, nb, args, &v0, &v1);
      const float* w0 = wp;
      for (size_t k = 0; k < kc; ++k, w0 += 16) {
        const __m256 x = _mm256_broadcast_ss(a + k);
        v0 = Madd<kFused>(v0, x, _mm256_loadu_ps(w0));
        v1 = Madd<kFused>(v1, x, _mm256_loadu_ps(w0 + 8));
      }
      Store(v0, v1, col, nb, c, args, lo, hi);
    }
  }
}

}  // namespace

void F32Gemm1x16Avx2(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                     const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  Kernel<false>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}

void F32Gemm1x16Avx2Fma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  Kernel<true>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}

}  // namespace plinth::builtin::gemm
