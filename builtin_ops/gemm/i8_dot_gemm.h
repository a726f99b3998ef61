// Integer GEMM with the int8 dot-product instructions (AArch64 SDOT, ARMv8.2 ASIMDDP; x86-64
// AVX512-VNNI's vpdpbusd, which takes one unsigned operand: see its kernel): the
// operands are the raw 8-bit values as int8 (uint8 values minus 128), four products per int32
// lane and instruction, and the zero points are applied afterwards from row and column sums:
//   sum_k (a'_k + ca) (w'_k + cw) = sum_k a'_k w'_k + cw sum_k a'_k + ca sum_k w'_k + K ca cw
// The identity holds modulo 2^32, so the result wraps exactly as the reference's int32 sums do:
// bit-exact with the reference kernels and with the int16-pair kernels (i16_gemm.h).
//
// A tile: acc[i][j] = sum over k < kp of a[i][k] * W[k][j] for i < mr (<= 4) rows of A and j < 16
// columns of one packed panel. A rows are int8, kp (a multiple of 4) values each; W is packed by
// PackI8Dot into panels of 16 columns, each kp / 4 quads of rows stored as [k / 4][16 columns][4],
// zero padded past n and k.
#ifndef PLINTH_BUILTIN_OPS_GEMM_I8_DOT_GEMM_H_
#define PLINTH_BUILTIN_OPS_GEMM_I8_DOT_GEMM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::gemm {

constexpr size_t kI8DotMr = 4, kI8DotNr = 16;

// Writes the raw sums acc[i * 16 + j] for all 4 x 16 (rows past mr repeat row mr - 1), plus
// row_excess x the row's sum of operands where the kernel's instruction carries that (I8DotGemm).
using I8DotGemmFn = void (*)(size_t mr, size_t kp, const int8_t* a, size_t a_stride,
                             const int8_t* w, int32_t* acc);

// A dot-product kernel and the multiple of each row's operand sum its sums carry on top of
// sum a' w': 0 for SDOT; 128 for vpdpbusd, which multiplies unsigned bytes and so sums
// (w' + 128) a'. ApplyDotOffsets takes it off with the row sums the caller has anyway.
struct I8DotGemm {
  I8DotGemmFn fn = nullptr;
  int32_t row_excess = 0;
};

// The dot-product kernel for `isa` and a GEMM of depth k, or null where this build or CPU has
// none (then the int16-pair kernels serve). AVX512-VNNI's serves from a depth of kVnniMinDepth:
// below it the int16-pair kernels with their in-register requantization measured faster (its
// tiles go through the row sums, the offset correction and the separate requantization).
constexpr size_t kVnniMinDepth = 256;
I8DotGemm SelectI8DotGemm(Isa isa, size_t k);

// The plain C++ statement of what the dot-product kernels compute (tests compare against it).
void I8DotGemm4x16Portable(size_t mr, size_t kp, const int8_t* a, size_t a_stride, const int8_t* w,
                           int32_t* acc);
#if defined(PLINTH_HAVE_AVX2_KERNELS)
void I8DotGemm4x16Avx512Vnni(size_t mr, size_t kp, const int8_t* a, size_t a_stride,
                             const int8_t* w, int32_t* acc);
#endif
#if defined(PLINTH_HAVE_NEONDOT_KERNELS)
void I8DotGemm4x16NeonDot(size_t mr, size_t kp, const int8_t* a, size_t a_stride, const int8_t* w,
                          int32_t* acc);
#endif

// k rounded up to whole quads, and the int8 values of a packed n x k matrix.
inline size_t I8DotDepth(size_t k) { return (k + 3) / 4 * 4; }
inline size_t I8DotColumns(size_t n) { return (n + kI8DotNr - 1) / kI8DotNr * kI8DotNr; }
inline size_t PackedI8DotSize(size_t n, size_t k) { return I8DotColumns(n) * I8DotDepth(k); }

// The kernels' operand for a stored value: int8 as it is, uint8 minus 128.
inline int8_t DotOperand(int8_t v) { return v; }
inline int8_t DotOperand(uint8_t v) { return static_cast<int8_t>(static_cast<int32_t>(v) - 128); }

// What the identity adds to an operand to get (value + offset), offset being the negated zero
// point the reference adds: uint8 operands are the values minus 128.
inline int32_t DotOffset(bool uint8_operands, int32_t offset) {
  return uint8_operands ? offset + 128 : offset;
}

// Packs W[k][j] = DotOperand(w[j * k_total + k]) (a [n][k] filter: OHWI rows per output channel)
// and col_sums[j] = sum over k of W[k][j], for j < I8DotColumns(n) (zero past n).
void PackI8Dot(size_t n, size_t k, const uint8_t* w, int8_t* packed, int32_t* col_sums);
void PackI8Dot(size_t n, size_t k, const int8_t* w, int8_t* packed, int32_t* col_sums);

// A filter packed once per model for the dot-product kernels, with its column sums.
struct PackedI8Dot {
  std::vector<int8_t> weights;
  std::vector<int32_t> col_sums;
  size_t bytes() const { return weights.size() + col_sums.size() * sizeof(int32_t); }
};
template <class T>
PackedI8Dot* MakePackedI8Dot(size_t n, size_t k, const T* w) {
  auto* p = new PackedI8Dot;
  p->weights.resize(PackedI8DotSize(n, k));
  p->col_sums.resize(I8DotColumns(n));
  PackI8Dot(n, k, w, p->weights.data(), p->col_sums.data());
  return p;
}

// The same for a filter of `taps` x c values per column whose taps each start on a quad: every
// tap's c channels are padded with zeros to I8DotDepth(c), so the depth is taps x I8DotDepth(c)
// (the indirect kernels read whole quads per tap, i8_indirect_gemm.h).
void PackI8DotTaps(size_t n, size_t taps, size_t c, const uint8_t* w, int8_t* packed,
                   int32_t* col_sums);
void PackI8DotTaps(size_t n, size_t taps, size_t c, const int8_t* w, int8_t* packed,
                   int32_t* col_sums);
template <class T>
PackedI8Dot* MakePackedI8DotTaps(size_t n, size_t taps, size_t c, const T* w) {
  auto* p = new PackedI8Dot;
  p->weights.resize(PackedI8DotSize(n, taps * I8DotDepth(c)));
  p->col_sums.resize(I8DotColumns(n));
  PackI8DotTaps(n, taps, c, w, p->weights.data(), p->col_sums.data());
  return p;
}

// Turns a tile's sums into the sums of offset products (wrapping, as the identity above):
// acc[i][j] += (cw - row_excess) * row_sums[i] + ca * col_sums[j] + k * ca * cw for i < mr,
// j < 16 (row_excess: the kernel's, I8DotGemm).
void ApplyDotOffsets(size_t mr, size_t k, const int32_t* row_sums, const int32_t* col_sums,
                     int32_t ca, int32_t cw, int32_t row_excess, int32_t* acc);

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_I8_DOT_GEMM_H_
