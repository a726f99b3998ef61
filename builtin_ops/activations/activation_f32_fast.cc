// Portable float activation kernels, TANH and HARD_SWISH (scalar C++, the same operations as the
// AVX2 build), and the selection between ISAs. See activation_f32_fast.h for the error bounds.
#include "builtin_ops/activations/activation_f32_fast.h"

#include <cstdint>
#include <cstring>

#include "builtin_ops/activations/activation_f32_fast_math.h"

namespace plinth::builtin::act {
namespace {

// e^x in double for |x| <= kExpLimit (NaN passes through).
inline double ExpCore(double x) {
  x = x < -math::kExpLimit ? -math::kExpLimit : x;
  x = math::kExpLimit < x ? math::kExpLimit : x;
  const double t = x * math::kLog2e + math::kRoundMagic;
  const double n = t - math::kRoundMagic;
  const double r = (x - n * math::kLn2Hi) - n * math::kLn2Lo;
  double p = math::kExpPoly[0];
  for (int k = 1; k < 9; ++k) p = p * r + math::kExpPoly[k];
  p = p * r + 1.0;
  p = p * r + 1.0;
  uint64_t bits;
  std::memcpy(&bits, &t, sizeof(bits));
  bits = (bits << 52) + (uint64_t{1023} << 52);  // 2^n
  double scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return p * scale;
}

inline float Tanh(float xf) {
  const double x = static_cast<double>(xf);
  const double ax = x < 0 ? -x : x;
  const double z = x * x;
  double s = math::kTanhPoly[0];
  for (int k = 1; k < 6; ++k) s = s * z + math::kTanhPoly[k];
  const double series = (x * z) * s + x;
  const double e = ExpCore(2.0 * (math::kTanhLimit < ax ? math::kTanhLimit : ax));
  double ratio = (e - 1.0) / (e + 1.0);
  ratio = x < 0 ? -ratio : ratio;
  if (xf != xf) return xf;
  return static_cast<float>(ax < math::kTanhSeriesLimit ? series : ratio);
}

inline float HardSwish(float v) {
  float m = v + 3.f;
  m = 0.f < m ? m : 0.f;  // std::max(0.f, v + 3)
  m = m < 6.f ? m : 6.f;  // std::min(6.f, ...)
  return v * m / 6.f;
}

void TanhMap(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = Tanh(x[i]);
}
void HardSwishMap(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = HardSwish(x[i]);
}

}  // namespace

F32Kernels PortableF32Kernels() {
  F32Kernels k;
  // LOGISTIC and SOFTMAX stay on the reference loops at this level: one scalar double exp per
  // element is slower than glibc's expf (measured 3.5 ms vs 1.3 ms on 301k LOGISTIC inputs); the
  // same computation runs 8 lanes wide in the AVX2 build.
  k.tanh = &TanhMap;
  k.hard_swish = &HardSwishMap;
  return k;
}

F32Kernels SelectF32Kernels(gemm::Isa isa) {
  switch (isa) {
    case gemm::Isa::kReference:
      return {};
    case gemm::Isa::kAvx2Fma:
#if defined(PLINTH_HAVE_AVX2_KERNELS)
      return Avx2F32Kernels();
#endif
    case gemm::Isa::kPortable:
    case gemm::Isa::kNeon:  // no NEON variant yet: the portable kernels serve ARM
    case gemm::Isa::kNeonDot:
      break;
  }
  return PortableF32Kernels();
}

}  // namespace plinth::builtin::act
