// TILE: repeats the input multiples[d] times along each dimension d.
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"
#include "builtin_ops/shape/strided_copy.h"

namespace plinth::builtin {
namespace {

class Tile {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs (input, multiples), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), multiples = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, multiples, "multiples"));
    PLINTH_ENSURE(ctx, multiples.rank() == 1 && multiples.dim(0) == input.rank(),
                  "multiples must be 1-D with ", input.rank(), " entries, got ",
                  ShapeString(multiples));
    dynamic_ = !multiples.is_constant();
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResolveMultiples(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolveMultiples(ctx));
    Tensor input = ctx.input(0);
    StridedCopy(view_, input.raw_data(), ctx.output(0).raw_data(), TypeSize(input.type()));
    return PLINTH_OK;
  }

 private:
  // Each dimension d becomes two view dimensions, (repeat, index): the repeat walks with input
  // stride 0, so the output in row-major order is the tiled input.
  PlinthStatus ResolveMultiples(KernelContext& ctx) {
    Tensor input = ctx.input(0), multiples = ctx.input(1);
    const int rank = input.rank();
    InlineShape out;
    view_.rank = 2 * rank;
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      const int64_t m = IndexAt(multiples, d);
      PLINTH_ENSURE(ctx, m >= 0, "multiples[", d, "] is negative (", m, ")");
      PLINTH_ENSURE(ctx, m * input.dim(d) <= INT32_MAX, "tiled dimension ", d, " is too large");
      view_.count[2 * d] = static_cast<int32_t>(m);
      view_.stride[2 * d] = 0;
      view_.count[2 * d + 1] = input.dim(d);
      view_.stride[2 * d + 1] = stride;
      view_.start[2 * d] = view_.start[2 * d + 1] = 0;
      view_.step[2 * d] = view_.step[2 * d + 1] = 1;
      stride *= input.dim(d);
    }
    for (int d = 0; d < rank; ++d) out.Append(view_.count[2 * d] * input.dim(d));
    return out.ResizeTo(ctx, ctx.output(0));
  }

  bool dynamic_ = false;
  StridedView view_;
};

}  // namespace

PlinthStatus RegisterTile(Registrar& r) {
  // Version 2 adds strings (not served), 3 int8.
  return r.AddBuiltin<Tile>("TILE", 1, 3, MovableTypes());
}

}  // namespace plinth::builtin
