// AVX2 kernels of the 8-bit quantized ADD, SUB and MUL: eight int32 lanes run the reference's
// fixed-point steps (quantized_binary.h) exactly, with the requantization's lane steps
// (gemm/requant_avx2_lanes.h: SaturatingRoundingDoublingHighMul from the 64-bit products of the
// even and odd lanes, whose saturating case cannot occur because multipliers are never negative,
// and RoundingDivideByPOT's mask / threshold arithmetic). The wrapping left shifts of the scalar
// code wrap the same way in vpslld.
#include <immintrin.h>

#include "builtin_ops/elementwise/quantized_binary_fast.h"
#include "builtin_ops/gemm/requant_avx2_lanes.h"

namespace plinth::builtin::ew {
namespace {

inline __m256i Load(const int8_t* p) {
  return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
inline __m256i Load(const uint8_t* p) {
  return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}

// Values already clamped to the type's range, so the saturating packs do not change them.
inline void Store(int8_t* p, __m256i v) { gemm::avx2::Store8<false>(v, p); }
inline void Store(uint8_t* p, __m256i v) { gemm::avx2::Store8<true>(v, p); }

// SaturatingRoundingDoublingHighMul(x, m) for one multiplier m in [0, 2^31) in every lane.
inline __m256i DoublingHighMul(__m256i x, __m256i m) {
  return gemm::avx2::DoublingHighMul(x, m, m);
}

// RoundingDivideByPOT by a fixed exponent in [0, 31].
struct DividePot {
  explicit DividePot(int exponent)
      : exponent(_mm256_set1_epi32(exponent)),
        mask(_mm256_set1_epi32(static_cast<int32_t>((int64_t{1} << exponent) - 1))),
        half(_mm256_set1_epi32(static_cast<int32_t>(((int64_t{1} << exponent) - 1) >> 1))) {}
  __m256i operator()(__m256i x) const {
    return gemm::avx2::RoundingDivideByPot(x, exponent, mask, half);
  }
  __m256i exponent, mask, half;
};

// An input's scaling, SaturatingRoundingDoublingHighMul((v << 20), m) for |v| < 2^11 and
// 0 <= m < 2^31, in 32-bit lanes: it is floor((v m 2^20 + 2^30) / 2^31) = floor((v m + 2^10) /
// 2^11), and with m = mh 2^11 + ml (ml < 2^11) that is v mh + floor((v ml + 2^10) / 2^11), where |v
// mh| < 2^31 and |v ml| < 2^22: two vpmulld instead of the 64-bit products.
struct InputScale {
  explicit InputScale(int32_t multiplier)
      : high(_mm256_set1_epi32(multiplier >> 11)), low(_mm256_set1_epi32(multiplier & 2047)) {}
  __m256i operator()(__m256i v) const {
    const __m256i rounded = _mm256_srai_epi32(
        _mm256_add_epi32(_mm256_mullo_epi32(v, low), _mm256_set1_epi32(1 << 10)), 11);
    return _mm256_add_epi32(_mm256_mullo_epi32(v, high), rounded);
  }
  __m256i high, low;
};

// The first n - n % 8 elements of a run of ADD/SUB; kPlain1 / kPlain2: that input's scaling is
// v << 19 (HalvingInputScale).
template <bool kPlain1, bool kPlain2, class T>
size_t AddSubRun(const AddSubParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
                 bool scalar_b) {
  const __m256i off1 = _mm256_set1_epi32(p.input1_offset);
  const __m256i off2 = _mm256_set1_epi32(p.input2_offset);
  const __m256i off_out = _mm256_set1_epi32(p.output_offset);
  // The caller checked left_shift == 20, multipliers >= 0 and offsets within +-1792.
  const InputScale m1(p.input1.multiplier), m2(p.input2.multiplier);
  const __m256i mo = _mm256_set1_epi32(p.output.multiplier);
  const DividePot d1(-p.input1.shift), d2(-p.input2.shift), d_out(-p.output.shift);
  const __m256i lo = _mm256_set1_epi32(p.activation.min);
  const __m256i hi = _mm256_set1_epi32(p.activation.max);
  const __m256i sa = scalar_a ? _mm256_set1_epi32(a[0]) : _mm256_setzero_si256();
  const __m256i sb = scalar_b ? _mm256_set1_epi32(b[0]) : _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i x = _mm256_add_epi32(scalar_a ? sa : Load(a + i), off1);
    const __m256i y = _mm256_add_epi32(scalar_b ? sb : Load(b + i), off2);
    const __m256i s1 = kPlain1 ? _mm256_slli_epi32(x, 19) : d1(m1(x));
    const __m256i s2 = kPlain2 ? _mm256_slli_epi32(y, 19) : d2(m2(y));
    const __m256i raw = p.subtract ? _mm256_sub_epi32(s1, s2) : _mm256_add_epi32(s1, s2);
    __m256i v = _mm256_add_epi32(d_out(DoublingHighMul(raw, mo)), off_out);
    v = _mm256_min_epi32(_mm256_max_epi32(v, lo), hi);
    Store(out + i, v);
  }
  return i;
}

}  // namespace

template <class T>
size_t AddSubAvx2(const AddSubParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
                  bool scalar_b) {
  const bool plain1 = HalvingInputScale(p.input1), plain2 = HalvingInputScale(p.input2);
  if (plain1 && plain2) return AddSubRun<true, true>(p, a, b, out, n, scalar_a, scalar_b);
  if (plain1) return AddSubRun<true, false>(p, a, b, out, n, scalar_a, scalar_b);
  if (plain2) return AddSubRun<false, true>(p, a, b, out, n, scalar_a, scalar_b);
  return AddSubRun<false, false>(p, a, b, out, n, scalar_a, scalar_b);
}

template <class T>
size_t MulAvx2(const MulParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
               bool scalar_b) {
  const __m256i off1 = _mm256_set1_epi32(p.input1_offset);
  const __m256i off2 = _mm256_set1_epi32(p.input2_offset);
  const __m256i off_out = _mm256_set1_epi32(p.output_offset);
  const __m128i left = _mm_cvtsi32_si128(p.output.shift > 0 ? p.output.shift : 0);
  const DividePot d_out(p.output.shift > 0 ? 0 : -p.output.shift);
  const __m256i m = _mm256_set1_epi32(p.output.multiplier);
  const __m256i lo = _mm256_set1_epi32(p.activation.min);
  const __m256i hi = _mm256_set1_epi32(p.activation.max);
  const __m256i sa = scalar_a ? _mm256_set1_epi32(a[0]) : _mm256_setzero_si256();
  const __m256i sb = scalar_b ? _mm256_set1_epi32(b[0]) : _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i x = _mm256_add_epi32(scalar_a ? sa : Load(a + i), off1);
    const __m256i y = _mm256_add_epi32(scalar_b ? sb : Load(b + i), off2);
    const __m256i product = _mm256_sll_epi32(_mm256_mullo_epi32(x, y), left);
    __m256i v = _mm256_add_epi32(d_out(DoublingHighMul(product, m)), off_out);
    v = _mm256_min_epi32(_mm256_max_epi32(v, lo), hi);
    Store(out + i, v);
  }
  return i;
}

template size_t AddSubAvx2<int8_t>(const AddSubParams&, const int8_t*, const int8_t*, int8_t*,
                                   size_t, bool, bool);
template size_t AddSubAvx2<uint8_t>(const AddSubParams&, const uint8_t*, const uint8_t*, uint8_t*,
                                    size_t, bool, bool);
template size_t MulAvx2<int8_t>(const MulParams&, const int8_t*, const int8_t*, int8_t*, size_t,
                                bool, bool);
template size_t MulAvx2<uint8_t>(const MulParams&, const uint8_t*, const uint8_t*, uint8_t*, size_t,
                                 bool, bool);

}  // namespace plinth::builtin::ew
