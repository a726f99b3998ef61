// The requantization of requant_avx2_lanes.h on 16 lanes of a 512-bit register, for kernels that
// requantize in registers. Include only from files compiled for AVX-512 (*_avx512vnni*.cc); forced
// inline, as requant_avx2_lanes.h explains. Mask registers take the blends and the rounding
// increment; the results are the AVX2 lanes' bits.
#ifndef PLINTH_BUILTIN_OPS_GEMM_REQUANT_AVX512_LANES_H_
#define PLINTH_BUILTIN_OPS_GEMM_REQUANT_AVX512_LANES_H_

#include <immintrin.h>

#include <cstdint>

#include "builtin_ops/gemm/requant_s8.h"

namespace plinth::builtin::gemm::avx512 {

#define PLINTH_LANES_INLINE [[gnu::always_inline]] inline

// SaturatingRoundingDoublingHighMul(x, m) per lane: avx2::DoublingHighMul on 16 lanes (m_odd:
// _mm512_srli_epi64(m, 32), or m where every lane has the same multiplier).
PLINTH_LANES_INLINE __m512i DoublingHighMul(__m512i x, __m512i m, __m512i m_odd) {
  const __m512i nudge = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i even = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, m), nudge), 31);
  const __m512i odd = _mm512_slli_epi64(
      _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), m_odd), nudge), 1);
  return _mm512_mask_blend_epi32(0xAAAA, even, odd);
}

// RoundingDivideByPOT(x, rs) per lane (avx2::RoundingDivideByPot): up by one where the remainder
// exceeds half (half + 1 for negative values), the increment under a mask register.
PLINTH_LANES_INLINE __m512i RoundingDivideByPot(__m512i x, __m512i rs, __m512i mask, __m512i half) {
  const __m512i threshold = _mm512_add_epi32(half, _mm512_srli_epi32(x, 31));
  const __mmask16 up = _mm512_cmpgt_epi32_mask(_mm512_and_si512(x, mask), threshold);
  const __m512i v = _mm512_srav_epi32(x, rs);
  return _mm512_mask_add_epi32(v, up, v, _mm512_set1_epi32(1));
}

// 16 channels' values from p.
PLINTH_LANES_INLINE __m512i Load16(const int32_t* p) { return _mm512_loadu_si512(p); }
// 8 channels' values from p in both halves (two pixels of 8 channels).
PLINTH_LANES_INLINE __m512i Load8Twice(const int32_t* p) {
  return _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

// int8 outputs: per-channel MultiplyByQuantizedMultiplier(x) (x already holds the bias), plus the
// offset, clamped; avx2::RequantS8Lanes step for step.
// The parameters are RequantS8Vectors' arrays at the first channel, read by `load` (Load16 or
// Load8Twice). Variants leave out what the parameters make idle (gemm::WithS8Variant; the
// saturating narrow of Bytes() applies the bounds left out). Most int8 layers shift right only;
// ReLU layers keep only the lower bound, layers without an activation none: one to three
// instructions fewer of about nineteen, and the same bits.
template <bool kShift, bool kLo, bool kHi>
struct S8Lanes16 {
  template <class LoadFn>
  PLINTH_LANES_INLINE S8Lanes16(const int32_t* multiplier, const int32_t* left_shift,
                                const int32_t* right_shift, const int32_t* round_mask,
                                const int32_t* round_half, int32_t offset, int32_t qmin,
                                int32_t qmax, LoadFn load)
      : m(load(multiplier)),
        m_odd(_mm512_srli_epi64(m, 32)),
        ls(kShift ? load(left_shift) : _mm512_setzero_si512()),
        rs(load(right_shift)),
        mask(load(round_mask)),
        half(load(round_half)),
        offset(_mm512_set1_epi32(offset)),
        lo(_mm512_set1_epi32(qmin)),
        hi(_mm512_set1_epi32(qmax)) {}
  // The requantized values, clamped to the bounds this variant keeps.
  PLINTH_LANES_INLINE __m512i operator()(__m512i x) const {
    const __m512i high = DoublingHighMul(kShift ? _mm512_sllv_epi32(x, ls) : x, m, m_odd);
    __m512i v = _mm512_add_epi32(RoundingDivideByPot(high, rs, mask, half), offset);
    if constexpr (kLo) v = _mm512_max_epi32(v, lo);
    if constexpr (kHi) v = _mm512_min_epi32(v, hi);
    return v;
  }
  // The 16 outputs as bytes, saturating to the type (the bounds the variant left out).
  PLINTH_LANES_INLINE __m128i Bytes(__m512i x) const { return _mm512_cvtsepi32_epi8((*this)(x)); }
  __m512i m, m_odd, ls, rs, mask, half, offset, lo, hi;
};

// Calls fn(std::type_identity<S8Lanes16<...>>{}) with the variant for these parameters
// (gemm::WithS8Variant).
template <class Fn>
PLINTH_LANES_INLINE void S8LanesFor(bool left_shifts, int32_t qmin, int32_t qmax, Fn&& fn) {
  WithS8Variant<S8Lanes16>(left_shifts, qmin, qmax, static_cast<Fn&&>(fn));
}

// Whether any of the 16 values at left_shift is non-zero.
PLINTH_LANES_INLINE bool AnyLeftShift16(const int32_t* left_shift) {
  const __m512i ls = _mm512_loadu_si512(left_shift);
  return _mm512_test_epi32_mask(ls, ls) != 0;
}

// uint8 outputs, one multiplier for every lane (1 <= shift <= 62): floor((x * m + 2^(s - 1)) /
// 2^s) by 64-bit arithmetic shifts (avx2::RequantU8Lanes' result, which AVX2 reaches without
// them), plus the offset, clamped.
struct U8Lanes16 {
  PLINTH_LANES_INLINE U8Lanes16(int32_t multiplier, int32_t shift, int32_t offset, int32_t qmin,
                                int32_t qmax)
      : m(_mm512_set1_epi32(multiplier)),
        round(_mm512_set1_epi64(int64_t{1} << (shift - 1))),
        offset(_mm512_set1_epi32(offset)),
        lo(_mm512_set1_epi32(qmin)),
        hi(_mm512_set1_epi32(qmax)),
        shift(_mm_cvtsi32_si128(shift)) {}
  PLINTH_LANES_INLINE __m512i operator()(__m512i x) const {
    const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, m), round);
    const __m512i odd = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), m), round);
    const __m512i v = _mm512_mask_blend_epi32(0xAAAA, _mm512_sra_epi64(even, shift),
                                              _mm512_slli_epi64(_mm512_sra_epi64(odd, shift), 32));
    return _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(v, offset), lo), hi);
  }
  // The 16 outputs as bytes (clamped within the type: truncating is exact).
  PLINTH_LANES_INLINE __m128i Bytes(__m512i x) const { return _mm512_cvtepi32_epi8((*this)(x)); }
  __m512i m, round, offset, lo, hi;
  __m128i shift;
};

#undef PLINTH_LANES_INLINE

}  // namespace plinth::builtin::gemm::avx512

#endif  // PLINTH_BUILTIN_OPS_GEMM_REQUANT_AVX512_LANES_H_
