// int8 and uint8 requantization with NEON (see requant_s8.h), bit-exact with the scalar code:
// - VQRDMULH computes (2ab + 2^31) >> 32, saturating INT32_MIN x INT32_MIN: exactly gemmlowp's
//   SaturatingRoundingDoublingHighMul, whose nudge rounds ties toward +infinity on both signs;
// - VRSHL by -e rounds ties up, RoundingDivideByPOT rounds them away from zero: subtracting one
//   from negative values first (saturating, and only when e > 0) moves their ties down;
// - VSHL by a positive count and VADD wrap, as the scalar left shift and offset do.
// uint8 (single rounding): 64-bit products (VMULL.S32), + 2^(s-1), arithmetic shift by s.
#include <arm_neon.h>

#include "builtin_ops/gemm/requant_s8.h"

namespace plinth::builtin::gemm {
namespace {

inline int32x4_t ScaleS8(int32x4_t x, int32x4_t m, int32x4_t left, int32x4_t neg_right) {
  x = vqrdmulhq_s32(vshlq_s32(x, left), m);
  // neg_right < 0 has the sign bit set: the fix-up is -1 for negative x, 0 otherwise.
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(x, neg_right), 31);
  return vrshlq_s32(vqaddq_s32(x, fixup), neg_right);
}

inline int32x4_t Load(const int32_t* acc, const int32_t* bias, size_t j) {
  int32x4_t x = vld1q_s32(acc + j);
  if (bias != nullptr) x = vaddq_s32(x, vld1q_s32(bias + j));
  return x;
}

inline int32x4_t ScaleU8(int32x4_t x, int32x2_t m, int64x2_t round, int64x2_t neg_shift) {
  const int64x2_t lo = vshlq_s64(vaddq_s64(vmull_s32(vget_low_s32(x), m), round), neg_shift);
  const int64x2_t hi = vshlq_s64(vaddq_s64(vmull_s32(vget_high_s32(x), m), round), neg_shift);
  return vcombine_s32(vmovn_s64(lo), vmovn_s64(hi));  // the low 32 bits, as the scalar cast
}

}  // namespace

size_t RequantizeS8Neon(const int32_t* acc, const int32_t* bias, const int32_t* multiplier,
                        const int32_t* left_shift, const int32_t* right_shift,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, int8_t* out) {
  const int32x4_t offset = vdupq_n_s32(output_offset);
  const int32x4_t lo = vdupq_n_s32(qmin), hi = vdupq_n_s32(qmax);
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    int32x4_t v[2];
    for (size_t h = 0; h < 2; ++h) {
      const size_t at = j + 4 * h;
      const int32x4_t x =
          ScaleS8(Load(acc, bias, at), vld1q_s32(multiplier + at), vld1q_s32(left_shift + at),
                  vnegq_s32(vld1q_s32(right_shift + at)));
      v[h] = vminq_s32(vmaxq_s32(vaddq_s32(x, offset), lo), hi);
    }
    // Clamped to [qmin, qmax] within int8: the narrowing keeps every value.
    vst1_s8(out + j, vmovn_s16(vcombine_s16(vmovn_s32(v[0]), vmovn_s32(v[1]))));
  }
  return j;
}

size_t RequantizeU8Neon(const int32_t* acc, const int32_t* bias, const RequantU8Params& p,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, uint8_t* out) {
  const int32x2_t m = vdup_n_s32(p.multiplier);
  const int64x2_t round = vdupq_n_s64(int64_t{1} << (p.total_shift - 1));
  const int64x2_t neg_shift = vdupq_n_s64(-p.total_shift);
  const int32x4_t offset = vdupq_n_s32(output_offset);
  const int32x4_t lo = vdupq_n_s32(qmin), hi = vdupq_n_s32(qmax);
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    int32x4_t v[2];
    for (size_t h = 0; h < 2; ++h) {
      const int32x4_t x = ScaleU8(Load(acc, bias, j + 4 * h), m, round, neg_shift);
      v[h] = vminq_s32(vmaxq_s32(vaddq_s32(x, offset), lo), hi);
    }
    // Clamped to [qmin, qmax] within uint8: the narrowing keeps every value.
    const int16x8_t v16 = vcombine_s16(vmovn_s32(v[0]), vmovn_s32(v[1]));
    vst1_u8(out + j, vmovn_u16(vreinterpretq_u16_s16(v16)));
  }
  return j;
}

}  // namespace plinth::builtin::gemm
