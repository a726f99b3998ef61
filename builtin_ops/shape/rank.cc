// RANK: the input's number of dimensions as an int32 scalar, for any input type.
#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"

namespace plinth::builtin {
namespace {

class Rank {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1, "expects 1 input, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    PLINTH_ENSURE(ctx, ctx.input(0), "input is missing");
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.output(0), "output", {PLINTH_INT32, PLINTH_INT64}));
    return ctx.Resize(ctx.output(0), std::vector<int32_t>{});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor output = ctx.output(0);
    if (output.type() == PLINTH_INT64) {
      output.data<int64_t>()[0] = ctx.input(0).rank();
    } else {
      output.data<int32_t>()[0] = ctx.input(0).rank();
    }
    return PLINTH_OK;
  }
};

}  // namespace

PlinthStatus RegisterRank(Registrar& r) {
  const std::vector<PlinthType> kAny = {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_UINT8,
                                        PLINTH_INT8,    PLINTH_INT16, PLINTH_BOOL,  PLINTH_UINT32};
  return r.AddBuiltin<Rank>("RANK", 1, 1, kAny);
}

}  // namespace plinth::builtin
