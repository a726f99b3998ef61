// The dot-product integer GEMM micro-kernel (i8_dot_gemm.h) with AVX512-VNNI on 256-bit registers:
// vpdpbusd multiplies unsigned bytes by signed bytes, four products summed into each int32 lane.
// The kernels' operands are both signed (a', w'), so the panel's bytes are flipped to w' + 128
// (xor 0x80) and the products summed with a': sum (w' + 128) a' = sum a' w' + 128 sum a'. The
// second term is the kernel's row excess (I8DotGemm::row_excess = 128), which ApplyDotOffsets takes
// off with the row sums the caller keeps; every step wraps modulo 2^32 as the reference's sums do.
#include <immintrin.h>

#include <cstring>

#include "builtin_ops/gemm/i8_dot_gemm.h"

namespace plinth::builtin::gemm {
namespace {

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
  __m256i* out = reinterpret_cast<__m256i*>(acc);
  _mm256_storeu_si256(out + 0, c00);
  _mm256_storeu_si256(out + 1, c01);
  _mm256_storeu_si256(out + 2, c10);
  _mm256_storeu_si256(out + 3, c11);
  _mm256_storeu_si256(out + 4, c20);
  _mm256_storeu_si256(out + 5, c21);
  _mm256_storeu_si256(out + 6, c30);
  _mm256_storeu_si256(out + 7, c31);
}

}  // namespace plinth::builtin::gemm
