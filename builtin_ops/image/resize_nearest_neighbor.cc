// RESIZE_NEAREST_NEIGHBOR on NHWC with align_corners and half_pixel_centers (both may be set),
// choosing source pixels exactly as TFLite's reference GetNearestNeighbor. Pure data movement,
// so every movable element type is served.
#include <algorithm>
#include <cmath>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/image/image_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class ResizeNearestNeighbor {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs (input, size), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), size = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, size, "size", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, size.rank() == 1 && size.num_elements() == 2,
                  "size must be 1-D [height, width], got ", ShapeString(size));
    align_corners_ = ctx.OptionBool("align_corners");
    half_pixel_centers_ = ctx.OptionBool("half_pixel_centers");
    dynamic_ = !size.is_constant();
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0);
    if (output.num_elements() == 0) return PLINTH_OK;
    DispatchBySize(TypeSize(input.type()), [&](auto tag) {
      using T = decltype(tag);
      Run(input.data<T>(), input, output.data<T>(), output);
    });
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResizeOutput(KernelContext& ctx) {
    const int32_t* size = ctx.input(1).data<int32_t>();
    PLINTH_ENSURE(ctx, size[0] >= 0 && size[1] >= 0, "output size must not be negative, got ",
                  size[0], "x", size[1]);
    Tensor input = ctx.input(0);
    return ctx.Resize(ctx.output(0), {input.dim(0), size[0], size[1], input.dim(3)});
  }

  int32_t Nearest(int32_t v, int32_t in_size, int32_t out_size) const {
    const float scale = (align_corners_ && out_size > 1)
                            ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                            : static_cast<float>(in_size) / static_cast<float>(out_size);
    const float offset = half_pixel_centers_ ? 0.5f : 0.f;
    const float scaled = (static_cast<float>(v) + offset) * scale;
    int32_t index = align_corners_ ? static_cast<int32_t>(std::round(scaled))
                                   : static_cast<int32_t>(std::floor(scaled));
    index = std::min(index, in_size - 1);
    if (half_pixel_centers_) index = std::max(index, 0);
    return index;
  }

  template <class T>
  void Run(const T* in, const Tensor& input, T* out, const Tensor& output) const {
    const int32_t batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2),
                  depth = input.dim(3), out_h = output.dim(1), out_w = output.dim(2);
    for (int32_t b = 0; b < batches; ++b) {
      for (int32_t y = 0; y < out_h; ++y) {
        const int32_t sy = Nearest(y, in_h, out_h);
        for (int32_t x = 0; x < out_w; ++x) {
          const int32_t sx = Nearest(x, in_w, out_w);
          const T* from = in + ((static_cast<size_t>(b) * in_h + sy) * in_w + sx) * depth;
          std::copy(from, from + depth, out);
          out += depth;
        }
      }
    }
  }

  bool align_corners_ = false;
  bool half_pixel_centers_ = false;
  bool dynamic_ = false;
};

}  // namespace

PlinthStatus RegisterResizeNearestNeighbor(Registrar& r) {
  return r.AddBuiltin<ResizeNearestNeighbor>("RESIZE_NEAREST_NEIGHBOR", 1, 4, MovableTypes());
}

}  // namespace plinth::builtin
