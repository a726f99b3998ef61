// The integer depthwise channel loop for AVX2. When the offsets are small (|offset| <= 256, every
// 8-bit zero point), the offset values fit int16 and 16 channels at a time take pairs of taps
// through vpmaddwd: |sum| < 64 taps x 511^2 < 2^31, so the int32 sums never wrap and equal the
// reference's wrapping ones. Otherwise (and for the next 8 channels) 8 channels with vpmulld and
// vpaddd (wrapping as the reference's int32 sums); the last n % 8 channels take the plain loop.
#include <immintrin.h>

#include "builtin_ops/gemm/requant_avx2_lanes.h"
#include "builtin_ops/nn/depthwise_conv_2d_int.h"
#include "builtin_ops/nn/depthwise_conv_2d_int_taps.h"

namespace plinth::builtin::depthwise {
namespace {

inline __m256i Widen(const uint8_t* p) {
  return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
inline __m256i Widen(const int8_t* p) {
  return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}

inline __m256i Widen16(const uint8_t* p) {
  return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline __m256i Widen16(const int8_t* p) {
  return _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// 16 channels from c: acc[0..15] = sum over the taps, as int16 pairs through vpmaddwd.
template <class T>
inline void Taps16(const T* const* x, const T* const* w, int32_t taps, size_t c, __m256i io,
                   __m256i fo, int32_t* acc) {
  // unpacklo / unpackhi interleave within 128-bit lanes: lo sums channels 0-3 and 8-11, hi 4-7
  // and 12-15.
  __m256i lo = _mm256_setzero_si256(), hi = _mm256_setzero_si256();
  int32_t t = 0;
  for (; t + 2 <= taps; t += 2) {
    const __m256i x0 = _mm256_add_epi16(Widen16(x[t] + c), io);
    const __m256i x1 = _mm256_add_epi16(Widen16(x[t + 1] + c), io);
    const __m256i w0 = _mm256_add_epi16(Widen16(w[t] + c), fo);
    const __m256i w1 = _mm256_add_epi16(Widen16(w[t + 1] + c), fo);
    lo = _mm256_add_epi32(
        lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, x1), _mm256_unpacklo_epi16(w0, w1)));
    hi = _mm256_add_epi32(
        hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, x1), _mm256_unpackhi_epi16(w0, w1)));
  }
  if (t < taps) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i x0 = _mm256_add_epi16(Widen16(x[t] + c), io);
    const __m256i w0 = _mm256_add_epi16(Widen16(w[t] + c), fo);
    lo = _mm256_add_epi32(
        lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, zero), _mm256_unpacklo_epi16(w0, zero)));
    hi = _mm256_add_epi32(
        hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, zero), _mm256_unpackhi_epi16(w0, zero)));
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc), _mm256_permute2x128_si256(lo, hi, 0x20));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + 8), _mm256_permute2x128_si256(lo, hi, 0x31));
}

template <class T>
void Taps(const T* const* x, const T* const* w, int32_t taps, size_t c0, size_t n, int32_t io,
          int32_t fo, int32_t* acc) {
  const __m256i vio = _mm256_set1_epi32(io), vfo = _mm256_set1_epi32(fo);
  size_t j = 0;
  static_assert(kMaxFastTaps * 511 * 511 < (int64_t{1} << 31), "int16 pair sums may wrap");
  if (io >= -256 && io <= 256 && fo >= -256 && fo <= 256) {
    const __m256i io16 = _mm256_set1_epi16(static_cast<int16_t>(io));
    const __m256i fo16 = _mm256_set1_epi16(static_cast<int16_t>(fo));
    for (; j + 16 <= n; j += 16) Taps16(x, w, taps, c0 + j, io16, fo16, acc + j);
  }
  for (; j + 8 <= n; j += 8) {
    __m256i sum = _mm256_setzero_si256();
    for (int32_t t = 0; t < taps; ++t) {
      const __m256i xv = _mm256_add_epi32(Widen(x[t] + c0 + j), vio);
      const __m256i wv = _mm256_add_epi32(Widen(w[t] + c0 + j), vfo);
      sum = _mm256_add_epi32(sum, _mm256_mullo_epi32(xv, wv));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + j), sum);
  }
  if (j < n) AccumulateTaps<T>(x, w, taps, c0 + j, n - j, io, fo, acc + j);
}

// Two taps' 8 channels (8 bytes each) as 8 int16 pairs (x0[c], x1[c]) for vpmaddwd.
inline __m256i Pairs8(const uint8_t* x0, const uint8_t* x1) {
  return _mm256_cvtepu8_epi16(
      _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x0)),
                        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(x1))));
}
inline __m256i Pairs8(const int8_t* x0, const int8_t* x1) {
  return _mm256_cvtepi8_epi16(
      _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x0)),
                        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(x1))));
}

// The interior kernel: per group of 16 channels, every pixel of the row, the window's taps in
// pairs through vpmaddwd against the packed filter, then bias_io and Requant (in registers); then
// the 8-channel group, one vpmaddwd per pair of taps.
template <class T, class Requant>
void Interior(const T* x, const InteriorRow& row, const PackedIntegerFilter& p, Requant requant,
              T* out) {
  const size_t pairs = static_cast<size_t>(p.pairs);
  for (size_t g = 0; g < p.groups; ++g) {
    const __m256i* w = reinterpret_cast<const __m256i*>(p.taps.data()) + g * pairs * 2;
    const __m256i bias0 =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.bias_io.data() + g * 16));
    const __m256i bias1 =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.bias_io.data() + g * 16 + 8));
    const T* xg = x + g * 16;
    T* og = out + g * 16;
    for (size_t px = 0; px < row.pixels; ++px, xg += row.step, og += row.c) {
      __m256i lo = _mm256_setzero_si256(), hi = _mm256_setzero_si256();
      for (size_t q = 0; q < pairs; ++q) {
        const __m256i x0 = Widen16(xg + row.offsets[2 * q]);
        const __m256i x1 = Widen16(xg + row.offsets[2 * q + 1]);
        lo = _mm256_add_epi32(
            lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, x1), _mm256_loadu_si256(w + 2 * q)));
        hi = _mm256_add_epi32(hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, x1),
                                                    _mm256_loadu_si256(w + 2 * q + 1)));
      }
      // lo holds channels 0-3 and 8-11, hi 4-7 and 12-15 (unpack works within 128-bit lanes).
      const __m256i a0 = _mm256_add_epi32(_mm256_permute2x128_si256(lo, hi, 0x20), bias0);
      const __m256i a1 = _mm256_add_epi32(_mm256_permute2x128_si256(lo, hi, 0x31), bias1);
      gemm::avx2::StoreLowBytes(requant(a0, g * 16), og);
      gemm::avx2::StoreLowBytes(requant(a1, g * 16 + 8), og + 8);
    }
  }
  if (!p.half) return;
  const size_t c0 = p.groups * 16;
  const __m256i* w = reinterpret_cast<const __m256i*>(p.taps.data() + p.groups * pairs * 32);
  const __m256i bias = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.bias_io.data() + c0));
  const T* xg = x + c0;
  T* og = out + c0;
  for (size_t px = 0; px < row.pixels; ++px, xg += row.step, og += row.c) {
    __m256i sum = bias;
    for (size_t q = 0; q < pairs; ++q) {
      sum = _mm256_add_epi32(
          sum, _mm256_madd_epi16(Pairs8(xg + row.offsets[2 * q], xg + row.offsets[2 * q + 1]),
                                 _mm256_loadu_si256(w + q)));
    }
    gemm::avx2::StoreLowBytes(requant(sum, c0), og);
  }
}

}  // namespace

void InteriorS8Avx2(const int8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                    const gemm::RequantS8Vectors& rv, int8_t* out) {
  const __m256i offset = _mm256_set1_epi32(row.output_offset);
  const __m256i lo = _mm256_set1_epi32(row.qmin), hi = _mm256_set1_epi32(row.qmax);
  auto load = [](const std::vector<int32_t>& v, size_t c) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(v.data() + c));
  };
  Interior<int8_t>(
      x, row, p,
      [&](__m256i a, size_t c) {
        return gemm::avx2::RequantS8Lanes(a, load(rv.multiplier, c), load(rv.left_shift, c),
                                          load(rv.right_shift, c), load(rv.round_mask, c),
                                          load(rv.round_half, c), offset, lo, hi);
      },
      out);
}

void InteriorU8Avx2(const uint8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                    const gemm::RequantU8Params& ru, uint8_t* out) {
  const gemm::avx2::RequantU8Consts k = gemm::avx2::MakeRequantU8Consts(
      ru.multiplier, ru.total_shift, row.output_offset, row.qmin, row.qmax);
  Interior<uint8_t>(
      x, row, p, [&](__m256i a, size_t) { return gemm::avx2::RequantU8Lanes(a, k); }, out);
}

void U8TapsAvx2(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  Taps<uint8_t>(x, w, taps, c0, n, io, fo, acc);
}

void I8TapsAvx2(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  Taps<int8_t>(x, w, taps, c0, n, io, fo, acc);
}

}  // namespace plinth::builtin::depthwise
