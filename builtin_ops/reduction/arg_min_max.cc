// ARG_MAX, ARG_MIN: the index of the largest / smallest value along one axis (an int32 or int64
// tensor of one element, negative counts from the end), as int32 or int64 (output_type). Inputs
// float32, uint8, int8, int32, bool. Ties go to the lowest index, as TFLite's strict comparison.
#include <cstdint>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/reduction/reduction_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kAxis = 1;
constexpr int kOutput = 0;

template <bool kIsMax>
class ArgMinMax {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    const char* name = kIsMax ? "ARG_MAX" : "ARG_MIN";
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1, name,
                  " takes 2 inputs (input, axis) and 1 output, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    Tensor input = ctx.input(kInput), axis = ctx.input(kAxis), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input",
                  {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT32, PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, axis, "axis", {PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, axis.num_elements() == 1, "axis must hold one value, got ",
                  ShapeString(axis));
    PLINTH_ENSURE(ctx, input.rank() >= 1, "input must have at least 1 dimension");
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_INT32, PLINTH_INT64}));
    // The option names the index type; a model without it still declares it on the output.
    const int64_t option = ctx.OptionInt("output_type", PLINTH_FLOAT32);
    PLINTH_ENSURE(ctx, option == PLINTH_FLOAT32 || option == output.type(), "output_type ",
                  TypeName(static_cast<PlinthType>(option)), " does not match the output's ",
                  TypeName(output.type()));
    dynamic_ = !axis.is_constant();
    if (dynamic_) return ctx.SetDynamic(output);
    PLINTH_RETURN_IF_ERROR(ResolveAxis(ctx, input, axis));
    return ResizeOutput(ctx, input, output);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), output = ctx.output(kOutput);
    if (dynamic_) {
      PLINTH_RETURN_IF_ERROR(ResolveAxis(ctx, input, ctx.input(kAxis)));
      PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx, input, output));
    }
    if (output.num_elements() == 0) return PLINTH_OK;
    PLINTH_ENSURE(ctx, input.dim(axis_) > 0, "cannot take the arg ", kIsMax ? "max" : "min",
                  " over the empty axis ", axis_, " of ", ShapeString(input));
    const bool wide = output.type() == PLINTH_INT64;
    switch (input.type()) {
      case PLINTH_FLOAT32:
        return wide ? Run<float, int64_t>(input, output) : Run<float, int32_t>(input, output);
      case PLINTH_UINT8:
        return wide ? Run<uint8_t, int64_t>(input, output) : Run<uint8_t, int32_t>(input, output);
      case PLINTH_INT8:
        return wide ? Run<int8_t, int64_t>(input, output) : Run<int8_t, int32_t>(input, output);
      case PLINTH_INT32:
        return wide ? Run<int32_t, int64_t>(input, output) : Run<int32_t, int32_t>(input, output);
      case PLINTH_BOOL:
        return wide ? Run<bool, int64_t>(input, output) : Run<bool, int32_t>(input, output);
      default:
        return ctx.Error("unsupported type ", TypeName(input.type()));
    }
  }

 private:
  PlinthStatus ResolveAxis(const KernelContext& ctx, const Tensor& input, const Tensor& axis) {
    const int64_t value =
        axis.type() == PLINTH_INT64 ? axis.data<int64_t>()[0] : axis.data<int32_t>()[0];
    axis_ = NormalizeAxis(value, input.rank());
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", value, " is out of range for a ", input.rank(),
                  "-D input");
    return PLINTH_OK;
  }

  PlinthStatus ResizeOutput(const KernelContext& ctx, const Tensor& input, const Tensor& output) {
    int32_t dims[16];
    int rank = 0;
    for (int d = 0; d < input.rank(); ++d) {
      if (d != axis_) dims[rank++] = input.dim(d);
    }
    return ctx.Resize(output, dims, rank);
  }

  template <class T, class I>
  PlinthStatus Run(const Tensor& input, Tensor& output) const {
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < axis_; ++d) outer *= input.dim(d);
    for (int d = axis_ + 1; d < input.rank(); ++d) inner *= input.dim(d);
    const int64_t size = input.dim(axis_);
    const T* in = input.data<T>();
    I* out = output.data<I>();
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t k = 0; k < inner; ++k) {
        const T* column = in + o * size * inner + k;
        T best = column[0];
        I best_index = 0;
        for (int64_t i = 1; i < size; ++i) {
          const T v = column[i * inner];
          if (kIsMax ? (v > best) : (v < best)) {
            best = v;
            best_index = static_cast<I>(i);
          }
        }
        out[o * inner + k] = best_index;
      }
    }
    return PLINTH_OK;
  }

  bool dynamic_ = false;
  int axis_ = 0;
};

}  // namespace

PlinthStatus RegisterArgMinMax(Registrar& r) {
  const std::vector<PlinthType> kTypes = {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT32,
                                          PLINTH_BOOL};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<ArgMinMax<true>>("ARG_MAX", 1, 3, kTypes));
  return r.AddBuiltin<ArgMinMax<false>>("ARG_MIN", 1, 3, kTypes);
}

}  // namespace plinth::builtin
