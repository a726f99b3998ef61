// BROADCAST_TO: NumPy broadcasting of the input to the given shape (aligned at the right; each
// input dimension is 1 or equal to the target's).
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"
#include "builtin_ops/shape/strided_copy.h"

namespace plinth::builtin {
namespace {

class BroadcastTo {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs (input, shape), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), shape = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, shape, "shape"));
    PLINTH_ENSURE(ctx, shape.rank() == 1, "shape must be 1-D, got ", ShapeString(shape));
    PLINTH_ENSURE(ctx, shape.dim(0) <= kMaxShapeRank, "shape has ", shape.dim(0),
                  " dimensions, more than ", kMaxShapeRank);
    PLINTH_ENSURE(ctx, input.rank() <= shape.dim(0), "cannot broadcast an input of rank ",
                  input.rank(), " to rank ", shape.dim(0));
    dynamic_ = !shape.is_constant();
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResolveShape(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolveShape(ctx));
    Tensor input = ctx.input(0);
    StridedCopy(view_, input.raw_data(), ctx.output(0).raw_data(), TypeSize(input.type()));
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResolveShape(KernelContext& ctx) {
    Tensor input = ctx.input(0), shape = ctx.input(1);
    const int rank = shape.dim(0), lead = rank - input.rank();
    InlineShape out;
    view_.rank = rank;
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      const int64_t target = IndexAt(shape, d);
      PLINTH_ENSURE(ctx, target >= 0 && target <= INT32_MAX, "bad dimension ", target,
                    " in the target shape");
      const int32_t in_dim = d >= lead ? input.dim(d - lead) : 1;
      PLINTH_ENSURE(ctx, in_dim == target || in_dim == 1, "cannot broadcast ", ShapeString(input),
                    " to dimension ", d, " of size ", target);
      view_.count[d] = static_cast<int32_t>(target);
      view_.start[d] = 0;
      view_.step[d] = 1;
      view_.stride[d] = in_dim == 1 ? 0 : stride;
      stride *= in_dim;
    }
    for (int d = 0; d < rank; ++d) out.Append(view_.count[d]);
    return out.ResizeTo(ctx, ctx.output(0));
  }

  bool dynamic_ = false;
  StridedView view_;
};

}  // namespace

PlinthStatus RegisterBroadcastTo(Registrar& r) {
  // Version 1 was withdrawn from the format; 3 adds quantized int8/int16.
  return r.AddBuiltin<BroadcastTo>("BROADCAST_TO", 2, 3, MovableTypes());
}

}  // namespace plinth::builtin
