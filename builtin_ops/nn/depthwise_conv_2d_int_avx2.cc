// The integer depthwise channel loop for AVX2: 8 channels at a time, the sum kept in a register
// across the taps (vpmulld of the offset values, vpaddd wrapping as the reference's int32 sums).
// The last n % 8 channels take the plain loop.
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

template <class T>
void Taps(const T* const* x, const T* const* w, int32_t taps, size_t c0, size_t n, int32_t io,
          int32_t fo, int32_t* acc) {
  const __m256i vio = _mm256_set1_epi32(io), vfo = _mm256_set1_epi32(fo);
  size_t j = 0;
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
