// Vector and matrix routines of the recurrent kernels (LSTM, RNN, SVDF), in the order of operations
// of TFLite's portable tensor_utils, so float results track TFLite closely and the integer and
// hybrid ones are bit-exact: hybrid input quantization, int8 x int8 products with per-batch
// scales, the 8x8->16 LSTM's gate arithmetic, layer norm and activations on Q3.12 / Qm.n values.
#ifndef PLINTH_BUILTIN_OPS_SEQUENCE_SEQUENCE_MATH_H_
#define PLINTH_BUILTIN_OPS_SEQUENCE_SEQUENCE_MATH_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/common/quantization_util.h"
#include "plinth/plugin.h"

namespace plinth::builtin::seq {

// ---- float -------------------------------------------------------------------------------------

// result[b * rows + r] += sum_c m[r, c] * v[b, c]
inline void MatVecAccumulate(const float* m, int rows, int cols, const float* v, int batches,
                             float* result) {
  for (int b = 0; b < batches; ++b) {
    const float* vb = v + static_cast<size_t>(b) * cols;
    for (int r = 0; r < rows; ++r) {
      const float* row = m + static_cast<size_t>(r) * cols;
      float dot = 0.f;
      for (int c = 0; c < cols; ++c) dot += row[c] * vb[c];
      *result++ += dot;
    }
  }
}

inline bool IsZero(const float* v, int n) {
  for (int i = 0; i < n; ++i) {
    if (v[i] != 0.f) return false;
  }
  return true;
}

inline float Sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

// TFLite's ApplyActivationToVector for the recurrent kernels' `fused_activation_function`
// (SIGN_BIT is the sign bit: 1 for negative values, else 0).
inline float Activate(float x, int64_t activation) {
  switch (activation) {
    case PLINTH_ACTIVATION_RELU:
      return std::max(0.f, x);
    case PLINTH_ACTIVATION_RELU_N1_TO_1:
      return std::max(-1.f, std::min(x, 1.f));
    case PLINTH_ACTIVATION_RELU6:
      return std::max(0.f, std::min(x, 6.f));
    case PLINTH_ACTIVATION_TANH:
      return std::tanh(x);
    case PLINTH_ACTIVATION_SIGN_BIT:
      return std::signbit(x) ? 1.f : 0.f;
    default:
      return x;
  }
}
inline void ActivateVector(float* v, int n, int64_t activation) {
  if (activation == PLINTH_ACTIVATION_NONE) return;
  for (int i = 0; i < n; ++i) v[i] = Activate(v[i], activation);
}

// Per-row zero mean / unit variance with TFLite's 1e-8 guard.
inline void MeanStddevNormalize(float* x, int n, int batches) {
  for (int b = 0; b < batches; ++b, x += n) {
    float sum = 0.f;
    for (int i = 0; i < n; ++i) sum += x[i];
    const float mean = sum / n;
    float sum_diff_sq = 0.f;
    for (int i = 0; i < n; ++i) sum_diff_sq += (x[i] - mean) * (x[i] - mean);
    const float variance = sum_diff_sq / n;
    const float stddev_inv = 1.f / std::sqrt(variance + 1e-8f);
    for (int i = 0; i < n; ++i) x[i] = (x[i] - mean) * stddev_inv;
  }
}

inline void Clip(float* v, int n, float clip) {
  for (int i = 0; i < n; ++i) v[i] = std::max(-clip, std::min(v[i], clip));
}

// ---- hybrid (float activations, int8 weights) --------------------------------------------------

// TFLite's SymmetricQuantizeFloats: scale = max|v| / 127.
inline void SymmetricQuantize(const float* v, int n, int8_t* q, float* scale) {
  float lo = v[0], hi = v[0];
  for (int i = 1; i < n; ++i) {
    lo = std::min(lo, v[i]);
    hi = std::max(hi, v[i]);
  }
  const float range = std::max(std::abs(lo), std::abs(hi));
  if (range == 0) {
    std::memset(q, 0, static_cast<size_t>(n));
    *scale = 1;
    return;
  }
  *scale = range / 127;
  const float inv = 127 / range;
  for (int i = 0; i < n; ++i) {
    const int32_t r = static_cast<int32_t>(std::round(v[i] * inv));
    q[i] = static_cast<int8_t>(std::min(127, std::max(-127, r)));
  }
}

// TFLite's AsymmetricQuantizeFloats: [min(0, v), max(0, v)] onto [-128, 127], nudged zero point.
inline void AsymmetricQuantize(const float* v, int n, int8_t* q, float* scale, int32_t* offset) {
  float lo = v[0], hi = v[0];
  for (int i = 1; i < n; ++i) {
    lo = std::min(lo, v[i]);
    hi = std::max(hi, v[i]);
  }
  const double rmin = std::fmin(0, lo), rmax = std::fmax(0, hi);
  if (rmin == rmax) {
    std::memset(q, 0, static_cast<size_t>(n));
    *scale = 1;
    *offset = 0;
    return;
  }
  const double qmin = -128, qmax = 127;
  const double s = (rmax - rmin) / (qmax - qmin);
  const double zp_from_min = qmin - rmin / s;
  const double zp_from_max = qmax - rmax / s;
  const double zp_min_error = std::abs(qmin) + std::abs(rmin / s);
  const double zp_max_error = std::abs(qmax) + std::abs(rmax / s);
  const double zp = zp_min_error < zp_max_error ? zp_from_min : zp_from_max;
  int8_t nudged;
  if (zp <= qmin) {
    nudged = -128;
  } else if (zp >= qmax) {
    nudged = 127;
  } else {
    nudged = static_cast<int8_t>(std::round(zp));
  }
  *scale = static_cast<float>(s);
  *offset = nudged;
  const float inv = 1.0f / *scale;
  for (int i = 0; i < n; ++i) {
    const int32_t r = static_cast<int32_t>(std::round(*offset + v[i] * inv));
    q[i] = static_cast<int8_t>(std::min(127, std::max(-128, r)));
  }
}

// Quantizes each of `batches` rows of `n` values; offsets are written only when asymmetric.
inline void BatchQuantize(const float* v, int batches, int n, int8_t* q, float* scales,
                          int32_t* offsets, bool asymmetric) {
  for (int b = 0; b < batches; ++b) {
    const size_t at = static_cast<size_t>(b) * n;
    if (asymmetric) {
      AsymmetricQuantize(v + at, n, q + at, &scales[b], &offsets[b]);
    } else {
      SymmetricQuantize(v + at, n, q + at, &scales[b]);
    }
  }
}

// row_sums[r] = sum_c m[r, c]
inline void RowSums(const int8_t* m, int rows, int cols, int32_t* row_sums) {
  for (int r = 0; r < rows; ++r) {
    int32_t sum = 0;
    for (int c = 0; c < cols; ++c) sum += m[static_cast<size_t>(r) * cols + c];
    row_sums[r] = sum;
  }
}

// result[b * rows + r] += (sum_c m[r, c] * v[b, c] - row_sums[r] * offsets[b]) * scales[b];
// offsets null: symmetric inputs.
inline void HybridMatVecAccumulate(const int8_t* m, int rows, int cols, const int8_t* v,
                                   const float* scales, int batches, float* result,
                                   const int32_t* offsets, const int32_t* row_sums) {
  for (int b = 0; b < batches; ++b, v += cols) {
    const float scale = scales[b];
    const int8_t* row = m;
    for (int r = 0; r < rows; ++r) {
      int32_t dot = 0;
      for (int c = 0; c < cols; ++c, ++row) dot += *row * v[c];
      if (offsets != nullptr) dot -= row_sums[r] * offsets[b];
      *result++ += dot * scale;
    }
  }
}

// ---- integer LSTM (8-bit activations and weights, 16-bit gates and cell) -----------------------

// out[b, r] = clamp(out[b, r] + zp + M(bias[r] + sum_c w[r, c] * in[b, c]))
template <class T>
void IntMatVecAccumulate(const int8_t* input, const int32_t* bias, const int8_t* weights,
                         QuantizedMultiplier m, int batches, int n_input, int n_output,
                         int32_t output_zp, T* output) {
  const int32_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  for (int b = 0; b < batches; ++b) {
    for (int r = 0; r < n_output; ++r) {
      int32_t acc = bias[r];
      for (int c = 0; c < n_input; ++c) {
        acc += input[b * n_input + c] * weights[r * n_input + c];
      }
      acc = MultiplyByQuantizedMultiplier(acc, m);
      acc += output_zp;
      acc += output[b * n_output + r];
      output[b * n_output + r] = static_cast<T>(std::min(hi, std::max(lo, acc)));
    }
  }
}

// result[b, v] = sat16(result[b, v] + M(vector[v] * batch[b, v])); rows of `v_size` (TFLite
// passes n_output as v_size for the peepholes; the caller reproduces that).
inline void IntVectorBatchProductAccumulate(const int16_t* vector, int v_size,
                                            const int16_t* batch_vector, int batches,
                                            QuantizedMultiplier m, int16_t* result) {
  for (int b = 0; b < batches; ++b) {
    for (int v = 0; v < v_size; ++v) {
      int32_t prod = vector[v] * *batch_vector++;
      prod = MultiplyByQuantizedMultiplier(prod, m);
      const int32_t out = std::max(-32768, std::min(32767, prod + *result));
      *result++ = static_cast<int16_t>(out);
    }
  }
}

// gemmlowp-style 1/sqrt for the integer layer norm (TFLite's GetInvSqrtQuantizedMultiplierExp).
inline void InvSqrtQuantizedMultiplier(int32_t input, int reverse_shift, int32_t* multiplier,
                                       int* shift) {
  using namespace fixed_point;  // NOLINT
  if (input <= 1) {
    *multiplier = std::numeric_limits<int32_t>::max();
    *shift = 0;
    return;
  }
  *shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++*shift;
  }
  const unsigned max_left_shift_bits =
      static_cast<unsigned>(__builtin_clz(static_cast<uint32_t>(input))) - 1;
  const unsigned left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
  *shift -= static_cast<int>(left_shift_bit_pairs);
  input <<= 2 * left_shift_bit_pairs;
  using F3 = FixedPoint<int32_t, 3>;
  using F0 = FixedPoint<int32_t, 0>;
  const F3 fixed_input = F3::FromRaw(input >> 1);
  const F3 half_input = SaturatingRoundingMultiplyByPOT<-1>(fixed_input);
  const F3 half_three = F3::FromRaw((1 << 28) + (1 << 27));
  F3 x = F3::One();
  for (int i = 0; i < 5; ++i) {
    const F3 x3 = Rescale<3>(x * x * x);
    x = Rescale<3>(half_three * x - half_input * x3);
  }
  const F0 half_sqrt_2 = F0::FromRaw(1518500250);
  x = Rescale<3>(x * half_sqrt_2);
  *multiplier = x.raw();
  if (*shift < 0) {
    *multiplier <<= -*shift;
    *shift = 0;
  }
  *shift *= reverse_shift;
}

// TFLite's integer layer norm of each row, then * weight + bias and rescale to Q3.12.
inline void IntLayerNorm(const int16_t* input, const int16_t* weights, const int32_t* bias,
                         QuantizedMultiplier scale, int32_t variance_limit, int batches, int n,
                         int16_t* output) {
  constexpr int kTwoToPower20 = 1 << 20;
  for (int i = 0; i < batches; ++i) {
    int64_t sum = 0, sum_sq = 0;
    for (int j = 0; j < n; ++j) {
      const int32_t val = input[i * n + j];
      sum += val;
      sum_sq += val * val;
    }
    const int32_t mean = static_cast<int32_t>(sum * 1024 / n);
    const int32_t temp = kTwoToPower20 / n;
    const int64_t variance = sum_sq * temp - static_cast<int64_t>(mean) * mean;
    int32_t variance2 = static_cast<int32_t>(variance / kTwoToPower20);
    if (variance2 < 1) variance2 = variance_limit;
    int32_t inv_a;
    int inv_b;
    InvSqrtQuantizedMultiplier(variance2, -1, &inv_a, &inv_b);
    for (int j = 0; j < n; ++j) {
      const int32_t val = input[i * n + j];
      const int32_t shifted = 1024 * val - mean;
      const int32_t rescaled = MultiplyByQuantizedMultiplier(shifted, inv_a, inv_b);
      const int64_t val3 = static_cast<int64_t>(rescaled) * weights[j] + bias[j];
      const int32_t val4 = static_cast<int32_t>((val3 > 0 ? val3 + 512 : val3 - 512) / 1024);
      int32_t val5 = MultiplyByQuantizedMultiplier(val4, scale.multiplier, scale.shift + 12);
      val5 = std::min(std::max(-32768, val5), 32767);
      output[i * n + j] = static_cast<int16_t>(val5);
    }
  }
}

// Q3.12 -> Q0.15 logistic.
inline void IntSigmoid(int16_t* v, int n) {
  using namespace fixed_point;  // NOLINT
  for (int i = 0; i < n; ++i) {
    v[i] = Logistic(FixedPoint<int16_t, 3>::FromRaw(v[i])).raw();
  }
}

// Q(IntegerBits).(15 - IntegerBits) -> Q0.15 tanh; IntegerBits in [0, 6].
template <int IntegerBits>
void IntTanhImpl(const int16_t* in, int n, int16_t* out) {
  using namespace fixed_point;  // NOLINT
  for (int i = 0; i < n; ++i) {
    out[i] = Tanh(FixedPoint<int16_t, IntegerBits>::FromRaw(in[i])).raw();
  }
}
inline void IntTanh(int integer_bits, const int16_t* in, int n, int16_t* out) {
  switch (integer_bits) {
    case 0:
      IntTanhImpl<0>(in, n, out);
      break;
    case 1:
      IntTanhImpl<1>(in, n, out);
      break;
    case 2:
      IntTanhImpl<2>(in, n, out);
      break;
    case 3:
      IntTanhImpl<3>(in, n, out);
      break;
    case 4:
      IntTanhImpl<4>(in, n, out);
      break;
    case 5:
      IntTanhImpl<5>(in, n, out);
      break;
    case 6:
      IntTanhImpl<6>(in, n, out);
      break;
    default:
      break;
  }
}

// out = (a * b) / 2^shift, rounded.
inline void IntMulShift(const int16_t* a, const int16_t* b, int n, int shift, int16_t* out) {
  for (int i = 0; i < n; ++i) {
    const int32_t value = static_cast<int32_t>(a[i]) * b[i];
    out[i] = static_cast<int16_t>(fixed_point::RoundingDivideByPOT<int32_t>(value, shift));
  }
}

// out = clamp8(M(a * b) + zp)
inline void IntMulScaled(const int16_t* a, const int16_t* b, QuantizedMultiplier m, int n,
                         int32_t zp, int8_t* out) {
  for (int i = 0; i < n; ++i) {
    int32_t value = static_cast<int32_t>(a[i]) * b[i];
    value = MultiplyByQuantizedMultiplier(value, m) + zp;
    out[i] = static_cast<int8_t>(std::min(127, std::max(-128, value)));
  }
}

inline void IntAddSat(const int16_t* a, const int16_t* b, int n, int16_t* out) {
  for (int i = 0; i < n; ++i) {
    out[i] = static_cast<int16_t>(std::min(32767, std::max(-32768, a[i] + b[i])));
  }
}

template <class T>
void IntClip(T* v, int n, T clip) {
  for (int i = 0; i < n; ++i) v[i] = std::max<T>(static_cast<T>(-clip), std::min<T>(v[i], clip));
}

// 1 - x in Q0.15 (one is 32767).
inline void IntSub1(const int16_t* v, int n, int16_t* out) {
  for (int i = 0; i < n; ++i) out[i] = static_cast<int16_t>(32767 - v[i]);
}

// TFLite's CheckedLog2: the exponent of a power-of-two scale.
inline bool CheckedLog2(float x, int* log2_result) {
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float x_log2_rounded = std::round(x_log2);
  *log2_result = static_cast<int>(x_log2_rounded);
  return std::abs(x_log2 - x_log2_rounded) < 1e-3f;
}

}  // namespace plinth::builtin::seq

#endif  // PLINTH_BUILTIN_OPS_SEQUENCE_SEQUENCE_MATH_H_
