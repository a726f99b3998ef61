// The indirect matrix-vector micro-kernels (I8IndirectGemvFn, i8_indirect_gemm.h) with
// AVX512-VNNI: one row against up to four packed panels, eight independent vpdpbusd sums, then
// the same in-register requantization as the 8x16 kernels.
#include <immintrin.h>

#include <algorithm>

#include "builtin_ops/gemm/i8_indirect_avx512vnni_lanes.h"
#include "builtin_ops/gemm/i8_indirect_gemm.h"
#include "builtin_ops/gemm/requant_avx2_lanes.h"

namespace plinth::builtin::gemm {
namespace {

using vnni::Load;
using vnni::Quad;
using vnni::StoreColumns;

// One row against P panels: c[2 p], c[2 p + 1] hold panel p's columns 0-7 and 8-15 (eight
// independent sums for four panels, enough to keep vpdpbusd's pipes busy).
template <bool kFlip, size_t P>
[[gnu::always_inline]] inline void AccumulateRow(const uint8_t* a, size_t c, const int8_t* w,
                                                 size_t stride, int32_t row_term, __m256i* acc) {
  __m256i s[2 * P];
  for (size_t j = 0; j < 2 * P; ++j) s[j] = _mm256_set1_epi32(row_term);
  for (size_t q = 0; q < c; q += 4, w += 4 * kI8DotNr) {
    const __m256i x = Quad<kFlip>(a + q);
    for (size_t p = 0; p < P; ++p) {
      s[2 * p] = _mm256_dpbusd_epi32(s[2 * p], x, Load(w + p * stride));
      s[2 * p + 1] = _mm256_dpbusd_epi32(s[2 * p + 1], x, Load(w + p * stride + 32));
    }
  }
  for (size_t j = 0; j < 2 * P; ++j) acc[j] = s[j];
}

template <bool kFlip>
void AccumulateRowPanels(const uint8_t* a, size_t c, const int8_t* w, size_t stride, size_t panels,
                         int32_t row_term, __m256i* acc) {
  switch (panels) {
    case 1:
      return AccumulateRow<kFlip, 1>(a, c, w, stride, row_term, acc);
    case 2:
      return AccumulateRow<kFlip, 2>(a, c, w, stride, row_term, acc);
    case 3:
      return AccumulateRow<kFlip, 3>(a, c, w, stride, row_term, acc);
    default:
      return AccumulateRow<kFlip, 4>(a, c, w, stride, row_term, acc);
  }
}

}  // namespace

void I8IndirectGemv1x64S8Avx512Vnni(const void* row, size_t c, const int8_t* w, size_t panel_stride,
                                    size_t n, int32_t row_term, const I16TileOutput& o) {
  const size_t panels = (n + kI8DotNr - 1) / kI8DotNr;
  __m256i acc[2 * kI8GemvPanels];
  AccumulateRowPanels<true>(static_cast<const uint8_t*>(row), c, w, panel_stride, panels, row_term,
                            acc);
  int8_t* out = static_cast<int8_t*>(o.out);
  for (size_t p = 0; p < panels; ++p) {
    const size_t j = p * kI8DotNr;
    const avx2::S8TileLanes requant0(o, j), requant1(o, j + 8);
    StoreColumns<false>(requant0(_mm256_add_epi32(acc[2 * p], Load(o.bias + j))),
                        requant1(_mm256_add_epi32(acc[2 * p + 1], Load(o.bias + j + 8))),
                        std::min(kI8DotNr, n - j), out + j);
  }
}

void I8IndirectGemv1x64U8Avx512Vnni(const void* row, size_t c, const int8_t* w, size_t panel_stride,
                                    size_t n, int32_t row_term, const I16TileOutput& o) {
  const size_t panels = (n + kI8DotNr - 1) / kI8DotNr;
  __m256i acc[2 * kI8GemvPanels];
  AccumulateRowPanels<false>(static_cast<const uint8_t*>(row), c, w, panel_stride, panels, row_term,
                             acc);
  const avx2::RequantU8Consts k =
      avx2::MakeRequantU8Consts(o.u8_multiplier, o.u8_shift, o.offset, o.qmin, o.qmax);
  uint8_t* out = static_cast<uint8_t*>(o.out);
  for (size_t p = 0; p < panels; ++p) {
    const size_t j = p * kI8DotNr;
    StoreColumns<true>(
        avx2::RequantU8Lanes(_mm256_add_epi32(acc[2 * p], Load(o.bias + j)), k),
        avx2::RequantU8Lanes(_mm256_add_epi32(acc[2 * p + 1], Load(o.bias + j + 8)), k),
        std::min(kI8DotNr, n - j), out + j);
  }
}

}  // namespace plinth::builtin::gemm
