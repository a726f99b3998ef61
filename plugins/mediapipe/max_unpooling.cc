// MaxUnpooling2D: MediaPipe's inverse of MaxPoolingWithArgmax2D.
//   inputs: values [N, H, W, C] float32, indices [N, H, W, C] float32 (from the pool)
//   output: [N, H * filter_height, W * filter_width, C], zero except where an index points
// Each value goes to (y * stride_h - pad_top + idx / filter_width,
// x * stride_w - pad_left + idx % filter_width), idx = the index truncated to an integer, with
// pad_top = max(0, ((H - 1) * stride_h + filter_h - OH) / 2) (left alike); later pixels overwrite
// earlier ones and indices pointing outside the output are skipped, as in MediaPipe's
// mediapipe/util/tflite/operations/max_unpooling.cc. The padding option is not used (MediaPipe
// ignores it too).
#include <cstring>
#include <string>

#include "mediapipe_ops.h"
#include "mediapipe_options.h"

namespace plinth_mediapipe {
namespace {

class MaxUnpooling {
 public:
  explicit MaxUnpooling(plinth::KernelContext& ctx) {
    error_ =
        ParsePoolOptions(ctx.node()->custom_options, ctx.node()->custom_options_size, &options_);
  }

  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    if (!error_.empty()) return ctx.Error("MaxUnpooling2D options: ", error_);
    if (ctx.num_inputs() != 2 || ctx.num_outputs() != 1) {
      return ctx.Error("MaxUnpooling2D takes 2 inputs (values, indices) and 1 output, got ",
                       ctx.num_inputs(), " and ", ctx.num_outputs());
    }
    plinth::Tensor values = ctx.input(0), indices = ctx.input(1);
    std::string e = CheckFloatNhwc(values, "values");
    if (e.empty()) e = CheckFloatNhwc(indices, "indices");
    if (!e.empty()) return ctx.Error(e);
    if (!indices.SameShape(values)) {
      return ctx.Error("indices ", plinth::ShapeString(indices), " must have the shape of values ",
                       plinth::ShapeString(values));
    }
    if (ctx.output(0).type() != PLINTH_FLOAT32) {
      return ctx.Error("output must be FLOAT32, got ", plinth::TypeName(ctx.output(0).type()));
    }
    const int64_t out_h = int64_t{values.dim(1)} * options_.filter_height;
    const int64_t out_w = int64_t{values.dim(2)} * options_.filter_width;
    if (!FitsDimension(out_h) || !FitsDimension(out_w)) {
      return ctx.Error("output size ", out_h, "x", out_w, " is out of range");
    }
    // MediaPipe passes the sizes the other way round from pooling: the output is the "input".
    pad_top_ = ComputePadding(options_.stride_height, out_h, options_.filter_height, values.dim(1));
    pad_left_ = ComputePadding(options_.stride_width, out_w, options_.filter_width, values.dim(2));
    return ctx.Resize(ctx.output(0), {values.dim(0), static_cast<int32_t>(out_h),
                                      static_cast<int32_t>(out_w), values.dim(3)});
  }

  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    plinth::Tensor values = ctx.input(0), output = ctx.output(0);
    const float* in = values.data<float>();
    const float* indices = ctx.input(1).data<float>();
    float* out = output.data<float>();
    const int64_t batches = values.dim(0), h = values.dim(1), w = values.dim(2), c = values.dim(3);
    const int64_t out_h = output.dim(1), out_w = output.dim(2);
    std::memset(out, 0, output.bytes());
    for (int64_t b = 0; b < batches; ++b) {
      for (int64_t y = 0; y < h; ++y) {
        for (int64_t x = 0; x < w; ++x) {
          for (int64_t ch = 0; ch < c; ++ch) {
            const int64_t i = ((b * h + y) * w + x) * c + ch;
            // Truncation toward zero, like MediaPipe's float-to-int conversion; values that do
            // not fit an int (or NaN) cannot point inside the output.
            const float index = indices[i];
            if (!(index > -2147483648.f && index < 2147483648.f)) continue;
            const int32_t idx = static_cast<int32_t>(index);
            const int64_t oy = y * options_.stride_height - pad_top_ + idx / options_.filter_width;
            const int64_t ox = x * options_.stride_width - pad_left_ + idx % options_.filter_width;
            if (oy < 0 || oy >= out_h || ox < 0 || ox >= out_w) continue;
            out[((b * out_h + oy) * out_w + ox) * c + ch] = in[i];
          }
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  std::string error_;
  PoolOptions options_;
  int64_t pad_top_ = 0, pad_left_ = 0;
};

}  // namespace

PlinthStatus RegisterMaxUnpooling2D(plinth::Registrar& r) {
  return r.AddCustom<MaxUnpooling>("MaxUnpooling2D", 1, 1, {PLINTH_FLOAT32});
}

}  // namespace plinth_mediapipe
