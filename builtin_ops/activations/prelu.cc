// PRELU: x for x >= 0, alpha * x otherwise, with alpha broadcast against the input (the output
// keeps the input's shape). Quantized kernels (int8, uint8) use TFLite's two multipliers:
// input_scale / output_scale and input_scale * alpha_scale / output_scale.
#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/common/broadcast.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

class Prelu {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 2, 1));
    const Tensor in = ctx.input(0), alpha = ctx.input(1), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8}));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, alpha, "input", "alpha"));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    PLINTH_ENSURE(ctx, ComputeBroadcast(in.shape(), alpha.shape(), &broadcast_), "alpha shape ",
                  ShapeString(alpha), " does not broadcast to the input's ", ShapeString(in));
    PLINTH_ENSURE(ctx, broadcast_.out_shape == in.shape(), "alpha shape ", ShapeString(alpha),
                  " would change the input's shape ", ShapeString(in));
    if (in.type() != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, alpha, "alpha"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
      // Both products in float, as TFLite forms them.
      positive_ = QuantizeMultiplier(in.scale() / out.scale());
      negative_ = QuantizeMultiplier(in.scale() * alpha.scale() / out.scale());
      input_offset_ = NegatedZeroPoint(in.zero_point());
      alpha_offset_ = NegatedZeroPoint(alpha.zero_point());
      output_offset_ = out.zero_point();
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    switch (ctx.input(0).type()) {
      case PLINTH_FLOAT32: {
        const float* x = ctx.input(0).data<float>();
        const float* a = ctx.input(1).data<float>();
        float* y = ctx.output(0).data<float>();
        ForEachBroadcast(broadcast_, [&](int64_t o, int64_t ix, int64_t ia) {
          y[o] = x[ix] >= 0.f ? x[ix] : x[ix] * a[ia];
        });
        return PLINTH_OK;
      }
      case PLINTH_INT8:
        return RunQuantized<int8_t>(ctx);
      case PLINTH_UINT8:
        return RunQuantized<uint8_t>(ctx);
      default:
        return ctx.Error("unsupported type ", TypeName(ctx.input(0).type()));
    }
  }

 private:
  template <class T>
  PlinthStatus RunQuantized(const KernelContext& ctx) const {
    const T* x = ctx.input(0).data<T>();
    const T* a = ctx.input(1).data<T>();
    T* y = ctx.output(0).data<T>();
    ForEachBroadcast(broadcast_, [&](int64_t o, int64_t ix, int64_t ia) {
      const int32_t v = input_offset_ + x[ix];
      const int32_t scaled =
          v >= 0 ? MultiplyByQuantizedMultiplier(v, positive_)
                 : MultiplyByQuantizedMultiplier(v * (alpha_offset_ + a[ia]), negative_);
      y[o] = static_cast<T>(Clamp(scaled + output_offset_, QMin<T>(), QMax<T>()));
    });
    return PLINTH_OK;
  }

  Broadcast broadcast_;
  QuantizedMultiplier positive_, negative_;
  int32_t input_offset_ = 0, alpha_offset_ = 0, output_offset_ = 0;
};

}  // namespace

PlinthStatus RegisterPrelu(Registrar& r) {
  return r.AddBuiltin<Prelu>("PRELU", 1, 1, {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8});
}

}  // namespace plinth::builtin
