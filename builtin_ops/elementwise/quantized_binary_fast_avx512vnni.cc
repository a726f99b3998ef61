// AVX-512 kernels of the 8-bit quantized ADD, SUB and MUL: the AVX2 kernels' fixed-point steps
// (quantized_binary_fast_avx2.cc explains why each is exact) on 16 int32 lanes, with the 16-lane
// requantization steps (gemm/requant_avx512_lanes.h: mask registers for the blends and rounding
// increments), and masked loads and stores for a run's last n % 16 elements. Half the AVX2
// kernels' instructions per element: 1.35x faster on Zen 4, which runs 512-bit operations on its
// 256-bit units.
#include <immintrin.h>

#include "builtin_ops/elementwise/quantized_binary_fast.h"
#include "builtin_ops/gemm/requant_avx512_lanes.h"

// GCC 12's 512-bit intrinsics pass a deliberately undefined vector as the unused merge source,
// which its own -W(maybe-)uninitialized then reports (GCC bug 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace plinth::builtin::ew {
namespace {

// m elements (m <= 16; the lanes past them are zero) widened to int32.
inline __m512i Load(const int8_t* p, __mmask16 m) {
  return _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(m, p));
}
inline __m512i Load(const uint8_t* p, __mmask16 m) {
  return _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(m, p));
}

// Values already clamped into the type: the low byte of each lane is the value.
template <class T>
inline void Store(T* p, __mmask16 m, __m512i v) {
  _mm_mask_storeu_epi8(p, m, _mm512_cvtepi32_epi8(v));
}

// SaturatingRoundingDoublingHighMul(x, m) for one multiplier m in [0, 2^31) in every lane.
inline __m512i DoublingHighMul(__m512i x, __m512i m) {
  return gemm::avx512::DoublingHighMul(x, m, m);
}

// RoundingDivideByPOT by a fixed exponent in [0, 31].
struct DividePot {
  explicit DividePot(int exponent)
      : exponent(_mm512_set1_epi32(exponent)),
        mask(_mm512_set1_epi32(static_cast<int32_t>((int64_t{1} << exponent) - 1))),
        half(_mm512_set1_epi32(static_cast<int32_t>(((int64_t{1} << exponent) - 1) >> 1))) {}
  __m512i operator()(__m512i x) const {
    return gemm::avx512::RoundingDivideByPot(x, exponent, mask, half);
  }
  __m512i exponent, mask, half;
};

// An input's scaling for |v| < 2^11: v mh + floor((v ml + 2^10) / 2^11) with m = mh 2^11 + ml
// (the AVX2 kernel's InputScale).
struct InputScale {
  explicit InputScale(int32_t multiplier)
      : high(_mm512_set1_epi32(multiplier >> 11)), low(_mm512_set1_epi32(multiplier & 2047)) {}
  __m512i operator()(__m512i v) const {
    const __m512i rounded = _mm512_srai_epi32(
        _mm512_add_epi32(_mm512_mullo_epi32(v, low), _mm512_set1_epi32(1 << 10)), 11);
    return _mm512_add_epi32(_mm512_mullo_epi32(v, high), rounded);
  }
  __m512i high, low;
};

// Calls f(i, mask) for each block of 16 elements of [0, n), the last one partial.
template <class F>
inline void ForEachBlock(size_t n, F f) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) f(i, static_cast<__mmask16>(0xFFFF));
  if (i < n) f(i, static_cast<__mmask16>((1u << (n - i)) - 1));
}

// One run of ADD/SUB; kPlain1 / kPlain2: that input's scaling is v << 19 (HalvingInputScale).
template <bool kPlain1, bool kPlain2, class T>
void AddSubRun(const AddSubParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
               bool scalar_b) {
  const __m512i off1 = _mm512_set1_epi32(p.input1_offset);
  const __m512i off2 = _mm512_set1_epi32(p.input2_offset);
  const __m512i off_out = _mm512_set1_epi32(p.output_offset);
  // The caller checked left_shift == 20, multipliers >= 0 and offsets within +-1792.
  const InputScale m1(p.input1.multiplier), m2(p.input2.multiplier);
  const __m512i mo = _mm512_set1_epi32(p.output.multiplier);
  const DividePot d1(-p.input1.shift), d2(-p.input2.shift), d_out(-p.output.shift);
  const __m512i lo = _mm512_set1_epi32(p.activation.min);
  const __m512i hi = _mm512_set1_epi32(p.activation.max);
  const __m512i sa = _mm512_set1_epi32(a[0]), sb = _mm512_set1_epi32(b[0]);
  const bool subtract = p.subtract;
  ForEachBlock(n, [&](size_t i, __mmask16 m) {
    const __m512i x = _mm512_add_epi32(scalar_a ? sa : Load(a + i, m), off1);
    const __m512i y = _mm512_add_epi32(scalar_b ? sb : Load(b + i, m), off2);
    const __m512i s1 = kPlain1 ? _mm512_slli_epi32(x, 19) : d1(m1(x));
    const __m512i s2 = kPlain2 ? _mm512_slli_epi32(y, 19) : d2(m2(y));
    const __m512i raw = subtract ? _mm512_sub_epi32(s1, s2) : _mm512_add_epi32(s1, s2);
    const __m512i v = _mm512_add_epi32(d_out(DoublingHighMul(raw, mo)), off_out);
    Store(out + i, m, _mm512_min_epi32(_mm512_max_epi32(v, lo), hi));
  });
}

}  // namespace

template <class T>
void AddSubAvx512(const AddSubParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
                  bool scalar_b) {
  const bool plain1 = HalvingInputScale(p.input1), plain2 = HalvingInputScale(p.input2);
  if (plain1 && plain2) {
    AddSubRun<true, true>(p, a, b, out, n, scalar_a, scalar_b);
  } else if (plain1) {
    AddSubRun<true, false>(p, a, b, out, n, scalar_a, scalar_b);
  } else if (plain2) {
    AddSubRun<false, true>(p, a, b, out, n, scalar_a, scalar_b);
  } else {
    AddSubRun<false, false>(p, a, b, out, n, scalar_a, scalar_b);
  }
}

template <class T>
void MulAvx512(const MulParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
               bool scalar_b) {
  const __m512i off1 = _mm512_set1_epi32(p.input1_offset);
  const __m512i off2 = _mm512_set1_epi32(p.input2_offset);
  const __m512i off_out = _mm512_set1_epi32(p.output_offset);
  const __m128i left = _mm_cvtsi32_si128(p.output.shift > 0 ? p.output.shift : 0);
  const DividePot d_out(p.output.shift > 0 ? 0 : -p.output.shift);
  const __m512i mo = _mm512_set1_epi32(p.output.multiplier);
  const __m512i lo = _mm512_set1_epi32(p.activation.min);
  const __m512i hi = _mm512_set1_epi32(p.activation.max);
  const __m512i sa = _mm512_set1_epi32(a[0]), sb = _mm512_set1_epi32(b[0]);
  ForEachBlock(n, [&](size_t i, __mmask16 m) {
    const __m512i x = _mm512_add_epi32(scalar_a ? sa : Load(a + i, m), off1);
    const __m512i y = _mm512_add_epi32(scalar_b ? sb : Load(b + i, m), off2);
    const __m512i product = _mm512_sll_epi32(_mm512_mullo_epi32(x, y), left);
    const __m512i v = _mm512_add_epi32(d_out(DoublingHighMul(product, mo)), off_out);
    Store(out + i, m, _mm512_min_epi32(_mm512_max_epi32(v, lo), hi));
  });
}

template void AddSubAvx512<int8_t>(const AddSubParams&, const int8_t*, const int8_t*, int8_t*,
                                   size_t, bool, bool);
template void AddSubAvx512<uint8_t>(const AddSubParams&, const uint8_t*, const uint8_t*, uint8_t*,
                                    size_t, bool, bool);
template void MulAvx512<int8_t>(const MulParams&, const int8_t*, const int8_t*, int8_t*, size_t,
                                bool, bool);
template void MulAvx512<uint8_t>(const MulParams&, const uint8_t*, const uint8_t*, uint8_t*, size_t,
                                 bool, bool);

}  // namespace plinth::builtin::ew
