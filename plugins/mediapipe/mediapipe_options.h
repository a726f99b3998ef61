// Options of MediaPipe's custom ops, read the way MediaPipe writes and reads them: not a
// FlexBuffer but the raw bytes of TensorFlow Lite's C parameter structs, which MediaPipe's kernels
// (mediapipe/util/tflite/operations/*.cc) reinterpret in place:
//
//   MaxPoolingWithArgmax2D, MaxUnpooling2D: TfLitePoolParams, little-endian int32 fields
//     [0] padding (1 = SAME, 2 = VALID)  [1] stride_width  [2] stride_height
//     [3] filter_width  [4] filter_height  [5] activation (TfLiteFusedActivation)
//     (newer TFLite headers append 16 bytes of computed padding; they are ignored)
//   Convolution2DTransposeBias: TfLiteTransposeConvParams
//     [0] padding  [1] stride_width  [2] stride_height  (a newer trailing activation is ignored,
//     as MediaPipe ignores it)
//
// e.g. 01000000 02000000 02000000 = SAME, stride 2x2. Unlike MediaPipe, which trusts the bytes,
// short buffers and out-of-range values are errors.
//
// Header-only and free of the kernels so the fuzzer (tests/fuzz/custom_options_fuzzer.cc) can
// feed it arbitrary bytes.
#ifndef PLINTH_PLUGINS_MEDIAPIPE_MEDIAPIPE_OPTIONS_H_
#define PLINTH_PLUGINS_MEDIAPIPE_MEDIAPIPE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace plinth_mediapipe {

// TfLitePadding values.
enum class Padding : int32_t { kSame = 1, kValid = 2 };

// TfLiteFusedActivation values. MediaPipe's kernels clamp for the ReLU family only and leave
// the others unapplied.
enum Activation : int32_t {
  kActNone = 0,
  kActRelu = 1,
  kActReluN1To1 = 2,
  kActRelu6 = 3,
  kActTanh = 4,
  kActSignBit = 5,
  kActSigmoid = 6,
};

struct PoolOptions {
  Padding padding = Padding::kSame;
  int32_t stride_width = 1, stride_height = 1;
  int32_t filter_width = 1, filter_height = 1;
  int32_t activation = kActNone;
};

struct TransposeConvOptions {
  Padding padding = Padding::kSame;
  int32_t stride_width = 1, stride_height = 1;
};

namespace internal {

// Little-endian int32 field `i` (the model format is little-endian whatever the host).
inline int32_t Field(const uint8_t* data, int i) {
  const uint8_t* p = data + 4 * i;
  return static_cast<int32_t>(static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                              static_cast<uint32_t>(p[2]) << 16 |
                              static_cast<uint32_t>(p[3]) << 24);
}

inline std::string ParsePadding(int32_t value, Padding* out) {
  if (value != static_cast<int32_t>(Padding::kSame) &&
      value != static_cast<int32_t>(Padding::kValid)) {
    return "padding must be 1 (SAME) or 2 (VALID), got " + std::to_string(value);
  }
  *out = static_cast<Padding>(value);
  return "";
}

inline std::string CheckPositive(const char* name, int32_t value) {
  if (value >= 1) return "";
  return std::string(name) + " must be >= 1, got " + std::to_string(value);
}

}  // namespace internal

// Bytes of the fields read (a TfLitePoolParams without its trailing computed padding).
constexpr size_t kPoolOptionsBytes = 24;
constexpr size_t kTransposeConvOptionsBytes = 12;

// Each returns an error message, or "" on success.
inline std::string ParsePoolOptions(const uint8_t* data, size_t size, PoolOptions* out) {
  if (data == nullptr || size < kPoolOptionsBytes) {
    return "custom options must hold a TfLitePoolParams (" + std::to_string(kPoolOptionsBytes) +
           " bytes or more), got " + std::to_string(data ? size : 0) + " bytes";
  }
  PoolOptions o;
  std::string e = internal::ParsePadding(internal::Field(data, 0), &o.padding);
  o.stride_width = internal::Field(data, 1);
  o.stride_height = internal::Field(data, 2);
  o.filter_width = internal::Field(data, 3);
  o.filter_height = internal::Field(data, 4);
  o.activation = internal::Field(data, 5);
  if (e.empty()) e = internal::CheckPositive("stride_width", o.stride_width);
  if (e.empty()) e = internal::CheckPositive("stride_height", o.stride_height);
  if (e.empty()) e = internal::CheckPositive("filter_width", o.filter_width);
  if (e.empty()) e = internal::CheckPositive("filter_height", o.filter_height);
  if (e.empty() && (o.activation < kActNone || o.activation > kActSigmoid)) {
    e = "activation must be a TfLiteFusedActivation (0..6), got " + std::to_string(o.activation);
  }
  if (e.empty()) *out = o;
  return e;
}

inline std::string ParseTransposeConvOptions(const uint8_t* data, size_t size,
                                             TransposeConvOptions* out) {
  if (data == nullptr || size < kTransposeConvOptionsBytes) {
    return "custom options must hold a TfLiteTransposeConvParams (" +
           std::to_string(kTransposeConvOptionsBytes) + " bytes or more), got " +
           std::to_string(data ? size : 0) + " bytes";
  }
  TransposeConvOptions o;
  std::string e = internal::ParsePadding(internal::Field(data, 0), &o.padding);
  o.stride_width = internal::Field(data, 1);
  o.stride_height = internal::Field(data, 2);
  if (e.empty()) e = internal::CheckPositive("stride_width", o.stride_width);
  if (e.empty()) e = internal::CheckPositive("stride_height", o.stride_height);
  if (e.empty()) *out = o;
  return e;
}

}  // namespace plinth_mediapipe

#endif  // PLINTH_PLUGINS_MEDIAPIPE_MEDIAPIPE_OPTIONS_H_
