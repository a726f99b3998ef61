// Custom op "Softsign": y = x / (1 + |x|), float32, any shape. The complete example of
// docs/plugin-sdk.md.
#include <cmath>

#include "plinth/plugin.hpp"

namespace {

class Softsign {
 public:
  // Checks the input and gives the output the input's shape.
  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    plinth::Tensor x = ctx.input(0);
    if (ctx.num_inputs() != 1 || ctx.num_outputs() != 1) {
      return ctx.Error("Softsign takes one input and one output");
    }
    if (!x || x.type() != PLINTH_FLOAT32) return ctx.Error("Softsign takes a FLOAT32 input");
    return ctx.Resize(ctx.output(0), x.shape());
  }

  // Computes the output; no allocation here.
  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    const int64_t n = ctx.input(0).num_elements();
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] / (1.f + std::fabs(x[i]));
    return PLINTH_OK;
  }
};

PlinthStatus Register(plinth::Registrar& r) {
  return r.AddCustom<Softsign>("Softsign", /*min_version=*/1, /*max_version=*/1, {PLINTH_FLOAT32});
}

}  // namespace

PLINTH_DEFINE_PLUGIN("softsign", "1.0.0", Register)
