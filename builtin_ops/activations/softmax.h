// SOFTMAX's quantized kernels (softmax_quantized.cc), used by softmax.cc: 8-bit inputs in
// gemmlowp fixed point (TFLite's reference Softmax), int16 through exp and 1/(1+x) tables.
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_SOFTMAX_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_SOFTMAX_H_

#include <cstdint>

#include "builtin_ops/activations/lut.h"
#include "plinth/plugin.hpp"

namespace plinth::builtin {

struct QuantizedSoftmaxParams {
  // 8-bit inputs: beta * input_scale as a multiplier above one, and the smallest difference from
  // the row maximum that still contributes.
  int32_t input_multiplier = 0;
  int input_left_shift = 0;
  int32_t diff_min = 0;
  // int16: exp over [-10, 0] and 1 / (1 + x) over [0, 1].
  int16_t exp_lut[kLutInt16Size] = {};
  int16_t one_over_one_plus_x_lut[kLutInt16Size] = {};
};

// Validates the quantization of input and output and fills `p`.
PlinthStatus PrepareQuantizedSoftmax(const KernelContext& ctx, float beta,
                                     QuantizedSoftmaxParams* p);

// Runs over `rows` rows of `depth` elements.
PlinthStatus RunQuantizedSoftmax(const KernelContext& ctx, const QuantizedSoftmaxParams& p,
                                 int64_t rows, int32_t depth);

// TFLite's CalculateInputRadius: the largest input difference whose rescaled value fits in
// Q(input_integer_bits).(total_signed_bits - input_integer_bits).
int32_t CalculateInputRadius(int input_integer_bits, int input_left_shift,
                             int total_signed_bits = 31);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_SOFTMAX_H_
