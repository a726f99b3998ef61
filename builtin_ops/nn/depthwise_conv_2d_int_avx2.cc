// The integer depthwise channel loop for AVX2. When the offsets are small (|offset| <= 256, every
// 8-bit zero point), the offset values fit int16 and 16 channels at a time take pairs of taps
// through vpmaddwd: |sum| < 64 taps x 511^2 < 2^31, so the int32 sums never wrap and equal the
// reference's wrapping ones. Otherwise (and for the next 8 channels) 8 channels with vpmulld and
// vpaddd (wrapping as the reference's int32 sums); the last n % 8 channels take the plain loop.
#include <immintrin.h>

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

}  // namespace

void U8TapsAvx2(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  Taps<uint8_t>(x, w, taps, c0, n, io, fo, acc);
}

void I8TapsAvx2(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  Taps<int8_t>(x, w, taps, c0, n, io, fo, acc);
}

}  // namespace plinth::builtin::depthwise
