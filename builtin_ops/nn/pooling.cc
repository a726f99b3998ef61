// AVERAGE_POOL_2D, MAX_POOL_2D, L2_POOL_2D over NHWC. Averages count only in-bounds elements,
// as TFLite does.
#include <cmath>

#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

enum class PoolKind { kAverage, kMax, kL2 };

template <PoolKind kKind>
class Pool2D {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    stride_h_ = static_cast<int32_t>(ctx.OptionInt("stride_h"));
    stride_w_ = static_cast<int32_t>(ctx.OptionInt("stride_w"));
    filter_h_ = static_cast<int32_t>(ctx.OptionInt("filter_height"));
    filter_w_ = static_cast<int32_t>(ctx.OptionInt("filter_width"));
    PLINTH_ENSURE(ctx, stride_h_ > 0 && stride_w_ > 0 && filter_h_ > 0 && filter_w_ > 0,
                  "strides and filter sizes must be positive");
    int64_t padding = ctx.OptionInt("padding");
    PaddedDim ph = ComputePadding(padding, input.dim(1), filter_h_, stride_h_, 1);
    PaddedDim pw = ComputePadding(padding, input.dim(2), filter_w_, stride_w_, 1);
    pad_top_ = ph.pad_before;
    pad_left_ = pw.pad_before;
    return ctx.Resize(ctx.output(0), {input.dim(0), ph.out, pw.out, input.dim(3)});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(0), output = ctx.output(0);
    const float* in = input.data<float>();
    float* out = output.data<float>();
    const int32_t batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2),
                  depth = input.dim(3), out_h = output.dim(1), out_w = output.dim(2);
    FloatRange range = ActivationRange(activation_);
    for (int32_t b = 0; b < batches; ++b) {
      for (int32_t oy = 0; oy < out_h; ++oy) {
        const int32_t y0 = oy * stride_h_ - pad_top_;
        const int32_t fy_begin = std::max(0, -y0), fy_end = std::min(filter_h_, in_h - y0);
        for (int32_t ox = 0; ox < out_w; ++ox) {
          const int32_t x0 = ox * stride_w_ - pad_left_;
          const int32_t fx_begin = std::max(0, -x0), fx_end = std::min(filter_w_, in_w - x0);
          float* o = out + ((static_cast<size_t>(b) * out_h + oy) * out_w + ox) * depth;
          for (int32_t c = 0; c < depth; ++c) {
            float acc = kKind == PoolKind::kMax ? std::numeric_limits<float>::lowest() : 0.f;
            int32_t count = 0;
            for (int32_t fy = fy_begin; fy < fy_end; ++fy) {
              for (int32_t fx = fx_begin; fx < fx_end; ++fx) {
                float v = in[((static_cast<size_t>(b) * in_h + y0 + fy) * in_w + x0 + fx) * depth + c];
                if constexpr (kKind == PoolKind::kMax) {
                  acc = std::max(acc, v);
                } else if constexpr (kKind == PoolKind::kAverage) {
                  acc += v;
                } else {
                  acc += v * v;
                }
                ++count;
              }
            }
            if constexpr (kKind == PoolKind::kAverage) acc = count ? acc / count : 0.f;
            if constexpr (kKind == PoolKind::kL2) acc = count ? std::sqrt(acc / count) : 0.f;
            o[c] = ApplyActivation(acc, activation_, range);
          }
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  int64_t activation_ = 0;
  int32_t stride_h_ = 1, stride_w_ = 1, filter_h_ = 1, filter_w_ = 1, pad_top_ = 0, pad_left_ = 0;
};

}  // namespace

PlinthStatus RegisterPooling(Registrar& r) {
  PLINTH_RETURN_IF_ERROR(
      r.AddBuiltin<Pool2D<PoolKind::kAverage>>("AVERAGE_POOL_2D", 1, 3, {PLINTH_FLOAT32}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Pool2D<PoolKind::kMax>>("MAX_POOL_2D", 1, 3, {PLINTH_FLOAT32}));
  return r.AddBuiltin<Pool2D<PoolKind::kL2>>("L2_POOL_2D", 1, 1, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
