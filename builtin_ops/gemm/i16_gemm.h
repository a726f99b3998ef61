// Integer GEMM micro-kernels for the quantized convolutions: int16 operands (uint8/int8 values with
// their zero-point offsets already applied, so |v| <= 255), products summed in pairs and
// accumulated in int32 with two's complement wrap-around, exactly as TFLite's reference kernels
// wrap. Integer sums do not depend on order, so every kernel here gives bit-identical results.
//
// A tile: acc[i][j] for i < mr (<= 4) rows of A and j < 16 columns of one packed panel:
//   acc[i][j] = sum over k < kp of a[i][k] * W[k][j]
// A rows are int16, kp (even) values each; W is packed by PackI16 into panels of 16 columns, each
// kp / 2 pairs of rows stored as [k / 2][16 columns][2], zero padded past n and k.
#ifndef PLINTH_BUILTIN_OPS_GEMM_I16_GEMM_H_
#define PLINTH_BUILTIN_OPS_GEMM_I16_GEMM_H_

#include <cstddef>
#include <cstdint>
#include <limits>

#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::gemm {

constexpr size_t kI16Mr = 4, kI16Nr = 16;

// Writes acc[i * 16 + j] for all 4 x 16 (rows past mr repeat row mr - 1).
using I16GemmFn = void (*)(size_t mr, size_t kp, const int16_t* a, size_t a_stride,
                           const int16_t* w, int32_t* acc);

I16GemmFn SelectI16Gemm(Isa isa);

void I16Gemm4x16Portable(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                         int32_t* acc);
#if defined(PLINTH_HAVE_AVX2_KERNELS)
void I16Gemm4x16Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                     int32_t* acc);
#endif
#if defined(PLINTH_HAVE_NEON_KERNELS)
void I16Gemm4x16Neon(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                     int32_t* acc);
#endif

// Micro-kernels that requantize their tile in registers (a full 16-column panel): what
// nn::FinishIntegerTile makes of I16GemmFn's sums, written straight to the int8 / uint8 outputs.
struct I16TileOutput {
  const int32_t* bias = nullptr;  // the panel's biases (16, or 8 for `half`), or null
  // int8: the panel's per-channel parameters (RequantS8Vectors' arrays at its first channel).
  const int32_t *multiplier = nullptr, *left_shift = nullptr, *right_shift = nullptr;
  const int32_t *round_mask = nullptr, *round_half = nullptr;
  // uint8: the one multiplier and total shift (RequantU8Params).
  int32_t u8_multiplier = 0, u8_shift = 0;
  int32_t offset = 0, qmin = 0, qmax = 0;  // output zero point and clamp range
  void* out = nullptr;                     // row i at out + i * out_stride elements
  size_t out_stride = 0;
};
using I16GemmRequantFn = void (*)(size_t mr, size_t kp, const int16_t* a, size_t a_stride,
                                  const int16_t* w, const I16TileOutput& o);

// The requantizing kernels for int8 (per-channel) or uint8 outputs on this ISA: `full` for a
// 16-column panel, `half` for a panel of 8 (computing only those); null where the ISA has none
// (then I16GemmFn and nn::FinishIntegerTile serve). The caller checks that [qmin, qmax] lies within
// the output type (the kernels narrow with saturating packs) and that the vector parameters are
// usable.
struct I16GemmRequant {
  I16GemmRequantFn full = nullptr, half = nullptr;
};
I16GemmRequant SelectI16GemmS8(Isa isa);
I16GemmRequant SelectI16GemmU8(Isa isa);
#if defined(PLINTH_HAVE_AVX2_KERNELS)
void I16Gemm4x16S8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                       const I16TileOutput& o);
void I16Gemm4x16U8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                       const I16TileOutput& o);
void I16Gemm4x8S8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                      const I16TileOutput& o);
void I16Gemm4x8U8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                      const I16TileOutput& o);
#endif

// True when every value of T plus `offset` (a negated zero point) stays within [-255, 255]: what
// the kernels multiply exactly (two products summed cannot overflow int32 or saturate vpmaddwd).
// A zero point outside its type's range (the loader does not refuse one) fails this.
template <class T>
bool I16OffsetFits(int32_t offset) {
  // In 64 bits: a hostile offset near INT32_MIN must not overflow the check itself.
  return int64_t{std::numeric_limits<T>::min()} + offset >= -255 &&
         int64_t{std::numeric_limits<T>::max()} + offset <= 255;
}

// k rounded up to whole pairs, and the int16 values of a packed n x k matrix.
inline size_t I16Depth(size_t k) { return (k + 1) / 2 * 2; }
inline size_t PackedI16Size(size_t n, size_t k) {
  return (n + kI16Nr - 1) / kI16Nr * kI16Nr * I16Depth(k);
}

// Packs W[k][j] = w[j * k_total + k] + offset (a [n][k] filter: OHWI rows per output channel).
void PackI16(size_t n, size_t k, const uint8_t* w, int32_t offset, int16_t* packed);
void PackI16(size_t n, size_t k, const int8_t* w, int32_t offset, int16_t* packed);

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_I16_GEMM_H_
