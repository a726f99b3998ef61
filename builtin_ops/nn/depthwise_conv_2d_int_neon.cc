// The integer depthwise channel loop for NEON: 8 channels at a time, the sum kept in two registers
// across the taps. Values are widened to int32 before the offsets are added and multiplied
// (VMUL.I32 keeps the low 32 bits, VADD wraps), so any offset gives the reference's wrapping int32
// sums, as the AVX2 loop does. The last n % 8 channels take the plain loop.
#include <arm_neon.h>

#include "builtin_ops/nn/depthwise_conv_2d_int.h"
#include "builtin_ops/nn/depthwise_conv_2d_int_taps.h"

namespace plinth::builtin::depthwise {
namespace {

inline int16x8_t Widen(const uint8_t* p) { return vreinterpretq_s16_u16(vmovl_u8(vld1_u8(p))); }
inline int16x8_t Widen(const int8_t* p) { return vmovl_s8(vld1_s8(p)); }

template <class T>
void Taps(const T* const* x, const T* const* w, int32_t taps, size_t c0, size_t n, int32_t io,
          int32_t fo, int32_t* acc) {
  const int32x4_t vio = vdupq_n_s32(io), vfo = vdupq_n_s32(fo);
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    int32x4_t sum0 = vdupq_n_s32(0), sum1 = vdupq_n_s32(0);
    for (int32_t t = 0; t < taps; ++t) {
      const int16x8_t xv = Widen(x[t] + c0 + j), wv = Widen(w[t] + c0 + j);
      const int32x4_t x0 = vaddq_s32(vmovl_s16(vget_low_s16(xv)), vio);
      const int32x4_t x1 = vaddq_s32(vmovl_s16(vget_high_s16(xv)), vio);
      const int32x4_t w0 = vaddq_s32(vmovl_s16(vget_low_s16(wv)), vfo);
      const int32x4_t w1 = vaddq_s32(vmovl_s16(vget_high_s16(wv)), vfo);
      sum0 = vmlaq_s32(sum0, x0, w0);
      sum1 = vmlaq_s32(sum1, x1, w1);
    }
    vst1q_s32(acc + j, sum0);
    vst1q_s32(acc + j + 4, sum1);
  }
  if (j < n) AccumulateTaps<T>(x, w, taps, c0 + j, n - j, io, fo, acc + j);
}

}  // namespace

void U8TapsNeon(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  Taps<uint8_t>(x, w, taps, c0, n, io, fo, acc);
}

void I8TapsNeon(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc) {
  Taps<int8_t>(x, w, taps, c0, n, io, fo, acc);
}

}  // namespace plinth::builtin::depthwise
