// L2_NORMALIZATION along the last dimension: float32 (x / max(||x||, 1e-6)), and TFLite's integer
// kernels for uint8 and int8, whose output scale is fixed at 1/128 (zero point 128 for uint8, 0 for
// int8): an inverse square root of the sum of squares by Newton-Raphson in fixed point
// (GetInvSqrtQuantizedMultiplierExp), then one multiplier per row.
#include <cmath>

#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

// TFLite's GetInvSqrtQuantizedMultiplierExp(input, kReverseShift = -1): 1 / sqrt(input) as a
// multiplier and a (left, so usually negative) shift.
QuantizedMultiplier InverseSqrt(int32_t input) {
  namespace fp = fixed_point;
  if (input <= 1) return {std::numeric_limits<int32_t>::max(), 0};  // 0 is treated as 1
  int shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++shift;
  }
  const int leading_zeros = __builtin_clz(static_cast<uint32_t>(input));
  const unsigned max_left_shift_bit_pairs = static_cast<unsigned>(leading_zeros - 1) / 2;
  const unsigned left_shift_bit_pairs = max_left_shift_bit_pairs - 1;
  shift -= static_cast<int>(left_shift_bit_pairs);
  input <<= 2 * left_shift_bit_pairs;
  using F3 = fp::FixedPoint<int32_t, 3>;
  using F0 = fp::FixedPoint<int32_t, 0>;
  const F3 fixedpoint_input = F3::FromRaw(input >> 1);
  const F3 half_input = fp::SaturatingRoundingMultiplyByPOT<-1>(fixedpoint_input);
  const F3 half_three = F3::FromRaw((1 << 28) + (1 << 27));
  F3 x = F3::One();
  for (int i = 0; i < 5; ++i) {
    const F3 x3 = fp::Rescale<3>(x * x * x);
    x = fp::Rescale<3>(half_three * x - half_input * x3);
  }
  const F0 half_sqrt_2 = F0::FromRaw(1518500250);
  x = x * half_sqrt_2;
  int32_t multiplier = x.raw();
  if (shift < 0) {
    multiplier = static_cast<int32_t>(static_cast<uint32_t>(multiplier) << -shift);
    shift = 0;
  }
  return {multiplier, -shift};
}

class L2Normalization {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0), output = ctx.output(0);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1 && ctx.num_outputs() == 1,
                  "L2_NORMALIZATION takes 1 input and 1 output");
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {input.type()}));
    PLINTH_ENSURE(ctx, input.rank() >= 1 && input.rank() <= 4, "input must have rank 1 to 4, got ",
                  ShapeString(input));
    PLINTH_ENSURE(ctx, ctx.OptionInt("fused_activation_function") == PLINTH_ACTIVATION_NONE,
                  "L2_NORMALIZATION supports no fused activation");
    if (input.type() != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, input, "input"));
      PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, output, "output"));
      const int32_t zero_point = input.type() == PLINTH_UINT8 ? 128 : 0;
      PLINTH_ENSURE(ctx, output.scale() == 1.f / 128.f && output.zero_point() == zero_point,
                    "a quantized L2_NORMALIZATION output needs scale 1/128 and zero point ",
                    zero_point, ", got ", output.scale(), " and ", output.zero_point());
    }
    depth_ = input.dim(-1);
    rows_ = depth_ > 0 ? input.num_elements() / depth_ : 0;
    return ctx.Resize(output, input.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(0), output = ctx.output(0);
    switch (input.type()) {
      case PLINTH_FLOAT32:
        RunFloat(input.data<float>(), output.data<float>());
        break;
      case PLINTH_UINT8:
        RunQuantized(input.data<uint8_t>(), input.zero_point(), output.data<uint8_t>());
        break;
      case PLINTH_INT8:
        RunQuantized(input.data<int8_t>(), input.zero_point(), output.data<int8_t>());
        break;
      default:
        return ctx.Error("unsupported type");
    }
    return PLINTH_OK;
  }

 private:
  void RunFloat(const float* in, float* out) const {
    constexpr float kEpsilon = 1e-6f;
    for (int64_t r = 0; r < rows_; ++r) {
      const float* x = in + r * depth_;
      float squares = 0.f;
      for (int32_t c = 0; c < depth_; ++c) squares += x[c] * x[c];
      const float norm = std::max(std::sqrt(squares), kEpsilon);
      for (int32_t c = 0; c < depth_; ++c) out[r * depth_ + c] = x[c] / norm;
    }
  }

  template <class T>
  void RunQuantized(const T* in, int32_t zero_point, T* out) const {
    for (int64_t r = 0; r < rows_; ++r) {
      const T* x = in + r * depth_;
      int32_t squares = 0;
      for (int32_t c = 0; c < depth_; ++c) {
        const int32_t d = x[c] - zero_point;
        squares += d * d;
      }
      const QuantizedMultiplier m = InverseSqrt(squares);
      for (int32_t c = 0; c < depth_; ++c) {
        const int32_t d = x[c] - zero_point;
        int32_t v;
        if constexpr (std::is_same_v<T, uint8_t>) {
          // Output 128 + 128 * d / ||d||, in [0, 255].
          v = 128 + MultiplyByQuantizedMultiplierSmallerThanOneExp(128 * d, m.multiplier, m.shift);
        } else {
          // Output 128 * d / ||d|| (the scale folded into the shift), in [-128, 127].
          v = MultiplyByQuantizedMultiplier(d, m.multiplier, m.shift + 7);
        }
        out[r * depth_ + c] = static_cast<T>(std::min(QMax<T>(), std::max(QMin<T>(), v)));
      }
    }
  }

  int32_t depth_ = 0;
  int64_t rows_ = 0;
};

}  // namespace

PlinthStatus RegisterL2Normalization(Registrar& r) {
  return r.AddBuiltin<L2Normalization>("L2_NORMALIZATION", 1, 2,
                                       {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8});
}

}  // namespace plinth::builtin
