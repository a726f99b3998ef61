// LOGICAL_AND and LOGICAL_OR (broadcasting) and LOGICAL_NOT, on bool tensors.
#include "builtin_ops/common/broadcast.h"
#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

template <bool kAnd>
class LogicalBinary {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 2, 1));
    const Tensor a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, a, "input 0", {PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, b, "input 1", {PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, out, "output", {PLINTH_BOOL}));
    PLINTH_ENSURE(ctx, ComputeBroadcast(a.shape(), b.shape(), &broadcast_), "shapes ",
                  ShapeString(a), " and ", ShapeString(b), " do not broadcast");
    return ctx.Resize(out, broadcast_.out_shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    // Inputs are read as bytes (any non-zero value is true): a bool holding another byte is UB.
    const uint8_t* a = ctx.input(0).data<uint8_t>();
    const uint8_t* b = ctx.input(1).data<uint8_t>();
    bool* out = ctx.output(0).data<bool>();
    ForEachBroadcast(broadcast_, [&](int64_t o, int64_t ia, int64_t ib) {
      out[o] = kAnd ? (a[ia] != 0 && b[ib] != 0) : (a[ia] != 0 || b[ib] != 0);
    });
    return PLINTH_OK;
  }

 private:
  Broadcast broadcast_;
};

class LogicalNot {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.input(0), "input", {PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.output(0), "output", {PLINTH_BOOL}));
    return ctx.Resize(ctx.output(0), ctx.input(0).shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0);
    const uint8_t* x = in.data<uint8_t>();  // bytes: any non-zero value is true
    bool* y = ctx.output(0).data<bool>();
    for (int64_t i = 0; i < in.num_elements(); ++i) y[i] = x[i] == 0;
    return PLINTH_OK;
  }
};

}  // namespace

PlinthStatus RegisterLogical(Registrar& r) {
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<LogicalBinary<true>>("LOGICAL_AND", 1, 1, {PLINTH_BOOL}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<LogicalBinary<false>>("LOGICAL_OR", 1, 1, {PLINTH_BOOL}));
  return r.AddBuiltin<LogicalNot>("LOGICAL_NOT", 1, 1, {PLINTH_BOOL});
}

}  // namespace plinth::builtin
