// SOFTMAX over the last dimension of a tensor of any rank: exp(beta * (x - max)) / sum. Float
// follows TFLite's reference kernel (a division per element); quantized inputs are in
// softmax_quantized.cc.
#include <algorithm>
#include <cmath>
#include <limits>

#include "builtin_ops/activations/activation_f32_fast.h"
#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/activations/softmax.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

class Softmax {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
    PLINTH_ENSURE(ctx, in.rank() >= 1, "input must have at least one dimension");
    // Without options TFLite's beta is 0; models always carry it.
    beta_ = ctx.OptionFloat("beta", 0.f);
    fast_ = nullptr;
    if (in.type() == PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
      fast_ = act::SelectF32Kernels(gemm::ActiveIsa()).softmax;
    } else {
      PLINTH_RETURN_IF_ERROR(PrepareQuantizedSoftmax(ctx, beta_, &quantized_));
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0);
    const int32_t depth = in.dim(-1);
    const int64_t rows = depth ? in.num_elements() / depth : 0;
    if (in.type() != PLINTH_FLOAT32) return RunQuantizedSoftmax(ctx, quantized_, rows, depth);
    const float* x = in.data<float>();
    float* y = ctx.output(0).data<float>();
    if (fast_ != nullptr && depth > 0) {
      const size_t d = static_cast<size_t>(depth);
      ctx.ParallelFor(static_cast<size_t>(rows), 1, [&](size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r) fast_(x + r * d, y + r * d, d, beta_);
      });
      return PLINTH_OK;
    }
    for (int64_t r = 0; r < rows; ++r, x += depth, y += depth) {
      float max = std::numeric_limits<float>::lowest();
      for (int32_t i = 0; i < depth; ++i) max = std::max(max, x[i]);
      float sum = 0.f;
      for (int32_t i = 0; i < depth; ++i) {
        y[i] = std::exp((x[i] - max) * beta_);
        sum += y[i];
      }
      for (int32_t i = 0; i < depth; ++i) y[i] = y[i] / sum;
    }
    return PLINTH_OK;
  }

 private:
  act::SoftmaxRowFn fast_ = nullptr;  // float fast path (null: the reference loop)
  float beta_ = 0.f;
  QuantizedSoftmaxParams quantized_;
};

}  // namespace

PlinthStatus RegisterSoftmax(Registrar& r) {
  return r.AddBuiltin<Softmax>("SOFTMAX", 1, 3,
                               {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
