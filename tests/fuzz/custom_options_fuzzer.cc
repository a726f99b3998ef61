// libFuzzer harness: arbitrary bytes as a custom op's options, through the SDK's FlexBuffer reader
// (plinth::CustomOptions) and the option parsers of the plugins in plugins/. Nothing may crash,
// read out of bounds or hang, and whatever a parser accepts must satisfy the invariants its kernel
// relies on.
//
//   clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I. -Isdk/include
//       tests/fuzz/custom_options_fuzzer.cc -o custom_options_fuzzer   (one line)
//
// plinth_plugin_tests links this file too (tests/plugins/options_fuzz_test.cc) and feeds it a few
// thousand random and mutated inputs on every run.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "plinth/custom_options.hpp"
#include "plugins/detection_postprocess/detection_options.h"
#include "plugins/mediapipe/mediapipe_options.h"

namespace {

// A broken invariant is a crash, which is what the fuzzer (and the gtest's death) reports.
#define PLINTH_FUZZ_CHECK(cond)    \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

void ReadEverything(const plinth::CustomOptions& o) {
  static const char* const kKeys[] = {"max_detections",
                                      "max_classes_per_detection",
                                      "detections_per_class",
                                      "use_regular_nms",
                                      "nms_score_threshold",
                                      "nms_iou_threshold",
                                      "num_classes",
                                      "y_scale",
                                      "x_scale",
                                      "h_scale",
                                      "w_scale",
                                      "",
                                      "a",
                                      "\xff"};
  for (const char* key : kKeys) {
    (void)o.Has(key);
    (void)o.Int(key, -1);
    (void)o.Bool(key, true);
    (void)o.Float(key, 0.5);
    (void)o.String(key, "fallback");
    (void)o.Ints(key);
  }
}

void CheckDetection(const uint8_t* data, size_t size) {
  plinth_detection::DetectionOptions d;
  if (!plinth_detection::ParseDetectionOptions(data, size, &d).empty()) return;
  PLINTH_FUZZ_CHECK(d.max_detections >= 0);
  PLINTH_FUZZ_CHECK(d.max_classes_per_detection >= 1);
  PLINTH_FUZZ_CHECK(int64_t{d.max_detections} * d.max_classes_per_detection * 4 <= INT32_MAX);
  PLINTH_FUZZ_CHECK(d.num_classes >= 1);
  PLINTH_FUZZ_CHECK(d.detections_per_class >= 0);
  PLINTH_FUZZ_CHECK(!d.use_regular_nms || (d.detections_per_class >= 1 && d.max_detections >= 1));
  PLINTH_FUZZ_CHECK(d.nms_iou_threshold > 0.f && d.nms_iou_threshold <= 1.f);
  PLINTH_FUZZ_CHECK(!std::isnan(d.nms_score_threshold));
  for (float s : {d.y_scale, d.x_scale, d.h_scale, d.w_scale}) {
    PLINTH_FUZZ_CHECK(std::isfinite(s) && s != 0.f);
  }
}

void CheckMediapipe(const uint8_t* data, size_t size) {
  plinth_mediapipe::PoolOptions p;
  if (plinth_mediapipe::ParsePoolOptions(data, size, &p).empty()) {
    PLINTH_FUZZ_CHECK(size >= plinth_mediapipe::kPoolOptionsBytes);
    PLINTH_FUZZ_CHECK(p.padding == plinth_mediapipe::Padding::kSame ||
                      p.padding == plinth_mediapipe::Padding::kValid);
    PLINTH_FUZZ_CHECK(p.stride_width >= 1 && p.stride_height >= 1);
    PLINTH_FUZZ_CHECK(p.filter_width >= 1 && p.filter_height >= 1);
    PLINTH_FUZZ_CHECK(p.activation >= 0 && p.activation <= 6);
  }
  plinth_mediapipe::TransposeConvOptions t;
  if (plinth_mediapipe::ParseTransposeConvOptions(data, size, &t).empty()) {
    PLINTH_FUZZ_CHECK(size >= plinth_mediapipe::kTransposeConvOptionsBytes);
    PLINTH_FUZZ_CHECK(t.stride_width >= 1 && t.stride_height >= 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  plinth::CustomOptions options(data, size);
  PLINTH_FUZZ_CHECK(size != 0 || options.ok());  // no options read as an empty map
  ReadEverything(options);
  CheckDetection(data, size);
  CheckMediapipe(data, size);
  return 0;
}
