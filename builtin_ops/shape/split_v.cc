// SPLIT_V: parts of the sizes given by size_splits (one entry may be -1: the rest) along the
// axis (third input, a scalar).
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class SplitV {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3, "expects 3 inputs (input, size_splits, axis), got ",
                  ctx.num_inputs());
    Tensor input = ctx.input(0), sizes = ctx.input(1), axis = ctx.input(2);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, sizes, "size_splits"));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, axis, "axis"));
    PLINTH_ENSURE(ctx, axis.num_elements() == 1, "axis must hold one value, got ",
                  axis.num_elements());
    const int64_t num_splits = ctx.OptionInt("num_splits");
    PLINTH_ENSURE(ctx, ctx.num_outputs() == num_splits && num_splits > 0, "num_splits is ",
                  num_splits, " but the op has ", ctx.num_outputs(), " outputs");
    PLINTH_ENSURE(ctx, sizes.rank() == 1 && sizes.dim(0) == num_splits,
                  "size_splits must be 1-D with ", num_splits, " entries, got ",
                  ShapeString(sizes));
    PLINTH_RETURN_IF_ERROR(CheckOutputTypes(ctx, input));
    sizes_.assign(static_cast<size_t>(num_splits), 0);
    dynamic_ = !(sizes.is_constant() && axis.is_constant());
    if (dynamic_) {
      for (int i = 0; i < ctx.num_outputs(); ++i) {
        PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(ctx.output(i)));
      }
      return PLINTH_OK;
    }
    return ResizeOutputs(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutputs(ctx));
    CopyBlocksAlongAxis(ctx, ctx.input(0), axis_, ctx.num_outputs(),
                        [&](int i) { return sizes_[static_cast<size_t>(i)]; });
    return PLINTH_OK;
  }

 private:
  // Resolves the axis and the sizes (sizes_ was sized in Prepare) and sizes the outputs.
  PlinthStatus ResizeOutputs(KernelContext& ctx) {
    Tensor input = ctx.input(0), sizes = ctx.input(1);
    const int64_t axis = IndexAt(ctx.input(2), 0);
    axis_ = NormalizeAxis(axis, input.rank());
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", axis, " out of range for rank ", input.rank());
    const int n = ctx.num_outputs();
    int64_t sum = 0;
    int infer = -1;
    for (int i = 0; i < n; ++i) {
      const int64_t s = IndexAt(sizes, i);
      if (s == -1) {
        PLINTH_ENSURE(ctx, infer < 0, "size_splits contains more than one -1");
        infer = i;
        continue;
      }
      PLINTH_ENSURE(ctx, s >= 0, "size_splits entry ", i, " is negative (", s, ")");
      sizes_[i] = s;
      sum += s;
    }
    const int64_t along = input.dim(axis_);
    if (infer >= 0) {
      PLINTH_ENSURE(ctx, sum <= along, "size_splits sum to ", sum, ", more than the ", along,
                    " entries of dimension ", axis_);
      sizes_[infer] = along - sum;
    } else {
      PLINTH_ENSURE(ctx, sum == along, "size_splits sum to ", sum, " but dimension ", axis_,
                    " has ", along, " entries");
    }
    InlineShape out = ShapeOf(input);
    for (int i = 0; i < n; ++i) {
      out.dims[axis_] = static_cast<int32_t>(sizes_[i]);
      PLINTH_RETURN_IF_ERROR(out.ResizeTo(ctx, ctx.output(i)));
    }
    return PLINTH_OK;
  }

  bool dynamic_ = false;
  int axis_ = 0;
  std::vector<int64_t> sizes_;
};

}  // namespace

PlinthStatus RegisterSplitV(Registrar& r) {
  return r.AddBuiltin<SplitV>("SPLIT_V", 1, 2, MovableTypes());
}

}  // namespace plinth::builtin
