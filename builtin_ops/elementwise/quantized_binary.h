// Per-element arithmetic of the quantized binary kernels (ADD, SUB, MUL, DIV, SQUARED_DIFFERENCE),
// in the order of operations of TFLite's reference kernels, and the prepare step that derives
// their parameters from the tensors' scales and zero points.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_QUANTIZED_BINARY_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_QUANTIZED_BINARY_H_

#include <cstdint>

#include "builtin_ops/common/broadcast.h"
#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/integer_math.h"

namespace plinth::builtin {

// ADD/SUB with general rescaling (8-bit, and 16-bit when not power-of-two): both inputs move to a
// common scale with `left_shift` bits of headroom, are added, and rescaled to the output.
struct AddSubParams {
  int32_t input1_offset = 0, input2_offset = 0, output_offset = 0;
  int left_shift = 0;
  QuantizedMultiplier input1, input2, output;
  QuantizedRange activation;
  bool subtract = false;
};

inline int32_t AddSubElement(const AddSubParams& p, int32_t a, int32_t b) {
  const int32_t shifted1 = WrappingShiftLeft(p.input1_offset + a, p.left_shift);
  const int32_t shifted2 = WrappingShiftLeft(p.input2_offset + b, p.left_shift);
  const int32_t scaled1 =
      MultiplyByQuantizedMultiplierSmallerThanOneExp(shifted1, p.input1.multiplier, p.input1.shift);
  const int32_t scaled2 =
      MultiplyByQuantizedMultiplierSmallerThanOneExp(shifted2, p.input2.multiplier, p.input2.shift);
  const int32_t raw = p.subtract ? scaled1 - scaled2 : scaled1 + scaled2;
  const int32_t out =
      MultiplyByQuantizedMultiplierSmallerThanOneExp(raw, p.output.multiplier, p.output.shift) +
      p.output_offset;
  return Clamp(out, p.activation.min, p.activation.max);
}

// The int16 power-of-two path (pot_scale_int16, used in LSTM cells): zero points are 0, scales
// powers of two, and one input is shifted right onto the output's scale before a saturating
// add or subtract in Q0.15.
struct PotAddSubParams {
  int input1_shift = 0, input2_shift = 0;  // <= 0; at most one nonzero
  QuantizedRange activation;
  bool subtract = false;
};

inline int32_t PotAddSubElement(const PotAddSubParams& p, int16_t a, int16_t b) {
  const int32_t a_scaled = fixed_point::RoundingDivideByPOT<int16_t>(a, -p.input1_shift);
  const int32_t b_scaled = fixed_point::RoundingDivideByPOT<int16_t>(b, -p.input2_shift);
  const int32_t raw = Clamp(p.subtract ? a_scaled - b_scaled : a_scaled + b_scaled, -32768, 32767);
  return Clamp(raw, p.activation.min, p.activation.max);
}

// MUL: (a - za) * (b - zb) rescaled once to the output.
struct MulParams {
  int32_t input1_offset = 0, input2_offset = 0, output_offset = 0;
  QuantizedMultiplier output;
  QuantizedRange activation;
};

inline int32_t MulElement(const MulParams& p, int32_t a, int32_t b) {
  const int32_t product = WrappingMul(p.input1_offset + a, p.input2_offset + b);
  const int32_t out = p.output_offset + MultiplyByQuantizedMultiplier(product, p.output);
  return Clamp(out, p.activation.min, p.activation.max);
}

// MUL of two Q0.15 int16 inputs into an 8-bit output (TFLite's LSTM helper path): the Q0.15
// product is shifted down by 8 bits and offset by the output zero point.
inline int32_t MulInt16ToNarrowElement(const MulParams& p, int16_t a, int16_t b) {
  using F0 = fixed_point::FixedPoint<int16_t, 0>;
  const int16_t product = (F0::FromRaw(a) * F0::FromRaw(b)).raw();
  const int16_t rescaled = fixed_point::RoundingDivideByPOT<int16_t>(product, 8);
  const int32_t clamped =
      Clamp(rescaled, p.activation.min - p.output_offset, p.activation.max - p.output_offset);
  return p.output_offset + clamped;
}

// gemmlowp's RoundingDivideByPOT as TFLite's DIV runs it on x86-64 when the exponent reaches 32
// or more (undefined in C++; happens for small dividends): the mask is the low 32 bits of
// 2^exponent - 1 and the shift count is taken modulo 32.
inline int32_t RoundingDivideByPOTX86(int32_t x, int exponent) {
  if (exponent < 32) return RoundingDivideByPOT(x, exponent);
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);  // all ones
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> (exponent & 31)) + (remainder > threshold ? 1 : 0);
}

// DIV (TFLite's DivElementwise): a fixed-point reciprocal of the divisor, a normalized product and
// one final rescale. The divisor is never its zero point (checked before running). For small
// dividends the final shift exceeds 31 bits and TFLite's result is far from the real quotient;
// RoundingDivideByPOTX86 reproduces it.
inline int32_t DivElement(const MulParams& p, int32_t a, int32_t b) {
  int32_t input1_val = p.input1_offset + a;
  int32_t input2_val = p.input2_offset + b;
  if (input2_val < 0) {
    // The reciprocal is a positive multiplier; move the sign to the dividend.
    input1_val = -input1_val;
    input2_val = -input2_val;
  }
  int recip_shift;
  const int32_t input2_inv = GetReciprocal(input2_val, 31, &recip_shift);
  const int headroom = CountLeadingSignBits32(input1_val);
  const int32_t unscaled_quotient =
      SaturatingRoundingDoublingHighMul(WrappingShiftLeft(input1_val, headroom), input2_inv);
  const int total_shift = p.output.shift - recip_shift - headroom;
  const int32_t scaled = SaturatingRoundingDoublingHighMul(unscaled_quotient, p.output.multiplier);
  // total_shift is negative for any realistic scales; a positive one (TFLite: undefined) shifts
  // left rather than invoking undefined behaviour.
  const int32_t out =
      p.output_offset + (total_shift <= 0 ? RoundingDivideByPOTX86(scaled, -total_shift)
                                          : WrappingShiftLeft(scaled, total_shift));
  return Clamp(out, p.activation.min, p.activation.max);
}

// SQUARED_DIFFERENCE (int8): like ADD's common-scale step with 7 bits of headroom, then the
// squared difference rescaled to the output.
inline int32_t SquaredDifferenceElement(const AddSubParams& p, int32_t a, int32_t b) {
  const int32_t shifted1 = WrappingShiftLeft(p.input1_offset + a, p.left_shift);
  const int32_t shifted2 = WrappingShiftLeft(p.input2_offset + b, p.left_shift);
  const int32_t scaled1 =
      MultiplyByQuantizedMultiplierSmallerThanOneExp(shifted1, p.input1.multiplier, p.input1.shift);
  const int32_t scaled2 =
      MultiplyByQuantizedMultiplierSmallerThanOneExp(shifted2, p.input2.multiplier, p.input2.shift);
  const int32_t diff = scaled1 - scaled2;
  const int32_t out = MultiplyByQuantizedMultiplierSmallerThanOneExp(
                          WrappingMul(diff, diff), p.output.multiplier, p.output.shift) +
                      p.output_offset;
  return Clamp(out, p.activation.min, p.activation.max);
}

// Which quantized kernel a binary op runs, with its parameters.
struct QuantizedBinary {
  enum class Kind { kAddSub, kPotAddSub, kMul, kMulInt16ToNarrow, kDiv, kSquaredDifference };
  Kind kind = Kind::kAddSub;
  AddSubParams add_sub;  // kAddSub, kSquaredDifference
  PotAddSubParams pot;   // kPotAddSub
  MulParams mul;         // kMul, kMulInt16ToNarrow, kDiv
};

// Prepare steps (quantized_binary.cc). Each validates the tensors' quantization and fills `q`.
PlinthStatus PrepareQuantizedAddSub(const KernelContext& ctx, bool subtract, int64_t activation,
                                    QuantizedBinary* q);
PlinthStatus PrepareQuantizedMul(const KernelContext& ctx, int64_t activation, QuantizedBinary* q);
PlinthStatus PrepareQuantizedDiv(const KernelContext& ctx, int64_t activation, QuantizedBinary* q);
PlinthStatus PrepareQuantizedSquaredDifference(const KernelContext& ctx, QuantizedBinary* q);

// Runs a prepared quantized kernel over the broadcast of inputs 0 and 1 into output 0.
PlinthStatus RunQuantizedBinary(const KernelContext& ctx, const QuantizedBinary& q,
                                const Broadcast& broadcast);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_QUANTIZED_BINARY_H_
