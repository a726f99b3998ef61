// SLICE: the box starting at `begin` with `size` elements per dimension (-1: to the end).
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"
#include "builtin_ops/shape/strided_copy.h"

namespace plinth::builtin {
namespace {

class Slice {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3, "expects 3 inputs (input, begin, size), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), begin = ctx.input(1), size = ctx.input(2);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, begin, "begin"));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, size, "size"));
    PLINTH_ENSURE(ctx, begin.rank() == 1 && begin.dim(0) == input.rank(), "begin must be 1-D with ",
                  input.rank(), " entries, got ", ShapeString(begin));
    PLINTH_ENSURE(ctx, size.rank() == 1 && size.dim(0) == input.rank(), "size must be 1-D with ",
                  input.rank(), " entries, got ", ShapeString(size));
    dynamic_ = !(begin.is_constant() && size.is_constant());
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResolveBox(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolveBox(ctx));
    Tensor input = ctx.input(0);
    StridedCopy(view_, input.raw_data(), ctx.output(0).raw_data(), TypeSize(input.type()));
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResolveBox(KernelContext& ctx) {
    Tensor input = ctx.input(0), begin = ctx.input(1), size = ctx.input(2);
    InlineShape out;
    view_.rank = input.rank();
    for (int d = 0; d < input.rank(); ++d) {
      const int64_t dim = input.dim(d), b = IndexAt(begin, d);
      int64_t s = IndexAt(size, d);
      PLINTH_ENSURE(ctx, b >= 0 && b <= dim, "begin ", b, " out of range for dimension ", d,
                    " of size ", dim);
      if (s == -1) s = dim - b;
      PLINTH_ENSURE(ctx, s >= 0 && b + s <= dim, "size ", s, " at begin ", b, " exceeds dimension ",
                    d, " of size ", dim);
      out.Append(static_cast<int32_t>(s));
      view_.count[d] = static_cast<int32_t>(s);
      view_.start[d] = b;
      view_.step[d] = 1;
    }
    const InlineShape in_shape = ShapeOf(input);
    view_.SetRowMajorStrides(in_shape.dims.data());
    return out.ResizeTo(ctx, ctx.output(0));
  }

  bool dynamic_ = false;
  StridedView view_;
};

}  // namespace

PlinthStatus RegisterSlice(Registrar& r) {
  return r.AddBuiltin<Slice>("SLICE", 1, 6, MovableTypes());
}

}  // namespace plinth::builtin
