// MaxPoolingWithArgmax2D: MediaPipe's max pool that also returns where each maximum was.
//   input: [N, H, W, C] float32
//   outputs: 0: pooled [N, OH, OW, C]; 1: indices [N, OH, OW, C], float32, the position of the
//            maximum inside its window, fy * filter_width + fx, plus 0.1 (so truncating it back to
//            an integer in MaxUnpooling2D is safe)
// OH = ceil(H / stride) for SAME, (H - filter + stride) / stride for VALID, as MediaPipe's
// mediapipe/util/tflite/operations/max_pool_argmax.cc computes them; windows are clipped to the
// image, the first maximum wins, an empty window yields the lowest float and index 0.1, and a
// ReLU-family activation clamps the pooled value (not the index).
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "mediapipe_ops.h"
#include "mediapipe_options.h"

namespace plinth_mediapipe {
namespace {

class MaxPoolingWithArgmax {
 public:
  explicit MaxPoolingWithArgmax(plinth::KernelContext& ctx) {
    error_ =
        ParsePoolOptions(ctx.node()->custom_options, ctx.node()->custom_options_size, &options_);
  }

  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    if (!error_.empty()) return ctx.Error("MaxPoolingWithArgmax2D options: ", error_);
    if (ctx.num_inputs() != 1 || ctx.num_outputs() != 2) {
      return ctx.Error("MaxPoolingWithArgmax2D takes 1 input and 2 outputs (values, indices), got ",
                       ctx.num_inputs(), " and ", ctx.num_outputs());
    }
    plinth::Tensor input = ctx.input(0);
    if (std::string e = CheckFloatNhwc(input, "input"); !e.empty()) return ctx.Error(e);
    for (int i = 0; i < 2; ++i) {
      if (ctx.output(i).type() != PLINTH_FLOAT32) {
        return ctx.Error("output ", i, " must be FLOAT32, got ",
                         plinth::TypeName(ctx.output(i).type()));
      }
    }
    const int64_t out_h = OutputSize(input.dim(1), options_.filter_height, options_.stride_height);
    const int64_t out_w = OutputSize(input.dim(2), options_.filter_width, options_.stride_width);
    if (!FitsDimension(out_h) || !FitsDimension(out_w)) {
      return ctx.Error("a ", options_.filter_height, "x", options_.filter_width,
                       " VALID window does not fit the input ", plinth::ShapeString(input));
    }
    pad_top_ = ComputePadding(options_.stride_height, input.dim(1), options_.filter_height, out_h);
    pad_left_ = ComputePadding(options_.stride_width, input.dim(2), options_.filter_width, out_w);
    if (options_.activation >= kActTanh) {
      ctx.Warning("MaxPoolingWithArgmax2D: activation ", options_.activation,
                  " is not applied (MediaPipe applies only the ReLU family)");
    }
    std::vector<int32_t> shape = {input.dim(0), static_cast<int32_t>(out_h),
                                  static_cast<int32_t>(out_w), input.dim(3)};
    PlinthStatus s = ctx.Resize(ctx.output(0), shape);
    return s == PLINTH_OK ? ctx.Resize(ctx.output(1), shape) : s;
  }

  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    plinth::Tensor input = ctx.input(0), output = ctx.output(0);
    const float* in = input.data<float>();
    float* out = output.data<float>();
    float* indices = ctx.output(1).data<float>();
    const int64_t batches = input.dim(0), h = input.dim(1), w = input.dim(2), c = input.dim(3);
    const int64_t out_h = output.dim(1), out_w = output.dim(2);
    const int64_t fh = options_.filter_height, fw = options_.filter_width;
    float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
    switch (options_.activation) {
      case kActRelu:
        lo = 0.f;
        break;
      case kActReluN1To1:
        lo = -1.f;
        hi = 1.f;
        break;
      case kActRelu6:
        lo = 0.f;
        hi = 6.f;
        break;
      default:
        break;
    }
    for (int64_t b = 0; b < batches; ++b) {
      for (int64_t oy = 0; oy < out_h; ++oy) {
        const int64_t y0 = oy * options_.stride_height - pad_top_;
        const int64_t fy_begin = std::max<int64_t>(0, -y0), fy_end = std::min(fh, h - y0);
        for (int64_t ox = 0; ox < out_w; ++ox) {
          const int64_t x0 = ox * options_.stride_width - pad_left_;
          const int64_t fx_begin = std::max<int64_t>(0, -x0), fx_end = std::min(fw, w - x0);
          for (int64_t ch = 0; ch < c; ++ch) {
            float best = std::numeric_limits<float>::lowest();
            int64_t best_y = 0, best_x = 0;
            for (int64_t fy = fy_begin; fy < fy_end; ++fy) {
              for (int64_t fx = fx_begin; fx < fx_end; ++fx) {
                const float v = in[((b * h + y0 + fy) * w + x0 + fx) * c + ch];
                if (v > best) {
                  best = v;
                  best_y = fy;
                  best_x = fx;
                }
              }
            }
            const int64_t o = ((b * out_h + oy) * out_w + ox) * c + ch;
            out[o] = std::min(std::max(best, lo), hi);
            indices[o] = static_cast<float>(best_y * fw + best_x) + 0.1f;
          }
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  // MediaPipe's output size (TensorFlow's GetWindowedOutputSize); negative when VALID cannot fit.
  int64_t OutputSize(int64_t size, int64_t filter, int64_t stride) const {
    return options_.padding == Padding::kSame ? (size + stride - 1) / stride
                                              : (size - filter + stride) / stride;
  }

  std::string error_;
  PoolOptions options_;
  int64_t pad_top_ = 0, pad_left_ = 0;
};

}  // namespace

PlinthStatus RegisterMaxPoolingWithArgmax2D(plinth::Registrar& r) {
  return r.AddCustom<MaxPoolingWithArgmax>("MaxPoolingWithArgmax2D", 1, 1, {PLINTH_FLOAT32});
}

}  // namespace plinth_mediapipe
