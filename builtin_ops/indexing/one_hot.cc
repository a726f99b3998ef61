// ONE_HOT: int32/int64 `indices` expanded along a new dimension of size `depth` (int32 scalar)
// inserted at `axis` (-1: last): on_value where the index equals the position, off_value
// elsewhere (indices outside [0, depth) give an all-off row, as in TFLite). Values float32, int32,
// int64, int8, uint8, bool. A non-constant depth makes the output dynamic.
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kIndices = 0;
constexpr int kDepth = 1;
constexpr int kOnValue = 2;
constexpr int kOffValue = 3;
constexpr int kOutput = 0;

class OneHot {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 4 && ctx.num_outputs() == 1,
                  "ONE_HOT takes 4 inputs (indices, depth, on_value, off_value) and 1 output, ",
                  "got ", ctx.num_inputs(), " and ", ctx.num_outputs());
    Tensor indices = ctx.input(kIndices), depth = ctx.input(kDepth);
    Tensor on = ctx.input(kOnValue), off = ctx.input(kOffValue), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, indices, "indices", {PLINTH_INT32, PLINTH_INT64}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, depth, "depth", {PLINTH_INT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(
        ctx, on, "on_value",
        {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_BOOL}));
    PLINTH_ENSURE(ctx, off && off.type() == on.type(), "off_value type must be ",
                  TypeName(on.type()));
    PLINTH_ENSURE(ctx, output && output.type() == on.type(), "output type must be ",
                  TypeName(on.type()));
    PLINTH_ENSURE(ctx,
                  depth.num_elements() == 1 && on.num_elements() == 1 && off.num_elements() == 1,
                  "depth, on_value and off_value must hold one value each");
    const int64_t axis = ctx.OptionInt("axis");
    axis_ = axis == -1 ? indices.rank() : static_cast<int>(axis);
    PLINTH_ENSURE(ctx, axis >= -1 && axis <= indices.rank(), "axis ", axis,
                  " is out of range for a ", indices.rank() + 1, "-D output");
    dynamic_ = !depth.is_constant();
    if (dynamic_) return ctx.SetDynamic(output);
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    const bool wide = ctx.input(kIndices).type() == PLINTH_INT64;
    switch (ctx.output(kOutput).type()) {
      case PLINTH_FLOAT32:
        return wide ? Run<float, int64_t>(ctx) : Run<float, int32_t>(ctx);
      case PLINTH_INT32:
        return wide ? Run<int32_t, int64_t>(ctx) : Run<int32_t, int32_t>(ctx);
      case PLINTH_INT64:
        return wide ? Run<int64_t, int64_t>(ctx) : Run<int64_t, int32_t>(ctx);
      case PLINTH_INT8:
        return wide ? Run<int8_t, int64_t>(ctx) : Run<int8_t, int32_t>(ctx);
      case PLINTH_UINT8:
        return wide ? Run<uint8_t, int64_t>(ctx) : Run<uint8_t, int32_t>(ctx);
      case PLINTH_BOOL:
        return wide ? Run<bool, int64_t>(ctx) : Run<bool, int32_t>(ctx);
      default:
        return ctx.Error("unsupported type ", TypeName(ctx.output(kOutput).type()));
    }
  }

 private:
  PlinthStatus ResizeOutput(const KernelContext& ctx) {
    Tensor indices = ctx.input(kIndices);
    depth_ = ctx.input(kDepth).data<int32_t>()[0];
    PLINTH_ENSURE(ctx, depth_ >= 0, "depth must be >= 0, got ", depth_);
    PLINTH_ENSURE(ctx, indices.rank() < 16, "indices rank ", indices.rank(), " is too high");
    int32_t shape[16];
    for (int d = 0, i = 0; d <= indices.rank(); ++d) {
      shape[d] = d == axis_ ? depth_ : indices.dim(i++);
    }
    return ctx.Resize(ctx.output(kOutput), shape, indices.rank() + 1);
  }

  // The output is [prefix, depth, suffix]: prefix the index dimensions before the axis.
  template <class T, class I>
  PlinthStatus Run(const KernelContext& ctx) const {
    Tensor indices = ctx.input(kIndices);
    int64_t prefix = 1;
    for (int d = 0; d < axis_; ++d) prefix *= indices.dim(d);
    const int64_t total = indices.num_elements();
    if (prefix == 0 || total == 0) return PLINTH_OK;
    const int64_t suffix = total / prefix;
    const I* index = indices.data<I>();
    const T on = ctx.input(kOnValue).data<T>()[0];
    const T off = ctx.input(kOffValue).data<T>()[0];
    T* out = ctx.output(kOutput).data<T>();
    for (int64_t i = 0; i < prefix; ++i) {
      for (int32_t j = 0; j < depth_; ++j) {
        for (int64_t k = 0; k < suffix; ++k) {
          // TFLite compares the index narrowed to int.
          *out++ = static_cast<int32_t>(index[i * suffix + k]) == j ? on : off;
        }
      }
    }
    return PLINTH_OK;
  }

  bool dynamic_ = false;
  int axis_ = 0;
  int32_t depth_ = 0;
};

}  // namespace

PlinthStatus RegisterOneHot(Registrar& r) {
  return r.AddBuiltin<OneHot>(
      "ONE_HOT", 1, 1,
      {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_BOOL});
}

}  // namespace plinth::builtin
