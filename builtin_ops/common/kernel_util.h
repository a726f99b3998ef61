// Small helpers every built-in kernel uses: checks with messages, fused activations, padding.
#ifndef PLINTH_BUILTIN_OPS_COMMON_KERNEL_UTIL_H_
#define PLINTH_BUILTIN_OPS_COMMON_KERNEL_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "plinth/plugin.hpp"

// Returns ctx.Error(...) from the enclosing function when `cond` is false.
#define PLINTH_ENSURE(ctx, cond, ...)             \
  do {                                            \
    if (!(cond)) return (ctx).Error(__VA_ARGS__); \
  } while (0)

// Propagates a non-OK PlinthStatus.
#define PLINTH_RETURN_IF_ERROR(expr)                        \
  do {                                                      \
    PlinthStatus plinth_status_ = (expr);                   \
    if (plinth_status_ != PLINTH_OK) return plinth_status_; \
  } while (0)

namespace plinth::builtin {

// Clamp range of a fused activation for float kernels, as TFLite's CalculateActivationRange:
// NONE clamps to the finite float range, and TANH / SIGN_BIT are not applied by fused kernels.
struct FloatRange {
  float min = std::numeric_limits<float>::lowest();
  float max = std::numeric_limits<float>::max();
};

inline FloatRange ActivationRange(int64_t activation) {
  switch (activation) {
    case PLINTH_ACTIVATION_RELU:
      return {0.f, std::numeric_limits<float>::max()};
    case PLINTH_ACTIVATION_RELU_N1_TO_1:
      return {-1.f, 1.f};
    case PLINTH_ACTIVATION_RELU6:
      return {0.f, 6.f};
    default:
      return {};
  }
}

// Applies the fused activation's clamp (NaN passes through unchanged, as in TFLite).
inline float ApplyActivation(float x, int64_t /*activation*/, FloatRange range) {
  return std::min(std::max(x, range.min), range.max);
}

// Checks a fused activation value is one of the format's; message names the op.
inline PlinthStatus CheckActivation(const KernelContext& ctx, int64_t activation) {
  if (activation < PLINTH_ACTIVATION_NONE || activation > PLINTH_ACTIVATION_SIGN_BIT) {
    return ctx.Error("unknown fused_activation_function ", activation);
  }
  return PLINTH_OK;
}

// Output size and leading padding of one spatial dimension (TFLite's SAME/VALID rules).
struct PaddedDim {
  int32_t out = 0;
  int32_t pad_before = 0;
  int32_t pad_total = 0;
};

inline PaddedDim ComputePadding(int64_t padding, int32_t in, int32_t filter, int32_t stride,
                                int32_t dilation) {
  PaddedDim d;
  int32_t effective = (filter - 1) * dilation + 1;
  if (padding == PLINTH_PADDING_SAME) {
    d.out = (in + stride - 1) / stride;
  } else {
    d.out = in >= effective ? (in - effective + stride) / stride : 0;
  }
  d.pad_total = std::max((d.out - 1) * stride + effective - in, 0);
  d.pad_before = d.pad_total / 2;
  return d;
}

// Number of elements of a shape.
inline int64_t NumElements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

// Normalizes a possibly negative axis against `rank`; -1 when out of range.
inline int NormalizeAxis(int64_t axis, int rank) {
  if (axis < 0) axis += rank;
  return (axis >= 0 && axis < rank) ? static_cast<int>(axis) : -1;
}

// Checks that a tensor exists and has one of the given types.
inline PlinthStatus CheckType(const KernelContext& ctx, const Tensor& t, const char* what,
                              std::initializer_list<PlinthType> types) {
  if (!t) return ctx.Error(what, " is missing");
  for (PlinthType type : types) {
    if (t.type() == type) return PLINTH_OK;
  }
  return ctx.Error(what, " has unsupported type ", TypeName(t.type()));
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_COMMON_KERNEL_UTIL_H_
