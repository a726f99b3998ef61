// SHAPE: the input's dimensions as a 1-D int32 or int64 tensor (out_type), for any input type.
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"

namespace plinth::builtin {
namespace {

class Shape {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1, "expects 1 input, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    PLINTH_ENSURE(ctx, ctx.input(0), "input is missing");
    Tensor output = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_INT32, PLINTH_INT64}));
    // out_type names the output type; files without options leave it to the tensor.
    const int64_t out_type = ctx.OptionInt("out_type", output.type());
    if (out_type == PLINTH_INT32 || out_type == PLINTH_INT64) {
      PLINTH_ENSURE(ctx, output.type() == out_type, "out_type is ",
                    TypeName(static_cast<PlinthType>(out_type)), " but the output is ",
                    TypeName(output.type()));
    }
    return ctx.Resize(output, {ctx.input(0).rank()});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(0), output = ctx.output(0);
    for (int i = 0; i < input.rank(); ++i) {
      if (output.type() == PLINTH_INT64) {
        output.data<int64_t>()[i] = input.dim(i);
      } else {
        output.data<int32_t>()[i] = input.dim(i);
      }
    }
    return PLINTH_OK;
  }
};

}  // namespace

PlinthStatus RegisterShape(Registrar& r) {
  const std::vector<PlinthType> kAny = {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_UINT8,
                                        PLINTH_INT8,    PLINTH_INT16, PLINTH_BOOL,  PLINTH_UINT32};
  return r.AddBuiltin<Shape>("SHAPE", 1, 1, kAny);
}

}  // namespace plinth::builtin
