// Quantized SOFTMAX, bit-exact with TFLite's reference kernels:
//  - int8/uint8 input (int8/uint8 or int16 output): differences from the row maximum, scaled by
//    beta * input_scale into Q5.26, exponentiated in fixed point, summed in Q12.19 and divided
//    through gemmlowp's fixed-point reciprocal;
//  - int16: the scaled difference looked up in an interpolated exp table over [-10, 0], the sum
//    normalized and inverted through a 1 / (1 + x) table.
#include <algorithm>
#include <cmath>
#include <limits>

#include "builtin_ops/activations/softmax.h"
#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/integer_math.h"

namespace plinth::builtin {
namespace {

constexpr int kScaledDiffIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;

template <class In, class Out>
void Softmax8(const QuantizedSoftmaxParams& p, const In* input, Out* output, int64_t rows,
              int32_t depth) {
  using FScaledDiff = fixed_point::FixedPoint<int32_t, kScaledDiffIntegerBits>;
  using FAccum = fixed_point::FixedPoint<int32_t, kAccumulationIntegerBits>;
  using F0 = fixed_point::FixedPoint<int32_t, 0>;
  auto exp_of_diff = [&](int32_t diff) {
    const int32_t rescaled = SaturatingRoundingDoublingHighMul(
        WrappingShiftLeft(diff, p.input_left_shift), p.input_multiplier);
    return fixed_point::ExpOnNegativeValues(FScaledDiff::FromRaw(rescaled));
  };
  for (int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
    In max_in_row = std::numeric_limits<In>::min();
    for (int32_t c = 0; c < depth; ++c) max_in_row = std::max(max_in_row, input[c]);
    FAccum sum_of_exps = FAccum::Zero();
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = static_cast<int32_t>(input[c]) - max_in_row;
      if (diff >= p.diff_min) {
        sum_of_exps =
            sum_of_exps + fixed_point::Rescale<kAccumulationIntegerBits>(exp_of_diff(diff));
      }
    }
    int num_bits_over_unit;
    const F0 shifted_scale = F0::FromRaw(
        GetReciprocal(sum_of_exps.raw(), kAccumulationIntegerBits, &num_bits_over_unit));
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = static_cast<int32_t>(input[c]) - max_in_row;
      if (diff >= p.diff_min) {
        const int32_t unsat =
            RoundingDivideByPOT((shifted_scale * exp_of_diff(diff)).raw(),
                                num_bits_over_unit + 31 - static_cast<int>(sizeof(Out) * 8));
        const int32_t shifted = unsat + static_cast<int32_t>(std::numeric_limits<Out>::min());
        output[c] = static_cast<Out>(
            Clamp(shifted, std::numeric_limits<Out>::min(), std::numeric_limits<Out>::max()));
      } else {
        output[c] = std::numeric_limits<Out>::min();
      }
    }
  }
}

void Softmax16(const QuantizedSoftmaxParams& p, const int16_t* input, int16_t* output, int64_t rows,
               int32_t depth) {
  for (int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
    int16_t max_in_row = std::numeric_limits<int16_t>::min();
    for (int32_t c = 0; c < depth; ++c) max_in_row = std::max(max_in_row, input[c]);
    // exp(x - max) in Q0.15, kept in the output buffer; their sum in Q16.15.
    int32_t sum_of_exps = 0;
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = input[c] - max_in_row;
      // [-65535, 0] covers [-10, 0]; recentered on the table's symmetric input range.
      const int32_t scaled_diff =
          MultiplyByQuantizedMultiplier(diff, p.input_multiplier, p.input_left_shift);
      const int16_t sym = static_cast<int16_t>(Clamp(scaled_diff + 32767, -32768, 32767));
      output[c] = LookupLutInt16(sym, p.exp_lut);
      sum_of_exps += output[c];
    }
    // 1 / sum: normalize the sum into [1, 2), look up 1 / (1 + x) for x = sum - 1.
    const int headroom_plus_one = CountLeadingZeros32(static_cast<uint32_t>(sum_of_exps));
    const int32_t shifted_sum = static_cast<int32_t>(
        ((static_cast<int64_t>(sum_of_exps) << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    const int32_t sym_shifted_sum = shifted_sum + (-((1 << 15) + (1 << 16)));
    const int16_t sat_sym_shifted_sum = static_cast<int16_t>(Clamp(sym_shifted_sum, -32768, 32767));
    const int16_t reciprocal = LookupLutInt16(sat_sym_shifted_sum, p.one_over_one_plus_x_lut);
    const int right_shift = 31 - headroom_plus_one;
    const int64_t round = int64_t{1} << (right_shift - 1);
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t result = static_cast<int32_t>(
          (static_cast<int64_t>(output[c]) * static_cast<int64_t>(reciprocal) + round) >>
          right_shift);
      output[c] = static_cast<int16_t>(Clamp(result, 0, 32767));
    }
  }
}

}  // namespace

int32_t CalculateInputRadius(int input_integer_bits, int input_left_shift, int total_signed_bits) {
  const double max_input_rescaled =
      1.0 * ((1 << input_integer_bits) - 1) *
      static_cast<double>(int64_t{1} << (total_signed_bits - input_integer_bits)) /
      static_cast<double>(int64_t{1} << input_left_shift);
  // Strictly inside the representable range, hence the floor.
  return static_cast<int32_t>(std::floor(max_input_rescaled));
}

PlinthStatus PrepareQuantizedSoftmax(const KernelContext& ctx, float beta,
                                     QuantizedSoftmaxParams* p) {
  const Tensor in = ctx.input(0), out = ctx.output(0);
  PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
  PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
  const PlinthType in_t = in.type(), out_t = out.type();
  const bool valid = (in_t == PLINTH_INT8 && (out_t == PLINTH_INT8 || out_t == PLINTH_INT16)) ||
                     (in_t == PLINTH_UINT8 && (out_t == PLINTH_UINT8 || out_t == PLINTH_INT16)) ||
                     (in_t == PLINTH_INT16 && out_t == PLINTH_INT16);
  PLINTH_ENSURE(ctx, valid, "input ", TypeName(in_t), " with output ", TypeName(out_t),
                " is not supported");
  if (in_t == PLINTH_INT8 && out_t == PLINTH_INT8) {
    PLINTH_ENSURE(ctx, out.zero_point() == -128, "int8 output zero point must be -128, got ",
                  out.zero_point());
    PLINTH_ENSURE(ctx, std::fabs(out.scale() - 1.f / 256) <= 0.001f * 1.f / 256,
                  "int8 output scale must be 1/256, got ", out.scale());
  }
  if (in_t == PLINTH_INT16) {
    PLINTH_ENSURE(ctx, std::fabs(out.scale() - 1.f / 32768) <= 0.001f * 1.f / 32768,
                  "int16 output scale must be 1/32768, got ", out.scale());
    PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, in, "input"));
    PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, out, "output"));
    PLINTH_ENSURE(ctx, in.rank() <= 4, "int16 SOFTMAX supports up to 4 dimensions, got ",
                  in.rank());
    // Double tables, as TFLite keeps them for compatibility.
    const int32_t range = 65535;
    PopulateLutInt16<double>(
        10.0 / range, 32767, 2.0 / range, 0, [](double x) { return std::exp(x); }, p->exp_lut);
    PopulateLutInt16<double>(
        1.0 / range, -32768, 2.0 / range, 0, [](double x) { return 1.0 / (1.0 + x); },
        p->one_over_one_plus_x_lut);
    // Scale differences so that [-65535, 0] spans [-10, 0].
    const double rescale = in.scale() * beta / (10.0 / 65535.0);
    const QuantizedMultiplier m = QuantizeMultiplier(rescale);
    p->input_multiplier = m.multiplier;
    p->input_left_shift = m.shift;
    return PLINTH_OK;
  }
  // 8-bit: beta * input_scale in Q5.26, capped below 2^31.
  const double real = std::min(static_cast<double>(beta) * static_cast<double>(in.scale()) *
                                   static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((int64_t{1} << 31) - 1));
  QuantizedMultiplier m;
  PLINTH_RETURN_IF_ERROR(QuantizeMultiplierAboveOne(ctx, real, "beta * input scale", &m));
  p->input_multiplier = m.multiplier;
  p->input_left_shift = m.shift;
  p->diff_min = -CalculateInputRadius(kScaledDiffIntegerBits, m.shift);
  return PLINTH_OK;
}

PlinthStatus RunQuantizedSoftmax(const KernelContext& ctx, const QuantizedSoftmaxParams& p,
                                 int64_t rows, int32_t depth) {
  const Tensor in = ctx.input(0), out = ctx.output(0);
  switch (in.type()) {
    case PLINTH_INT8:
      if (out.type() == PLINTH_INT8) {
        Softmax8(p, in.data<int8_t>(), out.data<int8_t>(), rows, depth);
      } else {
        Softmax8(p, in.data<int8_t>(), out.data<int16_t>(), rows, depth);
      }
      return PLINTH_OK;
    case PLINTH_UINT8:
      if (out.type() == PLINTH_UINT8) {
        Softmax8(p, in.data<uint8_t>(), out.data<uint8_t>(), rows, depth);
      } else {
        Softmax8(p, in.data<uint8_t>(), out.data<int16_t>(), rows, depth);
      }
      return PLINTH_OK;
    case PLINTH_INT16:
      Softmax16(p, in.data<int16_t>(), out.data<int16_t>(), rows, depth);
      return PLINTH_OK;
    default:
      return ctx.Error("unsupported type ", TypeName(in.type()));
  }
}

}  // namespace plinth::builtin
