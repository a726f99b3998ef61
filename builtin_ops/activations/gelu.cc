// GELU, exact (x/2 * (1 + erf(x / sqrt(2)))) or, with `approximate`, the tanh form. Quantized
// kernels look TFLite's float formulas up in tables: 256 entries for int8/uint8, 513 interpolated
// entries for int16. Float outputs are computed accurately (the exact form through erfc, which
// keeps the tiny negative tail); TFLite's float kernel evaluates them with Eigen's fast
// approximations, so the two agree to about 1e-7 absolute, not bit for bit.
#include <cmath>

#include "builtin_ops/activations/activation_fast_run.h"
#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/activations/lut.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

// sqrt(2 / pi), formed in double and rounded to float as in TFLite.
constexpr float kSqrt2OverPi = static_cast<float>(M_2_SQRTPI * M_SQRT1_2);

// The formulas TFLite builds its tables from.
float GeluExact(float x) { return 0.5f * x * (1.f + std::erf(x * static_cast<float>(M_SQRT1_2))); }

float GeluApproximate(float x) {
  return 0.5f * x * (1.f + std::tanh(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
}

// Float outputs: erfc avoids the cancellation of 1 + erf for negative inputs.
float GeluExactFloat(float x) { return 0.5f * x * std::erfc(x * static_cast<float>(-M_SQRT1_2)); }

class Gelu {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    const bool approximate = ctx.OptionBool("approximate", false);
    fn_ = approximate ? GeluApproximate : GeluExact;
    float_fn_ = approximate ? GeluApproximate : GeluExactFloat;
    const act::F32Kernels kernels = act::SelectF32Kernels(gemm::ActiveIsa());
    fast_ = in.type() != PLINTH_FLOAT32 ? nullptr
            : approximate               ? kernels.gelu_tanh
                                        : kernels.gelu_erf;
    if (in.type() != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
    }
    switch (in.type()) {
      case PLINTH_INT8:
        PopulateLut8<int8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), fn_,
                             &lut_int8_);
        break;
      case PLINTH_UINT8:
        PopulateLut8<uint8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), fn_,
                              &lut_uint8_);
        break;
      case PLINTH_INT16:
        PopulateLutInt16<float>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), fn_,
                                lut_int16_);
        break;
      default:
        break;
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    const int64_t n = in.num_elements();
    switch (in.type()) {
      case PLINTH_FLOAT32:
        if (fast_ != nullptr) {
          act::RunF32Map(ctx, fast_, in.data<float>(), out.data<float>(), n);
          break;
        }
        Map<float>(in, out, n, float_fn_);
        break;
      case PLINTH_INT8:
        Map<int8_t>(in, out, n, lut_int8_);
        break;
      case PLINTH_UINT8:
        Map<uint8_t>(in, out, n, lut_uint8_);
        break;
      case PLINTH_INT16:
        Map<int16_t>(in, out, n, [&](int16_t x) { return LookupLutInt16(x, lut_int16_); });
        break;
      default:
        return ctx.Error("unsupported type ", TypeName(in.type()));
    }
    return PLINTH_OK;
  }

 private:
  template <class T, class F>
  static void Map(const Tensor& in, const Tensor& out, int64_t n, const F& f) {
    const T* x = in.data<T>();
    T* y = out.data<T>();
    for (int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
  }

  act::F32MapFn fast_ = nullptr;  // float fast path (null: the reference)
  float (*fn_)(float) = GeluExact;
  float (*float_fn_)(float) = GeluExactFloat;
  Lut8<int8_t> lut_int8_{};
  Lut8<uint8_t> lut_uint8_{};
  int16_t lut_int16_[kLutInt16Size] = {};
};

}  // namespace

PlinthStatus RegisterGelu(Registrar& r) {
  return r.AddBuiltin<Gelu>("GELU", 1, 2,
                            {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
