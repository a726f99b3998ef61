// DEPTHWISE_CONV_2D: NHWC input, [1, KH, KW, C*M] filter, optional bias; M = depth multiplier.
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kFilter = 1;
constexpr int kBias = 2;
constexpr int kOutput = 0;

class DepthwiseConv2D {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), filter = ctx.input(kFilter), bias = ctx.input(kBias);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, filter, "filter", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_ENSURE(ctx, filter.rank() == 4 && filter.dim(0) == 1,
                  "filter must be [1, KH, KW, C*M], got ", ShapeString(filter));
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    batches_ = input.dim(0);
    in_h_ = input.dim(1);
    in_w_ = input.dim(2);
    in_c_ = input.dim(3);
    k_h_ = filter.dim(1);
    k_w_ = filter.dim(2);
    out_c_ = filter.dim(3);
    PLINTH_ENSURE(ctx, in_c_ > 0 && out_c_ % in_c_ == 0, "filter has ", out_c_,
                  " channels, not a multiple of the input's ", in_c_);
    multiplier_ = out_c_ / in_c_;
    stride_h_ = static_cast<int32_t>(ctx.OptionInt("stride_h", 1));
    stride_w_ = static_cast<int32_t>(ctx.OptionInt("stride_w", 1));
    dil_h_ = static_cast<int32_t>(ctx.OptionInt("dilation_h_factor", 1));
    dil_w_ = static_cast<int32_t>(ctx.OptionInt("dilation_w_factor", 1));
    PLINTH_ENSURE(ctx, stride_h_ > 0 && stride_w_ > 0 && dil_h_ > 0 && dil_w_ > 0,
                  "strides and dilations must be positive");
    if (bias) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_FLOAT32}));
      PLINTH_ENSURE(ctx, bias.num_elements() == out_c_, "bias has ", bias.num_elements(),
                    " elements for ", out_c_, " channels");
    }
    int64_t padding = ctx.OptionInt("padding");
    PaddedDim ph = ComputePadding(padding, in_h_, k_h_, stride_h_, dil_h_);
    PaddedDim pw = ComputePadding(padding, in_w_, k_w_, stride_w_, dil_w_);
    out_h_ = ph.out;
    out_w_ = pw.out;
    pad_top_ = ph.pad_before;
    pad_left_ = pw.pad_before;
    return ctx.Resize(ctx.output(kOutput), {batches_, out_h_, out_w_, out_c_});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const float* in = ctx.input(kInput).data<float>();
    const float* filter = ctx.input(kFilter).data<float>();
    Tensor bias_t = ctx.input(kBias);
    const float* bias = bias_t ? bias_t.data<float>() : nullptr;
    float* out = ctx.output(kOutput).data<float>();
    FloatRange range = ActivationRange(activation_);
    const size_t rows = static_cast<size_t>(batches_) * out_h_;
    ctx.ParallelFor(rows, 1, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        int32_t b = static_cast<int32_t>(row / out_h_), oy = static_cast<int32_t>(row % out_h_);
        for (int32_t ox = 0; ox < out_w_; ++ox) {
          float* o = out + ((static_cast<size_t>(b) * out_h_ + oy) * out_w_ + ox) * out_c_;
          for (int32_t oc = 0; oc < out_c_; ++oc) {
            const int32_t ic = oc / multiplier_;
            float acc = 0.f;
            for (int32_t ky = 0; ky < k_h_; ++ky) {
              int32_t iy = oy * stride_h_ - pad_top_ + ky * dil_h_;
              if (iy < 0 || iy >= in_h_) continue;
              for (int32_t kx = 0; kx < k_w_; ++kx) {
                int32_t ix = ox * stride_w_ - pad_left_ + kx * dil_w_;
                if (ix < 0 || ix >= in_w_) continue;
                acc += in[((static_cast<size_t>(b) * in_h_ + iy) * in_w_ + ix) * in_c_ + ic] *
                       filter[(static_cast<size_t>(ky) * k_w_ + kx) * out_c_ + oc];
              }
            }
            if (bias) acc += bias[oc];
            o[oc] = ApplyActivation(acc, activation_, range);
          }
        }
      }
    });
    return PLINTH_OK;
  }

 private:
  int64_t activation_ = 0;
  int32_t batches_ = 0, in_h_ = 0, in_w_ = 0, in_c_ = 0, k_h_ = 0, k_w_ = 0, out_c_ = 0;
  int32_t multiplier_ = 1, stride_h_ = 1, stride_w_ = 1, dil_h_ = 1, dil_w_ = 1;
  int32_t out_h_ = 0, out_w_ = 0, pad_top_ = 0, pad_left_ = 0;
};

}  // namespace

PlinthStatus RegisterDepthwiseConv2D(Registrar& r) {
  return r.AddBuiltin<DepthwiseConv2D>("DEPTHWISE_CONV_2D", 1, 7, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
