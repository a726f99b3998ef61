// TFLite's int16 LOGISTIC and TANH: the input is rescaled to a Q3.12-like grid (3/4 of it, so
// the table's [-10.7, 10.7] range covers the input), then sigmoid is interpolated in a 256-entry
// Q0.16 table; tanh uses tanh(x) = 2 * sigmoid(2x) - 1 on a twice finer grid.
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_SIGMOID_INT16_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_SIGMOID_INT16_H_

#include <cstdint>
#include <cstdlib>

#include "builtin_ops/activations/lut.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {

struct SigmoidInt16Params {
  int32_t input_multiplier = 0;  // 0: power-of-two input scale, see Normalize()
  int input_left_shift = 0;

  // With a power-of-two scale the multiplier is 3 << shift and nothing is shifted back.
  SigmoidInt16Params Normalize() const {
    if (input_multiplier != 0) return *this;
    return {3 << input_left_shift, 0};
  }
};

// Prepare: symmetric int16 in and out, output scale 2^-15, and the input rescaling. A
// power-of-two input scale needs no multiplier when it gives the shift TFLite expects (0 for
// LOGISTIC, 0 or 1 for TANH); otherwise the scale becomes a multiplier of 3 * 4096 * scale,
// doubled into [2^14, 2^15).
inline PlinthStatus PrepareSigmoidInt16(const KernelContext& ctx, const Tensor& in,
                                        const Tensor& out, bool tanh, SigmoidInt16Params* p) {
  PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, in, "input"));
  PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, out, "output"));
  constexpr int kInputIntegerBits = 3;
  int input_log2 = 0;
  bool pot = CheckedLog2(in.scale(), &input_log2);
  p->input_multiplier = 0;
  p->input_left_shift = (15 - kInputIntegerBits) + input_log2;
  pot = pot && (p->input_left_shift == 0 || (tanh && p->input_left_shift == 1));
  if (!pot) {
    double multiplier = in.scale() * 4096.0 * 3.0;
    p->input_left_shift = 0;
    while (multiplier <= 32767.0 / 2.0 && p->input_left_shift <= 30) {
      p->input_left_shift++;
      multiplier = multiplier * 2.0;
    }
    p->input_multiplier = static_cast<int32_t>(multiplier);
  }
  int output_log2 = 0;
  PLINTH_ENSURE(ctx, CheckedLog2(out.scale(), &output_log2) && output_log2 == -15,
                "int16 output scale must be 2^-15, got ", out.scale());
  return PLINTH_OK;
}

// The rescaled input (rounded shift right).
inline int32_t RescaleSigmoidInput(const SigmoidInt16Params& p, int16_t x) {
  const int32_t round = p.input_left_shift > 0 ? 1 << (p.input_left_shift - 1) : 0;
  return (x * p.input_multiplier + round) >> p.input_left_shift;
}

inline int16_t LogisticInt16(const SigmoidInt16Params& p, int16_t x) {
  const int32_t input = RescaleSigmoidInput(p, x);
  const uint32_t abs_input = static_cast<uint32_t>(std::abs(input));
  // Table step: 2^9 units of the rescaled input.
  const uint32_t uh = abs_input >> 9;
  uint32_t result;
  if (uh >= 255) {
    result = 0x7FFFu << 10;  // saturates at 1
  } else {
    const uint32_t ua = kSigmoidTableUint16[uh];
    const uint32_t ub = kSigmoidTableUint16[uh + 1];
    const uint32_t ut = abs_input & 0x1ff;
    result = (ua << 9) + ut * (ub - ua);
  }
  // sigmoid(-x) = 1 - sigmoid(x); then back to Q0.15 with rounding.
  result = input >= 0 ? (result + (1u << 9)) : ((1u << (16 + 9)) - result + (1u << 9) - 1);
  return static_cast<int16_t>(result >> 10);
}

inline int16_t TanhInt16(const SigmoidInt16Params& p, int16_t x) {
  const int32_t input = RescaleSigmoidInput(p, x);
  const uint32_t abs_input = static_cast<uint32_t>(std::abs(input));
  // Table step: 2^8 units (sigmoid of twice the input).
  const uint32_t uh = abs_input >> 8;
  int32_t result;
  if (uh >= 255) {
    result = 0xFFFF << 8;  // saturates at 1
  } else {
    const uint32_t ua = kSigmoidTableUint16[uh];
    const uint32_t ub = kSigmoidTableUint16[uh + 1];
    const uint8_t ut = static_cast<uint8_t>(abs_input & 0xFF);
    result = static_cast<int32_t>((ua << 8) + ut * (ub - ua));
  }
  // 2 * sigmoid - 1, mirrored for negative inputs, back to Q0.15 with rounding.
  result = input >= 0 ? (result - (1 << (14 + 9)) + (1 << (9 - 2)))
                      : (-result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1);
  return static_cast<int16_t>(result >> (9 - 1));
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_SIGMOID_INT16_H_
