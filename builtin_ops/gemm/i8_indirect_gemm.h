// Indirect int8 dot-product GEMM for convolutions and fully connected layers (x86-64
// AVX512-VNNI): a tile's rows are output pixels (or batch rows) given as one pointer per filter
// tap to the tap's c contiguous NHWC input values (or to a row of zero points where the tap falls
// in the padding), so the kernel reads the input in place instead of a gathered copy of every
// window.
//
// vpdpbusd multiplies unsigned bytes by signed ones. The input is the unsigned operand a_u (uint8
// as stored; int8 xor 0x80, i.e. plus 128) and the filter the signed one w' (packed by
// PackI8DotTaps, i8_dot_gemm.h: [k / 4][16 columns][4] panels, each tap's channels padded to a
// quad). With ca_u the offset that takes a_u back to (value + input offset) and cw the filter's
// (gemm::DotOffset):
//   sum_k (a_u + ca_u)(w' + cw) = sum a_u w' + cw sum a_u + [ca_u colsum'_j + K ca_u cw]
// The bracket is a per-channel constant, folded with the bias once per node
// (I8IndirectColumnTerms); the row term cw sum a_u vanishes for the symmetric filters of int8
// models and comes from I8IndirectRowTerms otherwise. Everything wraps modulo 2^32, as the
// reference's int32 sums do.
#ifndef PLINTH_BUILTIN_OPS_GEMM_I8_INDIRECT_GEMM_H_
#define PLINTH_BUILTIN_OPS_GEMM_I8_INDIRECT_GEMM_H_

#include <cstddef>
#include <cstdint>

#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::gemm {

// Rows of a tile: 8 output pixels (twice the dot-product kernels' 4: every quad of the panel
// loaded serves 8 rows, and the per-tile epilogue setup is shared by 8).
constexpr size_t kI8IndirectMr = 8;

// The window rows of one tile: tap t of tile row i at rows[t * 8 + i] (rows past the tile's mr
// repeat its last), c values per tap. The kernels read whole quads, I8DotDepth(c) bytes per tap
// (the filter is zero past c: PackI8DotTaps), so those bytes must be readable.
// `flipped`: int8 rows stored as value ^ 0x80 already (a_u, as the convolution's padded copy
// holds them), so the int8 kernel reads them as uint8 ones; ignored for uint8 inputs.
struct IndirectTile {
  const void* const* rows = nullptr;
  size_t taps = 0, c = 0;
  bool flipped = false;
};

// The 8 x 16 tile of one packed panel: sum a_u w' + row_terms[i] (row_terms null: none) + o.bias
// (here the panel's column terms, I8IndirectColumnTerms), requantized and stored as the output
// type: int8 per-channel (o.multiplier...) for int8 inputs, uint8 per-tensor (o.u8_*) for uint8
// ones. Writes the first nb <= 16 columns of the mr rows (the tile's rows past mr repeat its
// last). The per-channel arrays must hold 16 values from the panel's first channel; [qmin, qmax]
// must lie within the output type (the stores narrow with saturating packs).
using I8IndirectGemmFn = void (*)(size_t mr, const IndirectTile& tile, const int8_t* w,
                                  const int32_t* row_terms, size_t nb, const I16TileOutput& o);

// The kernel for int8 (int8_input) or uint8 inputs, or null where the build and CPU have none.
I8IndirectGemmFn SelectI8IndirectGemm(Isa isa, bool int8_input);

// One row (a matrix-vector product: FULLY_CONNECTED on one batch row) against up to four
// consecutive packed panels, the first n <= 64 of their columns: the 8 x 16 tile would compute
// seven copies of the row. `row` holds c values (I8DotDepth(c) readable), the panels lie
// panel_stride values apart; o as for I8IndirectGemmFn, from the first panel's first column.
using I8IndirectGemvFn = void (*)(const void* row, size_t c, const int8_t* w, size_t panel_stride,
                                  size_t n, int32_t row_term, const I16TileOutput& o);
constexpr size_t kI8GemvPanels = 4;
// The gemv kernel for int8 or uint8 inputs, or null where the build and CPU have none.
I8IndirectGemvFn SelectI8IndirectGemv(Isa isa, bool int8_input);

#if defined(PLINTH_HAVE_AVX2_KERNELS)
void I8IndirectGemm8x16S8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o);
void I8IndirectGemm8x16U8Avx512Vnni(size_t mr, const IndirectTile& tile, const int8_t* w,
                                    const int32_t* row_terms, size_t nb, const I16TileOutput& o);
void I8IndirectGemv1x64S8Avx512Vnni(const void* row, size_t c, const int8_t* w, size_t panel_stride,
                                    size_t n, int32_t row_term, const I16TileOutput& o);
void I8IndirectGemv1x64U8Avx512Vnni(const void* row, size_t c, const int8_t* w, size_t panel_stride,
                                    size_t n, int32_t row_term, const I16TileOutput& o);
#endif

// The plain C++ statement of the kernels' sums before the column terms and the requantization:
// acc[i * 16 + j] = sum a_u w' + row_terms[i] (flip: int8 input, unless tile.flipped). Tests check
// it, plus the column terms, against the reference sums, and the kernels against the scalar
// requantization of those sums.
void I8IndirectGemm8x16Portable(bool flip, size_t mr, const IndirectTile& tile, const int8_t* w,
                                const int32_t* row_terms, int32_t* acc);

// ca_u for an input offset (the negated zero point): offset - 128 for int8 (a_u = value + 128),
// the offset itself for uint8 (a_u = value).
inline int32_t IndirectInputOffset(bool int8_input, int32_t offset) {
  return int8_input ? offset - 128 : offset;
}

// row_terms[i] = cw x the sum of tile row i's a_u, for i < 8 (wrapping; flip as above).
void I8IndirectRowTerms(bool flip, const IndirectTile& tile, int32_t cw, int32_t* row_terms);

// terms[j] = bias[j] + ca_u col_sums[j] + k ca_u cw (wrapping) for j < I8DotColumns(n), the
// packed columns (bias: n values, 0 past them; may be null).
void I8IndirectColumnTerms(size_t n, size_t k, const int32_t* col_sums, const int32_t* bias,
                           int32_t ca_u, int32_t cw, int32_t* terms);

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_I8_INDIRECT_GEMM_H_
