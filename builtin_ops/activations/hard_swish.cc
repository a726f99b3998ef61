// HARD_SWISH: x * relu6(x + 3) / 6. The 8-bit kernels are TFLite's 16-bit fixed-point
// evaluation: the input on a finer "hires" scale, a saturating "relu-ish" factor in [0, 1] and a
// final product on the output scale, with its mix of rounding and truncating multiplies.
#include <algorithm>
#include <limits>

#include "builtin_ops/activations/activation_fast_run.h"
#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

struct HardSwishParams {
  int16_t input_zero_point = 0, output_zero_point = 0;
  int16_t reluish_multiplier = 0, output_multiplier = 0;  // Q0.15
  int reluish_exponent = 0, output_exponent = 0;
};

// TFLite's DownScaleInt32ToInt16Multiplier: the top 16 bits, rounded, saturating.
int16_t DownScaleMultiplier(int32_t multiplier) {
  constexpr int32_t kRoundingOffset = 1 << 15;
  if (multiplier >= std::numeric_limits<int32_t>::max() - kRoundingOffset) {
    return std::numeric_limits<int16_t>::max();
  }
  return static_cast<int16_t>((multiplier + kRoundingOffset) >> 16);
}

int16_t SaturatingLeftShift16(int16_t value, int amount) {
  const int32_t result = static_cast<int32_t>(value) * (1 << amount);
  return static_cast<int16_t>(std::clamp(result, -32768, 32767));
}

// Like SaturatingRoundingDoublingHighMul but truncating toward zero (ARM's SQDMULH).
int16_t SaturatingDoublingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min())
    return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>((static_cast<int32_t>(a) * b) / (1 << 15));
}

template <class T>
T HardSwishQuantized(const HardSwishParams& p, T x) {
  using fixed_point::RoundingDivideByPOT;
  using fixed_point::SaturatingRoundingDoublingHighMul;
  const int16_t input_value = static_cast<int16_t>(x - p.input_zero_point);
  // The input on the hires scale (7 more bits), and on the output scale before the final shift.
  const int16_t input_hires = static_cast<int16_t>(input_value * (1 << 7));
  const int16_t input_preshift_output =
      SaturatingRoundingDoublingHighMul(input_hires, p.output_multiplier);
  // The relu-ish factor: input rescaled so that 3.0 maps to 32768 (saturating), then to [0, 1].
  int16_t reluish = input_hires;
  if (p.reluish_exponent > 0) reluish = SaturatingLeftShift16(reluish, p.reluish_exponent - 1);
  reluish = SaturatingRoundingDoublingHighMul(reluish, p.reluish_multiplier);
  if (p.reluish_exponent > 0) reluish = SaturatingLeftShift16(reluish, 1);
  if (p.reluish_exponent < 0) reluish = RoundingDivideByPOT<int16_t>(reluish, -p.reluish_exponent);
  reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);
  // Truncating multiply: cancels the rounding biases above (TFLite's measured choice).
  const int16_t preshift_output = SaturatingDoublingHighMul16(reluish, input_preshift_output);
  int16_t output = RoundingDivideByPOT<int16_t>(preshift_output, -p.output_exponent);
  output = static_cast<int16_t>(output + p.output_zero_point);
  output = std::min<int16_t>(output, std::numeric_limits<T>::max());
  output = std::max<int16_t>(output, std::numeric_limits<T>::min());
  return static_cast<T>(output);
}

class HardSwish {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8}));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    if (in.type() != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
      params_.input_zero_point = static_cast<int16_t>(in.zero_point());
      params_.output_zero_point = static_cast<int16_t>(out.zero_point());
      const float hires_input_scale = (1.0f / 128.0f) * in.scale();
      const float reluish_scale = 3.0f / 32768.0f;
      const QuantizedMultiplier output_m = QuantizeMultiplier(hires_input_scale / out.scale());
      PLINTH_ENSURE(ctx, output_m.shift <= 0, "HARD_SWISH needs an output scale of at least ",
                    hires_input_scale, " (input scale / 128), got ", out.scale());
      params_.output_multiplier = DownScaleMultiplier(output_m.multiplier);
      params_.output_exponent = output_m.shift;
      const QuantizedMultiplier reluish_m = QuantizeMultiplier(hires_input_scale / reluish_scale);
      params_.reluish_multiplier = DownScaleMultiplier(reluish_m.multiplier);
      params_.reluish_exponent = reluish_m.shift;
    }
    fast_ =
        in.type() == PLINTH_FLOAT32 ? act::SelectF32Kernels(gemm::ActiveIsa()).hard_swish : nullptr;
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    const int64_t n = in.num_elements();
    switch (in.type()) {
      case PLINTH_FLOAT32: {
        if (fast_ != nullptr) {
          act::RunF32Map(ctx, fast_, in.data<float>(), out.data<float>(), n);
          return PLINTH_OK;
        }
        const float* x = in.data<float>();
        float* y = out.data<float>();
        for (int64_t i = 0; i < n; ++i) {
          const float v = x[i];
          y[i] = v * std::min(6.f, std::max(0.f, v + 3)) / 6;
        }
        return PLINTH_OK;
      }
      case PLINTH_INT8:
        return RunQuantized<int8_t>(in, out, n);
      case PLINTH_UINT8:
        return RunQuantized<uint8_t>(in, out, n);
      default:
        return ctx.Error("unsupported type ", TypeName(in.type()));
    }
  }

 private:
  act::F32MapFn fast_ = nullptr;  // float fast path (null: the reference loop)
  template <class T>
  PlinthStatus RunQuantized(const Tensor& in, const Tensor& out, int64_t n) const {
    const T* x = in.data<T>();
    T* y = out.data<T>();
    for (int64_t i = 0; i < n; ++i) y[i] = HardSwishQuantized<T>(params_, x[i]);
    return PLINTH_OK;
  }

  HardSwishParams params_;
};

}  // namespace

PlinthStatus RegisterHardSwish(Registrar& r) {
  return r.AddBuiltin<HardSwish>("HARD_SWISH", 1, 1, {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8});
}

}  // namespace plinth::builtin
