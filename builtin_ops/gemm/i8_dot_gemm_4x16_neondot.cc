// Dot-product integer GEMM micro-kernel, 4 rows x 16 columns, AArch64 SDOT (built with
// -march=armv8.2-a+dotprod, chosen only where HWCAP_ASIMDDP says the CPU has it). Each SDOT
// multiplies one packed panel vector (4 columns x 4 depths) by a quad of a row's values broadcast
// from a lane, adding four int8 products into each int32 lane. Integer sums do not depend on
// order, so the result is the portable kernel's, bit for bit.
#include <arm_neon.h>

#include <cstring>

#include "builtin_ops/gemm/i8_dot_gemm.h"

namespace plinth::builtin::gemm {
namespace {

// One depth quad of the panel (four vectors: columns 0-3, 4-7, 8-11, 12-15) against lane L of
// each row's vector x[i].
template <int L>
inline void Quad(const int8_t* w, const int8x16_t (&x)[kI8DotMr], int32x4_t (&c)[kI8DotMr][4]) {
  const int8x16_t w0 = vld1q_s8(w), w1 = vld1q_s8(w + 16);
  const int8x16_t w2 = vld1q_s8(w + 32), w3 = vld1q_s8(w + 48);
  for (size_t i = 0; i < kI8DotMr; ++i) {
    c[i][0] = vdotq_laneq_s32(c[i][0], w0, x[i], L);
    c[i][1] = vdotq_laneq_s32(c[i][1], w1, x[i], L);
    c[i][2] = vdotq_laneq_s32(c[i][2], w2, x[i], L);
    c[i][3] = vdotq_laneq_s32(c[i][3], w3, x[i], L);
  }
}

}  // namespace

void I8DotGemm4x16NeonDot(size_t mr, size_t kp, const int8_t* a, size_t a_stride, const int8_t* w,
                          int32_t* acc) {
  const int8_t* rows[kI8DotMr];
  for (size_t i = 0; i < kI8DotMr; ++i) rows[i] = a + (i < mr ? i : mr - 1) * a_stride;
  int32x4_t c[kI8DotMr][4];
  for (size_t i = 0; i < kI8DotMr; ++i) {
    for (size_t v = 0; v < 4; ++v) c[i][v] = vdupq_n_s32(0);
  }
  int8x16_t x[kI8DotMr];
  size_t k = 0;
  for (; k + 16 <= kp; k += 16, w += 16 * kI8DotNr) {  // four quads per load of each row
    for (size_t i = 0; i < kI8DotMr; ++i) x[i] = vld1q_s8(rows[i] + k);
    Quad<0>(w, x, c);
    Quad<1>(w + 64, x, c);
    Quad<2>(w + 128, x, c);
    Quad<3>(w + 192, x, c);
  }
  for (; k < kp; k += 4, w += 4 * kI8DotNr) {  // the last quads, one at a time
    for (size_t i = 0; i < kI8DotMr; ++i) {
      int32_t quad;
      std::memcpy(&quad, rows[i] + k, sizeof(quad));
      x[i] = vreinterpretq_s8_s32(vdupq_n_s32(quad));
    }
    Quad<0>(w, x, c);
  }
  for (size_t i = 0; i < kI8DotMr; ++i) {
    for (size_t v = 0; v < 4; ++v) vst1q_s32(acc + i * kI8DotNr + 4 * v, c[i][v]);
  }
}

}  // namespace plinth::builtin::gemm
