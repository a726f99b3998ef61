// FILL: a tensor of shape `dims` (int32 or int64, 1-D) holding the scalar `value` everywhere.
// Any fixed-size value type (float32, float16, int8, uint8, int16, int32, int64, bool); a
// quantized value keeps its parameters, which the output must share. A non-constant `dims`
// makes the output dynamic.
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/index_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kDims = 0;
constexpr int kValue = 1;
constexpr int kOutput = 0;

class Fill {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1,
                  "FILL takes 2 inputs (dims, value) and 1 output, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    Tensor dims = ctx.input(kDims), value = ctx.input(kValue), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, dims, "dims", {PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, dims.rank() == 1, "dims must be 1-D, got ", ShapeString(dims));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, value, "value",
                                     {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_INT8, PLINTH_UINT8,
                                      PLINTH_INT16, PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL}));
    PLINTH_ENSURE(ctx, value.rank() == 0, "value must be a scalar, got ", ShapeString(value));
    PLINTH_ENSURE(ctx, output && output.type() == value.type(), "output type must be ",
                  TypeName(value.type()));
    if (value.is_quantized() || output.is_quantized()) {
      PLINTH_ENSURE(ctx,
                    value.is_quantized() && output.is_quantized() &&
                        value.scale() == output.scale() &&
                        value.zero_point() == output.zero_point(),
                    "output quantization must be the value's");
      if (value.type() == PLINTH_INT16) {
        PLINTH_ENSURE(ctx, value.zero_point() == 0, "int16 values need a zero point of 0");
      }
    }
    dynamic_ = !dims.is_constant();
    if (dynamic_) return ctx.SetDynamic(output);
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    Tensor value = ctx.input(kValue), output = ctx.output(kOutput);
    const size_t bytes = TypeSize(value.type());
    char* out = static_cast<char*>(output.raw_data());
    const int64_t n = output.num_elements();
    for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * bytes, value.raw_data(), bytes);
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResizeOutput(const KernelContext& ctx) const {
    Tensor dims = ctx.input(kDims);
    const int rank = dims.dim(0);
    PLINTH_ENSURE(ctx, rank <= 16, "dims has ", rank, " entries, more than 16");
    int32_t shape[16];
    for (int i = 0; i < rank; ++i) {
      const int64_t d = IntegerAt(dims, i);
      PLINTH_ENSURE(ctx, d >= 0 && d <= INT32_MAX, "FILL dimension ", i, " must be >= 0, got ", d);
      shape[i] = static_cast<int32_t>(d);
    }
    return ctx.Resize(ctx.output(kOutput), shape, rank);
  }

  bool dynamic_ = false;
};

}  // namespace

PlinthStatus RegisterFill(Registrar& r) {
  return r.AddBuiltin<Fill>("FILL", 1, 4,
                            {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_INT8, PLINTH_UINT8,
                             PLINTH_INT16, PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL});
}

}  // namespace plinth::builtin
