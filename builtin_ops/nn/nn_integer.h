// Integer building blocks of the nn/ quantized kernels: TFLite's wrapping int32 accumulation (done
// without undefined behaviour) and the requantize-offset-clamp step every kernel ends with.
#ifndef PLINTH_BUILTIN_OPS_NN_NN_INTEGER_H_
#define PLINTH_BUILTIN_OPS_NN_NN_INTEGER_H_

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "builtin_ops/common/quantization_util.h"

namespace plinth::builtin::nn {

// Integer parameters of a convolution-like kernel: offsets added to inputs and weights (the
// negated zero points), the output zero point, one multiplier per output channel and the
// activation clamp.
struct Requant {
  int32_t input_offset = 0, filter_offset = 0, output_offset = 0;
  std::vector<QuantizedMultiplier> multipliers;
  QuantizedRange range;
};

// a + b with two's complement wrap-around (what TFLite's integer sums do on every target), without
// undefined behaviour: 32-bit sums wrap for valid models; 64-bit ones only with hostile biases.
template <class Acc>
Acc WrapAdd(Acc a, Acc b) {
  using Unsigned = std::make_unsigned_t<Acc>;
  return static_cast<Acc>(static_cast<Unsigned>(a) + static_cast<Unsigned>(b));
}

// (w + filter_offset) * (x + input_offset) with 32-bit two's complement wrap-around: what TFLite's
// int32 arithmetic gives for hostile zero points (the loader accepts any), without undefined
// behaviour. Valid 8/16-bit operands never wrap, so the result is the plain product for them.
inline int32_t OffsetProduct(int32_t w, int32_t filter_offset, int32_t x, int32_t input_offset) {
  const uint32_t a = static_cast<uint32_t>(w) + static_cast<uint32_t>(filter_offset);
  const uint32_t b = static_cast<uint32_t>(x) + static_cast<uint32_t>(input_offset);
  return static_cast<int32_t>(a * b);
}

// Scales an accumulator (the 32-bit or the 64-bit MultiplyByQuantizedMultiplier, following its
// type), adds the output zero point and clamps to the activation range.
template <class TOut, class Acc>
TOut Requantize(Acc acc, QuantizedMultiplier m, int32_t output_offset, QuantizedRange range) {
  int32_t v;
  if constexpr (std::is_same_v<TOut, uint8_t> && std::is_same_v<Acc, int32_t>) {
    // Legacy uint8 models: round once, as XNNPACK does (docs/quantization.md explains why).
    v = MultiplyByQuantizedMultiplierSingleRounding(acc, m.multiplier, m.shift);
  } else {
    v = MultiplyByQuantizedMultiplier(acc, m.multiplier, m.shift);
  }
  v = WrapAdd<int32_t>(v, output_offset);
  v = std::max(v, range.min);
  v = std::min(v, range.max);
  return static_cast<TOut>(v);
}

}  // namespace plinth::builtin::nn

#endif  // PLINTH_BUILTIN_OPS_NN_NN_INTEGER_H_
