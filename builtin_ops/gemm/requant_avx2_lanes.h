// The eight-lane steps of the AVX2 requantization (requant_s8.h), inline for kernels that
// requantize in registers. Include only from files compiled for AVX2 (*_avx2*.cc) or above
// (*_avx512vnni*.cc): every function is forced inline, because an out-of-line copy compiled with
// AVX-512 enabled could be the one the linker keeps for the AVX2 callers too.
#ifndef PLINTH_BUILTIN_OPS_GEMM_REQUANT_AVX2_LANES_H_
#define PLINTH_BUILTIN_OPS_GEMM_REQUANT_AVX2_LANES_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/requant_s8.h"

namespace plinth::builtin::gemm::avx2 {

#define PLINTH_LANES_INLINE [[gnu::always_inline]] inline

// SaturatingRoundingDoublingHighMul(x, m) per lane, for multipliers in [0, 2^31) (the saturating
// INT32_MIN x INT32_MIN cannot occur). m_odd: the odd lanes' multipliers moved to the even
// positions (_mm256_srli_epi64(m, 32); m itself where every lane has the same multiplier).
// gemmlowp's nudge (2^30, or 1 - 2^30 for a negative product) and its division truncating toward
// zero amount to floor((p + 2^30) / 2^31) for every 64-bit product p (the ties of negative p round
// up either way). Even lanes: that quotient's low 32 bits by a shift right of 31; odd lanes: the
// same bits land in the high half after a shift left by 1. vpmuldq multiplies the even 32-bit
// lanes as signed; a logical 64-bit shift keeps the low 32 bits of the arithmetic one.
PLINTH_LANES_INLINE __m256i DoublingHighMul(__m256i x, __m256i m, __m256i m_odd) {
  const __m256i nudge = _mm256_set1_epi64x(int64_t{1} << 30);
  const __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, m), nudge), 31);
  const __m256i odd = _mm256_slli_epi64(
      _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), m_odd), nudge), 1);
  return _mm256_blend_epi32(even, odd, 0xAA);
}

// RoundingDivideByPOT(x, rs) per lane, rs in [0, 31], mask = 2^rs - 1 and half = mask >> 1:
// half away from zero, up by one where the remainder exceeds half (half + 1 for negative
// values); the compares give -1 for true.
PLINTH_LANES_INLINE __m256i RoundingDivideByPot(__m256i x, __m256i rs, __m256i mask, __m256i half) {
  const __m256i remainder = _mm256_and_si256(x, mask);
  const __m256i threshold = _mm256_sub_epi32(half, _mm256_cmpgt_epi32(_mm256_setzero_si256(), x));
  return _mm256_sub_epi32(_mm256_srav_epi32(x, rs), _mm256_cmpgt_epi32(remainder, threshold));
}

// int8 outputs: MultiplyByQuantizedMultiplier(x) per lane (x already holds the bias), plus the
// offset, clamped to [lo, hi]. m, ls, rs: the multiplier and the left and right shifts; mask =
// 2^rs - 1 and half = mask >> 1 (RequantS8Vectors' round_mask and round_half).
PLINTH_LANES_INLINE __m256i RequantS8Lanes(__m256i x, __m256i m, __m256i ls, __m256i rs,
                                           __m256i mask, __m256i half, __m256i offset, __m256i lo,
                                           __m256i hi) {
  const __m256i high = DoublingHighMul(_mm256_sllv_epi32(x, ls), m, _mm256_srli_epi64(m, 32));
  const __m256i v = RoundingDivideByPot(high, rs, mask, half);
  return _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(v, offset), lo), hi);
}

// int8 outputs of a tile requantized in registers (I16TileOutput): eight channels' parameters
// from channel c, loaded once, with the output offset and clamp; applying it requantizes the
// sums (bias already added) of those channels. Variants (gemm::WithS8Variant) only for callers
// that store through the saturating packs of Store8 / Store16, which apply the bounds left out.
template <bool kShift = true, bool kLo = true, bool kHi = true>
struct S8TileLanes {
  PLINTH_LANES_INLINE S8TileLanes(const I16TileOutput& o, size_t c)
      : m(Load(o.multiplier + c)),
        ls(kShift ? Load(o.left_shift + c) : _mm256_setzero_si256()),
        rs(Load(o.right_shift + c)),
        mask(Load(o.round_mask + c)),
        half(Load(o.round_half + c)),
        offset(_mm256_set1_epi32(o.offset)),
        lo(_mm256_set1_epi32(o.qmin)),
        hi(_mm256_set1_epi32(o.qmax)) {}
  // RequantS8Lanes, less the steps this variant leaves out.
  PLINTH_LANES_INLINE __m256i operator()(__m256i x) const {
    const __m256i high =
        DoublingHighMul(kShift ? _mm256_sllv_epi32(x, ls) : x, m, _mm256_srli_epi64(m, 32));
    __m256i v = _mm256_add_epi32(RoundingDivideByPot(high, rs, mask, half), offset);
    if constexpr (kLo) v = _mm256_max_epi32(v, lo);
    if constexpr (kHi) v = _mm256_min_epi32(v, hi);
    return v;
  }
  PLINTH_LANES_INLINE static __m256i Load(const int32_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  __m256i m, ls, rs, mask, half, offset, lo, hi;
};

// Calls fn(std::type_identity<S8TileLanes<...>>{}) with the variant for o's channels from c
// (`channels` of them: 8 or 16; gemm::WithS8Variant), for callers that store through Store8 /
// Store16.
template <class Fn>
PLINTH_LANES_INLINE void S8TileLanesFor(const I16TileOutput& o, size_t c, size_t channels,
                                        Fn&& fn) {
  __m256i ls = S8TileLanes<>::Load(o.left_shift + c);
  if (channels > 8) ls = _mm256_or_si256(ls, S8TileLanes<>::Load(o.left_shift + c + 8));
  WithS8Variant<S8TileLanes>(!_mm256_testz_si256(ls, ls), o.qmin, o.qmax, static_cast<Fn&&>(fn));
}

// uint8 outputs, one multiplier for every lane: (x * multiplier + 2^(s - 1)) >> s, plus the
// offset, clamped. The constants are made once per call site.
struct RequantU8Consts {
  __m256i m, round, offset, lo, hi;
  __m128i shift, sign_shift;  // s and 64 - s; for s >= 32, s - 32 (in shift) and unused
  bool high;                  // s >= 32
};

PLINTH_LANES_INLINE RequantU8Consts MakeRequantU8Consts(int32_t multiplier, int32_t s,
                                                        int32_t offset, int32_t qmin,
                                                        int32_t qmax) {
  RequantU8Consts k;
  k.m = _mm256_set1_epi32(multiplier);
  k.round = _mm256_set1_epi64x(int64_t{1} << (s - 1));
  k.offset = _mm256_set1_epi32(offset);
  k.lo = _mm256_set1_epi32(qmin);
  k.hi = _mm256_set1_epi32(qmax);
  k.high = s >= 32;
  k.shift = _mm_cvtsi32_si128(k.high ? s - 32 : s);
  k.sign_shift = _mm_cvtsi32_si128(64 - s);
  return k;
}

PLINTH_LANES_INLINE __m256i RequantU8Lanes(__m256i x, const RequantU8Consts& k) {
  const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, k.m), k.round);
  const __m256i odd = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), k.m), k.round);
  __m256i v;
  if (k.high) {
    // floor(p / 2^s) = floor(floor(p / 2^32) / 2^(s - 32)): the high 32 bits of each 64-bit sum
    // (even lanes' moved down, odd lanes' already in place), then an arithmetic 32-bit shift.
    // |x * m| < 2^62, so the quotient fits 32 bits.
    v = _mm256_sra_epi32(_mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA), k.shift);
  } else {
    // Arithmetic shift of 64-bit lanes (AVX2 has only the logical one): the sign fills the top.
    const __m256i zero = _mm256_setzero_si256();
    auto shift = [&](__m256i p) {
      return _mm256_or_si256(_mm256_srl_epi64(p, k.shift),
                             _mm256_sll_epi64(_mm256_cmpgt_epi64(zero, p), k.sign_shift));
    };
    v = _mm256_blend_epi32(shift(even), _mm256_slli_epi64(shift(odd), 32), 0xAA);
  }
  return _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(v, k.offset), k.lo), k.hi);
}

// Stores the low byte of each of 8 int32 lanes, in lane order: what static_cast to int8_t or
// uint8_t keeps (also for a clamp range outside the type, which a malformed zero point can give).
PLINTH_LANES_INLINE void StoreLowBytes(__m256i v, void* out) {
  const __m256i low_bytes =
      _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 4, 8, 12, -1,
                       -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m256i packed = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, low_bytes),
                                                     _mm256_setr_epi32(0, 4, 0, 0, 0, 0, 0, 0));
  _mm_storel_epi64(static_cast<__m128i*>(out), _mm256_castsi256_si128(packed));
}

// 16 int32 lanes (already clamped into the output type) as 16 bytes in lane order: packs to
// int16, undo vpackssdw's per-128-bit interleave, then pack to bytes (saturating, but the clamp
// has made every value fit: callers check the range lies inside the type).
template <bool kUnsigned>
PLINTH_LANES_INLINE void Store16(__m256i v0, __m256i v1, void* out) {
  const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(v0, v1), 0xD8);
  const __m128i lo = _mm256_castsi256_si128(words), hi = _mm256_extracti128_si256(words, 1);
  const __m128i bytes = kUnsigned ? _mm_packus_epi16(lo, hi) : _mm_packs_epi16(lo, hi);
  _mm_storeu_si128(static_cast<__m128i*>(out), bytes);
}

// 8 int32 lanes (clamped into the output type) as 8 bytes in lane order.
template <bool kUnsigned>
PLINTH_LANES_INLINE void Store8(__m256i v, void* out) {
  const __m128i words =
      _mm256_castsi256_si128(_mm256_permute4x64_epi64(_mm256_packs_epi32(v, v), 0xD8));
  const __m128i bytes = kUnsigned ? _mm_packus_epi16(words, words) : _mm_packs_epi16(words, words);
  _mm_storel_epi64(static_cast<__m128i*>(out), bytes);
}

#undef PLINTH_LANES_INLINE

}  // namespace plinth::builtin::gemm::avx2

#endif  // PLINTH_BUILTIN_OPS_GEMM_REQUANT_AVX2_LANES_H_
