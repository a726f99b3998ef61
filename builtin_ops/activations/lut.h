// Lookup tables of TFLite's quantized kernels, built and read exactly as TFLite builds them:
// 256-entry tables for 8-bit types (one float evaluation per input value) and 513-entry
// interpolated tables for int16, plus the sigmoid table of TFLite's int16 LOGISTIC and TANH.
//
// Building a table evaluates float expressions that can overflow (EXP) or be undefined; the
// conversions reproduce what TFLite's do on x86-64: 8-bit entries saturate (NaN becomes the
// minimum), int16 entries are clamped in float, which lets NaN through to a conversion that
// yields 0.
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_LUT_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_LUT_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace plinth::builtin {

// Float -> integer in [lo, hi], truncating toward zero; NaN gives lo.
template <class FloatT>
int32_t SaturateToRange(FloatT x, int32_t lo, int32_t hi) {
  if (!(x >= static_cast<FloatT>(lo))) return lo;
  if (x > static_cast<FloatT>(hi)) return hi;
  return static_cast<int32_t>(x);
}

// A 256-entry table for int8 or uint8, indexed by the input's raw byte.
template <class T>
struct Lut8 {
  static_assert(std::is_same_v<T, int8_t> || std::is_same_v<T, uint8_t>);
  T values[256];
  T operator()(T x) const { return values[static_cast<uint8_t>(x)]; }
};

// TFLite's LUTPopulate for 8-bit types: dequantize every input value, apply `f` in float,
// requantize by multiplying with the inverse output scale and rounding half away from zero.
template <class T, class F>
void PopulateLut8(float input_scale, int32_t input_zero_point, float output_scale,
                  int32_t output_zero_point, F f, Lut8<T>* lut) {
  const float inverse_scale = 1 / output_scale;
  const int32_t min = std::numeric_limits<T>::min(), max = std::numeric_limits<T>::max();
  for (int32_t v = min; v <= max; ++v) {
    const float dequantized = input_scale * static_cast<float>(v - input_zero_point);
    const float transformed = f(dequantized);
    const float rescaled = std::round(transformed * inverse_scale);
    lut->values[static_cast<uint8_t>(static_cast<T>(v))] =
        static_cast<T>(SaturateToRange(rescaled + static_cast<float>(output_zero_point), min, max));
  }
}

// 513 entries: 512 interpolation nodes over the whole int16 input range plus the end point.
constexpr int kLutInt16Size = 513;

// TFLite's LUTPopulateInt16: nodes of `f` over the input range, each biased by half the
// interpolation error at the segment's midpoint. FloatT is float, or double where TFLite keeps
// double for compatibility (SOFTMAX).
template <class FloatT, class F>
void PopulateLutInt16(FloatT input_scale, int32_t input_zero_point, FloatT output_scale,
                      int32_t output_zero_point, F f, int16_t* lut) {
  const FloatT input_min = input_scale * static_cast<FloatT>(-32768 - input_zero_point);
  const FloatT input_max = input_scale * static_cast<FloatT>(32767 - input_zero_point);
  const FloatT output_min = output_scale * static_cast<FloatT>(-32768 - output_zero_point);
  const FloatT output_max = output_scale * static_cast<FloatT>(32767 - output_zero_point);
  constexpr int kSteps = 512;
  const FloatT step = (input_max - input_min) / kSteps;
  const FloatT half_step = step / 2;
  const FloatT output_scaling_inv = static_cast<FloatT>(65536) / (output_max - output_min);
  auto to_entry = [](FloatT v) {
    if (std::isnan(v)) return int16_t{0};  // x86: NaN -> INT32_MIN, whose low 16 bits are 0
    return static_cast<int16_t>(SaturateToRange(v, -32768, 32767));
  };
  for (int i = 0; i < kSteps; i++) {
    const FloatT val = f(input_min + i * step);
    const FloatT val_midpoint = f(input_min + i * step + half_step);
    const FloatT val_next = f(input_min + (i + 1) * step);
    const FloatT sample_val = std::round(val * output_scaling_inv);
    const FloatT midpoint_interp_val =
        std::round((val_next * output_scaling_inv + std::round(val * output_scaling_inv)) / 2);
    const FloatT midpoint_val = std::round(val_midpoint * output_scaling_inv);
    const FloatT midpoint_err = midpoint_interp_val - midpoint_val;
    const FloatT bias = std::round(midpoint_err / 2);
    lut[i] = to_entry(sample_val - bias);
  }
  lut[kSteps] = to_entry(std::round(f(input_max) * output_scaling_inv));
}

// TFLite's int16 LUTLookup: node (value >> 7) + 256, linear interpolation on the low 7 bits.
inline int16_t LookupLutInt16(int16_t value, const int16_t* lut) {
  const uint16_t index = static_cast<uint16_t>(256 + (value >> 7));
  const int16_t offset = static_cast<int16_t>(value & 0x7f);
  const int16_t base = lut[index];
  const int16_t slope = static_cast<int16_t>(lut[index + 1] - lut[index]);
  const int delta = (slope * offset + 64) >> 7;
  return static_cast<int16_t>(base + delta);
}

// sigmoid(i / 24) in unsigned Q0.16 for i = 0..255 (the table TFLite's int16 LOGISTIC and TANH
// interpolate in; tanh(x) = 2 * sigmoid(2x) - 1). These are TFLite's published values, which are
// not a plain rounding of the function and so cannot be regenerated.
inline constexpr uint16_t kSigmoidTableUint16[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794,
    41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443,
    48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169, 53581, 53983, 54374,
    54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433, 57724, 58007, 58280, 58544,
    58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110, 61279,
    61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990,
    63090, 63186, 63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030,
    64090, 64148, 64204, 64257, 64308, 64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652,
    64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019,
    65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234,
    65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360,
    65367, 65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
    65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476,
    65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498, 65500, 65501,
    65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513, 65514, 65515, 65516,
    65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
    65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529,
    65529, 65530, 65530, 65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532,
    65532, 65532, 65532, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65534, 65534,
    65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535};

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_LUT_H_
