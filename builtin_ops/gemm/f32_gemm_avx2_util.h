// AVX2 helpers shared by the float micro-kernels (include only from *_avx2*.cc files).
#ifndef PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_AVX2_UTIL_H_
#define PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_AVX2_UTIL_H_

#include <immintrin.h>

#include <cstddef>

namespace plinth::builtin::gemm::avx2 {

// Lane mask selecting the first n (0..8) of 8 lanes.
inline __m256i FirstLanes(size_t n) {
  static const int32_t kMask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMask + 8 - n));
}

// Stores the first n (0..7) lanes of v without touching memory past them.
inline void StorePartial(float* p, __m256 v, size_t n) {
  __m128 lo = _mm256_castps256_ps128(v);
  if (n & 4) {
    _mm_storeu_ps(p, lo);
    lo = _mm256_extractf128_ps(v, 1);
    p += 4;
  }
  if (n & 2) {
    _mm_storel_pi(reinterpret_cast<__m64*>(p), lo);
    lo = _mm_movehl_ps(lo, lo);
    p += 2;
  }
  if (n & 1) _mm_store_ss(p, lo);
}

// Clamps keeping NaN (the value is the second operand of max and min).
inline __m256 Clamp(__m256 v, __m256 lo, __m256 hi) {
  return _mm256_min_ps(hi, _mm256_max_ps(lo, v));
}

}  // namespace plinth::builtin::gemm::avx2

#endif  // PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_AVX2_UTIL_H_
