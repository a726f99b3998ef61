// Integer arithmetic of the quantized reductions, in the order of TFLite's reference kernels
// (reference_ops::QuantizedMeanOrSum and QuantizedReduceProd in reference/reduce.h), which
// tflite-micro shares: int32 sums of raw values, the zero point removed once per output, one
// requantization by input_scale / output_scale (with 1/n folded in for a mean).
#ifndef PLINTH_BUILTIN_OPS_REDUCTION_REDUCE_QUANTIZED_H_
#define PLINTH_BUILTIN_OPS_REDUCTION_REDUCE_QUANTIZED_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/reduction/reduce_plan.h"
#include "builtin_ops/reduction/wrapping_arithmetic.h"

namespace plinth::builtin {

// For a mean, TFLite folds 1/n into the multiplier: shift by floor(log2 n) (at most 32, and so
// that the final shift stays >= -31), then divide the widened multiplier by n.
inline QuantizedMultiplier FoldMeanDivisor(QuantizedMultiplier m, int64_t n) {
  int shift = 0;
  for (uint64_t v = static_cast<uint64_t>(n); v > 1; v >>= 1) ++shift;
  shift = std::min(shift, 32);
  shift = std::min(shift, 31 + m.shift);
  QuantizedMultiplier folded;
  folded.multiplier = static_cast<int32_t>((static_cast<int64_t>(m.multiplier) << shift) / n);
  folded.shift = m.shift - shift;
  return folded;
}

// Sums the raw input values per output (int32, wrapping), then requantizes each: TFLite's
// QuantizedMeanOrSum. `sums` holds plan.output_elements values. Outputs stay zero when the input
// is empty, as in TFLite.
template <class T>
void QuantizedMeanOrSum(const ReducePlan& plan, const T* input, int32_t input_zero_point,
                        QuantizedMultiplier multiplier, int32_t output_zero_point, bool compute_sum,
                        int32_t* sums, T* output) {
  std::fill(output, output + plan.output_elements, T{0});
  // An empty input may still have outputs (a zero-sized reduced axis); `sums` may be smaller.
  if (plan.input_elements == 0) return;
  std::fill(sums, sums + plan.output_elements, 0);
  WalkReduction(plan, [&](int64_t i, int64_t o, bool) {
    sums[o] = WrappingAdd<int32_t>(sums[o], static_cast<int32_t>(input[i]));
  });
  const int64_t n = plan.reduced_elements;
  if (!compute_sum) multiplier = FoldMeanDivisor(multiplier, n);
  for (int64_t o = 0; o < plan.output_elements; ++o) {
    const int32_t shifted = static_cast<int32_t>(static_cast<int64_t>(sums[o]) -
                                                 static_cast<int64_t>(input_zero_point) * n);
    int32_t q = MultiplyByQuantizedMultiplier(shifted, multiplier) + output_zero_point;
    q = std::min(std::max(q, QMin<T>()), QMax<T>());
    output[o] = static_cast<T>(q);
  }
}

// TFLite's scaling of a quantized product: each partial product is rescaled by
// input_scale / output_scale^(1/n) so the int32 accumulator does not overflow.
inline QuantizedMultiplier ProdMultiplier(double input_scale, double output_scale, int64_t n) {
  return QuantizeMultiplier(input_scale / std::pow(output_scale, 1.0 / static_cast<double>(n)));
}

// TFLite's QuantizedReduceProd: the first value of each output starts the product (zero point
// removed), every further value multiplies it in 64 bits and is rescaled; one final rescale.
template <class T>
void QuantizedProd(const ReducePlan& plan, const T* input, int32_t input_zero_point,
                   QuantizedMultiplier multiplier, int32_t output_zero_point, int32_t* products,
                   T* output) {
  WalkReduction(plan, [&](int64_t i, int64_t o, bool first) {
    const int32_t value = static_cast<int32_t>(input[i]) - input_zero_point;
    if (first) {
      products[o] = value;
    } else {
      products[o] = MultiplyByQuantizedMultiplier(static_cast<int64_t>(products[o]) * value,
                                                  multiplier.multiplier, multiplier.shift);
    }
  });
  for (int64_t o = 0; o < plan.output_elements; ++o) {
    int32_t q = MultiplyByQuantizedMultiplier(static_cast<int64_t>(products[o]),
                                              multiplier.multiplier, multiplier.shift) +
                output_zero_point;
    q = std::min(std::max(q, QMin<T>()), QMax<T>());
    output[o] = static_cast<T>(q);
  }
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_REDUCTION_REDUCE_QUANTIZED_H_
