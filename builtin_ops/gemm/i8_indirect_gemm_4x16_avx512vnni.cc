// The indirect dot-product micro-kernels (i8_indirect_gemm.h) with AVX512-VNNI on 256-bit
// registers: per quad of a tap's values, the panel's 16 columns x 4 depths (signed, two registers)
// and one broadcast quad of each tile row (unsigned: uint8 as stored, int8 flipped by xor 0x80)
// feed vpdpbusd, four products per int32 lane. The requantizing variants finish in registers with
// the same lane arithmetic as the AVX2 requantization (requant_avx2_lanes.h), so their outputs are
// bit-identical to it.
#include <immintrin.h>

#include "builtin_ops/gemm/i8_dot_gemm.h"
#include "builtin_ops/gemm/i8_indirect_avx512vnni_lanes.h"
#include "builtin_ops/gemm/i8_indirect_gemm.h"
#include "builtin_ops/gemm/requant_avx2_lanes.h"

namespace plinth::builtin::gemm {
namespace {

using vnni::Load;
using vnni::Quad;
using vnni::StoreColumns;

// c[2 i], c[2 i + 1]: tile row i's sums for the panel's columns 0-7 and 8-15, plus its row term.
template <bool kFlip>
[[gnu::always_inline]] inline void Accumulate(const IndirectTile& tile, const int8_t* w,
                                              const int32_t* row_terms, __m256i* c) {
  __m256i c00 = _mm256_setzero_si256(), c01 = _mm256_setzero_si256();
  __m256i c10 = _mm256_setzero_si256(), c11 = _mm256_setzero_si256();
  __m256i c20 = _mm256_setzero_si256(), c21 = _mm256_setzero_si256();
  __m256i c30 = _mm256_setzero_si256(), c31 = _mm256_setzero_si256();
  const void* const* rows = tile.rows;
  for (size_t t = 0; t < tile.taps; ++t, rows += kI8DotMr) {
    const uint8_t* a0 = static_cast<const uint8_t*>(rows[0]);
    const uint8_t* a1 = static_cast<const uint8_t*>(rows[1]);
    const uint8_t* a2 = static_cast<const uint8_t*>(rows[2]);
    const uint8_t* a3 = static_cast<const uint8_t*>(rows[3]);
    for (size_t q = 0; q < tile.c; q += 4, w += 4 * kI8DotNr) {
      const __m256i w0 = Load(w), w1 = Load(w + 32);
      __m256i x = Quad<kFlip>(a0 + q);
      c00 = _mm256_dpbusd_epi32(c00, x, w0);
      c01 = _mm256_dpbusd_epi32(c01, x, w1);
      x = Quad<kFlip>(a1 + q);
      c10 = _mm256_dpbusd_epi32(c10, x, w0);
      c11 = _mm256_dpbusd_epi32(c11, x, w1);
      x = Quad<kFlip>(a2 + q);
      c20 = _mm256_dpbusd_epi32(c20, x, w0);
      c21 = _mm256_dpbusd_epi32(c21, x, w1);
      x = Quad<kFlip>(a3 + q);
      c30 = _mm256_dpbusd_epi32(c30, x, w0);
      c31 = _mm256_dpbusd_epi32(c31, x, w1);
    }
  }
  c[0] = c00, c[1] = c01, c[2] = c10, c[3] = c11, c[4] = c20, c[5] = c21, c[6] = c30, c[7] = c31;
  if (row_terms != nullptr) {
    for (size_t i = 0; i < kI8DotMr; ++i) {
      const __m256i r = _mm256_set1_epi32(row_terms[i]);
      c[2 * i] = _mm256_add_epi32(c[2 * i], r);
      c[2 * i + 1] = _mm256_add_epi32(c[2 * i + 1], r);
    }
  }
}

}  // namespace

void I8IndirectGemm4x16S8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o) {
  __m256i c[8];
  Accumulate<true>(tile, w, row_terms, c);
  const __m256i b0 = Load(o.bias), b1 = Load(o.bias + 8);
  const __m256i m0 = Load(o.multiplier), m1 = Load(o.multiplier + 8);
  const __m256i ls0 = Load(o.left_shift), ls1 = Load(o.left_shift + 8);
  const __m256i rs0 = Load(o.right_shift), rs1 = Load(o.right_shift + 8);
  const __m256i mask0 = Load(o.round_mask), mask1 = Load(o.round_mask + 8);
  const __m256i half0 = Load(o.round_half), half1 = Load(o.round_half + 8);
  const __m256i offset = _mm256_set1_epi32(o.offset);
  const __m256i lo = _mm256_set1_epi32(o.qmin), hi = _mm256_set1_epi32(o.qmax);
  int8_t* out = static_cast<int8_t*>(o.out);
  for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
    const __m256i v0 = avx2::RequantS8Lanes(_mm256_add_epi32(c[2 * i], b0), m0, ls0, rs0, mask0,
                                            half0, offset, lo, hi);
    const __m256i v1 = avx2::RequantS8Lanes(_mm256_add_epi32(c[2 * i + 1], b1), m1, ls1, rs1, mask1,
                                            half1, offset, lo, hi);
    StoreColumns<false>(v0, v1, nb, out);
  }
}

void I8IndirectGemm4x16U8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o) {
  __m256i c[8];
  Accumulate<false>(tile, w, row_terms, c);
  const __m256i b0 = Load(o.bias), b1 = Load(o.bias + 8);
  const avx2::RequantU8Consts k =
      avx2::MakeRequantU8Consts(o.u8_multiplier, o.u8_shift, o.offset, o.qmin, o.qmax);
  uint8_t* out = static_cast<uint8_t*>(o.out);
  for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
    StoreColumns<true>(avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i], b0), k),
                       avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i + 1], b1), k), nb, out);
  }
}

}  // namespace plinth::builtin::gemm
