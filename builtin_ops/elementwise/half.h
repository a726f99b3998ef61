// IEEE binary16 and bfloat16 storage: conversions to and from float with round-to-nearest-even,
// the semantics of Eigen::half / Eigen::bfloat16 that TFLite uses.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_HALF_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_HALF_H_

#include <cstdint>
#include <cstring>

namespace plinth::builtin {

// A float16 value as stored in tensors.
struct Half {
  uint16_t bits;
};

// A bfloat16 value as stored in tensors.
struct BFloat16 {
  uint16_t bits;
};

inline uint32_t FloatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}
inline float BitsToFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof(f));
  return f;
}

inline float HalfToFloat(Half h) {
  const uint32_t sign = static_cast<uint32_t>(h.bits & 0x8000u) << 16;
  const uint32_t exponent = (h.bits >> 10) & 0x1fu;
  uint32_t mantissa = h.bits & 0x3ffu;
  if (exponent == 0x1f) return BitsToFloat(sign | 0x7f800000u | (mantissa << 13));  // inf, NaN
  if (exponent != 0) return BitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  if (mantissa == 0) return BitsToFloat(sign);  // signed zero
  // Subnormal: normalize into a float exponent.
  int e = -1;
  do {
    ++e;
    mantissa <<= 1;
  } while ((mantissa & 0x400u) == 0);
  return BitsToFloat(sign | static_cast<uint32_t>(112 - e) << 23 | ((mantissa & 0x3ffu) << 13));
}

inline Half FloatToHalf(float f) {
  const uint32_t u = FloatBits(f);
  const uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000u);
  const uint32_t abs = u & 0x7fffffffu;
  if (abs >= 0x7f800000u) {  // inf or NaN (NaN stays quiet NaN)
    return {static_cast<uint16_t>(sign | (abs > 0x7f800000u ? 0x7e00u : 0x7c00u))};
  }
  if (abs >= 0x477ff000u) return {static_cast<uint16_t>(sign | 0x7c00u)};  // rounds to inf
  if (abs < 0x38800000u) {
    // Subnormal half (or zero): add 0.5 so the float adder rounds to nearest even at 2^-24.
    const float shifted = BitsToFloat(abs) + 0.5f;
    return {static_cast<uint16_t>(sign | (FloatBits(shifted) - FloatBits(0.5f)))};
  }
  // Normal: rebias the exponent, then round the 13 dropped bits to nearest even.
  const uint32_t odd = (abs >> 13) & 1u;
  const uint32_t rounded = abs + 0xc8000fffu + odd;  // (-112 << 23) + 0xfff + odd
  return {static_cast<uint16_t>(sign | (rounded >> 13))};
}

inline float BFloat16ToFloat(BFloat16 b) {
  return BitsToFloat(static_cast<uint32_t>(b.bits) << 16);
}

inline BFloat16 FloatToBFloat16(float f) {
  const uint32_t u = FloatBits(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return {static_cast<uint16_t>((u >> 16) | 0x40u)};  // NaN
  const uint32_t rounding_bias = 0x7fffu + ((u >> 16) & 1u);
  return {static_cast<uint16_t>((u + rounding_bias) >> 16)};
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_HALF_H_
