// Lane helpers of the AVX512-VNNI indirect kernels (i8_indirect_gemm.h). Include only from files
// compiled for AVX512-VNNI (*_avx512vnni*.cc); forced inline, as requant_avx2_lanes.h explains.
#ifndef PLINTH_BUILTIN_OPS_GEMM_I8_INDIRECT_AVX512VNNI_LANES_H_
#define PLINTH_BUILTIN_OPS_GEMM_I8_INDIRECT_AVX512VNNI_LANES_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "builtin_ops/gemm/i8_dot_gemm.h"
#include "builtin_ops/gemm/requant_avx2_lanes.h"

namespace plinth::builtin::gemm::vnni {

[[gnu::always_inline]] inline __m256i Load(const void* p) {
  return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}

// One quad of a tile row as the unsigned operand, in every lane.
template <bool kFlip>
[[gnu::always_inline]] inline __m256i Quad(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, sizeof(v));
  const __m256i x = _mm256_set1_epi32(v);
  return kFlip ? _mm256_xor_si256(x, _mm256_set1_epi8(static_cast<char>(0x80))) : x;
}

// 16 requantized lanes stored as nb bytes (all 16 in one store for a full panel).
template <bool kUnsigned>
[[gnu::always_inline]] inline void StoreColumns(__m256i v0, __m256i v1, size_t nb, void* out) {
  if (nb == kI8DotNr) {
    avx2::Store16<kUnsigned>(v0, v1, out);
    return;
  }
  alignas(16) uint8_t bytes[kI8DotNr];
  avx2::Store16<kUnsigned>(v0, v1, bytes);
  std::memcpy(out, bytes, nb);
}

// 8 requantized lanes stored as nb <= 8 bytes.
template <bool kUnsigned>
[[gnu::always_inline]] inline void StoreHalf(__m256i v, size_t nb, void* out) {
  if (nb == 8) {
    avx2::Store8<kUnsigned>(v, out);
    return;
  }
  alignas(8) uint8_t bytes[8];
  avx2::Store8<kUnsigned>(v, bytes);
  std::memcpy(out, bytes, nb);
}

}  // namespace plinth::builtin::gemm::vnni

#endif  // PLINTH_BUILTIN_OPS_GEMM_I8_INDIRECT_AVX512VNNI_LANES_H_
