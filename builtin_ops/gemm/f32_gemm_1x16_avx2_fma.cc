// Float GEMM micro-kernel for one row (matrix x vector), 16 columns, AVX2 + FMA. One row gives only
// two dependency chains, so k runs four ways (8 accumulators) and the partial sums are added at the
// end: the order of additions differs from the 6x16 kernel's.
#include <immintrin.h>

#include "builtin_ops/gemm/f32_gemm.h"
#include "builtin_ops/gemm/f32_gemm_avx2_util.h"

namespace plinth::builtin::gemm {

void F32Gemm1x16Avx2Fma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  for (size_t row = 0; row < mr; ++row, a += a_stride, c += c_stride) {
    const float* wp = w;
    const float* bias = args.bias;
    const __m256 lo = _mm256_set1_ps(args.min), hi = _mm256_set1_ps(args.max);
    for (size_t col = 0; col < nc; col += 16) {
      const size_t nb = nc - col < 16 ? nc - col : 16;
      __m256 p[4][2];
      for (auto& q : p) q[0] = q[1] = _mm256_setzero_ps();
      size_t k = 0;
      for (; k + 4 <= kc; k += 4) {
        for (size_t u = 0; u < 4; ++u) {
          const __m256 x = _mm256_broadcast_ss(a + k + u);
          p[u][0] = _mm256_fmadd_ps(x, _mm256_loadu_ps(wp), p[u][0]);
          p[u][1] = _mm256_fmadd_ps(x, _mm256_loadu_ps(wp + 8), p[u][1]);
          wp += 16;
        }
      }
      for (; k < kc; ++k) {
        const __m256 x = _mm256_broadcast_ss(a + k);
        p[0][0] = _mm256_fmadd_ps(x, _mm256_loadu_ps(wp), p[0][0]);
        p[0][1] = _mm256_fmadd_ps(x, _mm256_loadu_ps(wp + 8), p[0][1]);
        wp += 16;
      }
      __m256 init0, init1;
      if (args.accumulate) {
        init0 = _mm256_maskload_ps(c + col, avx2::FirstLanes(nb < 8 ? nb : 8));
        init1 = _mm256_maskload_ps(c + col + 8, avx2::FirstLanes(nb > 8 ? nb - 8 : 0));
      } else if (bias != nullptr) {
        init0 = _mm256_loadu_ps(bias + col);
        init1 = _mm256_loadu_ps(bias + col + 8);
      } else {
        init0 = init1 = _mm256_setzero_ps();
      }
      __m256 v0 = _mm256_add_ps(_mm256_add_ps(p[0][0], p[1][0]), _mm256_add_ps(p[2][0], p[3][0]));
      __m256 v1 = _mm256_add_ps(_mm256_add_ps(p[0][1], p[1][1]), _mm256_add_ps(p[2][1], p[3][1]));
      v0 = avx2::Clamp(_mm256_add_ps(init0, v0), lo, hi);
      v1 = avx2::Clamp(_mm256_add_ps(init1, v1), lo, hi);
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
  }
}

}  // namespace plinth::builtin::gemm
