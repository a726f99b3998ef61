// CONCATENATION along `axis` (negative counts from the end). Inputs whose quantization differs
// from the output's are requantized with TFLite's float formula (reference
// ConcatenationWithScaling): uint8 as TFLite, int8 the same way (TFLite refuses differing int8
// parameters). int16 requires zero points of 0 and copies values, as TFLite does. A fused
// activation is applied to float32 outputs (TFLite refuses any).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

// How one input reaches the output: copied, or mapped q -> round(q * scale + bias) + zero point.
struct InputRescale {
  bool copy = true;
  float scale = 1.f;
  float bias = 0.f;
};

class Concatenation {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() >= 1, "needs at least one input");
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor first = ctx.input(0), output = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, first, "input 0", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, first, output));
    const int rank = first.rank();
    const int64_t axis_option = ctx.OptionInt("axis");
    // Scalars concatenate into a vector (TFLite does so for constant scalars).
    scalars_ = rank == 0;
    axis_ = scalars_ ? (axis_option == 0 || axis_option == -1 ? 0 : -1)
                     : NormalizeAxis(axis_option, rank);
    PLINTH_ENSURE(ctx, axis_ >= 0, "axis ", axis_option, " out of range for rank ", rank);
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    PLINTH_ENSURE(ctx, activation_ == PLINTH_ACTIVATION_NONE || first.type() == PLINTH_FLOAT32,
                  "a fused activation needs float32 inputs, got ", TypeName(first.type()));
    std::vector<int32_t> dims = scalars_ ? std::vector<int32_t>{0} : first.shape();
    dims[axis_] = 0;
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      Tensor t = ctx.input(i);
      PLINTH_ENSURE(ctx, t, "input ", i, " is missing");
      PLINTH_ENSURE(ctx, t.type() == first.type(), "input ", i, " is ", TypeName(t.type()),
                    ", expected ", TypeName(first.type()));
      PLINTH_ENSURE(ctx, t.rank() == rank, "input ", i, " has rank ", t.rank(), ", expected ",
                    rank);
      for (int d = 0; d < rank; ++d) {
        PLINTH_ENSURE(ctx, d == axis_ || t.dim(d) == first.dim(d), "input ", i, " shape ",
                      ShapeString(t), " does not match ", ShapeString(first), " outside axis ",
                      axis_);
      }
      const int64_t along = scalars_ ? 1 : t.dim(axis_);
      PLINTH_ENSURE(ctx, dims[axis_] + along <= INT32_MAX, "the output is too large");
      dims[axis_] += static_cast<int32_t>(along);
    }
    PLINTH_RETURN_IF_ERROR(PrepareRescale(ctx));
    return ctx.Resize(output, dims);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor out = ctx.output(0);
    const size_t elem = TypeSize(out.type());
    int64_t outer = 1;
    for (int d = 0; d < axis_; ++d) outer *= out.dim(d);
    int64_t inner = 1;
    for (int d = axis_ + 1; d < out.rank(); ++d) inner *= out.dim(d);
    const int64_t out_row = out.dim(axis_) * inner;
    char* dst = static_cast<char*>(out.raw_data());
    int64_t offset = 0;
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      Tensor t = ctx.input(i);
      const int64_t row = (scalars_ ? 1 : t.dim(axis_)) * inner;
      const char* src = static_cast<const char*>(t.raw_data());
      for (int64_t o = 0; o < outer && row > 0; ++o) {
        char* to = dst + static_cast<size_t>(o * out_row + offset) * elem;
        const char* from = src + static_cast<size_t>(o * row) * elem;
        if (rescale_[i].copy) {
          std::memcpy(to, from, static_cast<size_t>(row) * elem);
        } else if (out.type() == PLINTH_UINT8) {
          Requantize(reinterpret_cast<const uint8_t*>(from), row, rescale_[i],
                     reinterpret_cast<uint8_t*>(to));
        } else {
          Requantize(reinterpret_cast<const int8_t*>(from), row, rescale_[i],
                     reinterpret_cast<int8_t*>(to));
        }
      }
      offset += row;
    }
    if (activation_ != PLINTH_ACTIVATION_NONE) {
      float* y = out.data<float>();
      FloatRange range = ActivationRange(activation_);
      for (int64_t i = 0; i < out.num_elements(); ++i) {
        y[i] = ApplyActivation(y[i], activation_, range);
      }
    }
    return PLINTH_OK;
  }

 private:
  PlinthStatus PrepareRescale(KernelContext& ctx) {
    Tensor output = ctx.output(0);
    rescale_.assign(static_cast<size_t>(ctx.num_inputs()), InputRescale{});
    const PlinthType type = output.type();
    if (type == PLINTH_INT16) {
      // TFLite's int16 kernel requires symmetric tensors and copies values unchanged.
      for (int i = 0; i < ctx.num_inputs(); ++i) {
        PLINTH_ENSURE(ctx, ZeroPointOr0(ctx.input(i)) == 0, "int16 input ", i,
                      " must have a zero point of 0");
      }
      PLINTH_ENSURE(ctx, ZeroPointOr0(output) == 0, "int16 output must have a zero point of 0");
      return PLINTH_OK;
    }
    if (type != PLINTH_UINT8 && type != PLINTH_INT8) return PLINTH_OK;
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      Tensor t = ctx.input(i);
      if (SameQuantization(t, output)) continue;
      PLINTH_ENSURE(ctx, t.is_quantized() && output.is_quantized() && output.scale() > 0, "input ",
                    i, " and the output must both be quantized to rescale");
      // Same float arithmetic as TFLite: scale = s_in * (1 / s_out), bias = -zp_in * scale.
      InputRescale& r = rescale_[i];
      r.copy = false;
      r.scale = t.scale() * (1.f / output.scale());
      r.bias = -static_cast<float>(t.zero_point()) * r.scale;
    }
    out_zero_point_ = ZeroPointOr0(output);
    return PLINTH_OK;
  }

  template <class T>
  void Requantize(const T* in, int64_t n, const InputRescale& r, T* out) const {
    for (int64_t j = 0; j < n; ++j) {
      const int32_t value =
          static_cast<int32_t>(std::round(static_cast<float>(in[j]) * r.scale + r.bias)) +
          out_zero_point_;
      out[j] = static_cast<T>(std::min(QMax<T>(), std::max(QMin<T>(), value)));
    }
  }

  int axis_ = 0;
  bool scalars_ = false;
  int64_t activation_ = 0;
  int32_t out_zero_point_ = 0;
  std::vector<InputRescale> rescale_;
};

}  // namespace

PlinthStatus RegisterConcatenation(Registrar& r) {
  return r.AddBuiltin<Concatenation>("CONCATENATION", 1, 4, MovableTypes());
}

}  // namespace plinth::builtin
