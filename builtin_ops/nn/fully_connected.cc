// FULLY_CONNECTED: output[b, n] = sum_k input[b, k] * weights[n, k] + bias[n], with keep_num_dims.
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kWeights = 1;
constexpr int kBias = 2;
constexpr int kOutput = 0;

class FullyConnected {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), weights = ctx.input(kWeights), bias = ctx.input(kBias);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, weights, "weights", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, weights.rank() == 2, "weights must be 2-D [units, depth], got ",
                  ShapeString(weights));
    PLINTH_ENSURE(ctx, ctx.OptionInt("weights_format") == 0,
                  "shuffled weights formats are not supported");
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    units_ = weights.dim(0);
    depth_ = weights.dim(1);
    int64_t total = input.num_elements();
    PLINTH_ENSURE(ctx, depth_ > 0 && total % depth_ == 0, "input ", ShapeString(input),
                  " does not split into rows of the weights' depth ", depth_);
    batches_ = total / depth_;
    if (bias) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_FLOAT32}));
      PLINTH_ENSURE(ctx, bias.num_elements() == units_, "bias has ", bias.num_elements(),
                    " elements for ", units_, " units");
    }
    std::vector<int32_t> shape;
    if (ctx.OptionBool("keep_num_dims")) {
      PLINTH_ENSURE(ctx, input.rank() >= 1 && input.dim(-1) == depth_,
                    "keep_num_dims needs the input's last dimension to equal the depth ", depth_);
      shape = input.shape();
      shape.back() = units_;
    } else {
      shape = {static_cast<int32_t>(batches_), units_};
    }
    return ctx.Resize(ctx.output(kOutput), shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const float* in = ctx.input(kInput).data<float>();
    const float* w = ctx.input(kWeights).data<float>();
    Tensor bias_t = ctx.input(kBias);
    const float* bias = bias_t ? bias_t.data<float>() : nullptr;
    float* out = ctx.output(kOutput).data<float>();
    FloatRange range = ActivationRange(activation_);
    ctx.ParallelFor(static_cast<size_t>(units_), 16, [&](size_t begin, size_t end) {
      for (int64_t b = 0; b < batches_; ++b) {
        const float* x = in + b * depth_;
        for (size_t n = begin; n < end; ++n) {
          const float* row = w + n * depth_;
          float acc = 0.f;
          for (int32_t k = 0; k < depth_; ++k) acc += x[k] * row[k];
          if (bias) acc += bias[n];
          out[b * units_ + n] = ApplyActivation(acc, activation_, range);
        }
      }
    });
    return PLINTH_OK;
  }

 private:
  int64_t activation_ = 0;
  int32_t units_ = 0, depth_ = 0;
  int64_t batches_ = 0;
};

}  // namespace

PlinthStatus RegisterFullyConnected(Registrar& r) {
  return r.AddBuiltin<FullyConnected>("FULLY_CONNECTED", 1, 12, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
