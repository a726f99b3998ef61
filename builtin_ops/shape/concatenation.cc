// CONCATENATION along `axis` (negative counts from the end), with a fused activation for floats.
#include <cstring>

#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

class Concatenation {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() >= 1, "needs at least one input");
    Tensor first = ctx.input(0);
    PLINTH_ENSURE(ctx, first, "input 0 is missing");
    const int rank = first.rank();
    axis_ = NormalizeAxis(ctx.OptionInt("axis"), rank);
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", ctx.OptionInt("axis"), " out of range for rank ", rank);
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    PLINTH_ENSURE(ctx, activation_ == PLINTH_ACTIVATION_NONE || first.type() == PLINTH_FLOAT32,
                  "a fused activation needs float inputs");
    std::vector<int32_t> dims = first.shape();
    dims[axis_] = 0;
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      Tensor t = ctx.input(i);
      PLINTH_ENSURE(ctx, t && t.type() == first.type(), "input ", i, " must be ",
                    TypeName(first.type()));
      PLINTH_ENSURE(ctx, t.rank() == rank, "input ", i, " has rank ", t.rank(), ", expected ", rank);
      for (int d = 0; d < rank; ++d) {
        PLINTH_ENSURE(ctx, d == axis_ || t.dim(d) == first.dim(d), "input ", i, " shape ",
                      ShapeString(t), " does not match ", ShapeString(first),
                      " outside axis ", axis_);
      }
      dims[axis_] += t.dim(axis_);
    }
    return ctx.Resize(ctx.output(0), dims);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor out = ctx.output(0);
    const size_t elem = TypeSize(out.type());
    int64_t outer = 1;
    for (int d = 0; d < axis_; ++d) outer *= out.dim(d);
    int64_t inner = 1;
    for (int d = axis_ + 1; d < out.rank(); ++d) inner *= out.dim(d);
    const size_t out_row = static_cast<size_t>(out.dim(axis_) * inner) * elem;
    char* dst = static_cast<char*>(out.raw_data());
    size_t offset = 0;
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      Tensor t = ctx.input(i);
      const size_t row = static_cast<size_t>(t.dim(axis_) * inner) * elem;
      const char* src = static_cast<const char*>(t.raw_data());
      for (int64_t o = 0; o < outer; ++o) std::memcpy(dst + o * out_row + offset, src + o * row, row);
      offset += row;
    }
    if (activation_ != PLINTH_ACTIVATION_NONE) {
      float* y = out.data<float>();
      FloatRange range = ActivationRange(activation_);
      for (int64_t i = 0; i < out.num_elements(); ++i) y[i] = ApplyActivation(y[i], activation_, range);
    }
    return PLINTH_OK;
  }

 private:
  int axis_ = 0;
  int64_t activation_ = 0;
};

}  // namespace

PlinthStatus RegisterConcatenation(Registrar& r) {
  return r.AddBuiltin<Concatenation>(
      "CONCATENATION", 1, 4,
      {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16, PLINTH_BOOL});
}

}  // namespace plinth::builtin
