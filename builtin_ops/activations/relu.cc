// The clamping activations RELU, RELU6, RELU_N1_TO_1 and RELU_0_TO_1. Quantized kernels rescale
// input to output (multiplier input_scale / output_scale) and clamp to the activation's bounds
// quantized on the output scale, as TFLite's ReluX does.
#include <algorithm>
#include <cmath>
#include <limits>

#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

enum class ReluKind { kRelu, kRelu6, kReluN1To1, kRelu0To1 };

struct Bounds {
  float lo, hi;
};

constexpr Bounds BoundsOf(ReluKind kind) {
  switch (kind) {
    case ReluKind::kRelu:
      return {0.f, std::numeric_limits<float>::infinity()};
    case ReluKind::kRelu6:
      return {0.f, 6.f};
    case ReluKind::kReluN1To1:
      return {-1.f, 1.f};
    case ReluKind::kRelu0To1:
      return {0.f, 1.f};
  }
  return {0.f, 0.f};
}

// RELU and RELU6 accept int16 (symmetric); the others only 8-bit.
constexpr bool SupportsInt16(ReluKind kind) {
  return kind == ReluKind::kRelu || kind == ReluKind::kRelu6;
}

template <ReluKind kKind>
class Relu {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    const PlinthType t = in.type();
    const bool int16_ok = SupportsInt16(kKind) && t == PLINTH_INT16;
    PLINTH_ENSURE(ctx, t == PLINTH_FLOAT32 || t == PLINTH_INT8 || t == PLINTH_UINT8 || int16_ok,
                  "input type ", TypeName(t), " is not supported");
    if (t != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
      if (t == PLINTH_INT16) {
        PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, in, "input"));
        PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, out, "output"));
      }
      multiplier_ = QuantizeMultiplier(in.scale() / out.scale());
      input_offset_ = in.zero_point();
      output_offset_ = out.zero_point();
      // The bounds on the output scale, rounded half away from zero, within the type's range.
      constexpr Bounds b = BoundsOf(kKind);
      const int32_t qmin = QMinOf(t), qmax = QMaxOf(t);
      const float scale = out.scale();
      min_ = std::max(qmin, output_offset_ + static_cast<int32_t>(std::round(b.lo / scale)));
      max_ = std::isinf(b.hi)
                 ? qmax
                 : std::min(qmax, output_offset_ + static_cast<int32_t>(std::round(b.hi / scale)));
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    switch (in.type()) {
      case PLINTH_FLOAT32: {
        constexpr Bounds b = BoundsOf(kKind);
        const float* x = in.data<float>();
        float* y = out.data<float>();
        // NaN passes through, as in TFLite.
        for (int64_t i = 0; i < in.num_elements(); ++i) {
          y[i] = x[i] < b.lo ? b.lo : (x[i] > b.hi ? b.hi : x[i]);
        }
        return PLINTH_OK;
      }
      case PLINTH_INT8:
        return RunQuantized<int8_t>(in, out);
      case PLINTH_UINT8:
        return RunQuantized<uint8_t>(in, out);
      case PLINTH_INT16:
        return RunQuantized<int16_t>(in, out);
      default:
        return ctx.Error("unsupported type ", TypeName(in.type()));
    }
  }

 private:
  template <class T>
  PlinthStatus RunQuantized(const Tensor& in, const Tensor& out) const {
    const T* x = in.data<T>();
    T* y = out.data<T>();
    for (int64_t i = 0; i < in.num_elements(); ++i) {
      const int32_t v =
          output_offset_ + MultiplyByQuantizedMultiplier(x[i] - input_offset_, multiplier_);
      y[i] = static_cast<T>(Clamp(v, min_, max_));
    }
    return PLINTH_OK;
  }

  QuantizedMultiplier multiplier_;
  int32_t input_offset_ = 0, output_offset_ = 0, min_ = 0, max_ = 0;
};

}  // namespace

PlinthStatus RegisterRelu(Registrar& r) {
  using T = std::vector<PlinthType>;
  const T k8 = {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8};
  const T k16 = {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Relu<ReluKind::kRelu>>("RELU", 1, 3, k16));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Relu<ReluKind::kRelu6>>("RELU6", 1, 3, k16));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Relu<ReluKind::kReluN1To1>>("RELU_N1_TO_1", 1, 1, k8));
  return r.AddBuiltin<Relu<ReluKind::kRelu0To1>>("RELU_0_TO_1", 1, 1, k8);
}

}  // namespace plinth::builtin
