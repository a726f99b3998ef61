// TFLite's integer arithmetic for quantized kernels, reproduced exactly: multipliers as a Q31
// fixed-point value plus a shift, rounding doubling high multiply, rounding right shift, and the
// quantized activation ranges. Quantized kernels must use these (not float math) so their outputs
// are bit-identical with TFLite's reference kernels and tflite-micro.
#ifndef PLINTH_BUILTIN_OPS_COMMON_QUANTIZATION_UTIL_H_
#define PLINTH_BUILTIN_OPS_COMMON_QUANTIZATION_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "plinth/plugin.h"

namespace plinth::builtin {

// A real multiplier M = multiplier * 2^(shift - 31), multiplier in [2^30, 2^31).
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;  // > 0: left shift, < 0: right shift
};

// -zero_point with two's complement wrap-around (a hostile INT32_MIN stays itself, as TFLite's
// int32 arithmetic gives in practice), without undefined behaviour: the kernels' offsets.
inline int32_t NegatedZeroPoint(int32_t zero_point) {
  return static_cast<int32_t>(0u - static_cast<uint32_t>(zero_point));
}

// TFLite's QuantizeMultiplier: frexp, round half away from zero to Q31, renormalize 2^31.
inline QuantizedMultiplier QuantizeMultiplier(double real_multiplier) {
  QuantizedMultiplier q;
  // Zero, and (defensively) a non-finite ratio of scales, give the zero multiplier.
  if (real_multiplier == 0.0 || !std::isfinite(real_multiplier)) return q;
  int shift;
  const double fraction = std::frexp(real_multiplier, &shift);
  int64_t fixed = static_cast<int64_t>(std::round(fraction * (int64_t{1} << 31)));
  if (fixed == (int64_t{1} << 31)) {
    fixed /= 2;
    ++shift;
  }
  // Shifts below -31 would shift every bit out; TFLite represents that as a zero multiplier.
  if (shift < -31) {
    shift = 0;
    fixed = 0;
  }
  // Multipliers of 2^30 and more come only from hostile scales; the kernels' shifts are undefined
  // there, so saturate them (no real model is affected).
  if (shift > 30) {
    shift = 30;
    fixed = std::numeric_limits<int32_t>::max();
  }
  q.multiplier = static_cast<int32_t>(fixed);
  q.shift = shift;
  return q;
}

// gemmlowp's SaturatingRoundingDoublingHighMul: (a * b * 2) >> 32 with rounding, saturating the
// single overflow case INT32_MIN * INT32_MIN.
inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int32_t>::min();
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  const int32_t high = static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
  return overflow ? std::numeric_limits<int32_t>::max() : high;
}

// gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded half away from zero.
inline int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * M for a 32-bit accumulator (TFLite's double-rounding MultiplyByQuantizedMultiplier).
inline int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  return RoundingDivideByPOT(
      SaturatingRoundingDoublingHighMul(
          static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift), multiplier),
      right_shift);
}
inline int32_t MultiplyByQuantizedMultiplier(int32_t x, QuantizedMultiplier m) {
  return MultiplyByQuantizedMultiplier(x, m.multiplier, m.shift);
}

// x * M for a 64-bit accumulator (16x8 kernels with int64 bias): TFLite reduces the multiplier
// to 16 bits and rounds once.
inline int32_t MultiplyByQuantizedMultiplier(int64_t x, int32_t multiplier, int shift) {
  const int32_t reduced = multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
  // shift > 14 (a multiplier of 2^14 or more) only comes from hostile scales: keep the shift valid.
  const int total_shift = std::max(15 - shift, 1);
  const int64_t round = int64_t{1} << (total_shift - 1);
  // Wrapping 64-bit arithmetic: a hostile bias can push the product past int64 (as in TFLite,
  // where it wraps in practice); unsigned arithmetic gives that result without undefined behaviour.
  const uint64_t sum = static_cast<uint64_t>(x) * static_cast<uint64_t>(int64_t{reduced}) +
                       static_cast<uint64_t>(round);
  return static_cast<int32_t>(static_cast<int64_t>(sum) >> total_shift);
}

// x * M rounded once, half toward +infinity: the requantization of XNNPACK (TFLite's default
// delegate) and ruy. Plinth uses it for legacy uint8 convolutions and fully connected layers,
// whose independent references (Arm NN, XNNPACK) round once; int8/int16 kernels keep the double
// rounding above, which tflite-micro and TFLite's reference kernels use. See docs/quantization.md.
inline int32_t MultiplyByQuantizedMultiplierSingleRounding(int32_t x, int32_t multiplier,
                                                           int shift) {
  const int total_shift = 31 - shift;
  const int64_t round = int64_t{1} << (total_shift - 1);
  return static_cast<int32_t>((static_cast<int64_t>(x) * multiplier + round) >> total_shift);
}

// The legacy uint8 kernels' names for the two halves of MultiplyByQuantizedMultiplier.
inline int32_t MultiplyByQuantizedMultiplierSmallerThanOneExp(int32_t x, int32_t multiplier,
                                                              int left_shift) {
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, multiplier), -left_shift);
}
inline int32_t MultiplyByQuantizedMultiplierGreaterThanOne(int32_t x, int32_t multiplier,
                                                           int left_shift) {
  return SaturatingRoundingDoublingHighMul(x * (1 << left_shift), multiplier);
}

// Value range of an integer type.
template <class T>
constexpr int32_t QMin() {
  return std::numeric_limits<T>::min();
}
template <class T>
constexpr int32_t QMax() {
  return std::numeric_limits<T>::max();
}

inline int32_t QMinOf(PlinthType type) {
  switch (type) {
    case PLINTH_INT8:
      return -128;
    case PLINTH_UINT8:
      return 0;
    case PLINTH_INT16:
      return -32768;
    case PLINTH_INT32:
      return std::numeric_limits<int32_t>::min();
    default:
      return 0;
  }
}
inline int32_t QMaxOf(PlinthType type) {
  switch (type) {
    case PLINTH_INT8:
      return 127;
    case PLINTH_UINT8:
      return 255;
    case PLINTH_INT16:
      return 32767;
    case PLINTH_INT32:
      return std::numeric_limits<int32_t>::max();
    default:
      return 0;
  }
}

// TFLite's CalculateActivationRangeQuantized: the clamp range of a fused activation in the output's
// quantized domain (round half away from zero, clipped to the type's range).
struct QuantizedRange {
  int32_t min = 0;
  int32_t max = 0;
};

inline QuantizedRange QuantizedActivationRange(int64_t activation, float scale, int32_t zero_point,
                                               int32_t qmin, int32_t qmax) {
  auto quantize = [&](float f) { return zero_point + static_cast<int32_t>(std::round(f / scale)); };
  QuantizedRange r{qmin, qmax};
  switch (activation) {
    case PLINTH_ACTIVATION_RELU:
      r.min = std::max(qmin, quantize(0.f));
      break;
    case PLINTH_ACTIVATION_RELU6:
      r.min = std::max(qmin, quantize(0.f));
      r.max = std::min(qmax, quantize(6.f));
      break;
    case PLINTH_ACTIVATION_RELU_N1_TO_1:
      r.min = std::max(qmin, quantize(-1.f));
      r.max = std::min(qmax, quantize(1.f));
      break;
    default:
      break;
  }
  return r;
}

// Float <-> quantized for tests and prepare-time tables (TFLite rounds half away from zero).
template <class T>
T Quantize(float value, float scale, int32_t zero_point) {
  const int32_t q = zero_point + static_cast<int32_t>(std::round(value / scale));
  return static_cast<T>(std::min(QMax<T>(), std::max(QMin<T>(), q)));
}
template <class T>
float Dequantize(T q, float scale, int32_t zero_point) {
  return scale * (static_cast<int32_t>(q) - zero_point);
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_COMMON_QUANTIZATION_UTIL_H_
