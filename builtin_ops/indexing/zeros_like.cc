// ZEROS_LIKE: zeros of the input's shape and type (float32, int32, int64).
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

class ZerosLike {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1 && ctx.num_outputs() == 1,
                  "ZEROS_LIKE takes 1 input and 1 output, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    Tensor input = ctx.input(kInput), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, output && output.type() == input.type(), "output type must be ",
                  TypeName(input.type()));
    return ctx.Resize(output, input.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor output = ctx.output(kOutput);
    // All-zero bytes are 0 (and +0.0f) for every supported type.
    if (output.bytes() > 0) std::memset(output.raw_data(), 0, output.bytes());
    return PLINTH_OK;
  }
};

}  // namespace

PlinthStatus RegisterZerosLike(Registrar& r) {
  return r.AddBuiltin<ZerosLike>("ZEROS_LIKE", 1, 1, {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64});
}

}  // namespace plinth::builtin
