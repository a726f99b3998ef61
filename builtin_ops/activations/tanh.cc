// TANH. Float uses std::tanh; int8 and uint8 a lookup table of the float function; int16
// interpolates TFLite's sigmoid table (sigmoid_int16.h).
#include <cmath>

#include "builtin_ops/activations/activation_fast_run.h"
#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/activations/lut.h"
#include "builtin_ops/activations/sigmoid_int16.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/half.h"

namespace plinth::builtin {
namespace {

float TanhFloat(float x) { return std::tanh(x); }

class Tanh {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input",
                  {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    if (in.type() != PLINTH_FLOAT32 && in.type() != PLINTH_FLOAT16) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
    }
    switch (in.type()) {
      case PLINTH_INT8:
        PopulateLut8<int8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), TanhFloat,
                             &lut_int8_);
        break;
      case PLINTH_UINT8:
        PopulateLut8<uint8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(), TanhFloat,
                              &lut_uint8_);
        break;
      case PLINTH_INT16:
        PLINTH_RETURN_IF_ERROR(PrepareSigmoidInt16(ctx, in, out, /*tanh=*/true, &int16_));
        int16_ = int16_.Normalize();
        break;
      default:
        break;
    }
    fast_ = in.type() == PLINTH_FLOAT32 ? act::SelectF32Kernels(gemm::ActiveIsa()).tanh : nullptr;
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
        Map<float>(in, out, n, TanhFloat);
        break;
      case PLINTH_FLOAT16:
        // Computed in float and rounded to nearest even.
        Map<Half>(in, out, n, [](Half x) { return FloatToHalf(TanhFloat(HalfToFloat(x))); });
        break;
      case PLINTH_INT8:
        Map<int8_t>(in, out, n, lut_int8_);
        break;
      case PLINTH_UINT8:
        Map<uint8_t>(in, out, n, lut_uint8_);
        break;
      case PLINTH_INT16:
        Map<int16_t>(in, out, n, [&](int16_t x) { return TanhInt16(int16_, x); });
        break;
      default:
        return ctx.Error("unsupported type ", TypeName(in.type()));
    }
    return PLINTH_OK;
  }

 private:
  act::F32MapFn fast_ = nullptr;  // float fast path (null: the reference loop)
  template <class T, class F>
  static void Map(const Tensor& in, const Tensor& out, int64_t n, const F& f) {
    const T* x = in.data<T>();
    T* y = out.data<T>();
    for (int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
  }

  Lut8<int8_t> lut_int8_{};
  Lut8<uint8_t> lut_uint8_{};
  SigmoidInt16Params int16_;
};

}  // namespace

PlinthStatus RegisterTanh(Registrar& r) {
  return r.AddBuiltin<Tanh>(
      "TANH", 1, 3, {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
