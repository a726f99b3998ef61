// Portable float activation kernels (scalar C++, the same double operations as the AVX2 build)
// and the selection between ISAs. See activation_f32_fast.h for the error bounds.
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

inline float Exp(float x) { return static_cast<float>(ExpCore(static_cast<double>(x))); }

inline float Logistic(float x) {
  const float u = x < math::kLogisticLower ? x : -x;
  const float e = Exp(u);
  const float mid = 1.f / (1.f + e);
  if (x > math::kLogisticUpper) return 1.f;
  return x < math::kLogisticLower ? e : mid;
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

void LogisticMap(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = Logistic(x[i]);
}
void TanhMap(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = Tanh(x[i]);
}
void HardSwishMap(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = HardSwish(x[i]);
}

void SoftmaxRow(const float* x, float* y, size_t n, float beta) {
  // The reference's std::max from the lowest value (NaN inputs are skipped).
  float max = -3.40282346638528859812e+38f;
  for (size_t i = 0; i < n; ++i) max = max < x[i] ? x[i] : max;
  float sum = 0.f;
  for (size_t i = 0; i < n; ++i) {
    y[i] = Exp((x[i] - max) * beta);
    sum += y[i];
  }
  for (size_t i = 0; i < n; ++i) y[i] = y[i] / sum;
}

}  // namespace

F32Kernels PortableF32Kernels() {
  F32Kernels k;
  k.logistic = &LogisticMap;
  k.tanh = &TanhMap;
  k.hard_swish = &HardSwishMap;
  k.softmax = &SoftmaxRow;
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
      break;
  }
  return PortableF32Kernels();
}

}  // namespace plinth::builtin::act
