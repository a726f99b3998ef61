// REVERSE_V2: reverses the input along each listed axis (negative axes count from the end). Any
// set of axes is served; TFLite serves only adjacent ones and crashes on an empty list.
#include <array>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"
#include "builtin_ops/shape/strided_copy.h"

namespace plinth::builtin {
namespace {

class ReverseV2 {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs (input, axis), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), axis = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, axis, "axis"));
    PLINTH_ENSURE(ctx, axis.rank() == 1, "axis must be 1-D, got ", ShapeString(axis));
    PLINTH_ENSURE(ctx, axis.dim(0) <= input.rank(), "axis lists ", axis.dim(0),
                  " axes for an input of rank ", input.rank());
    // The output shape never depends on the axes; only the view does.
    axes_known_ = axis.is_constant();
    if (axes_known_) PLINTH_RETURN_IF_ERROR(ResolveAxes(ctx));
    return ctx.Resize(ctx.output(0), input.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (!axes_known_) PLINTH_RETURN_IF_ERROR(ResolveAxes(ctx));
    Tensor input = ctx.input(0);
    StridedCopy(view_, input.raw_data(), ctx.output(0).raw_data(), TypeSize(input.type()));
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResolveAxes(KernelContext& ctx) {
    Tensor input = ctx.input(0), axis = ctx.input(1);
    const int rank = input.rank();
    std::array<bool, kMaxShapeRank> reversed{};
    for (int i = 0; i < axis.dim(0); ++i) {
      const int64_t a = IndexAt(axis, i);
      const int d = NormalizeAxis(a, rank);
      PLINTH_ENSURE(ctx, d >= 0, "axis ", a, " out of range for rank ", rank);
      PLINTH_ENSURE(ctx, !reversed[d], "axis ", a, " is listed twice");
      reversed[d] = true;
    }
    view_.rank = rank;
    const InlineShape shape = ShapeOf(input);
    view_.SetRowMajorStrides(shape.dims.data());
    for (int d = 0; d < rank; ++d) {
      view_.count[d] = input.dim(d);
      view_.start[d] = reversed[d] && input.dim(d) > 0 ? input.dim(d) - 1 : 0;
      view_.step[d] = reversed[d] ? -1 : 1;
    }
    return PLINTH_OK;
  }

  bool axes_known_ = false;
  StridedView view_;
};

}  // namespace

PlinthStatus RegisterReverseV2(Registrar& r) {
  return r.AddBuiltin<ReverseV2>("REVERSE_V2", 1, 3, MovableTypes());
}

}  // namespace plinth::builtin
