// Integer GEMM micro-kernel, 4 rows x 16 columns, NEON: each step de-interleaves one pair-packed
// panel row (VLD2: the even-k and odd-k values of 8 columns) and multiplies-accumulates it with the
// pair of int16 values of each row (VMLAL.S16 by lane: widening products, wrapping int32 adds).
// Integer sums do not depend on order, so the result is the portable kernel's, bit for bit.
#include <arm_neon.h>

#include <cstring>

#include "builtin_ops/gemm/i16_gemm.h"

namespace plinth::builtin::gemm {

void I16Gemm4x16Neon(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                     int32_t* acc) {
  const int16_t* rows[kI16Mr];
  for (size_t i = 0; i < kI16Mr; ++i) rows[i] = a + (i < mr ? i : mr - 1) * a_stride;
  int32x4_t c[kI16Mr][4];
  for (size_t i = 0; i < kI16Mr; ++i) {
    for (size_t v = 0; v < 4; ++v) c[i][v] = vdupq_n_s32(0);
  }
  for (size_t k = 0; k < kp; k += 2, w += 32) {
    const int16x8x2_t lo = vld2q_s16(w);       // columns 0..7: val[0] even k, val[1] odd k
    const int16x8x2_t hi = vld2q_s16(w + 16);  // columns 8..15
    for (size_t i = 0; i < kI16Mr; ++i) {
      // The pair a[i][k], a[i][k + 1] as lanes 0 and 1 (little-endian).
      int32_t pair;
      std::memcpy(&pair, rows[i] + k, sizeof(pair));
      const int16x4_t x = vreinterpret_s16_s32(vdup_n_s32(pair));
      c[i][0] = vmlal_lane_s16(c[i][0], vget_low_s16(lo.val[0]), x, 0);
      c[i][0] = vmlal_lane_s16(c[i][0], vget_low_s16(lo.val[1]), x, 1);
      c[i][1] = vmlal_lane_s16(c[i][1], vget_high_s16(lo.val[0]), x, 0);
      c[i][1] = vmlal_lane_s16(c[i][1], vget_high_s16(lo.val[1]), x, 1);
      c[i][2] = vmlal_lane_s16(c[i][2], vget_low_s16(hi.val[0]), x, 0);
      c[i][2] = vmlal_lane_s16(c[i][2], vget_low_s16(hi.val[1]), x, 1);
      c[i][3] = vmlal_lane_s16(c[i][3], vget_high_s16(hi.val[0]), x, 0);
      c[i][3] = vmlal_lane_s16(c[i][3], vget_high_s16(hi.val[1]), x, 1);
    }
  }
  for (size_t i = 0; i < kI16Mr; ++i) {
    for (size_t v = 0; v < 4; ++v) vst1q_s32(acc + i * kI16Nr + 4 * v, c[i][v]);
  }
}

}  // namespace plinth::builtin::gemm
