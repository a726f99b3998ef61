// SPACE_TO_DEPTH on NHWC: each block_size x block_size patch becomes one pixel with
// block_size^2 times the channels; channel ((dy * block_size) + dx) * C + c holds input pixel
// (y * block_size + dy, x * block_size + dx), channel c.
#include <algorithm>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/image/image_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class SpaceToDepth {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1, "expects 1 input, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    const int64_t block = ctx.OptionInt("block_size");
    PLINTH_ENSURE(ctx, block >= 1, "block_size must be positive, got ", block);
    PLINTH_ENSURE(ctx, input.dim(1) % block == 0 && input.dim(2) % block == 0, "height ",
                  input.dim(1), " and width ", input.dim(2), " must be multiples of block_size ",
                  block);
    PLINTH_ENSURE(ctx, input.dim(3) * block * block <= INT32_MAX, "output depth is too large");
    block_ = static_cast<int32_t>(block);
    return ctx.Resize(ctx.output(0), {input.dim(0), input.dim(1) / block_, input.dim(2) / block_,
                                      input.dim(3) * block_ * block_});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(0), output = ctx.output(0);
    if (output.num_elements() == 0) return PLINTH_OK;
    DispatchBySize(TypeSize(input.type()), [&](auto tag) {
      using T = decltype(tag);
      Run(input.data<T>(), input, output.data<T>());
    });
    return PLINTH_OK;
  }

 private:
  template <class T>
  void Run(const T* in, const Tensor& input, T* out) const {
    const int32_t batches = input.dim(0), in_h = input.dim(1), in_w = input.dim(2),
                  depth = input.dim(3);
    // Walk the output in order; each (dy, dx) group of channels is one input pixel.
    for (int32_t b = 0; b < batches; ++b) {
      for (int32_t y = 0; y < in_h / block_; ++y) {
        for (int32_t x = 0; x < in_w / block_; ++x) {
          for (int32_t dy = 0; dy < block_; ++dy) {
            for (int32_t dx = 0; dx < block_; ++dx) {
              const T* from = in + ((static_cast<size_t>(b) * in_h + y * block_ + dy) * in_w +
                                    x * block_ + dx) *
                                       depth;
              out = std::copy(from, from + depth, out);
            }
          }
        }
      }
    }
  }

  int32_t block_ = 1;
};

}  // namespace

PlinthStatus RegisterSpaceToDepth(Registrar& r) {
  return r.AddBuiltin<SpaceToDepth>("SPACE_TO_DEPTH", 1, 2, MovableTypes());
}

}  // namespace plinth::builtin
