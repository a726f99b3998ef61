// int8 and uint8 requantization, 8 channels at a time with AVX2 (see requant_s8.h); the lane
// arithmetic is in requant_avx2_lanes.h.
#include <immintrin.h>

#include "builtin_ops/gemm/requant_avx2_lanes.h"
#include "builtin_ops/gemm/requant_s8.h"

namespace plinth::builtin::gemm {

size_t RequantizeS8Avx2(const int32_t* acc, const int32_t* bias, const int32_t* multiplier,
                        const int32_t* left_shift, const int32_t* right_shift,
                        const int32_t* round_mask, const int32_t* round_half, int32_t output_offset,
                        int32_t qmin, int32_t qmax, size_t n, int8_t* out) {
  const __m256i offset = _mm256_set1_epi32(output_offset);
  const __m256i lo = _mm256_set1_epi32(qmin), hi = _mm256_set1_epi32(qmax);
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + j));
    if (bias != nullptr) {
      x = _mm256_add_epi32(x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bias + j)));
    }
    const __m256i m = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(multiplier + j));
    const __m256i ls = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(left_shift + j));
    const __m256i rs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(right_shift + j));
    const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(round_mask + j));
    const __m256i half = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(round_half + j));
    avx2::StoreLowBytes(avx2::RequantS8Lanes(x, m, ls, rs, mask, half, offset, lo, hi), out + j);
  }
  return j;
}

size_t RequantizeU8Avx2(const int32_t* acc, const int32_t* bias, const RequantU8Params& p,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, uint8_t* out) {
  const avx2::RequantU8Consts k =
      avx2::MakeRequantU8Consts(p.multiplier, p.total_shift, output_offset, qmin, qmax);
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + j));
    if (bias != nullptr) {
      x = _mm256_add_epi32(x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bias + j)));
    }
    avx2::StoreLowBytes(avx2::RequantU8Lanes(x, k), out + j);
  }
  return j;
}

}  // namespace plinth::builtin::gemm
