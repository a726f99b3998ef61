// The indirect dot-product micro-kernels (i8_indirect_gemm.h), 8 rows x 16 columns, with
// AVX512-VNNI on 256-bit registers: per quad of a tap's values, the panel's 16 columns x 4 depths
// (signed, two registers) and one broadcast quad of each tile row (unsigned: uint8 as stored, int8
// flipped by xor 0x80) feed vpdpbusd, four products per int32 lane. The requantizing variants
// finish in registers with the same lane arithmetic as the AVX2 requantization, a full panel's
// row as one 512-bit register (requant_avx512_lanes.h) and a half panel as one 256-bit register
// (requant_avx2_lanes.h), so their outputs are bit-identical to it.
#include <immintrin.h>

#include "builtin_ops/gemm/i8_dot_gemm.h"
#include "builtin_ops/gemm/i8_indirect_avx512vnni_lanes.h"
#include "builtin_ops/gemm/i8_indirect_gemm.h"
#include "builtin_ops/gemm/requant_avx2_lanes.h"
#include "builtin_ops/gemm/requant_avx512_lanes.h"

// GCC 12's 512-bit intrinsics pass a deliberately undefined vector as the unused merge source,
// which its own -W(maybe-)uninitialized then reports (GCC bug 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace plinth::builtin::gemm {
namespace {

using vnni::Load;
using vnni::Quad;
using vnni::StoreHalf;

// c[2 i], c[2 i + 1]: tile row i's sums for the panel's columns 0-7 and 8-15, plus its row term
// (kHalves 1: columns 0-7 only, for panels of 8 columns or fewer). Sixteen accumulators, the
// panel's two registers and a broadcast fit the 32 registers AVX-512 gives 256-bit code.
template <bool kFlip, size_t kHalves>
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
      const __m256i w0 = Load(w);
      const __m256i w1 = kHalves == 2 ? Load(w + 32) : w0;
#pragma GCC unroll 8
      for (size_t i = 0; i < kMr; ++i) {
        const __m256i x = Quad<kFlip>(a[i] + q);
        acc[2 * i] = _mm256_dpbusd_epi32(acc[2 * i], x, w0);
        if constexpr (kHalves == 2) acc[2 * i + 1] = _mm256_dpbusd_epi32(acc[2 * i + 1], x, w1);
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

// The sums of the columns an nb-column panel has, the rows flipped here where kFlip and the tile
// does not hold them flipped already.
template <bool kFlip>
[[gnu::always_inline]] inline void AccumulatePanel(const IndirectTile& tile, const int8_t* w,
                                                   const int32_t* row_terms, size_t nb,
                                                   __m256i* c) {
  const bool flip = kFlip && !tile.flipped;
  if (nb <= 8) {
    flip ? Accumulate<true, 1>(tile, w, row_terms, c) : Accumulate<false, 1>(tile, w, row_terms, c);
  } else {
    flip ? Accumulate<true, 2>(tile, w, row_terms, c) : Accumulate<false, 2>(tile, w, row_terms, c);
  }
}

}  // namespace

void I8IndirectGemm8x16S8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o) {
  __m256i c[2 * kI8IndirectMr];
  AccumulatePanel<true>(tile, w, row_terms, nb, c);
  int8_t* out = static_cast<int8_t*>(o.out);
  if (nb <= 8) {  // a panel's last 8 channels or fewer: the second half is padding
    const __m256i b0 = Load(o.bias);
    avx2::S8TileLanesFor(o, 0, 8, [&](auto variant) {
      const typename decltype(variant)::type requant0(o, 0);
      for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
        StoreHalf<false>(requant0(_mm256_add_epi32(c[2 * i], b0)), nb, out);
      }
    });
    return;
  }
  // A row's 16 columns as one 512-bit register: half the instructions of two 256-bit ones.
  const __m512i b = avx512::Load16(o.bias);
  const __mmask16 columns = static_cast<__mmask16>((uint32_t{1} << nb) - 1);
  const auto rows = [&](const auto& requant) {
    for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
      const __m512i x = _mm512_add_epi32(
          _mm512_inserti64x4(_mm512_castsi256_si512(c[2 * i]), c[2 * i + 1], 1), b);
      _mm_mask_storeu_epi8(out, columns, requant.Bytes(x));
    }
  };
  avx512::S8LanesFor(avx512::AnyLeftShift16(o.left_shift), o.qmin, o.qmax, [&](auto variant) {
    using Lanes = typename decltype(variant)::type;
    rows(Lanes(o.multiplier, o.left_shift, o.right_shift, o.round_mask, o.round_half, o.offset,
               o.qmin, o.qmax, avx512::Load16));
  });
}

void I8IndirectGemm8x16U8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o) {
  __m256i c[2 * kI8IndirectMr];
  AccumulatePanel<false>(tile, w, row_terms, nb, c);
  uint8_t* out = static_cast<uint8_t*>(o.out);
  if (nb <= 8) {  // a panel's last 8 channels or fewer: the second half is padding
    const __m256i b0 = Load(o.bias);
    const avx2::RequantU8Consts k =
        avx2::MakeRequantU8Consts(o.u8_multiplier, o.u8_shift, o.offset, o.qmin, o.qmax);
    for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
      StoreHalf<true>(avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i], b0), k), nb, out);
    }
    return;
  }
  const __m512i b = avx512::Load16(o.bias);
  const avx512::U8Lanes16 requant(o.u8_multiplier, o.u8_shift, o.offset, o.qmin, o.qmax);
  const __mmask16 columns = static_cast<__mmask16>((uint32_t{1} << nb) - 1);
  for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
    const __m512i x =
        _mm512_add_epi32(_mm512_inserti64x4(_mm512_castsi256_si512(c[2 * i]), c[2 * i + 1], 1), b);
    _mm_mask_storeu_epi8(out, columns, requant.Bytes(x));
  }
}

}  // namespace plinth::builtin::gemm
