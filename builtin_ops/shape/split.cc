// SPLIT: num_splits equal parts of the input (second input) along the axis (first input, a
// scalar).
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class Split {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs (axis, input), got ",
                  ctx.num_inputs());
    Tensor axis = ctx.input(0), input = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, axis, "axis"));
    PLINTH_ENSURE(ctx, axis.num_elements() == 1, "axis must hold one value, got ",
                  axis.num_elements());
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    const int64_t num_splits = ctx.OptionInt("num_splits");
    PLINTH_ENSURE(ctx, num_splits > 0, "num_splits must be positive, got ", num_splits);
    PLINTH_ENSURE(ctx, ctx.num_outputs() == num_splits, "num_splits is ", num_splits,
                  " but the op has ", ctx.num_outputs(), " outputs");
    PLINTH_RETURN_IF_ERROR(CheckOutputTypes(ctx, input));
    dynamic_ = !axis.is_constant();
    if (dynamic_) {
      for (int i = 0; i < ctx.num_outputs(); ++i)
        PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(ctx.output(i)));
      return PLINTH_OK;
    }
    return ResizeOutputs(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutputs(ctx));
    const int64_t part = ctx.input(1).dim(axis_) / ctx.num_outputs();
    CopyBlocksAlongAxis(ctx, ctx.input(1), axis_, ctx.num_outputs(), [&](int) { return part; });
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResizeOutputs(KernelContext& ctx) {
    Tensor input = ctx.input(1);
    const int64_t axis = IndexAt(ctx.input(0), 0);
    axis_ = NormalizeAxis(axis, input.rank());
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", axis, " out of range for rank ", input.rank());
    const int n = ctx.num_outputs();
    PLINTH_ENSURE(ctx, input.dim(axis_) % n == 0, "dimension ", axis_, " of size ",
                  input.dim(axis_), " does not split evenly into ", n, " parts");
    InlineShape out = ShapeOf(input);
    out.dims[axis_] = input.dim(axis_) / n;
    for (int i = 0; i < n; ++i) PLINTH_RETURN_IF_ERROR(out.ResizeTo(ctx, ctx.output(i)));
    return PLINTH_OK;
  }

  bool dynamic_ = false;
  int axis_ = 0;
};

}  // namespace

PlinthStatus RegisterSplit(Registrar& r) {
  return r.AddBuiltin<Split>("SPLIT", 1, 4, MovableTypes());
}

}  // namespace plinth::builtin
