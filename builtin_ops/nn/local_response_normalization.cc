// LOCAL_RESPONSE_NORMALIZATION (float32, 4-D NHWC): out = x * (bias + alpha * sum(x^2))^-beta over
// a window of channels. TFLite's reference kernel sums channels [c - radius, c + radius), the upper
// end exclusive (its optimized kernel includes it); Plinth matches the reference.
#include <cmath>

#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

class LocalResponseNormalization {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0), output = ctx.output(0);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1 && ctx.num_outputs() == 1,
                  "LOCAL_RESPONSE_NORMALIZATION takes 1 input and 1 output");
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D, got ", ShapeString(input));
    radius_ = ctx.OptionInt("radius");
    PLINTH_ENSURE(ctx, radius_ >= 0 && radius_ <= std::numeric_limits<int32_t>::max() / 2,
                  "radius must be non-negative, got ", radius_);
    bias_ = ctx.OptionFloat("bias");
    alpha_ = ctx.OptionFloat("alpha");
    beta_ = ctx.OptionFloat("beta");
    depth_ = input.dim(3);
    rows_ = depth_ > 0 ? input.num_elements() / depth_ : 0;
    return ctx.Resize(output, input.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const float* in = ctx.input(0).data<float>();
    float* out = ctx.output(0).data<float>();
    const int32_t radius = static_cast<int32_t>(radius_);
    ctx.ParallelFor(static_cast<size_t>(rows_), 16, [&](size_t begin, size_t end) {
      for (size_t r = begin; r < end; ++r) {
        const float* x = in + r * depth_;
        for (int32_t c = 0; c < depth_; ++c) {
          const int32_t lo = std::max(0, c - radius), hi = std::min(depth_, c + radius);
          float sum = 0.f;
          for (int32_t i = lo; i < hi; ++i) sum += x[i] * x[i];
          const float multiplier = std::pow(bias_ + alpha_ * sum, -beta_);
          out[r * depth_ + c] = x[c] * multiplier;
        }
      }
    });
    return PLINTH_OK;
  }

 private:
  int64_t radius_ = 0, rows_ = 0;
  int32_t depth_ = 0;
  float bias_ = 0.f, alpha_ = 0.f, beta_ = 0.f;
};

}  // namespace

PlinthStatus RegisterLocalResponseNormalization(Registrar& r) {
  return r.AddBuiltin<LocalResponseNormalization>("LOCAL_RESPONSE_NORMALIZATION", 1, 1,
                                                  {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
