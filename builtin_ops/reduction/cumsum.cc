// CUMSUM: running sums along one axis (an int32 tensor of one element, negative counts from the
// end) for float32, int32 and int64; `exclusive` shifts the sums by one (starting from 0),
// `reverse` runs from the end. Sums accumulate sequentially, as TFLite's kernel does.
#include <cstdint>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/reduction/reduction_ops.h"
#include "builtin_ops/reduction/wrapping_arithmetic.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kAxis = 1;
constexpr int kOutput = 0;

class Cumsum {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1,
                  "CUMSUM takes 2 inputs (input, axis) and 1 output, got ", ctx.num_inputs(),
                  " and ", ctx.num_outputs());
    Tensor input = ctx.input(kInput), axis = ctx.input(kAxis), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, axis, "axis", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, axis.num_elements() == 1, "axis must hold one value, got ",
                  ShapeString(axis));
    PLINTH_ENSURE(ctx, input.rank() >= 1, "input must have at least 1 dimension");
    PLINTH_ENSURE(ctx, output && output.type() == input.type(), "output type must be ",
                  TypeName(input.type()));
    exclusive_ = ctx.OptionBool("exclusive");
    reverse_ = ctx.OptionBool("reverse");
    if (axis.is_constant()) PLINTH_RETURN_IF_ERROR(ResolveAxis(ctx, input, axis));
    return ctx.Resize(output, input.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(ResolveAxis(ctx, input, ctx.input(kAxis)));
    switch (input.type()) {
      case PLINTH_FLOAT32:
        return Run<float>(input, output);
      case PLINTH_INT32:
        return Run<int32_t>(input, output);
      case PLINTH_INT64:
        return Run<int64_t>(input, output);
      default:
        return ctx.Error("unsupported type ", TypeName(input.type()));
    }
  }

 private:
  PlinthStatus ResolveAxis(const KernelContext& ctx, const Tensor& input, const Tensor& axis) {
    const int32_t value = axis.data<int32_t>()[0];
    axis_ = NormalizeAxis(value, input.rank());
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", value, " is out of range for a ", input.rank(),
                  "-D input");
    return PLINTH_OK;
  }

  template <class T>
  PlinthStatus Run(const Tensor& input, Tensor& output) const {
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < axis_; ++d) outer *= input.dim(d);
    for (int d = axis_ + 1; d < input.rank(); ++d) inner *= input.dim(d);
    const int64_t size = input.dim(axis_);
    const T* in = input.data<T>();
    T* out = output.data<T>();
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t k = 0; k < inner; ++k) {
        const int64_t base = o * size * inner + k;
        T acc = 0;
        for (int64_t step = 0; step < size; ++step) {
          const int64_t i = base + (reverse_ ? size - 1 - step : step) * inner;
          if (exclusive_) {
            out[i] = acc;
            acc = WrappingAdd<T>(acc, in[i]);
          } else {
            acc = WrappingAdd<T>(acc, in[i]);
            out[i] = acc;
          }
        }
      }
    }
    return PLINTH_OK;
  }

  bool exclusive_ = false;
  bool reverse_ = false;
  int axis_ = 0;
};

}  // namespace

PlinthStatus RegisterCumsum(Registrar& r) {
  return r.AddBuiltin<Cumsum>("CUMSUM", 1, 1, {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64});
}

}  // namespace plinth::builtin
