// CONV_2D: NHWC input, OHWI filter, optional bias; grouped when the input has a multiple of the
// filter's channels.
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kFilter = 1;
constexpr int kBias = 2;
constexpr int kOutput = 0;

struct ConvGeometry {
  int32_t batches, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, groups;
  int32_t stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
};

class Conv2D {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), filter = ctx.input(kFilter), bias = ctx.input(kBias);
    Tensor output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, filter, "filter", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_ENSURE(ctx, filter.rank() == 4, "filter must be 4-D (OHWI), got ", ShapeString(filter));
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    ConvGeometry& g = geometry_;
    g.batches = input.dim(0);
    g.in_h = input.dim(1);
    g.in_w = input.dim(2);
    g.in_c = input.dim(3);
    g.out_c = filter.dim(0);
    g.k_h = filter.dim(1);
    g.k_w = filter.dim(2);
    int32_t filter_c = filter.dim(3);
    PLINTH_ENSURE(ctx, filter_c > 0 && g.in_c % filter_c == 0, "input has ", g.in_c,
                  " channels, not a multiple of the filter's ", filter_c);
    g.groups = g.in_c / filter_c;
    PLINTH_ENSURE(ctx, g.out_c % g.groups == 0, "filter count ", g.out_c,
                  " is not a multiple of the group count ", g.groups);
    g.stride_h = static_cast<int32_t>(ctx.OptionInt("stride_h", 1));
    g.stride_w = static_cast<int32_t>(ctx.OptionInt("stride_w", 1));
    g.dil_h = static_cast<int32_t>(ctx.OptionInt("dilation_h_factor", 1));
    g.dil_w = static_cast<int32_t>(ctx.OptionInt("dilation_w_factor", 1));
    PLINTH_ENSURE(ctx, g.stride_h > 0 && g.stride_w > 0 && g.dil_h > 0 && g.dil_w > 0,
                  "strides and dilations must be positive");
    if (bias) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_FLOAT32}));
      PLINTH_ENSURE(ctx, bias.num_elements() == g.out_c, "bias has ", bias.num_elements(),
                    " elements, the filter ", g.out_c, " outputs");
    }
    int64_t padding = ctx.OptionInt("padding");
    PaddedDim ph = ComputePadding(padding, g.in_h, g.k_h, g.stride_h, g.dil_h);
    PaddedDim pw = ComputePadding(padding, g.in_w, g.k_w, g.stride_w, g.dil_w);
    g.out_h = ph.out;
    g.out_w = pw.out;
    g.pad_top = ph.pad_before;
    g.pad_left = pw.pad_before;
    return ctx.Resize(output, {g.batches, g.out_h, g.out_w, g.out_c});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const ConvGeometry& g = geometry_;
    const float* in = ctx.input(kInput).data<float>();
    const float* filter = ctx.input(kFilter).data<float>();
    Tensor bias_t = ctx.input(kBias);
    const float* bias = bias_t ? bias_t.data<float>() : nullptr;
    float* out = ctx.output(kOutput).data<float>();
    FloatRange range = ActivationRange(activation_);
    const int32_t group_in = g.in_c / g.groups, group_out = g.out_c / g.groups;
    const size_t rows = static_cast<size_t>(g.batches) * g.out_h;
    ctx.ParallelFor(rows, 1, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        int32_t b = static_cast<int32_t>(row / g.out_h), oy = static_cast<int32_t>(row % g.out_h);
        for (int32_t ox = 0; ox < g.out_w; ++ox) {
          float* o = out + ((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c;
          for (int32_t oc = 0; oc < g.out_c; ++oc) {
            int32_t group = oc / group_out;
            const float* f = filter + static_cast<size_t>(oc) * g.k_h * g.k_w * group_in;
            float acc = 0.f;
            for (int32_t ky = 0; ky < g.k_h; ++ky) {
              int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
              if (iy < 0 || iy >= g.in_h) continue;
              for (int32_t kx = 0; kx < g.k_w; ++kx) {
                int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
                if (ix < 0 || ix >= g.in_w) continue;
                const float* x = in + ((static_cast<size_t>(b) * g.in_h + iy) * g.in_w + ix) * g.in_c +
                                 group * group_in;
                const float* w = f + (static_cast<size_t>(ky) * g.k_w + kx) * group_in;
                for (int32_t c = 0; c < group_in; ++c) acc += x[c] * w[c];
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
  ConvGeometry geometry_{};
  int64_t activation_ = 0;
};

}  // namespace

PlinthStatus RegisterConv2D(Registrar& r) {
  return r.AddBuiltin<Conv2D>("CONV_2D", 1, 8, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
