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

// erfc of kN vectors of four doubles (activation_f32_fast_math.h). Clenshaw's recurrence is a
// chain of dependent steps, so several independent chains run side by side, with FMA. NaN stays
// NaN or becomes a number; the caller's 0.5f * x * erfc is NaN either way.
template <int kN>
inline void ErfcDoubles(__m256d (&t)[kN]) {
  const __m256d two = _mm256_set1_pd(2.0);
  __m256d z[kN], tt[kN], s2[kN], b1[kN], b2[kN];
  for (int i = 0; i < kN; ++i) {
    z[i] = _mm256_andnot_pd(_mm256_set1_pd(-0.0), t[i]);
    tt[i] = _mm256_div_pd(two, _mm256_add_pd(two, z[i]));
    s2[i] = _mm256_sub_pd(_mm256_mul_pd(_mm256_set1_pd(4.0), tt[i]), two);  // 2s, s = 2tt - 1
    b1[i] = b2[i] = _mm256_setzero_pd();
  }
  for (int k = math::kErfcTerms - 1; k >= 1; --k) {
    const __m256d c = _mm256_set1_pd(math::kErfcCheb[k]);
    for (int i = 0; i < kN; ++i) {
      const __m256d b0 = _mm256_fmadd_pd(s2[i], b1[i], _mm256_sub_pd(c, b2[i]));
      b2[i] = b1[i];
      b1[i] = b0;
    }
  }
  const __m256d c0 = _mm256_set1_pd(math::kErfcCheb[0]);
  for (int i = 0; i < kN; ++i) {
    // G = s * b1 - b2 + c0, with s = s2 / 2.
    const __m256d g =
        _mm256_fmadd_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), s2[i]), b1[i], _mm256_sub_pd(c0, b2[i]));
    // z = inf: exp's argument is clamped and tt is 0, so erfc(+inf) = 0 and erfc(-inf) = 2.
    const __m256d e = _mm256_mul_pd(tt[i], ExpCore(_mm256_fnmadd_pd(z[i], z[i], g)));
    const __m256d negative = _mm256_cmp_pd(t[i], _mm256_setzero_pd(), _CMP_LT_OQ);
    t[i] = _mm256_blendv_pd(e, _mm256_sub_pd(two, e), negative);
  }
}

// The reference's 0.5f * x * erfc(x * float(-sqrt(1/2))) for kN vectors of eight floats, erfc
// rounded once from double.
template <int kN>
inline void GeluErf(__m256 (&x)[kN]) {
  __m256d t[2 * kN];
  for (int i = 0; i < kN; ++i) {
    const __m256 ts = _mm256_mul_ps(x[i], _mm256_set1_ps(math::kGeluMinusSqrtHalf));
    t[2 * i] = _mm256_cvtps_pd(_mm256_castps256_ps128(ts));
    t[2 * i + 1] = _mm256_cvtps_pd(_mm256_extractf128_ps(ts, 1));
  }
  ErfcDoubles<2 * kN>(t);
  for (int i = 0; i < kN; ++i) {
    const __m256 e = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(t[2 * i])),
                                          _mm256_cvtpd_ps(t[2 * i + 1]), 1);
    x[i] = _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x[i]), e);
  }
}

// GELU (exact) over n floats: 16 at a time (four erfc chains), then 8, then a masked tail.
void GeluErfMap(const float* x, float* y, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256 v[2] = {_mm256_loadu_ps(x + i), _mm256_loadu_ps(x + i + 8)};
    GeluErf<2>(v);
    _mm256_storeu_ps(y + i, v[0]);
    _mm256_storeu_ps(y + i + 8, v[1]);
  }
  for (; i < n; i += 8) {
    const __m256i mask = gemm::avx2::FirstLanes(n - i < 8 ? n - i : 8);
    __m256 v[1] = {_mm256_maskload_ps(x + i, mask)};
    GeluErf<1>(v);
    _mm256_maskstore_ps(y + i, mask, v[0]);
  }
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
  k.gelu_erf = &GeluErfMap;
  k.softmax = &SoftmaxRow;
  return k;
}

}  // namespace plinth::builtin::act
