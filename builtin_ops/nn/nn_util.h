// Helpers shared by the nn/ kernels: TFLite's float activation clamp, the legacy per-tensor view of
// quantization parameters, convolution output multipliers, window padding, and the dynamic-range
// input quantization of hybrid kernels. Everything here reproduces TFLite's arithmetic exactly.
#ifndef PLINTH_BUILTIN_OPS_NN_NN_UTIL_H_
#define PLINTH_BUILTIN_OPS_NN_NN_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"

namespace plinth::builtin::nn {

// TFLite's CalculateActivationRange: the convolution, pooling and matmul kernels only clamp, so
// TANH and SIGN_BIT leave values unchanged there.
inline float Clamp(float x, FloatRange r) { return std::min(std::max(x, r.min), r.max); }

// Rejects activations outside the format's enum; the clamping kernels accept every listed one.
inline PlinthStatus ReadActivation(const KernelContext& ctx, int64_t* activation) {
  *activation = ctx.OptionInt("fused_activation_function");
  return CheckActivation(ctx, *activation);
}

// TfLiteTensor::params: the scale and zero point of a per-tensor quantized tensor; zero for
// per-channel and unquantized tensors (TFLite computes with these zeros too).
inline float LegacyScale(const Tensor& t) { return t.num_quant_params() == 1 ? t.scale(0) : 0.f; }
inline int32_t LegacyZeroPoint(const Tensor& t) {
  return t.num_quant_params() == 1 ? t.zero_point(0) : 0;
}

// Requires affine quantization parameters on a quantized kernel's tensor.
inline PlinthStatus CheckQuantized(const KernelContext& ctx, const Tensor& t, const char* what) {
  if (!t.is_quantized())
    return ctx.Error(what, " (", TypeName(t.type()), ") has no quantization parameters");
  return PLINTH_OK;
}

// Requires a single scale and zero point (activations are never per-channel).
inline PlinthStatus CheckPerTensor(const KernelContext& ctx, const Tensor& t, const char* what) {
  if (t.num_quant_params() != 1) {
    return ctx.Error(what, " (", TypeName(t.type()), ") needs one quantization scale, got ",
                     t.num_quant_params());
  }
  return PLINTH_OK;
}

// Requires zero points of 0 (symmetric int16 activations, per-channel weights).
inline PlinthStatus CheckZeroPoints(const KernelContext& ctx, const Tensor& t, const char* what) {
  for (int i = 0; i < t.num_quant_params(); ++i) {
    if (t.zero_point(i) != 0) {
      return ctx.Error(what, " must have zero point 0, got ", t.zero_point(i));
    }
  }
  return PLINTH_OK;
}

// Checks a filter's scales: one, or one per slice of `channels` along `axis`.
inline PlinthStatus CheckFilterScales(const KernelContext& ctx, const Tensor& filter, int axis,
                                      int32_t channels) {
  const int n = filter.num_quant_params();
  if (n == 1) return PLINTH_OK;
  if (n != channels || filter.quantized_dimension() != axis) {
    return ctx.Error("filter has ", n, " scales along dimension ", filter.quantized_dimension(),
                     "; expected 1 or ", channels, " along dimension ", axis);
  }
  return PLINTH_OK;
}

// From CONV_2D v8 (and in FULLY_CONNECTED / TRANSPOSE_CONV options) quantized_bias_type declares
// the bias type of 16x8 kernels; when set it must be INT32 or INT64 and match the bias given.
inline PlinthStatus CheckQuantizedBiasType(const KernelContext& ctx, const Tensor& bias) {
  const int64_t declared = ctx.OptionInt("quantized_bias_type");
  if (declared == PLINTH_FLOAT32) return PLINTH_OK;  // FLOAT32 (0) is the unset default
  const char* name = TypeName(static_cast<PlinthType>(declared));
  PLINTH_ENSURE(ctx, declared == PLINTH_INT32 || declared == PLINTH_INT64,
                "quantized_bias_type must be INT32 or INT64, got ", name);
  PLINTH_ENSURE(ctx, !bias || bias.type() == declared, "bias is ", TypeName(bias.type()),
                " but quantized_bias_type declares ", name);
  return PLINTH_OK;
}

// Scale of output channel c of a filter with one or per-channel scales.
inline float FilterScale(const Tensor& filter, int32_t c) {
  return filter.num_quant_params() > 1 ? filter.scale(c) : filter.scale(0);
}

// PopulateConvolutionQuantizationParams: per output channel, input * filter / output in double.
inline std::vector<QuantizedMultiplier> PerChannelMultipliers(float input_scale,
                                                              const Tensor& filter,
                                                              float output_scale,
                                                              int32_t channels) {
  std::vector<QuantizedMultiplier> m(static_cast<size_t>(channels));
  for (int32_t c = 0; c < channels; ++c) {
    const double effective = static_cast<double>(input_scale) *
                             static_cast<double>(FilterScale(filter, c)) /
                             static_cast<double>(output_scale);
    m[c] = QuantizeMultiplier(effective);
  }
  return m;
}

// GetQuantizedConvolutionMultipler: the per-tensor path multiplies the scales in float first and,
// with a bias, requires the bias scale to match input * filter within 2% of an output step.
inline PlinthStatus PerTensorMultiplier(const KernelContext& ctx, float input_scale,
                                        float filter_scale, const Tensor& bias, float output_scale,
                                        QuantizedMultiplier* out) {
  if (bias) {
    const double product = static_cast<double>(input_scale) * static_cast<double>(filter_scale);
    const double diff = std::abs(product - static_cast<double>(LegacyScale(bias)));
    PLINTH_ENSURE(ctx, diff / static_cast<double>(output_scale) <= 0.02, "bias scale ",
                  LegacyScale(bias), " does not match input scale x filter scale ", product);
  }
  const double product = static_cast<double>(input_scale * filter_scale);
  PLINTH_ENSURE(ctx, product >= 0, "negative input x filter scale");
  *out = QuantizeMultiplier(product / static_cast<double>(output_scale));
  return PLINTH_OK;
}

// CalculateActivationRangeQuantized on the output tensor, refusing activation bounds that do not
// fit an int32 in the output's scale (as TFLite does).
inline PlinthStatus QuantizedActivation(const KernelContext& ctx, int64_t activation,
                                        const Tensor& output, QuantizedRange* range) {
  const float scale = LegacyScale(output);
  std::vector<float> bounds;
  if (activation == PLINTH_ACTIVATION_RELU) bounds = {0.f};
  if (activation == PLINTH_ACTIVATION_RELU6) bounds = {0.f, 6.f};
  if (activation == PLINTH_ACTIVATION_RELU_N1_TO_1) bounds = {-1.f, 1.f};
  for (float bound : bounds) {
    const float q = std::round(bound / scale);
    PLINTH_ENSURE(ctx,
                  q >= static_cast<float>(std::numeric_limits<int32_t>::min()) &&
                      q <= static_cast<float>(std::numeric_limits<int32_t>::max()),
                  "output scale ", scale, " cannot represent the fused activation's bound ", bound);
  }
  *range = QuantizedActivationRange(activation, scale, LegacyZeroPoint(output),
                                    QMinOf(output.type()), QMaxOf(output.type()));
  return PLINTH_OK;
}

// One spatial dimension of a window op, computed as TFLite's ComputeOutSize and
// ComputePaddingWithOffset do (VALID with a window larger than the input is an error).
inline PlinthStatus WindowPadding(const KernelContext& ctx, int64_t padding, int32_t in,
                                  int32_t filter, int32_t stride, int32_t dilation, const char* dim,
                                  PaddedDim* out) {
  PLINTH_ENSURE(ctx, padding == PLINTH_PADDING_SAME || padding == PLINTH_PADDING_VALID,
                "unknown padding ", padding);
  PLINTH_ENSURE(ctx, stride > 0 && dilation > 0, dim, " stride and dilation must be positive");
  PLINTH_ENSURE(ctx, filter >= 0 && in >= 0, dim, " sizes must not be negative");
  const int64_t effective = (static_cast<int64_t>(filter) - 1) * dilation + 1;
  const int64_t size = padding == PLINTH_PADDING_SAME ? (int64_t{in} + stride - 1) / stride
                                                      : (int64_t{in} + stride - effective) / stride;
  PLINTH_ENSURE(ctx, size >= 0, dim, ": the window (", effective, ") is larger than the input (",
                in, ") with VALID padding");
  const int64_t total = std::max<int64_t>((size - 1) * stride + effective - in, 0);
  out->out = static_cast<int32_t>(size);
  out->pad_total = static_cast<int32_t>(total);
  out->pad_before = static_cast<int32_t>(total / 2);
  return PLINTH_OK;
}

// The input extent `out` windows cover along one dimension (rows or columns of a zero-point-padded
// copy of the input), and a padded copy's size in values, in double: hostile strides must not
// overflow the product (callers compare it with a cap before allocating).
inline int64_t WindowExtent(int32_t out, int32_t stride, int32_t k, int32_t dil) {
  return out <= 0 ? 0 : int64_t{out - 1} * stride + int64_t{k - 1} * dil + 1;
}
inline double PaddedCopySize(int32_t batches, int32_t out_h, int32_t out_w, int32_t c,
                             int32_t stride_h, int32_t stride_w, int32_t k_h, int32_t k_w,
                             int32_t dil_h, int32_t dil_w) {
  return static_cast<double>(batches) *
         static_cast<double>(WindowExtent(out_h, stride_h, k_h, dil_h)) *
         static_cast<double>(WindowExtent(out_w, stride_w, k_w, dil_w)) * static_cast<double>(c);
}

// Requests scratch memory in prepare; empty tensors still get a valid (one-byte) buffer.
inline int32_t RequestBuffer(const KernelContext& ctx, size_t bytes) {
  return ctx.RequestScratch(std::max<size_t>(bytes, 1));
}

// ---- dynamic-range (hybrid) input quantization: tensor_utils' portable kernels ----------------

// SymmetricQuantizeFloats: scale = max|x| / 127, values rounded half away from zero to [-127, 127].
// Returns the scaling factor (1 for an all-zero row).
inline float SymmetricQuantize(const float* x, int64_t n, int8_t* q) {
  if (n == 0) return 1.f;
  const auto [lo, hi] = std::minmax_element(x, x + n);
  const float range = std::max(std::abs(*lo), std::abs(*hi));
  if (range == 0) {
    std::memset(q, 0, static_cast<size_t>(n));
    return 1.f;
  }
  constexpr int32_t kScale = 127;
  const float inverse = kScale / range;
  for (int64_t i = 0; i < n; ++i) {
    const int32_t v = static_cast<int32_t>(std::round(x[i] * inverse));
    q[i] = static_cast<int8_t>(std::min(kScale, std::max(-kScale, v)));
  }
  return range / kScale;
}

// AsymmetricQuantizeFloats: the range [min(x, 0), max(x, 0)] onto [-128, 127] with a nudged zero
// point. TFLite (ai-edge-litert 1.4) computes the scale and zero point in float.
inline void AsymmetricQuantize(const float* x, int64_t n, int8_t* q, float* scale,
                               int32_t* offset) {
  constexpr int32_t kMin = -128, kMax = 127;
  const float qmin = kMin, qmax = kMax;
  float rmin = 0.f, rmax = 0.f;
  if (n > 0) {
    const auto [lo, hi] = std::minmax_element(x, x + n);
    rmin = std::min(0.0f, *lo);
    rmax = std::max(0.0f, *hi);
  }
  if (rmin == rmax) {
    std::memset(q, 0, static_cast<size_t>(n));
    *scale = 1;
    *offset = 0;
    return;
  }
  const float s = (rmax - rmin) / (qmax - qmin);
  const float zp_from_min = qmin - rmin / s;
  const float zp_from_max = qmax - rmax / s;
  const float zp_from_min_error = std::abs(qmin) + std::abs(rmin / s);
  const float zp_from_max_error = std::abs(qmax) + std::abs(rmax / s);
  const float zp = zp_from_min_error < zp_from_max_error ? zp_from_min : zp_from_max;
  int32_t nudged = 0;
  if (zp <= qmin) {
    nudged = kMin;
  } else if (zp >= qmax) {
    nudged = kMax;
  } else {
    nudged = static_cast<int32_t>(std::round(zp));
  }
  *scale = s;
  *offset = nudged;
  const float inverse = 1.0f / s;
  for (int64_t i = 0; i < n; ++i) {
    const int32_t v = static_cast<int32_t>(std::round(nudged + x[i] * inverse));
    q[i] = static_cast<int8_t>(std::min(kMax, std::max(kMin, v)));
  }
}

// Quantizes `rows` rows of `cols` floats, one scale (and offset, when asymmetric) per row.
inline void QuantizeRows(const float* x, int64_t rows, int64_t cols, bool asymmetric, int8_t* q,
                         float* scales, int32_t* offsets) {
  for (int64_t r = 0; r < rows; ++r) {
    if (asymmetric) {
      AsymmetricQuantize(x + r * cols, cols, q + r * cols, &scales[r], &offsets[r]);
    } else {
      scales[r] = SymmetricQuantize(x + r * cols, cols, q + r * cols);
      offsets[r] = 0;
    }
  }
}

}  // namespace plinth::builtin::nn

#endif  // PLINTH_BUILTIN_OPS_NN_NN_UTIL_H_
