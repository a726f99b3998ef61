// The accumulation loop of the AVX2 4 x 16 int16-pair micro-kernels, shared by the one that stores
// int32 sums (i16_gemm_4x16_avx2.cc) and the ones that requantize them in registers
// (i16_gemm_4x16_requant_avx2.cc). Include only from files compiled for AVX2 (*_avx2*.cc).
#ifndef PLINTH_BUILTIN_OPS_GEMM_I16_GEMM_4X16_AVX2_ACCUMULATE_H_
#define PLINTH_BUILTIN_OPS_GEMM_I16_GEMM_4X16_AVX2_ACCUMULATE_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace plinth::builtin::gemm::avx2 {

// A row's pair of int16 values at p, in every 32-bit lane.
__attribute__((always_inline)) inline __m256i BroadcastPair(const int16_t* p) {
  int32_t v;
  std::memcpy(&v, p, sizeof(v));
  return _mm256_set1_epi32(v);
}

// c[2 i] and c[2 i + 1]: columns 0-7 and 8-15 of row i (rows past mr repeat row mr - 1). Each
// step broadcasts a pair of int16 values per row and multiplies it with a pair-interleaved panel
// row (vpmaddwd: two products summed into each int32 lane, exact for |values| <= 255), then adds
// with wrap-around (vpaddd).
__attribute__((always_inline)) inline void Accumulate4x16(size_t mr, size_t kp, const int16_t* a,
                                                          size_t a_stride, const int16_t* w,
                                                          __m256i c[8]) {
  const int16_t* a0 = a;
  const int16_t* a1 = a + (mr > 1 ? 1 : 0) * a_stride;
  const int16_t* a2 = a + (mr > 2 ? 2 : mr - 1) * a_stride;
  const int16_t* a3 = a + (mr > 3 ? 3 : mr - 1) * a_stride;
  __m256i c00 = _mm256_setzero_si256(), c01 = _mm256_setzero_si256();
  __m256i c10 = _mm256_setzero_si256(), c11 = _mm256_setzero_si256();
  __m256i c20 = _mm256_setzero_si256(), c21 = _mm256_setzero_si256();
  __m256i c30 = _mm256_setzero_si256(), c31 = _mm256_setzero_si256();
  for (size_t k = 0; k < kp; k += 2, w += 32) {
    const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
    const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 16));
    __m256i x = BroadcastPair(a0 + k);
    c00 = _mm256_add_epi32(c00, _mm256_madd_epi16(x, w0));
    c01 = _mm256_add_epi32(c01, _mm256_madd_epi16(x, w1));
    x = BroadcastPair(a1 + k);
    c10 = _mm256_add_epi32(c10, _mm256_madd_epi16(x, w0));
    c11 = _mm256_add_epi32(c11, _mm256_madd_epi16(x, w1));
    x = BroadcastPair(a2 + k);
    c20 = _mm256_add_epi32(c20, _mm256_madd_epi16(x, w0));
    c21 = _mm256_add_epi32(c21, _mm256_madd_epi16(x, w1));
    x = BroadcastPair(a3 + k);
    c30 = _mm256_add_epi32(c30, _mm256_madd_epi16(x, w0));
    c31 = _mm256_add_epi32(c31, _mm256_madd_epi16(x, w1));
  }
  c[0] = c00;
  c[1] = c01;
  c[2] = c10;
  c[3] = c11;
  c[4] = c20;
  c[5] = c21;
  c[6] = c30;
  c[7] = c31;
}

// The first 8 columns only (c[i], row i), for a panel whose other half is padding: half the
// multiplies of Accumulate4x16. Kept apart from it: folding both into one template made the
// 16-column kernels measurably slower.
__attribute__((always_inline)) inline void Accumulate4x8(size_t mr, size_t kp, const int16_t* a,
                                                         size_t a_stride, const int16_t* w,
                                                         __m256i c[4]) {
  const int16_t* a0 = a;
  const int16_t* a1 = a + (mr > 1 ? 1 : 0) * a_stride;
  const int16_t* a2 = a + (mr > 2 ? 2 : mr - 1) * a_stride;
  const int16_t* a3 = a + (mr > 3 ? 3 : mr - 1) * a_stride;
  __m256i c0 = _mm256_setzero_si256(), c1 = _mm256_setzero_si256();
  __m256i c2 = _mm256_setzero_si256(), c3 = _mm256_setzero_si256();
  for (size_t k = 0; k < kp; k += 2, w += 32) {
    const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
    c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(BroadcastPair(a0 + k), w0));
    c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(BroadcastPair(a1 + k), w0));
    c2 = _mm256_add_epi32(c2, _mm256_madd_epi16(BroadcastPair(a2 + k), w0));
    c3 = _mm256_add_epi32(c3, _mm256_madd_epi16(BroadcastPair(a3 + k), w0));
  }
  c[0] = c0;
  c[1] = c1;
  c[2] = c2;
  c[3] = c3;
}

}  // namespace plinth::builtin::gemm::avx2

#endif  // PLINTH_BUILTIN_OPS_GEMM_I16_GEMM_4X16_AVX2_ACCUMULATE_H_
