// NEON helpers shared by the float micro-kernels (include only from *_neon*.cc files).
#ifndef PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_NEON_UTIL_H_
#define PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_NEON_UTIL_H_

#include <arm_neon.h>

namespace plinth::builtin::gemm::neon {

// acc + x * w. Exact: the product is rounded, then added (the reference kernels' bits). Fused:
// one rounding (AArch64 FMLA); 32-bit ARM with plain NEON has no fused multiply-add (VFPv4
// is not assumed), so its fused build is the exact one.
template <bool kFused>
inline float32x4_t Madd(float32x4_t acc, float32x4_t x, float32x4_t w) {
#if defined(__aarch64__)
  if constexpr (kFused) return vfmaq_f32(acc, x, w);
#endif
  return vaddq_f32(acc, vmulq_f32(x, w));
}

// std::min(std::max(v, lo), hi) lane by lane, as nn::Clamp computes it: NaN and -0.0 pass through
// unchanged (FMAX/FMIN would turn -0.0 into +0.0 against a zero bound).
inline float32x4_t Clamp(float32x4_t v, float32x4_t lo, float32x4_t hi) {
  v = vbslq_f32(vcltq_f32(v, lo), lo, v);
  return vbslq_f32(vcltq_f32(hi, v), hi, v);
}

}  // namespace plinth::builtin::gemm::neon

#endif  // PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_NEON_UTIL_H_
