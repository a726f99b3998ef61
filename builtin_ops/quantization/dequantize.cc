// DEQUANTIZE to float32: scale * (q - zero_point) for int8/uint8/int16 (int8 and uint8 also per
// channel along quantized_dimension; int16 is symmetric), and float16 widened exactly.
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/half.h"
#include "builtin_ops/quantization/quantization_ops.h"

namespace plinth::builtin {
namespace {

class DequantizeKernel {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input", {PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16, PLINTH_FLOAT16}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, out, "output", {PLINTH_FLOAT32}));
    if (in.type() != PLINTH_FLOAT16) {
      PLINTH_ENSURE(ctx, in.is_quantized(), "input needs quantization parameters");
      const int channels = in.num_quant_params();
      if (channels > 1) {
        PLINTH_ENSURE(ctx, in.type() != PLINTH_INT16, "int16 input must be quantized per tensor");
        const int axis = in.quantized_dimension();
        PLINTH_ENSURE(ctx, axis >= 0 && axis < in.rank(), "quantized_dimension ", axis,
                      " is out of range for rank ", in.rank());
        PLINTH_ENSURE(ctx, in.dim(axis) == channels, "input has ", channels,
                      " scales for dimension ", axis, " of size ", in.dim(axis));
        inner_ = 1;
        for (int d = axis + 1; d < in.rank(); ++d) inner_ *= in.dim(d);
      } else {
        PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      }
      if (in.type() == PLINTH_INT16) PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, in, "input"));
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    float* y = out.data<float>();
    const int64_t n = in.num_elements();
    switch (in.type()) {
      case PLINTH_FLOAT16: {
        const Half* x = in.data<Half>();
        for (int64_t i = 0; i < n; ++i) y[i] = HalfToFloat(x[i]);
        return PLINTH_OK;
      }
      case PLINTH_INT8:
        return Run<int8_t>(in, y, n);
      case PLINTH_UINT8:
        return Run<uint8_t>(in, y, n);
      case PLINTH_INT16:
        return Run<int16_t>(in, y, n);
      default:
        return ctx.Error("unsupported type ", TypeName(in.type()));
    }
  }

 private:
  template <class T>
  PlinthStatus Run(const Tensor& in, float* y, int64_t n) const {
    const T* x = in.data<T>();
    const int channels = in.num_quant_params();
    if (channels == 1) {
      // The parameters in locals (not read through the tensor per value): the loop vectorizes.
      const double scale = static_cast<double>(in.scale(0));
      const int64_t zero_point = in.zero_point(0);
      for (int64_t i = 0; i < n; ++i) {
        y[i] = static_cast<float>(scale *
                                  static_cast<double>(static_cast<int64_t>(x[i]) - zero_point));
      }
      return PLINTH_OK;
    }
    for (int64_t i = 0; i < n; ++i) {
      const int c = channels > 1 ? static_cast<int>((i / inner_) % channels) : 0;
      // The product of a float scale and a small integer is exact in double: one rounding.
      y[i] = static_cast<float>(static_cast<double>(in.scale(c)) *
                                (static_cast<int64_t>(x[i]) - in.zero_point(c)));
    }
    return PLINTH_OK;
  }

  int64_t inner_ = 1;
};

}  // namespace

PlinthStatus RegisterDequantize(Registrar& r) {
  return r.AddBuiltin<DequantizeKernel>("DEQUANTIZE", 1, 6,
                                        {PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16, PLINTH_FLOAT16});
}

}  // namespace plinth::builtin
