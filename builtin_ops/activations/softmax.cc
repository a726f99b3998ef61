// SOFTMAX over the last dimension: exp(beta * (x - max)) / sum.
#include <cmath>

#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

class Softmax {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() >= 1, "input must have at least one dimension");
    beta_ = ctx.OptionFloat("beta", 1.f);
    return ctx.Resize(ctx.output(0), input.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    const float* in = input.data<float>();
    float* out = ctx.output(0).data<float>();
    const int32_t depth = input.dim(-1);
    const int64_t rows = depth ? input.num_elements() / depth : 0;
    for (int64_t r = 0; r < rows; ++r) {
      const float* x = in + r * depth;
      float* y = out + r * depth;
      float max = x[0];
      for (int32_t i = 1; i < depth; ++i) max = std::max(max, x[i]);
      float sum = 0.f;
      for (int32_t i = 0; i < depth; ++i) {
        y[i] = std::exp((x[i] - max) * beta_);
        sum += y[i];
      }
      const float inv = 1.f / sum;
      for (int32_t i = 0; i < depth; ++i) y[i] *= inv;
    }
    return PLINTH_OK;
  }

 private:
  float beta_ = 1.f;
};

}  // namespace

PlinthStatus RegisterSoftmax(Registrar& r) {
  return r.AddBuiltin<Softmax>("SOFTMAX", 1, 3, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
