// RESIZE_BILINEAR on NHWC with align_corners and half_pixel_centers, following TFLite's reference
// interpolation exactly (same scale, bounds and weights).
#include <cmath>

#include "builtin_ops/image/image_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

class ResizeBilinear {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0), size = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, size, "size", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, size.num_elements() == 2, "size must hold [height, width]");
    align_corners_ = ctx.OptionBool("align_corners");
    half_pixel_centers_ = ctx.OptionBool("half_pixel_centers");
    PLINTH_ENSURE(ctx, !(align_corners_ && half_pixel_centers_),
                  "align_corners and half_pixel_centers cannot both be set");
    if (!size.is_constant()) return ctx.SetDynamic(ctx.output(0));
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (ctx.output(0).is_dynamic()) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0);
    const int32_t batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2),
                  depth = input.dim(3), out_h = output.dim(1), out_w = output.dim(2);
    const float* in = input.data<float>();
    float* out = output.data<float>();
    float scale_h = static_cast<float>(in_h) / out_h;
    float scale_w = static_cast<float>(in_w) / out_w;
    if (align_corners_ && out_h > 1) scale_h = static_cast<float>(in_h - 1) / (out_h - 1);
    if (align_corners_ && out_w > 1) scale_w = static_cast<float>(in_w - 1) / (out_w - 1);
    for (int32_t b = 0; b < batches; ++b) {
      for (int32_t y = 0; y < out_h; ++y) {
        float fy;
        int32_t y0, y1;
        Interpolate(y, scale_h, in_h, &fy, &y0, &y1);
        for (int32_t x = 0; x < out_w; ++x) {
          float fx;
          int32_t x0, x1;
          Interpolate(x, scale_w, in_w, &fx, &x0, &x1);
          const float* p00 = in + ((static_cast<size_t>(b) * in_h + y0) * in_w + x0) * depth;
          const float* p01 = in + ((static_cast<size_t>(b) * in_h + y0) * in_w + x1) * depth;
          const float* p10 = in + ((static_cast<size_t>(b) * in_h + y1) * in_w + x0) * depth;
          const float* p11 = in + ((static_cast<size_t>(b) * in_h + y1) * in_w + x1) * depth;
          float* o = out + ((static_cast<size_t>(b) * out_h + y) * out_w + x) * depth;
          const float dy = fy - y0, dx = fx - x0;
          for (int32_t c = 0; c < depth; ++c) {
            o[c] = p00[c] * (1 - dy) * (1 - dx) + p10[c] * dy * (1 - dx) +
                   p01[c] * (1 - dy) * dx + p11[c] * dy * dx;
          }
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResizeOutput(KernelContext& ctx) {
    const int32_t* size = ctx.input(1).data<int32_t>();
    PLINTH_ENSURE(ctx, size[0] > 0 && size[1] > 0, "output size must be positive, got ", size[0],
                  "x", size[1]);
    Tensor input = ctx.input(0);
    return ctx.Resize(ctx.output(0), {input.dim(0), size[0], size[1], input.dim(3)});
  }

  void Interpolate(int32_t v, float scale, int32_t in_size, float* scaled, int32_t* lower,
                   int32_t* upper) const {
    *scaled = half_pixel_centers_ ? (static_cast<float>(v) + 0.5f) * scale - 0.5f
                                  : static_cast<float>(v) * scale;
    *lower = std::max(static_cast<int32_t>(std::floor(*scaled)), 0);
    *upper = std::min(static_cast<int32_t>(std::ceil(*scaled)), in_size - 1);
  }

  bool align_corners_ = false;
  bool half_pixel_centers_ = false;
};

}  // namespace

PlinthStatus RegisterResizeBilinear(Registrar& r) {
  return r.AddBuiltin<ResizeBilinear>("RESIZE_BILINEAR", 1, 4, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
