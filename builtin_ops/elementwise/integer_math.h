// Integer helpers of TFLite's reference kernels that builtin_ops/common does not provide yet:
// leading-bit counts, the fixed-point reciprocal and logarithm, run-time power-of-two scaling and
// the inverse square root multiplier. Each follows TFLite's order of operations exactly, with
// wrapping (not undefined) arithmetic where TFLite relies on two's-complement wrap-around.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_INTEGER_MATH_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_INTEGER_MATH_H_

#include <algorithm>
#include <cstdint>
#include <limits>

#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/common/quantization_util.h"

namespace plinth::builtin {

// Leading zero bits of x (32 for 0).
inline int CountLeadingZeros32(uint32_t x) { return x ? __builtin_clz(x) : 32; }

// Redundant sign bits of x: how far x can shift left without changing sign (31 for 0 and -1).
inline int CountLeadingSignBits32(int32_t x) {
  if (x >= 0) return CountLeadingZeros32(static_cast<uint32_t>(x)) - 1;
  if (x == std::numeric_limits<int32_t>::min()) return 0;
  return CountLeadingZeros32(2 * static_cast<uint32_t>(-x) - 1);
}

// a * 2^shift computed with two's-complement wrap-around, as TFLite's `a * (1 << shift)`.
inline int32_t WrappingShiftLeft(int32_t a, int shift) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) << shift);
}
inline int32_t WrappingMul(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
}

// x * 2^exponent with a run-time exponent: saturating when positive, rounding when negative
// (TFLite's SaturatingRoundingMultiplyByPOTParam).
inline int32_t SaturatingRoundingMultiplyByPOTParam(int32_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
  const int32_t threshold = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > threshold) return std::numeric_limits<int32_t>::max();
  if (x < -threshold) return std::numeric_limits<int32_t>::min();
  return WrappingShiftLeft(x, exponent);
}

inline int32_t SaturatingAdd32(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + b;
  return static_cast<int32_t>(std::clamp<int64_t>(sum, std::numeric_limits<int32_t>::min(),
                                                  std::numeric_limits<int32_t>::max()));
}
inline int32_t SaturatingSub32(int32_t a, int32_t b) {
  const int64_t diff = static_cast<int64_t>(a) - b;
  return static_cast<int32_t>(std::clamp<int64_t>(diff, std::numeric_limits<int32_t>::min(),
                                                  std::numeric_limits<int32_t>::max()));
}

// TFLite's GetReciprocal: a Q0.31 estimate of 1 / x for x in Q(x_integer_digits), with the number
// of bits by which x exceeds one.
inline int32_t GetReciprocal(int32_t x, int x_integer_digits, int* num_bits_over_unit) {
  const int headroom_plus_one = CountLeadingZeros32(static_cast<uint32_t>(x));
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  const int32_t shifted_sum_minus_one = static_cast<int32_t>(
      (static_cast<uint32_t>(x) << headroom_plus_one) - (static_cast<uint32_t>(1) << 31));
  using F0 = fixed_point::FixedPoint<int32_t, 0>;
  return fixed_point::OneOverOnePlusXForXIn01(F0::FromRaw(shifted_sum_minus_one)).raw();
}

// TFLite's log_x_for_x_greater_than_or_equal_to_1: ln(x) in Q(OutputIntegerBits) for x given in
// Q(InputIntegerBits) (valid down to 1 / max representable input).
template <int OutputIntegerBits, int InputIntegerBits>
fixed_point::FixedPoint<int32_t, OutputIntegerBits> LogXForXGreaterThanOrEqualTo1(
    fixed_point::FixedPoint<int32_t, InputIntegerBits> input) {
  using fixed_point::FixedPoint;
  using F0 = FixedPoint<int32_t, 0>;
  // One extra integer bit of headroom: z_pow_2_adj * log(2) may saturate on its own.
  constexpr int kAccumIntegerBits = OutputIntegerBits + 1;
  using FAccum = FixedPoint<int32_t, kAccumIntegerBits>;

  const F0 log_2 = F0::FromRaw(1488522236);           // ln(2)
  const F0 sqrt_sqrt_half = F0::FromRaw(1805811301);  // 2^(-1/4)
  const F0 sqrt_half = F0::FromRaw(1518500250);       // 2^(-1/2)
  const F0 one_quarter = F0::FromRaw(536870912);      // 1/4
  const F0 alpha_n = F0::FromRaw(117049297);          // 11/240 * 2^(1/4)
  const F0 alpha_d = F0::FromRaw(127690142);          // 1/20 * 2^(1/4)
  const F0 alpha_i = F0::FromRaw(1057819769);         // 2 / 2^(1/4) - 2^(1/4)
  const F0 alpha_f = F0::FromRaw(638450708);          // 1/4 * 2^(1/4)
  const FAccum shifted_quarter = fixed_point::Rescale<kAccumIntegerBits>(one_quarter);

  // The input's raw bits read as Q0.31; the power of two is tracked separately.
  const F0 z_a = F0::FromRaw(input.raw());
  const int z_a_headroom_plus_1 = CountLeadingZeros32(static_cast<uint32_t>(z_a.raw()));
  const F0 r_a_tmp =
      F0::FromRaw(SaturatingRoundingMultiplyByPOTParam(z_a.raw(), z_a_headroom_plus_1 - 1));
  const int32_t r_a_raw = SaturatingRoundingMultiplyByPOTParam((r_a_tmp * sqrt_half).raw(), 1);
  const FAccum z_a_pow_2_adj = FAccum::FromRaw(
      SaturatingAdd32(SaturatingRoundingMultiplyByPOTParam(InputIntegerBits - z_a_headroom_plus_1,
                                                           31 - kAccumIntegerBits),
                      shifted_quarter.raw()));

  // z_b is z_a premultiplied by sqrt(1/2).
  const F0 z_b = z_a * sqrt_half;
  const int z_b_headroom = CountLeadingZeros32(static_cast<uint32_t>(z_b.raw())) - 1;
  const int32_t r_b_raw = SaturatingRoundingMultiplyByPOTParam(z_a.raw(), z_b_headroom);
  const FAccum z_b_pow_2_adj = FAccum::FromRaw(SaturatingSub32(
      SaturatingRoundingMultiplyByPOTParam(InputIntegerBits - z_b_headroom, 31 - kAccumIntegerBits),
      shifted_quarter.raw()));

  const F0 r = F0::FromRaw(std::min(r_a_raw, r_b_raw));
  const FAccum z_pow_2_adj = FAccum::FromRaw(std::max(z_a_pow_2_adj.raw(), z_b_pow_2_adj.raw()));

  const F0 p = fixed_point::RoundingHalfSum(r, sqrt_sqrt_half);
  F0 q = r - sqrt_sqrt_half;
  q = q + q;

  const F0 common_sq = q * q;
  const F0 num = q * r + q * common_sq * alpha_n;
  const F0 denom_minus_one_0 = p * (alpha_i + q + alpha_d * common_sq) + alpha_f * q;
  const F0 recip_denom = fixed_point::OneOverOnePlusXForXIn01(denom_minus_one_0);

  const FAccum num_scaled = fixed_point::Rescale<kAccumIntegerBits>(num);
  return fixed_point::Rescale<OutputIntegerBits>(z_pow_2_adj * log_2 + num_scaled * recip_denom);
}

// TFLite's GetInvSqrtQuantizedMultiplierExp: 1 / sqrt(input) as a multiplier and shift, by
// Newton-Raphson in Q3.28. `reverse_shift` is -1 to return a left shift (TFLite's kReverseShift).
inline void GetInvSqrtQuantizedMultiplierExp(int32_t input, int reverse_shift,
                                             int32_t* output_inv_sqrt, int* output_shift) {
  if (input <= 1) {
    // 1 (and the invalid 0) map to the largest multiplier, avoiding the overflow below.
    *output_inv_sqrt = std::numeric_limits<int32_t>::max();
    *output_shift = 0;
    return;
  }
  *output_shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++*output_shift;
  }
  const unsigned max_left_shift_bits = CountLeadingZeros32(static_cast<uint32_t>(input)) - 1;
  const unsigned max_left_shift_bit_pairs = max_left_shift_bits / 2;
  const unsigned left_shift_bit_pairs = max_left_shift_bit_pairs - 1;
  *output_shift -= static_cast<int>(left_shift_bit_pairs);
  input <<= 2 * left_shift_bit_pairs;
  using fixed_point::FixedPoint;
  using F3 = FixedPoint<int32_t, 3>;
  using F0 = FixedPoint<int32_t, 0>;
  const F3 fixedpoint_input = F3::FromRaw(input >> 1);
  const F3 fixedpoint_half_input =
      fixed_point::SaturatingRoundingMultiplyByPOT<-1>(fixedpoint_input);
  const F3 fixedpoint_half_three = F3::FromRaw((1 << 28) + (1 << 27));  // 1.5
  // Five Newton-Raphson steps from x = 1.
  F3 x = F3::One();
  for (int i = 0; i < 5; i++) {
    const F3 x3 = fixed_point::Rescale<3>(x * x * x);
    x = fixed_point::Rescale<3>(fixedpoint_half_three * x - fixedpoint_half_input * x3);
  }
  const F0 fixedpoint_half_sqrt_2 = F0::FromRaw(1518500250);  // sqrt(2) / 2
  x = x * fixedpoint_half_sqrt_2;
  *output_inv_sqrt = x.raw();
  if (*output_shift < 0) {
    *output_inv_sqrt = WrappingShiftLeft(*output_inv_sqrt, -*output_shift);
    *output_shift = 0;
  }
  // A right shift (positive) becomes a left shift when reverse_shift is -1.
  *output_shift *= reverse_shift;
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_INTEGER_MATH_H_
