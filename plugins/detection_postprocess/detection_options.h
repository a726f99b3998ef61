// Options of TFLite_Detection_PostProcess, read from the op's FlexBuffer custom_options the way
// TensorFlow Lite reads them (tensorflow/lite/kernels/detection_postprocess.cc): same keys, same
// defaults for the two optional keys. Unlike TFLite, the bytes are verified first and a missing
// required key or a value of the wrong kind is an error instead of a silent 0.
//
// Header-only and free of the kernel so the fuzzer (tests/fuzz/custom_options_fuzzer.cc) can
// feed it arbitrary bytes.
#ifndef PLINTH_PLUGINS_DETECTION_POSTPROCESS_DETECTION_OPTIONS_H_
#define PLINTH_PLUGINS_DETECTION_POSTPROCESS_DETECTION_OPTIONS_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "plinth/custom_options.hpp"

namespace plinth_detection {

struct DetectionOptions {
  int max_detections = 0;
  int max_classes_per_detection = 0;  // fast (class-agnostic) NMS
  int detections_per_class = 100;     // regular (per-class) NMS; TFLite's default
  bool use_regular_nms = false;       // TFLite's default
  float nms_score_threshold = 0.f;
  float nms_iou_threshold = 0.f;
  int num_classes = 0;
  // Box coder scales: encodings are divided by them before decoding.
  float y_scale = 0.f, x_scale = 0.f, h_scale = 0.f, w_scale = 0.f;
};

namespace internal {

// Reads an integer key. `required` keys must be present; present keys must hold an integer (or
// bool) that fits in an int. Returns an error message, or "" on success.
inline std::string ReadInt(const plinth::CustomOptions& o, const char* key, bool required,
                           int* out) {
  if (!o.Has(key)) return required ? std::string(key) + " is missing" : std::string();
  // Two different fallbacks tell "not an integer" apart from any stored value.
  const int64_t a = o.Int(key, 0), b = o.Int(key, 1);
  if (a != b) return std::string(key) + " must be an integer";
  if (a < std::numeric_limits<int>::min() || a > std::numeric_limits<int>::max()) {
    return std::string(key) + " = " + std::to_string(a) + " does not fit in 32 bits";
  }
  *out = static_cast<int>(a);
  return "";
}

inline std::string ReadFloat(const plinth::CustomOptions& o, const char* key, float* out) {
  if (!o.Has(key)) return std::string(key) + " is missing";
  const double a = o.Float(key, 0.0), b = o.Float(key, 1.0);
  if (!(a == b)) return std::string(key) + " must be a number";
  *out = static_cast<float>(a);  // TFLite reads it with AsFloat()
  return "";
}

}  // namespace internal

// Parses and checks the options. Returns an error message naming the key, or "" on success.
inline std::string ParseDetectionOptions(const uint8_t* data, size_t size, DetectionOptions* out) {
  plinth::CustomOptions o(data, size);
  if (!o.ok()) return o.error();
  DetectionOptions d;
  std::string e;
  if (!(e = internal::ReadInt(o, "max_detections", true, &d.max_detections)).empty()) return e;
  if (!(e = internal::ReadInt(o, "max_classes_per_detection", true, &d.max_classes_per_detection))
           .empty()) {
    return e;
  }
  if (!(e = internal::ReadInt(o, "detections_per_class", false, &d.detections_per_class)).empty()) {
    return e;
  }
  if (o.Has("use_regular_nms")) {
    if (o.Bool("use_regular_nms", false) != o.Bool("use_regular_nms", true)) {
      return "use_regular_nms must be a bool";
    }
    d.use_regular_nms = o.Bool("use_regular_nms");
  }
  if (!(e = internal::ReadInt(o, "num_classes", true, &d.num_classes)).empty()) return e;
  if (!(e = internal::ReadFloat(o, "nms_score_threshold", &d.nms_score_threshold)).empty()) {
    return e;
  }
  if (!(e = internal::ReadFloat(o, "nms_iou_threshold", &d.nms_iou_threshold)).empty()) return e;
  if (!(e = internal::ReadFloat(o, "y_scale", &d.y_scale)).empty()) return e;
  if (!(e = internal::ReadFloat(o, "x_scale", &d.x_scale)).empty()) return e;
  if (!(e = internal::ReadFloat(o, "h_scale", &d.h_scale)).empty()) return e;
  if (!(e = internal::ReadFloat(o, "w_scale", &d.w_scale)).empty()) return e;

  // The checks TFLite makes during invoke, made here once, plus the ones it leaves to luck.
  if (d.max_detections < 0) {
    return "max_detections must be >= 0, got " + std::to_string(d.max_detections);
  }
  if (d.num_classes < 1) return "num_classes must be >= 1, got " + std::to_string(d.num_classes);
  // TFLite checks this only for fast NMS, but regular NMS writes max_detections rows into outputs
  // sized by it too.
  if (d.max_classes_per_detection < 1) {
    return "max_classes_per_detection must be >= 1, got " +
           std::to_string(d.max_classes_per_detection);
  }
  if (d.detections_per_class < (d.use_regular_nms ? 1 : 0)) {
    return "detections_per_class must be >= " + std::string(d.use_regular_nms ? "1" : "0") +
           ", got " + std::to_string(d.detections_per_class);
  }
  // Regular NMS keeps min(detections_per_class, max_detections) boxes per class; TFLite refuses
  // to keep none.
  if (d.use_regular_nms && d.max_detections < 1) {
    return "max_detections must be >= 1 with use_regular_nms, got " +
           std::to_string(d.max_detections);
  }
  // Output shapes are [1, max_detections * max_classes_per_detection, 4]: keep that countable.
  if (static_cast<int64_t>(d.max_detections) * d.max_classes_per_detection * 4 >
      std::numeric_limits<int32_t>::max()) {
    return "max_detections * max_classes_per_detection is too large";
  }
  if (!(d.nms_iou_threshold > 0.f && d.nms_iou_threshold <= 1.f)) {
    return "nms_iou_threshold must be in (0, 1], got " + std::to_string(d.nms_iou_threshold);
  }
  const float scales[] = {d.y_scale, d.x_scale, d.h_scale, d.w_scale};
  const char* names[] = {"y_scale", "x_scale", "h_scale", "w_scale"};
  for (int i = 0; i < 4; ++i) {
    if (scales[i] == 0.f || !std::isfinite(scales[i])) {
      return std::string(names[i]) + " must be finite and non-zero (the box coder divides by it)";
    }
  }
  *out = d;
  return "";
}

}  // namespace plinth_detection

#endif  // PLINTH_PLUGINS_DETECTION_POSTPROCESS_DETECTION_OPTIONS_H_
