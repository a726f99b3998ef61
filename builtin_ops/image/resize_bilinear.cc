// RESIZE_BILINEAR on NHWC with align_corners and half_pixel_centers, following TFLite's reference
// kernel exactly: float32 and uint8 interpolate in float (uint8 adds 0.5 and truncates); int8
// and int16 use the integer path with 10-bit fixed-point source coordinates and a 20-bit
// weighted sum rounded half away from zero. Rows of the output are spread over the interpreter's
// threads; each column's source pixels and weights are computed once per invoke.
#include <algorithm>
#include <cmath>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/image/image_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class ResizeBilinear {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs (input, size), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), size = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, size, "size", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, size.rank() == 1 && size.num_elements() == 2,
                  "size must be 1-D [height, width], got ", ShapeString(size));
    align_corners_ = ctx.OptionBool("align_corners");
    half_pixel_centers_ = ctx.OptionBool("half_pixel_centers");
    PLINTH_ENSURE(ctx, !(align_corners_ && half_pixel_centers_),
                  "align_corners and half_pixel_centers cannot both be set");
    dynamic_ = !size.is_constant();
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0);
    switch (input.type()) {
      case PLINTH_FLOAT32:
        RunFloat(ctx, input.data<float>(), input, output.data<float>(), output);
        break;
      case PLINTH_UINT8:
        RunFloat(ctx, input.data<uint8_t>(), input, output.data<uint8_t>(), output);
        break;
      case PLINTH_INT8:
        RunInteger(ctx, input.data<int8_t>(), input, output.data<int8_t>(), output);
        break;
      default:
        RunInteger(ctx, input.data<int16_t>(), input, output.data<int16_t>(), output);
        break;
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

  // Source coordinate of output index v and its two neighbours (TFLite's
  // ComputeInterpolationValues).
  void Interpolate(int32_t v, float scale, int32_t in_size, float* scaled, int32_t* lower,
                   int32_t* upper) const {
    *scaled = half_pixel_centers_ ? (static_cast<float>(v) + 0.5f) * scale - 0.5f
                                  : static_cast<float>(v) * scale;
    *lower = std::max(static_cast<int32_t>(std::floor(*scaled)), 0);
    *upper = std::min(static_cast<int32_t>(std::ceil(*scaled)), in_size - 1);
  }

  template <class T>
  void RunFloat(const KernelContext& ctx, const T* in, const Tensor& input, T* out,
                const Tensor& output) const {
    const int32_t in_h = input.dim(1), in_w = input.dim(2), depth = input.dim(3),
                  out_h = output.dim(1), out_w = output.dim(2);
    float scale_h = static_cast<float>(in_h) / out_h;
    float scale_w = static_cast<float>(in_w) / out_w;
    if (align_corners_ && out_h > 1) scale_h = static_cast<float>(in_h - 1) / (out_h - 1);
    if (align_corners_ && out_w > 1) scale_w = static_cast<float>(in_w - 1) / (out_w - 1);
    // Integer outputs round to nearest by adding one half before truncating.
    const float rounding = std::is_integral_v<T> ? 0.5f : 0.f;
    struct Column {
      size_t x0, x1;  // offsets of the two source pixels in a row
      float dx, wx0;  // dx and 1 - dx
    };
    std::vector<Column> columns(static_cast<size_t>(out_w));
    for (int32_t x = 0; x < out_w; ++x) {
      float fx;
      int32_t x0, x1;
      Interpolate(x, scale_w, in_w, &fx, &x0, &x1);
      const float dx = fx - static_cast<float>(x0);
      columns[x] = {static_cast<size_t>(x0) * depth, static_cast<size_t>(x1) * depth, dx, 1 - dx};
    }
    const size_t row_in = static_cast<size_t>(in_w) * depth,
                 row_out = static_cast<size_t>(out_w) * depth;
    ctx.ParallelFor(static_cast<size_t>(input.dim(0)) * out_h, 4, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        const size_t b = row / static_cast<size_t>(out_h);
        float fy;
        int32_t y0, y1;
        Interpolate(static_cast<int32_t>(row % static_cast<size_t>(out_h)), scale_h, in_h, &fy, &y0,
                    &y1);
        const float dy = fy - static_cast<float>(y0), wy0 = 1 - dy;
        const T* r0 = in + (b * in_h + static_cast<size_t>(y0)) * row_in;
        const T* r1 = in + (b * in_h + static_cast<size_t>(y1)) * row_in;
        T* o = out + row * row_out;
        for (const Column& col : columns) {
          const T *p00 = r0 + col.x0, *p01 = r0 + col.x1, *p10 = r1 + col.x0, *p11 = r1 + col.x1;
          const float dx = col.dx, wx0 = col.wx0;
          // Same terms in the same order as TFLite, so float rounding matches.
          for (int32_t c = 0; c < depth; ++c) {
            o[c] = static_cast<T>(static_cast<float>(p00[c]) * wy0 * wx0 +
                                  static_cast<float>(p10[c]) * dy * wx0 +
                                  static_cast<float>(p01[c]) * wy0 * dx +
                                  static_cast<float>(p11[c]) * dy * dx + rounding);
          }
          o += depth;
        }
      }
    });
  }

  // 10-bit fixed-point scale: round(2^10 * in / out), with align_corners' (in - 1) / (out - 1).
  int32_t Scale10(int32_t in_size, int32_t out_size) const {
    if (align_corners_ && out_size > 1) {
      return ((1 << 10) * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
    }
    return ((1 << 10) * in_size + out_size / 2) / out_size;
  }

  // Source coordinate (10 fractional bits) of output index v and its two neighbours.
  void InterpolateInteger(int32_t v, int32_t scale_10, int32_t in_size, int32_t* scaled,
                          int32_t* lower, int32_t* upper) const {
    *scaled = half_pixel_centers_ ? v * scale_10 + scale_10 / 2 - (1 << 9) : v * scale_10;
    // Division truncates toward zero, as in TFLite.
    *lower = std::max(*scaled / (1 << 10), 0);
    *upper = std::min((*scaled + (1 << 10) - 1) / (1 << 10), in_size - 1);
  }

  template <class T>
  void RunInteger(const KernelContext& ctx, const T* in, const Tensor& input, T* out,
                  const Tensor& output) const {
    const int32_t in_h = input.dim(1), in_w = input.dim(2), depth = input.dim(3),
                  out_h = output.dim(1), out_w = output.dim(2);
    const int32_t scale_h = Scale10(in_h, out_h), scale_w = Scale10(in_w, out_w);
    constexpr int32_t kOne = 1 << 10;
    ctx.ParallelFor(static_cast<size_t>(input.dim(0)) * out_h, 4, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(out_h));
        const int32_t y = static_cast<int32_t>(row % static_cast<size_t>(out_h));
        int32_t fy, y0, y1;
        InterpolateInteger(y, scale_h, in_h, &fy, &y0, &y1);
        const int64_t wy1 = fy - kOne * y0, wy0 = kOne - wy1;
        for (int32_t x = 0; x < out_w; ++x) {
          int32_t fx, x0, x1;
          InterpolateInteger(x, scale_w, in_w, &fx, &x0, &x1);
          const int64_t wx1 = fx - kOne * x0, wx0 = kOne - wx1;
          const T* p00 = in + ((static_cast<size_t>(b) * in_h + y0) * in_w + x0) * depth;
          const T* p01 = in + ((static_cast<size_t>(b) * in_h + y0) * in_w + x1) * depth;
          const T* p10 = in + ((static_cast<size_t>(b) * in_h + y1) * in_w + x0) * depth;
          const T* p11 = in + ((static_cast<size_t>(b) * in_h + y1) * in_w + x1) * depth;
          T* o = out + ((static_cast<size_t>(b) * out_h + y) * out_w + x) * depth;
          for (int32_t c = 0; c < depth; ++c) {
            const int64_t sum =
                p00[c] * wy0 * wx0 + p10[c] * wy1 * wx0 + p01[c] * wy0 * wx1 + p11[c] * wy1 * wx1;
            const int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);
            o[c] = static_cast<T>((sum + round) / (1 << 20));
          }
        }
      }
    });
  }

  bool align_corners_ = false;
  bool half_pixel_centers_ = false;
  bool dynamic_ = false;
};

}  // namespace

PlinthStatus RegisterResizeBilinear(Registrar& r) {
  return r.AddBuiltin<ResizeBilinear>("RESIZE_BILINEAR", 1, 4,
                                      {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
