// int8 requantization, 8 channels at a time with AVX2 (see requant_s8.h). The 64-bit products
// come from vpmuldq on the even and odd lanes; the low 32 bits of a 64-bit shift right are the
// same from a logical shift as from an arithmetic one.
#include <immintrin.h>

#include "builtin_ops/gemm/requant_s8.h"

namespace plinth::builtin::gemm {
namespace {

inline __m256i HighHalf(__m256i p) {
  // gemmlowp's nudge (2^30, or 1 - 2^30 for a negative p) and division truncating toward zero
  // amount to floor((p + 2^30) / 2^31) for every p: the ties of negative p round up either way.
  return _mm256_srli_epi64(_mm256_add_epi64(p, _mm256_set1_epi64x(int64_t{1} << 30)), 31);
}

// Stores the low byte of each of 8 int32 lanes, in lane order: what static_cast to int8_t or
// uint8_t keeps (also for a clamp range outside the type, which a malformed zero point can give).
inline void StoreLowBytes(__m256i v, void* out) {
  const __m256i low_bytes =
      _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 4, 8, 12, -1,
                       -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m256i packed = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, low_bytes),
                                                     _mm256_setr_epi32(0, 4, 0, 0, 0, 0, 0, 0));
  _mm_storel_epi64(static_cast<__m128i*>(out), _mm256_castsi256_si128(packed));
}

}  // namespace

size_t RequantizeS8Avx2(const int32_t* acc, const int32_t* bias, const int32_t* multiplier,
                        const int32_t* left_shift, const int32_t* right_shift,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, int8_t* out) {
  const __m256i zero = _mm256_setzero_si256(), one = _mm256_set1_epi32(1);
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
    x = _mm256_sllv_epi32(x, ls);
    const __m256i even = HighHalf(_mm256_mul_epi32(x, m));
    const __m256i odd =
        HighHalf(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(m, 32)));
    const __m256i high = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    // Rounding divide by 2^rs, half away from zero.
    const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, rs), one);
    const __m256i remainder = _mm256_and_si256(high, mask);
    const __m256i threshold = _mm256_add_epi32(
        _mm256_srai_epi32(mask, 1), _mm256_and_si256(_mm256_cmpgt_epi32(zero, high), one));
    __m256i v = _mm256_add_epi32(_mm256_srav_epi32(high, rs),
                                 _mm256_and_si256(_mm256_cmpgt_epi32(remainder, threshold), one));
    v = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(v, offset), lo), hi);
    StoreLowBytes(v, out + j);
  }
  return j;
}

size_t RequantizeU8Avx2(const int32_t* acc, const int32_t* bias, const RequantU8Params& p,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, uint8_t* out) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i m = _mm256_set1_epi32(p.multiplier);
  const __m256i round = _mm256_set1_epi64x(int64_t{1} << (p.total_shift - 1));
  const __m128i shift = _mm_cvtsi32_si128(p.total_shift);
  // Arithmetic shift of 64-bit lanes (AVX2 has only the logical one): the sign fills the top bits.
  const __m128i sign_shift = _mm_cvtsi32_si128(64 - p.total_shift);
  const __m256i offset = _mm256_set1_epi32(output_offset);
  const __m256i lo = _mm256_set1_epi32(qmin), hi = _mm256_set1_epi32(qmax);
  auto scale = [&](__m256i x) {  // even lanes of x
    const __m256i v = _mm256_add_epi64(_mm256_mul_epi32(x, m), round);
    const __m256i sign = _mm256_cmpgt_epi64(zero, v);
    return _mm256_or_si256(_mm256_srl_epi64(v, shift), _mm256_sll_epi64(sign, sign_shift));
  };
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + j));
    if (bias != nullptr) {
      x = _mm256_add_epi32(x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bias + j)));
    }
    const __m256i even = scale(x);
    const __m256i odd = scale(_mm256_srli_epi64(x, 32));
    __m256i v = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    v = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(v, offset), lo), hi);
    StoreLowBytes(v, out + j);
  }
  return j;
}

}  // namespace plinth::builtin::gemm
