// LEAKY_RELU: x for x >= 0, alpha * x otherwise. Quantized kernels use one multiplier per branch
// (input_scale / output_scale and input_scale * alpha / output_scale), as TFLite does.
#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

class LeakyRelu {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
    alpha_ = ctx.OptionFloat("alpha", 0.f);  // TFLite: 0 without options
    PLINTH_ENSURE(ctx, std::isfinite(alpha_), "alpha must be finite, got ", alpha_);
    if (in.type() != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
      if (in.type() == PLINTH_INT16) {
        PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, in, "input"));
        PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, out, "output"));
      }
      // TFLite forms both products in float.
      alpha_multiplier_ = QuantizeMultiplier(in.scale() * alpha_ / out.scale());
      identity_multiplier_ = QuantizeMultiplier(in.scale() / out.scale());
      input_offset_ = in.zero_point();
      output_offset_ = out.zero_point();
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    switch (in.type()) {
      case PLINTH_FLOAT32: {
        const float* x = in.data<float>();
        float* y = out.data<float>();
        for (int64_t i = 0; i < in.num_elements(); ++i) y[i] = x[i] > 0 ? x[i] : x[i] * alpha_;
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
      const int32_t v = x[i] - input_offset_;
      const QuantizedMultiplier& m = v >= 0 ? identity_multiplier_ : alpha_multiplier_;
      y[i] = static_cast<T>(
          Clamp(output_offset_ + MultiplyByQuantizedMultiplier(v, m), QMin<T>(), QMax<T>()));
    }
    return PLINTH_OK;
  }

  float alpha_ = 0.f;
  QuantizedMultiplier alpha_multiplier_, identity_multiplier_;
  int32_t input_offset_ = 0, output_offset_ = 0;
};

}  // namespace

PlinthStatus RegisterLeakyRelu(Registrar& r) {
  return r.AddBuiltin<LeakyRelu>("LEAKY_RELU", 1, 2,
                                 {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
