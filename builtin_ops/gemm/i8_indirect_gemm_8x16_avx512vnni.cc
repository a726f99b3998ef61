// The indirect dot-product micro-kernels (i8_indirect_gemm.h), 8 rows x 16 columns, with
// AVX512-VNNI on 256-bit registers: per quad of a tap's values, the panel's 16 columns x 4 depths
// (signed, two registers) and one broadcast quad of each tile row (unsigned: uint8 as stored, int8
// flipped by xor 0x80) feed vpdpbusd, four products per int32 lane. The requantizing variants
// finish in registers with the same lane arithmetic as the AVX2 requantization
// (requant_avx2_lanes.h), so their outputs are bit-identical to it.
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
using vnni::StoreHalf;

// c[2 i], c[2 i + 1]: tile row i's sums for the panel's columns 0-7 and 8-15, plus its row term.
// Sixteen accumulators, the panel's two registers and a broadcast fit the 32 registers AVX-512
// gives 256-bit code.
template <bool kFlip>
[[gnu::always_inline]] inline void Accumulate(const IndirectTile& tile, const int8_t* w,
                                              const int32_t* row_terms, __m256i* c) {
  constexpr size_t kMr = kI8IndirectMr;
  __m256i acc[2 * kMr];
#pragma GCC unroll 16
  for (size_t j = 0; j < 2 * kMr; ++j) acc[j] = _mm256_setzero_si256();
  const void* const* rows = tile.rows;
  for (size_t t = 0; t < tile.taps; ++t, rows += kMr) {
    const uint8_t* a[kMr];
#pragma GCC unroll 8
    for (size_t i = 0; i < kMr; ++i) a[i] = static_cast<const uint8_t*>(rows[i]);
    for (size_t q = 0; q < tile.c; q += 4, w += 4 * kI8DotNr) {
      const __m256i w0 = Load(w), w1 = Load(w + 32);
#pragma GCC unroll 8
      for (size_t i = 0; i < kMr; ++i) {
        const __m256i x = Quad<kFlip>(a[i] + q);
        acc[2 * i] = _mm256_dpbusd_epi32(acc[2 * i], x, w0);
        acc[2 * i + 1] = _mm256_dpbusd_epi32(acc[2 * i + 1], x, w1);
      }
    }
  }
#pragma GCC unroll 16
  for (size_t j = 0; j < 2 * kMr; ++j) c[j] = acc[j];
  if (row_terms != nullptr) {
#pragma GCC unroll 8
    for (size_t i = 0; i < kMr; ++i) {
      const __m256i r = _mm256_set1_epi32(row_terms[i]);
      c[2 * i] = _mm256_add_epi32(c[2 * i], r);
      c[2 * i + 1] = _mm256_add_epi32(c[2 * i + 1], r);
    }
  }
}

}  // namespace

void I8IndirectGemm8x16S8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o) {
  __m256i c[2 * kI8IndirectMr];
  Accumulate<true>(tile, w, row_terms, c);
  const __m256i b0 = Load(o.bias), b1 = Load(o.bias + 8);
  const avx2::S8TileLanes requant0(o, 0), requant1(o, 8);
  int8_t* out = static_cast<int8_t*>(o.out);
  if (nb <= 8) {  // a panel's last 8 channels or fewer: the second half is padding
    for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
      StoreHalf<false>(requant0(_mm256_add_epi32(c[2 * i], b0)), nb, out);
    }
    return;
  }
  for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
    StoreColumns<false>(requant0(_mm256_add_epi32(c[2 * i], b0)),
                        requant1(_mm256_add_epi32(c[2 * i + 1], b1)), nb, out);
  }
}

void I8IndirectGemm8x16U8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o) {
  __m256i c[2 * kI8IndirectMr];
  Accumulate<false>(tile, w, row_terms, c);
  const __m256i b0 = Load(o.bias), b1 = Load(o.bias + 8);
  const avx2::RequantU8Consts k =
      avx2::MakeRequantU8Consts(o.u8_multiplier, o.u8_shift, o.offset, o.qmin, o.qmax);
  uint8_t* out = static_cast<uint8_t*>(o.out);
  if (nb <= 8) {  // a panel's last 8 channels or fewer: the second half is padding
    for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
      StoreHalf<true>(avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i], b0), k), nb, out);
    }
    return;
  }
  for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
    StoreColumns<true>(avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i], b0), k),
                       avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i + 1], b1), k), nb, out);
  }
}

}  // namespace plinth::builtin::gemm
