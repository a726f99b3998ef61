// BROADCAST_ARGS: the NumPy broadcast of two shapes given as 1-D int32 or int64 tensors.
#include <algorithm>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class BroadcastArgs {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor a = ctx.input(0), b = ctx.input(1), output = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, a, "input 0"));
    PLINTH_ENSURE(ctx, b && b.type() == a.type(), "both shapes must have one type (",
                  TypeName(a.type()), ")");
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, a, output));
    PLINTH_ENSURE(ctx, a.rank() == 1 && b.rank() == 1, "shapes must be 1-D, got ", ShapeString(a),
                  " and ", ShapeString(b));
    if (a.is_constant() && b.is_constant()) PLINTH_RETURN_IF_ERROR(Broadcast(ctx, nullptr));
    return ctx.Resize(output, {std::max(a.dim(0), b.dim(0))});
  }

  PlinthStatus Invoke(KernelContext& ctx) { return Broadcast(ctx, &ctx); }

 private:
  // Checks the shapes broadcast; writes the result when `write` is set.
  PlinthStatus Broadcast(KernelContext& ctx, KernelContext* write) {
    Tensor a = ctx.input(0), b = ctx.input(1), output = ctx.output(0);
    const int na = a.dim(0), nb = b.dim(0), n = std::max(na, nb);
    for (int i = 0; i < n; ++i) {
      // Index i counts from the right end of each shape.
      const int64_t da = i < na ? IndexAt(a, na - 1 - i) : 1;
      const int64_t db = i < nb ? IndexAt(b, nb - 1 - i) : 1;
      PLINTH_ENSURE(ctx, da == db || da == 1 || db == 1, "shapes do not broadcast: ", da, " vs ",
                    db, " at dimension ", n - 1 - i);
      const int64_t d = da == 1 ? db : da;
      if (write == nullptr) continue;
      if (output.type() == PLINTH_INT64) {
        output.data<int64_t>()[n - 1 - i] = d;
      } else {
        output.data<int32_t>()[n - 1 - i] = static_cast<int32_t>(d);
      }
    }
    return PLINTH_OK;
  }
};

}  // namespace

PlinthStatus RegisterBroadcastArgs(Registrar& r) {
  return r.AddBuiltin<BroadcastArgs>("BROADCAST_ARGS", 1, 1, {PLINTH_INT32, PLINTH_INT64});
}

}  // namespace plinth::builtin
