// Integer GEMM micro-kernel, 4 rows x 16 columns, AVX2: each step broadcasts a pair of int16
// values per row and multiplies it with a pair-interleaved panel row (vpmaddwd: two products
// summed into each int32 lane, exact for |values| <= 255), then adds with wrap-around (vpaddd).
#include <immintrin.h>

#include <cstring>

#include "builtin_ops/gemm/i16_gemm.h"

namespace plinth::builtin::gemm {

void I16Gemm4x16Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                     int32_t* acc) {
  const int16_t* a0 = a;
  const int16_t* a1 = a + (mr > 1 ? 1 : 0) * a_stride;
  const int16_t* a2 = a + (mr > 2 ? 2 : mr - 1) * a_stride;
  const int16_t* a3 = a + (mr > 3 ? 3 : mr - 1) * a_stride;
  __m256i c00 = _mm256_setzero_si256(), c01 = _mm256_setzero_si256();
  __m256i c10 = _mm256_setzero_si256(), c11 = _mm256_setzero_si256();
  __m256i c20 = _mm256_setzero_si256(), c21 = _mm256_setzero_si256();
  __m256i c30 = _mm256_setzero_si256(), c31 = _mm256_setzero_si256();
  auto pair = [](const int16_t* p) {
    int32_t v;
    std::memcpy(&v, p, sizeof(v));
    return _mm256_set1_epi32(v);
  };
  for (size_t k = 0; k < kp; k += 2, w += 32) {
    const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
    const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 16));
    __m256i x = pair(a0 + k);
    c00 = _mm256_add_epi32(c00, _mm256_madd_epi16(x, w0));
    c01 = _mm256_add_epi32(c01, _mm256_madd_epi16(x, w1));
    x = pair(a1 + k);
    c10 = _mm256_add_epi32(c10, _mm256_madd_epi16(x, w0));
    c11 = _mm256_add_epi32(c11, _mm256_madd_epi16(x, w1));
    x = pair(a2 + k);
    c20 = _mm256_add_epi32(c20, _mm256_madd_epi16(x, w0));
    c21 = _mm256_add_epi32(c21, _mm256_madd_epi16(x, w1));
    x = pair(a3 + k);
    c30 = _mm256_add_epi32(c30, _mm256_madd_epi16(x, w0));
    c31 = _mm256_add_epi32(c31, _mm256_madd_epi16(x, w1));
  }
  __m256i* out = reinterpret_cast<__m256i*>(acc);
  _mm256_storeu_si256(out + 0, c00);
  _mm256_storeu_si256(out + 1, c01);
  _mm256_storeu_si256(out + 2, c10);
  _mm256_storeu_si256(out + 3, c11);
  _mm256_storeu_si256(out + 4, c20);
  _mm256_storeu_si256(out + 5, c21);
  _mm256_storeu_si256(out + 6, c30);
  _mm256_storeu_si256(out + 7, c31);
}

}  // namespace plinth::builtin::gemm
