// The dot-product integer GEMM micro-kernel (i8_dot_gemm.h) with AVX512-VNNI on 256-bit registers:
// vpdpbusd multiplies unsigned bytes by signed bytes, four products summed into each int32 lane.
// The kernels' operands are both signed (a', w'), so the panel's bytes are flipped to w' + 128
// (xor 0x80) and the products summed with a': sum (w' + 128) a' = sum a' w' + 128 sum a'. The
// second term, from the row's own bytes (vpsadbw), is subtracted at the end: the raw sums of the
// contract, bit-identical to I8DotGemm4x16Portable (every step wraps modulo 2^32 as it does).
#include <immintrin.h>

#include <cstring>

#include "builtin_ops/gemm/i8_dot_gemm.h"

namespace plinth::builtin::gemm {
namespace {

// sum of a row's kp (a multiple of 4) int8 values: vpsadbw sums the bytes as unsigned, so each
// byte is flipped to v + 128 and 128 per byte taken off after.
int32_t RowSum(const int8_t* row, size_t kp) {
  const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
  __m256i sums = _mm256_setzero_si256();
  size_t k = 0;
  for (; k + 32 <= kp; k += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + k));
    sums =
        _mm256_add_epi64(sums, _mm256_sad_epu8(_mm256_xor_si256(v, flip), _mm256_setzero_si256()));
  }
  __m128i s = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
  uint64_t total =
      static_cast<uint64_t>(_mm_cvtsi128_si64(s)) + static_cast<uint64_t>(_mm_extract_epi64(s, 1));
  for (; k < kp; ++k) total += static_cast<uint8_t>(row[k] ^ static_cast<int8_t>(0x80));
  return static_cast<int32_t>(static_cast<int64_t>(total) - 128 * static_cast<int64_t>(kp));
}

inline __m256i Quad(const int8_t* p) {
  int32_t v;
  std::memcpy(&v, p, sizeof(v));
  return _mm256_set1_epi32(v);
}

}  // namespace

void I8DotGemm4x16Avx512Vnni(size_t mr, size_t kp, const int8_t* a, size_t a_stride,
                             const int8_t* w, int32_t* acc) {
  const int8_t* a0 = a;
  const int8_t* a1 = a + (mr > 1 ? 1 : 0) * a_stride;
  const int8_t* a2 = a + (mr > 2 ? 2 : mr - 1) * a_stride;
  const int8_t* a3 = a + (mr > 3 ? 3 : mr - 1) * a_stride;
  const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
  __m256i c00 = _mm256_setzero_si256(), c01 = _mm256_setzero_si256();
  __m256i c10 = _mm256_setzero_si256(), c11 = _mm256_setzero_si256();
  __m256i c20 = _mm256_setzero_si256(), c21 = _mm256_setzero_si256();
  __m256i c30 = _mm256_setzero_si256(), c31 = _mm256_setzero_si256();
  for (size_t k = 0; k < kp; k += 4, w += 4 * kI8DotNr) {
    const __m256i w0 =
        _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w)), flip);
    const __m256i w1 =
        _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 32)), flip);
    __m256i x = Quad(a0 + k);
    c00 = _mm256_dpbusd_epi32(c00, w0, x);
    c01 = _mm256_dpbusd_epi32(c01, w1, x);
    x = Quad(a1 + k);
    c10 = _mm256_dpbusd_epi32(c10, w0, x);
    c11 = _mm256_dpbusd_epi32(c11, w1, x);
    x = Quad(a2 + k);
    c20 = _mm256_dpbusd_epi32(c20, w0, x);
    c21 = _mm256_dpbusd_epi32(c21, w1, x);
    x = Quad(a3 + k);
    c30 = _mm256_dpbusd_epi32(c30, w0, x);
    c31 = _mm256_dpbusd_epi32(c31, w1, x);
  }
  // 128 x each row's sum, wrapping (a shift of the unsigned value).
  auto correction = [&](const int8_t* row) {
    return _mm256_set1_epi32(static_cast<int32_t>(static_cast<uint32_t>(RowSum(row, kp)) << 7));
  };
  const __m256i r0 = correction(a0), r1 = correction(a1), r2 = correction(a2), r3 = correction(a3);
  __m256i* out = reinterpret_cast<__m256i*>(acc);
  _mm256_storeu_si256(out + 0, _mm256_sub_epi32(c00, r0));
  _mm256_storeu_si256(out + 1, _mm256_sub_epi32(c01, r0));
  _mm256_storeu_si256(out + 2, _mm256_sub_epi32(c10, r1));
  _mm256_storeu_si256(out + 3, _mm256_sub_epi32(c11, r1));
  _mm256_storeu_si256(out + 4, _mm256_sub_epi32(c20, r2));
  _mm256_storeu_si256(out + 5, _mm256_sub_epi32(c21, r2));
  _mm256_storeu_si256(out + 6, _mm256_sub_epi32(c30, r3));
  _mm256_storeu_si256(out + 7, _mm256_sub_epi32(c31, r3));
}

}  // namespace plinth::builtin::gemm
