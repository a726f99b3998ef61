// TFLite's conventions shared by the elementwise, activation and quantization kernels: fused
// activations applied the way TFLite applies them, quantization-parameter checks, power-of-two
// scales and the multiplier helpers the reference kernels use.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_ELEMENTWISE_UTIL_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_ELEMENTWISE_UTIL_H_

#include <cmath>
#include <cstdint>
#include <limits>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"

namespace plinth::builtin {

// TFLite's CalculateActivationRange<T>: the RELU family clamps, anything else (NONE, TANH,
// SIGN_BIT) leaves [lowest, max] of T. Used for float and plain-integer outputs.
template <class T>
void ActivationBounds(int64_t activation, T* lo, T* hi) {
  *lo = std::numeric_limits<T>::lowest();
  *hi = std::numeric_limits<T>::max();
  if (activation == PLINTH_ACTIVATION_RELU) *lo = 0;
  if (activation == PLINTH_ACTIVATION_RELU6) *lo = 0, *hi = 6;
  if (activation == PLINTH_ACTIVATION_RELU_N1_TO_1) *lo = -1, *hi = 1;
}

// TFLite's CalculateActivationRangeQuantized: NONE and the RELU family; TANH and SIGN_BIT have no
// quantized form and are refused.
inline PlinthStatus QuantizedActivation(const KernelContext& ctx, int64_t activation,
                                        const Tensor& output, QuantizedRange* range) {
  PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation));
  if (activation == PLINTH_ACTIVATION_TANH || activation == PLINTH_ACTIVATION_SIGN_BIT) {
    return ctx.Error("fused activation ",
                     activation == PLINTH_ACTIVATION_TANH ? "TANH" : "SIGN_BIT",
                     " is not supported for quantized outputs");
  }
  *range = QuantizedActivationRange(activation, output.scale(), output.zero_point(),
                                    QMinOf(output.type()), QMaxOf(output.type()));
  return PLINTH_OK;
}

// Checks that a tensor carries per-tensor quantization with a positive, finite scale and a zero
// point inside its type's range.
inline PlinthStatus CheckPerTensorQuantized(const KernelContext& ctx, const Tensor& t,
                                            const char* what) {
  if (!t.is_quantized()) {
    return ctx.Error(what, " (", TypeName(t.type()), ") needs quantization parameters");
  }
  if (t.num_quant_params() != 1) {
    return ctx.Error(what, " must be quantized per tensor, got ", t.num_quant_params(), " scales");
  }
  if (!(t.scale() > 0.f) || !std::isfinite(t.scale())) {
    return ctx.Error(what, " has invalid scale ", t.scale());
  }
  if (t.zero_point() < QMinOf(t.type()) || t.zero_point() > QMaxOf(t.type())) {
    return ctx.Error(what, " zero point ", t.zero_point(), " is outside the ", TypeName(t.type()),
                     " range");
  }
  return PLINTH_OK;
}

// Checks a symmetric (zero point 0) quantization, as TFLite's int16 kernels require.
inline PlinthStatus CheckZeroPointIsZero(const KernelContext& ctx, const Tensor& t,
                                         const char* what) {
  if (t.zero_point() != 0) {
    return ctx.Error(what, " must have zero point 0 for ", TypeName(t.type()), ", got ",
                     t.zero_point());
  }
  return PLINTH_OK;
}

// TFLite's CheckedLog2: the rounded log2 of x, and whether x is (within 1e-3) a power of two.
inline bool CheckedLog2(float x, int* log2_result) {
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float x_log2_rounded = std::round(x_log2);
  const float x_log2_fracpart = x_log2 - x_log2_rounded;
  *log2_result = static_cast<int>(x_log2_rounded);
  return std::abs(x_log2_fracpart) < 1e-3f;
}

// TFLite's QuantizeMultiplierSmallerThanOneExp: the multiplier must lie in (0, 1).
inline PlinthStatus QuantizeMultiplierBelowOne(const KernelContext& ctx, double real,
                                               const char* what, QuantizedMultiplier* out) {
  if (!(real > 0.0 && real < 1.0)) {
    return ctx.Error(what, " multiplier ", real, " must be in (0, 1); check the scales");
  }
  *out = QuantizeMultiplier(real);
  return PLINTH_OK;
}

// TFLite's QuantizeMultiplierGreaterThanOne: the multiplier must be above one.
inline PlinthStatus QuantizeMultiplierAboveOne(const KernelContext& ctx, double real,
                                               const char* what, QuantizedMultiplier* out) {
  if (!(real > 1.0) || !std::isfinite(real)) {
    return ctx.Error(what, " multiplier ", real, " must be above 1; check the scales");
  }
  *out = QuantizeMultiplier(real);
  return PLINTH_OK;
}

// Clamps a 32-bit value into [lo, hi].
inline int32_t Clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

// Checks input and output counts.
inline PlinthStatus CheckArity(const KernelContext& ctx, int inputs, int outputs) {
  if (ctx.num_inputs() != inputs) {
    return ctx.Error("expects ", inputs, " input(s), got ", ctx.num_inputs());
  }
  if (ctx.num_outputs() != outputs) {
    return ctx.Error("expects ", outputs, " output(s), got ", ctx.num_outputs());
  }
  for (int i = 0; i < inputs; ++i) {
    if (!ctx.input(i)) return ctx.Error("input ", i, " is missing");
  }
  for (int i = 0; i < outputs; ++i) {
    if (!ctx.output(i)) return ctx.Error("output ", i, " is missing");
  }
  return PLINTH_OK;
}

// Checks that the output has the input's type.
inline PlinthStatus CheckSameType(const KernelContext& ctx, const Tensor& a, const Tensor& b,
                                  const char* what_a, const char* what_b) {
  if (a.type() != b.type()) {
    return ctx.Error(what_a, " (", TypeName(a.type()), ") and ", what_b, " (", TypeName(b.type()),
                     ") must have the same type");
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_ELEMENTWISE_UTIL_H_
