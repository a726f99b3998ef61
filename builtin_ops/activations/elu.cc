// ELU: x for x >= 0, exp(x) - 1 otherwise. int8 goes through a lookup table built from the float
// function, as in TFLite.
#include <cmath>

#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/activations/lut.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

float EluFloat(float x) { return x < 0.f ? std::expm1(x) : x; }

class Elu {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8}));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    if (in.type() == PLINTH_INT8) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
      PopulateLut8<int8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), EluFloat,
                           &lut_);
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    const int64_t n = in.num_elements();
    if (in.type() == PLINTH_FLOAT32) {
      const float* x = in.data<float>();
      float* y = out.data<float>();
      for (int64_t i = 0; i < n; ++i) y[i] = EluFloat(x[i]);
    } else {
      const int8_t* x = in.data<int8_t>();
      int8_t* y = out.data<int8_t>();
      for (int64_t i = 0; i < n; ++i) y[i] = lut_(x[i]);
    }
    return PLINTH_OK;
  }

 private:
  Lut8<int8_t> lut_{};
};

}  // namespace

PlinthStatus RegisterElu(Registrar& r) {
  return r.AddBuiltin<Elu>("ELU", 1, 1, {PLINTH_FLOAT32, PLINTH_INT8});
}

}  // namespace plinth::builtin
