// AVX2 float activation kernels: eight floats per step, widened to two vectors of four doubles for
// exp and tanh (the same operations, in the same order, as the portable build; see
// activation_f32_fast.h). Masked loads and stores for the last elements.
#include <immintrin.h>

#include <cstdint>

#include "builtin_ops/activations/activation_f32_fast.h"
#include "builtin_ops/activations/activation_f32_fast_math.h"
#include "builtin_ops/gemm/f32_gemm_avx2_util.h"

namespace plinth::builtin::act {
namespace {

// e^x for four doubles (NaN passes through: vmaxpd / vminpd return their second operand).
inline __m256d ExpCore(__m256d x) {
  x = _mm256_max_pd(_mm256_set1_pd(-math::kExpLimit), x);
  x = _mm256_min_pd(_mm256_set1_pd(math::kExpLimit), x);
  const __m256d magic = _mm256_set1_pd(math::kRoundMagic);
  const __m256d t = _mm256_add_pd(_mm256_mul_pd(x, _mm256_set1_pd(math::kLog2e)), magic);
  const __m256d n = _mm256_sub_pd(t, magic);
  const __m256d r = _mm256_sub_pd(_mm256_sub_pd(x, _mm256_mul_pd(n, _mm256_set1_pd(math::kLn2Hi))),
                                  _mm256_mul_pd(n, _mm256_set1_pd(math::kLn2Lo)));
  __m256d p = _mm256_set1_pd(math::kExpPoly[0]);
  for (int k = 1; k < 9; ++k) {
    p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(math::kExpPoly[k]));
  }
  const __m256d one = _mm256_set1_pd(1.0);
  p = _mm256_add_pd(_mm256_mul_pd(p, r), one);
  p = _mm256_add_pd(_mm256_mul_pd(p, r), one);
  const __m256i scale = _mm256_add_epi64(_mm256_slli_epi64(_mm256_castpd_si256(t), 52),
                                         _mm256_set1_epi64x(int64_t{1023} << 52));
  return _mm256_mul_pd(p, _mm256_castsi256_pd(scale));
}

// Applies a double function to eight floats, rounding each result once to float.
template <class F>
inline __m256 OnDoubles(__m256 x, F f) {
  const __m128 lo = f(_mm256_cvtps_pd(_mm256_castps256_ps128(x)));
  const __m128 hi = f(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)));
  return _mm256_insertf128_ps(_mm256_castps128_ps256(lo), hi, 1);
}

inline __m256 Exp(__m256 x) {
  return OnDoubles(x, [](__m256d v) { return _mm256_cvtpd_ps(ExpCore(v)); });
}

inline __m256 Logistic(__m256 x) {
  const __m256 lower = _mm256_set1_ps(math::kLogisticLower);
  const __m256 below = _mm256_cmp_ps(x, lower, _CMP_LT_OQ);
  const __m256 neg = _mm256_xor_ps(x, _mm256_set1_ps(-0.f));
  const __m256 e = Exp(_mm256_blendv_ps(neg, x, below));
  const __m256 one = _mm256_set1_ps(1.f);
  const __m256 mid = _mm256_div_ps(one, _mm256_add_ps(one, e));
  const __m256 above = _mm256_cmp_ps(x, _mm256_set1_ps(math::kLogisticUpper), _CMP_GT_OQ);
  return _mm256_blendv_ps(_mm256_blendv_ps(mid, e, below), one, above);
}

inline __m128 TanhDoubles(__m256d x) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  const __m256d ax = _mm256_andnot_pd(sign, x);
  const __m256d z = _mm256_mul_pd(x, x);
  __m256d s = _mm256_set1_pd(math::kTanhPoly[0]);
  for (int k = 1; k < 6; ++k) {
    s = _mm256_add_pd(_mm256_mul_pd(s, z), _mm256_set1_pd(math::kTanhPoly[k]));
  }
  const __m256d series = _mm256_add_pd(_mm256_mul_pd(_mm256_mul_pd(x, z), s), x);
  const __m256d two_ax =
      _mm256_mul_pd(_mm256_set1_pd(2.0), _mm256_min_pd(_mm256_set1_pd(math::kTanhLimit), ax));
  const __m256d e = ExpCore(two_ax);
  const __m256d one = _mm256_set1_pd(1.0);
  __m256d ratio = _mm256_div_pd(_mm256_sub_pd(e, one), _mm256_add_pd(e, one));
  ratio = _mm256_or_pd(ratio, _mm256_and_pd(sign, x));  // ratio >= 0: take x's sign
  const __m256d small = _mm256_cmp_pd(ax, _mm256_set1_pd(math::kTanhSeriesLimit), _CMP_LT_OQ);
  __m256d y = _mm256_blendv_pd(ratio, series, small);
  y = _mm256_blendv_pd(y, x, _mm256_cmp_pd(x, x, _CMP_UNORD_Q));  // NaN stays NaN
  return _mm256_cvtpd_ps(y);
}

inline __m256 Tanh(__m256 x) { return OnDoubles(x, TanhDoubles); }

// The reference's 0.5f * x * (1.f + tanh(sqrt(2 / pi) * (x + 0.044715f * x * x * x))).
inline __m256 GeluTanh(__m256 x) {
  const __m256 cube =
      _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(math::kGeluCubic), x), x), x);
  const __m256 inner =
      _mm256_mul_ps(_mm256_set1_ps(math::kGeluSqrt2OverPi), _mm256_add_ps(x, cube));
  const __m256 t = Tanh(inner);
  return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x),
                       _mm256_add_ps(_mm256_set1_ps(1.f), t));
}

inline __m256 HardSwish(__m256 v) {
  __m256 m = _mm256_add_ps(v, _mm256_set1_ps(3.f));
  m = _mm256_max_ps(m, _mm256_setzero_ps());  // std::max(0.f, v + 3): NaN gives 0
  m = _mm256_min_ps(m, _mm256_set1_ps(6.f));  // std::min(6.f, m)
  return _mm256_div_ps(_mm256_mul_ps(v, m), _mm256_set1_ps(6.f));
}

template <__m256 (*kF)(__m256)>
void Map(const float* x, float* y, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, kF(_mm256_loadu_ps(x + i)));
  if (i < n) {
    const __m256i mask = gemm::avx2::FirstLanes(n - i);
    _mm256_maskstore_ps(y + i, mask, kF(_mm256_maskload_ps(x + i, mask)));
  }
}

void SoftmaxRow(const float* x, float* y, size_t n, float beta) {
  // The maximum does not depend on the order (the reference's std::max skips NaN; so does vmaxps
  // with the accumulator second).
  __m256 vmax = _mm256_set1_ps(-3.40282346638528859812e+38f);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) vmax = _mm256_max_ps(_mm256_loadu_ps(x + i), vmax);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, vmax);
  float max = lanes[0];
  for (int k = 1; k < 8; ++k) max = max < lanes[k] ? lanes[k] : max;
  for (; i < n; ++i) max = max < x[i] ? x[i] : max;
  const __m256 vm = _mm256_set1_ps(max), vb = _mm256_set1_ps(beta);
  for (i = 0; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(y + i, Exp(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), vm), vb)));
  }
  if (i < n) {
    const __m256i mask = gemm::avx2::FirstLanes(n - i);
    const __m256 v = _mm256_maskload_ps(x + i, mask);
    _mm256_maskstore_ps(y + i, mask, Exp(_mm256_mul_ps(_mm256_sub_ps(v, vm), vb)));
  }
  // The reference's sequential float sum (its rounding depends on the order).
  float sum = 0.f;
  for (i = 0; i < n; ++i) sum += y[i];
  const __m256 vs = _mm256_set1_ps(sum);
  for (i = 0; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i, _mm256_div_ps(_mm256_loadu_ps(y + i), vs));
  for (; i < n; ++i) y[i] = y[i] / sum;
}

}  // namespace

F32Kernels Avx2F32Kernels() {
  F32Kernels k;
  k.logistic = &Map<Logistic>;
  k.tanh = &Map<Tanh>;
  k.hard_swish = &Map<HardSwish>;
  k.gelu_tanh = &Map<GeluTanh>;
  k.softmax = &SoftmaxRow;
  return k;
}

}  // namespace plinth::builtin::act
