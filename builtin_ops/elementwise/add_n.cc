// ADD_N: the sum of any number (at least two) of same-shaped float32 or int32 tensors, added in
// input order from zero as TFLite's reference kernel does (int32 wraps on overflow).
#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

class AddN {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() >= 2, "ADD_N needs at least 2 inputs, got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1 && ctx.output(0), "ADD_N has one output");
    const Tensor first = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, first, "input 0", {PLINTH_FLOAT32, PLINTH_INT32}));
    for (int i = 1; i < ctx.num_inputs(); ++i) {
      const Tensor t = ctx.input(i);
      PLINTH_ENSURE(ctx, t, "input ", i, " is missing");
      PLINTH_ENSURE(ctx, t.type() == first.type(), "input ", i, " has type ", TypeName(t.type()),
                    ", input 0 ", TypeName(first.type()));
      PLINTH_ENSURE(ctx, t.SameShape(first), "input ", i, " has shape ", ShapeString(t),
                    ", input 0 ", ShapeString(first));
    }
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, first, ctx.output(0), "inputs", "output"));
    return ctx.Resize(ctx.output(0), first.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (ctx.input(0).type() == PLINTH_FLOAT32) {
      Sum<float>(ctx, [](float acc, float v) { return acc + v; });
    } else {
      Sum<int32_t>(ctx, [](int32_t acc, int32_t v) {
        return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(v));
      });
    }
    return PLINTH_OK;
  }

 private:
  template <class T, class F>
  static void Sum(const KernelContext& ctx, F add) {
    T* out = ctx.output(0).data<T>();
    const int64_t n = ctx.output(0).num_elements();
    for (int64_t i = 0; i < n; ++i) {
      T acc = 0;
      for (int k = 0; k < ctx.num_inputs(); ++k) acc = add(acc, ctx.input(k).data<T>()[i]);
      out[i] = acc;
    }
  }
};

}  // namespace

PlinthStatus RegisterAddN(Registrar& r) {
  return r.AddBuiltin<AddN>("ADD_N", 1, 1, {PLINTH_FLOAT32, PLINTH_INT32});
}

}  // namespace plinth::builtin
