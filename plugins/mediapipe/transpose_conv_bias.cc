// Convolution2DTransposeBias: MediaPipe's transposed convolution with a bias, float32.
//   inputs: input [N, H, W, Cin], weights [Cout, KH, KW, Cin] (OHWI), bias [Cout]
//   output: [N, OH, OW, Cout], OH = stride_h * (H - 1) + KH - pad_h, where pad_h =
//           max(0, KH - (H - 1) % stride_h - 1) for SAME and 0 for VALID (OW alike); the
//           window starts pad_h / 2 rows before the image.
// Same loops (so the same float additions, in the same order) as MediaPipe's
// mediapipe/util/tflite/operations/transpose_conv_bias.cc: start from the bias, scatter each
// input pixel through the filter. No fused activation (MediaPipe applies none).
#include <algorithm>
#include <string>

#include "mediapipe_ops.h"
#include "mediapipe_options.h"

namespace plinth_mediapipe {
namespace {

class TransposeConvBias {
 public:
  explicit TransposeConvBias(plinth::KernelContext& ctx) {
    error_ = ParseTransposeConvOptions(ctx.node()->custom_options, ctx.node()->custom_options_size,
                                       &options_);
  }

  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    if (!error_.empty()) return ctx.Error("Convolution2DTransposeBias options: ", error_);
    if (ctx.num_inputs() != 3 || ctx.num_outputs() != 1) {
      return ctx.Error("Convolution2DTransposeBias takes 3 inputs (input, weights, bias) and ",
                       "1 output, got ", ctx.num_inputs(), " and ", ctx.num_outputs());
    }
    plinth::Tensor input = ctx.input(0), weights = ctx.input(1), bias = ctx.input(2),
                   output = ctx.output(0);
    std::string e = CheckFloatNhwc(input, "input");
    if (e.empty()) e = CheckFloatNhwc(weights, "weights");
    if (!e.empty()) return ctx.Error(e);
    if (output.type() != PLINTH_FLOAT32) {
      return ctx.Error("output must be FLOAT32, got ", plinth::TypeName(output.type()));
    }
    if (!bias || bias.type() != PLINTH_FLOAT32 || bias.rank() != 1) {
      return ctx.Error("bias must be a 1-D FLOAT32 tensor");
    }
    if (weights.dim(3) != input.dim(3)) {
      return ctx.Error("weights [Cout, KH, KW, Cin] have ", weights.dim(3),
                       " input channels, the input has ", input.dim(3));
    }
    if (bias.dim(0) != weights.dim(0)) {
      return ctx.Error("bias has ", bias.dim(0), " values for ", weights.dim(0),
                       " output channels");
    }
    if (input.dim(1) < 1 || input.dim(2) < 1) {
      return ctx.Error("input height and width must be >= 1, got ", plinth::ShapeString(input));
    }
    const int64_t h = input.dim(1), w = input.dim(2), kh = weights.dim(1), kw = weights.dim(2);
    int64_t pad_h = 0, pad_w = 0;
    if (options_.padding == Padding::kSame) {
      pad_h = std::max<int64_t>(0, kh - (h - 1) % options_.stride_height - 1);
      pad_w = std::max<int64_t>(0, kw - (w - 1) % options_.stride_width - 1);
    }
    const int64_t out_h = options_.stride_height * (h - 1) + kh - pad_h;
    const int64_t out_w = options_.stride_width * (w - 1) + kw - pad_w;
    if (!FitsDimension(out_h) || !FitsDimension(out_w)) {
      return ctx.Error("output size ", out_h, "x", out_w, " is out of range");
    }
    pad_top_ = pad_h / 2;
    pad_left_ = pad_w / 2;
    return ctx.Resize(output, {input.dim(0), static_cast<int32_t>(out_h),
                               static_cast<int32_t>(out_w), weights.dim(0)});
  }

  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    plinth::Tensor input = ctx.input(0), weights = ctx.input(1), output = ctx.output(0);
    const float* in = input.data<float>();
    const float* filter = weights.data<float>();
    const float* bias = ctx.input(2).data<float>();
    float* out = output.data<float>();
    const int64_t batches = input.dim(0), h = input.dim(1), w = input.dim(2), cin = input.dim(3);
    const int64_t cout = weights.dim(0), kh = weights.dim(1), kw = weights.dim(2);
    const int64_t out_h = output.dim(1), out_w = output.dim(2);
    for (int64_t b = 0; b < batches; ++b) {
      float* out_b = out + b * out_h * out_w * cout;
      for (int64_t i = 0; i < out_h * out_w; ++i) {
        std::copy(bias, bias + cout, out_b + i * cout);
      }
      for (int64_t y = 0; y < h; ++y) {
        for (int64_t x = 0; x < w; ++x) {
          for (int64_t ci = 0; ci < cin; ++ci) {
            const float value = in[((b * h + y) * w + x) * cin + ci];
            const int64_t oy0 = y * options_.stride_height - pad_top_;
            const int64_t ox0 = x * options_.stride_width - pad_left_;
            for (int64_t fy = 0; fy < kh; ++fy) {
              const int64_t oy = oy0 + fy;
              if (oy < 0 || oy >= out_h) continue;
              for (int64_t fx = 0; fx < kw; ++fx) {
                const int64_t ox = ox0 + fx;
                if (ox < 0 || ox >= out_w) continue;
                float* o = out_b + (oy * out_w + ox) * cout;
                for (int64_t co = 0; co < cout; ++co) {
                  o[co] += value * filter[((co * kh + fy) * kw + fx) * cin + ci];
                }
              }
            }
          }
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  std::string error_;
  TransposeConvOptions options_;
  int64_t pad_top_ = 0, pad_left_ = 0;
};

}  // namespace

PlinthStatus RegisterConvolution2DTransposeBias(plinth::Registrar& r) {
  return r.AddCustom<TransposeConvBias>("Convolution2DTransposeBias", 1, 1, {PLINTH_FLOAT32});
}

}  // namespace plinth_mediapipe
