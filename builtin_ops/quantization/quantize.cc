// QUANTIZE: float32 -> int8/uint8/int16 (per tensor, or per channel along quantized_dimension),
// and requantization between integer types (int8/uint8 -> int8/uint8, int16 -> int8/int16/int32,
// int32 -> int8/int16) as TFLite does it: q = round(x / scale) + zero_point for floats, one
// fixed-point multiplier (input_scale / output_scale) for integers.
#include <algorithm>
#include <cmath>
#include <limits>

#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/gemm/isa.h"
#include "builtin_ops/quantization/quantization_ops.h"
#include "builtin_ops/quantization/quantize_fast.h"

namespace plinth::builtin {
namespace {

// round(x / scale) + zero_point as TFLite computes it: a float division, rounding half away from
// zero, and an int32 conversion that (as on x86-64, where TFLite leaves it undefined) turns NaN
// and out-of-range values into INT32_MIN before the zero point is added with wrap-around.
// Rounded without std::round (a libm call), so that loops over it vectorize: the truncation t and
// the fraction v - t are exact (a float of magnitude 2^23 or more is an integer, its fraction 0),
// and a fraction of at least one half moves t away from zero; a value that rounds to 2^31 is
// integral already, so t + 1 cannot overflow.
inline int32_t QuantizeValue(float x, float scale, int32_t zero_point) {
  const float v = x / scale;
  int32_t q = std::numeric_limits<int32_t>::min();
  if (v >= -2147483648.f && v < 2147483648.f) {
    const int32_t t = static_cast<int32_t>(v);
    const float fraction = v - static_cast<float>(t);
    q = t + (fraction >= 0.5f ? 1 : 0) - (fraction <= -0.5f ? 1 : 0);
  }
  return static_cast<int32_t>(static_cast<uint32_t>(q) + static_cast<uint32_t>(zero_point));
}

bool ValidRequantize(PlinthType in, PlinthType out) {
  switch (in) {
    case PLINTH_INT8:
    case PLINTH_UINT8:
      return out == PLINTH_INT8 || out == PLINTH_UINT8;
    case PLINTH_INT16:
      return out == PLINTH_INT8 || out == PLINTH_INT16 || out == PLINTH_INT32;
    case PLINTH_INT32:
      return out == PLINTH_INT8 || out == PLINTH_INT16;
    default:
      return false;
  }
}

class QuantizeKernel {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(
        ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16, PLINTH_INT32}));
    PLINTH_ENSURE(ctx, out.is_quantized(), "output needs quantization parameters");
    avx2_ = gemm::ActiveIsa() == gemm::Isa::kAvx2Fma;
    if (in.type() == PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(
          CheckType(ctx, out, "output", {PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
      PLINTH_RETURN_IF_ERROR(PrepareFloat(ctx, in, out));
    } else {
      PLINTH_ENSURE(ctx, ValidRequantize(in.type(), out.type()), "requantizing ",
                    TypeName(in.type()), " to ", TypeName(out.type()), " is not supported");
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
      if (in.type() == PLINTH_INT16 && out.type() == PLINTH_INT16) {
        PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, in, "input"));
        PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, out, "output"));
      }
      multiplier_ =
          QuantizeMultiplier(static_cast<double>(in.scale()) / static_cast<double>(out.scale()));
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    if (in.type() == PLINTH_FLOAT32) {
      switch (out.type()) {
        case PLINTH_INT8:
          return RunFloat<int8_t>(in, out);
        case PLINTH_UINT8:
          return RunFloat<uint8_t>(in, out);
        default:
          return RunFloat<int16_t>(in, out);
      }
    }
    switch (in.type()) {
      case PLINTH_INT8:
        return Requantize<int8_t>(in, out);
      case PLINTH_UINT8:
        return Requantize<uint8_t>(in, out);
      case PLINTH_INT16:
        return Requantize<int16_t>(in, out);
      case PLINTH_INT32:
        return Requantize<int32_t>(in, out);
      default:
        return ctx.Error("unsupported type ", TypeName(in.type()));
    }
  }

 private:
  // Per-channel scales run along quantized_dimension of the (input-shaped) output.
  PlinthStatus PrepareFloat(const KernelContext& ctx, const Tensor& in, const Tensor& out) {
    const int channels = out.num_quant_params();
    if (channels > 1) {
      axis_ = out.quantized_dimension();
      PLINTH_ENSURE(ctx, axis_ >= 0 && axis_ < in.rank(), "quantized_dimension ", axis_,
                    " is out of range for rank ", in.rank());
      PLINTH_ENSURE(ctx, in.dim(axis_) == channels, "output has ", channels,
                    " scales for dimension ", axis_, " of size ", in.dim(axis_));
      // Elements of one channel repeat every `inner_` elements.
      inner_ = 1;
      for (int d = axis_ + 1; d < in.rank(); ++d) inner_ *= in.dim(d);
    } else {
      axis_ = -1;
    }
    for (int c = 0; c < channels; ++c) {
      PLINTH_ENSURE(ctx, out.scale(c) > 0.f && std::isfinite(out.scale(c)), "output scale ", c,
                    " is invalid: ", out.scale(c));
    }
    return PLINTH_OK;
  }

  template <class T>
  PlinthStatus RunFloat(const Tensor& in, const Tensor& out) const {
    const float* x = in.data<float>();
    T* y = out.data<T>();
    const int64_t n = in.num_elements();
    const int channels = out.num_quant_params();
    if (channels == 1) {
      // The parameters in locals: the stores to y may alias anything they would be reread from.
      const float scale = out.scale(0);
      const int32_t zero_point = out.zero_point(0);
      int64_t i = 0;
#if defined(PLINTH_HAVE_AVX2_KERNELS)
      if (avx2_) {
        i = static_cast<int64_t>(quantize::QuantizeF32Avx2<T>(x, static_cast<size_t>(n), scale,
                                                              zero_point, QMin<T>(), QMax<T>(), y));
      }
#endif
      for (; i < n; ++i) {
        y[i] = static_cast<T>(Clamp(QuantizeValue(x[i], scale, zero_point), QMin<T>(), QMax<T>()));
      }
      return PLINTH_OK;
    }
    for (int64_t i = 0; i < n; ++i) {
      const int c = channels > 1 ? static_cast<int>((i / inner_) % channels) : 0;
      const int32_t q = QuantizeValue(x[i], out.scale(c), out.zero_point(c));
      y[i] = static_cast<T>(Clamp(q, QMin<T>(), QMax<T>()));
    }
    return PLINTH_OK;
  }

  template <class In>
  PlinthStatus Requantize(const Tensor& in, const Tensor& out) const {
    switch (out.type()) {
      case PLINTH_INT8:
        return Requantize<In, int8_t>(in, out);
      case PLINTH_UINT8:
        return Requantize<In, uint8_t>(in, out);
      case PLINTH_INT16:
        return Requantize<In, int16_t>(in, out);
      default:
        return Requantize<In, int32_t>(in, out);
    }
  }

  template <class In, class Out>
  PlinthStatus Requantize(const Tensor& in, const Tensor& out) const {
    const In* x = in.data<In>();
    Out* y = out.data<Out>();
    const int32_t in_zp = in.zero_point(), out_zp = out.zero_point();
    for (int64_t i = 0; i < in.num_elements(); ++i) {
      // An int32 input minus its zero point wraps (as TFLite's int32 arithmetic does in practice)
      // instead of overflowing.
      const int32_t centered =
          static_cast<int32_t>(static_cast<uint32_t>(x[i]) - static_cast<uint32_t>(in_zp));
      const int32_t v = MultiplyByQuantizedMultiplier(centered, multiplier_);
      const int64_t shifted = static_cast<int64_t>(v) + out_zp;
      y[i] = static_cast<Out>(std::clamp<int64_t>(shifted, std::numeric_limits<Out>::min(),
                                                  std::numeric_limits<Out>::max()));
    }
    return PLINTH_OK;
  }

  QuantizedMultiplier multiplier_;
  bool avx2_ = false;  // float inputs with one scale take the AVX2 loop
  int axis_ = -1;
  int64_t inner_ = 1;
};

}  // namespace

PlinthStatus RegisterQuantize(Registrar& r) {
  return r.AddBuiltin<QuantizeKernel>(
      "QUANTIZE", 1, 3, {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16, PLINTH_INT32});
}

}  // namespace plinth::builtin
