// PACK: stacks values_count tensors of one shape along a new dimension `axis` (in [-rank - 1,
// rank]). Quantized inputs must share the output's scale and zero point, as TFLite requires.
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class Pack {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    const int64_t count = ctx.OptionInt("values_count");
    PLINTH_ENSURE(ctx, count > 0 && ctx.num_inputs() == count, "values_count is ", count,
                  " but the op has ", ctx.num_inputs(), " inputs");
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor first = ctx.input(0), output = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, first, "input 0", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, first, output));
    PLINTH_ENSURE(ctx, first.rank() < kMaxShapeRank, "input rank ", first.rank(),
                  " leaves no room for another dimension");
    const int64_t axis = ctx.OptionInt("axis");
    axis_ = NormalizeAxis(axis, first.rank() + 1);
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", axis, " out of range for inputs of rank ",
                  first.rank());
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      Tensor t = ctx.input(i);
      PLINTH_ENSURE(ctx, t, "input ", i, " is missing");
      PLINTH_ENSURE(ctx, t.type() == first.type(), "input ", i, " is ", TypeName(t.type()),
                    ", expected ", TypeName(first.type()));
      PLINTH_ENSURE(ctx, t.SameShape(first), "input ", i, " has shape ", ShapeString(t),
                    ", expected ", ShapeString(first));
      if (!SameQuantization(t, output)) {
        return ctx.Error("input ", i,
                         " must have the output's quantization (scale and zero point)");
      }
    }
    std::vector<int32_t> dims = first.shape();
    dims.insert(dims.begin() + axis_, static_cast<int32_t>(count));
    return ctx.Resize(output, dims);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor first = ctx.input(0);
    const size_t elem = TypeSize(first.type());
    const int64_t outer = DimProduct(first, 0, axis_);
    const size_t inner = static_cast<size_t>(DimProduct(first, axis_, first.rank())) * elem;
    const int n = ctx.num_inputs();
    char* out = static_cast<char*>(ctx.output(0).raw_data());
    if (inner == 0) return PLINTH_OK;
    for (int i = 0; i < n; ++i) {
      const char* in = static_cast<const char*>(ctx.input(i).raw_data());
      for (int64_t o = 0; o < outer; ++o) {
        std::memcpy(out + static_cast<size_t>(o * n + i) * inner,
                    in + static_cast<size_t>(o) * inner, inner);
      }
    }
    return PLINTH_OK;
  }

 private:
  int axis_ = 0;
};

}  // namespace

PlinthStatus RegisterPack(Registrar& r) { return r.AddBuiltin<Pack>("PACK", 1, 4, MovableTypes()); }

}  // namespace plinth::builtin
