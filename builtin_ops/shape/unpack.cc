// UNPACK: splits the input along `axis` into `num` tensors without that dimension. Quantized
// outputs must share the input's scale and zero point, as TFLite requires.
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class Unpack {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1, "expects 1 input, got ", ctx.num_inputs());
    Tensor input = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    const int64_t axis = ctx.OptionInt("axis");
    axis_ = NormalizeAxis(axis, input.rank());
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", axis, " out of range for rank ", input.rank());
    const int64_t num = ctx.OptionInt("num");
    PLINTH_ENSURE(ctx, num == input.dim(axis_), "num is ", num, " but dimension ", axis_,
                  " of the input has ", input.dim(axis_), " entries");
    PLINTH_ENSURE(ctx, ctx.num_outputs() == num, "num is ", num, " but the op has ",
                  ctx.num_outputs(), " outputs");
    PLINTH_RETURN_IF_ERROR(CheckOutputTypes(ctx, input));
    std::vector<int32_t> dims = input.shape();
    dims.erase(dims.begin() + axis_);
    for (int i = 0; i < ctx.num_outputs(); ++i) {
      if (!SameQuantization(input, ctx.output(i))) {
        return ctx.Error("output ", i,
                         " must have the input's quantization (scale and zero point)");
      }
      PLINTH_RETURN_IF_ERROR(ctx.Resize(ctx.output(i), dims));
    }
    return PLINTH_OK;
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    CopyBlocksAlongAxis(ctx, ctx.input(0), axis_, ctx.num_outputs(), [](int) { return 1; });
    return PLINTH_OK;
  }

 private:
  int axis_ = 0;
};

}  // namespace

PlinthStatus RegisterUnpack(Registrar& r) {
  return r.AddBuiltin<Unpack>("UNPACK", 1, 4, MovableTypes());
}

}  // namespace plinth::builtin
