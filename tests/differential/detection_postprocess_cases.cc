// Differential cases for the custom op TFLite_Detection_PostProcess (plugins/detection_postprocess)
// against TensorFlow Lite's own kernel, which ai-edge-litert registers as a builtin custom op.
// The plugin is loaded into the runner's registry beside the built-in plugin.
//
// TFLite leaves the output slots past the detections untouched in fast (class-agnostic) mode, so
// fast-mode cases keep every slot filled: enough well-separated boxes for max_detections, and
// max_classes_per_detection <= num_classes. Every case is `exact`: decoding is done in double
// as in TFLite, and the sorts are the same, ties included (uint8 scores tie a lot).
#include <cmath>
#include <cstdio>
#include <random>

#include "core/plugin_loader.h"
#include "plinth/custom_options.hpp"
#include "tests/differential/diff_case.h"

#ifndef PLINTH_TEST_DETECTION_PLUGIN
#error "tests/plugins/CMakeLists.txt passes the detection plugin's path to plinth_diff_cases"
#endif

namespace plinth::testing {
namespace {

struct Config {
  int max_detections = 10;
  int max_classes_per_detection = 1;
  int detections_per_class = 100;
  bool use_regular_nms = false;
  float score_threshold = 0.f;
  float iou_threshold = 0.5f;
  int num_classes = 6;
};

std::vector<uint8_t> OptionBytes(const Config& c) {
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    fbb.Int("max_detections", c.max_detections);
    fbb.Int("max_classes_per_detection", c.max_classes_per_detection);
    fbb.Int("detections_per_class", c.detections_per_class);
    fbb.Bool("use_regular_nms", c.use_regular_nms);
    fbb.Float("nms_score_threshold", c.score_threshold);
    fbb.Float("nms_iou_threshold", c.iou_threshold);
    fbb.Int("num_classes", c.num_classes);
    fbb.Float("y_scale", 10.f);
    fbb.Float("x_scale", 10.f);
    fbb.Float("h_scale", 5.f);
    fbb.Float("w_scale", 5.f);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

// SSD-like anchors: a grid of cells, each with `per_cell` anchors of different sizes around the
// same center (they overlap, so NMS has work), cells far enough apart to fill max_detections.
std::vector<float> GridAnchors(int boxes, int per_cell) {
  std::vector<float> a;
  const int cells = (boxes + per_cell - 1) / per_cell;
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(cells))));
  for (int i = 0; i < boxes; ++i) {
    const int cell = i / per_cell, k = i % per_cell;
    const float y = (static_cast<float>(cell / side) + 0.5f) / static_cast<float>(side);
    const float x = (static_cast<float>(cell % side) + 0.5f) / static_cast<float>(side);
    const float size = 0.4f / static_cast<float>(side) * (1.f + 0.25f * static_cast<float>(k));
    a.insert(a.end(), {y, x, size, size * (k % 2 ? 1.5f : 1.f)});
  }
  return a;
}

std::vector<float> RandomUniform(size_t n, float lo, float hi, std::mt19937& rng) {
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

// Quantizes to uint8 with the given scale and zero point (saturating).
std::vector<uint8_t> ToUint8(const std::vector<float>& v, float scale, int zero_point) {
  std::vector<uint8_t> q;
  for (float x : v) {
    const long r = std::lround(x / scale) + zero_point;
    q.push_back(static_cast<uint8_t>(std::min(255L, std::max(0L, r))));
  }
  return q;
}

enum class Types { kFloat, kUint8, kUint8BoxesFloatScores, kFloatBoxesUint8Scores };

void AddCase(std::vector<DiffCase>* cases, const std::string& name, const Config& config, int boxes,
             int coords, bool background, Types types, uint32_t seed, float anchor_scale = 1.f) {
  std::mt19937 rng(seed);
  const int classes = config.num_classes + (background ? 1 : 0);
  std::vector<float> encodings = RandomUniform(static_cast<size_t>(boxes) * coords, -1.f, 1.f, rng);
  std::vector<float> scores = RandomUniform(static_cast<size_t>(boxes) * classes, 0.f, 1.f, rng);
  std::vector<float> anchors = GridAnchors(boxes, 3);
  for (float& a : anchors) a *= anchor_scale;

  DiffCase c(name, "exact");
  const bool quantized_boxes = types == Types::kUint8 || types == Types::kUint8BoxesFloatScores;
  const bool quantized_scores = types == Types::kUint8 || types == Types::kFloatBoxesUint8Scores;
  int e, s, a;
  if (quantized_boxes) {
    const QuantSpec eq{{1.f / 128}, {128}}, aq{{1.f / 255}, {0}};
    e = c.Input<uint8_t>({1, boxes, coords}, ToUint8(encodings, eq.scales[0], 128), eq);
    a = c.builder.AddConstant(PLINTH_UINT8, {boxes, 4}, ToUint8(anchors, aq.scales[0], 0), "", aq);
  } else {
    e = c.Input<float>({1, boxes, coords}, encodings);
    a = c.builder.AddConstant(PLINTH_FLOAT32, {boxes, 4}, anchors);
  }
  if (quantized_scores) {
    const QuantSpec sq{{1.f / 256}, {0}};
    s = c.Input<uint8_t>({1, boxes, classes}, ToUint8(scores, sq.scales[0], 0), sq);
  } else {
    s = c.Input<float>({1, boxes, classes}, scores);
  }
  const int n = config.max_detections * config.max_classes_per_detection;
  int ob = c.builder.AddTensor(PLINTH_FLOAT32, {1, n, 4});
  int oc = c.builder.AddTensor(PLINTH_FLOAT32, {1, n});
  int os = c.builder.AddTensor(PLINTH_FLOAT32, {1, n});
  int on = c.builder.AddTensor(PLINTH_FLOAT32, {1});
  c.builder.AddCustomOperator("TFLite_Detection_PostProcess", {e, s, a}, {ob, oc, os, on},
                              OptionBytes(config));
  c.Outputs({ob, oc, os, on});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(DetectionPostProcessCases) {
  static const bool loaded = [] {
    auto plugin = LoadPlugin(PLINTH_TEST_DETECTION_PLUGIN, BuiltinRegistry().get());
    if (!plugin.ok()) {
      std::fprintf(stderr, "detection cases: %s\n", std::string(plugin.status().message()).c_str());
    }
    return plugin.ok();
  }();
  if (!loaded) std::abort();

  Config fast;
  AddCase(cases, "detection_f32_fast", fast, 60, 4, true, Types::kFloat, 1);
  Config fast3 = fast;
  fast3.max_classes_per_detection = 3;
  AddCase(cases, "detection_f32_fast_3_classes", fast3, 60, 4, true, Types::kFloat, 2);
  AddCase(cases, "detection_f32_fast_no_background", fast3, 60, 4, false, Types::kFloat, 3);
  AddCase(cases, "detection_f32_fast_keypoint_coords", fast, 60, 10, true, Types::kFloat, 4);

  Config regular;
  regular.use_regular_nms = true;
  regular.detections_per_class = 4;
  regular.max_detections = 12;
  AddCase(cases, "detection_f32_regular", regular, 60, 4, true, Types::kFloat, 5);
  Config sparse = regular;
  sparse.score_threshold = 0.9f;
  sparse.iou_threshold = 0.2f;
  AddCase(cases, "detection_f32_regular_threshold", sparse, 60, 4, true, Types::kFloat, 6);
  AddCase(cases, "detection_f32_regular_no_background", regular, 60, 4, false, Types::kFloat, 7);

  AddCase(cases, "detection_u8_fast", fast3, 60, 4, true, Types::kUint8, 8);
  AddCase(cases, "detection_u8_regular", regular, 60, 4, true, Types::kUint8, 9);
  AddCase(cases, "detection_u8_boxes_f32_scores", regular, 60, 4, true,
          Types::kUint8BoxesFloatScores, 10);
  AddCase(cases, "detection_f32_boxes_u8_scores", fast, 60, 4, true, Types::kFloatBoxesUint8Scores,
          11);

  // The configuration of SSD MobileNet v1 (COCO): 1917 anchors, 90 classes + background.
  Config ssd;
  ssd.num_classes = 90;
  ssd.score_threshold = 1e-8f;
  ssd.iou_threshold = 0.6f;
  AddCase(cases, "detection_f32_ssd_mobilenet_config", ssd, 1917, 4, true, Types::kFloat, 12);
  Config ssd_regular = ssd;
  ssd_regular.use_regular_nms = true;
  AddCase(cases, "detection_f32_ssd_mobilenet_regular", ssd_regular, 1917, 4, true, Types::kFloat,
          13);

  // An SSD tail as exported: flat head outputs reshaped (built-in RESHAPE) into the op's inputs.
  {
    std::mt19937 rng(15);
    const int boxes = 300, classes = 11;
    DiffCase c("detection_f32_ssd_tail_with_reshape", "exact");
    int flat_boxes = c.Input<float>({1, boxes * 4}, RandomUniform(boxes * 4, -1.f, 1.f, rng));
    int flat_scores =
        c.Input<float>({1, boxes * classes}, RandomUniform(boxes * classes, 0.f, 1.f, rng));
    int e = c.builder.AddTensor(PLINTH_FLOAT32, {1, boxes, 4});
    int s = c.builder.AddTensor(PLINTH_FLOAT32, {1, boxes, classes});
    c.builder.AddOperator("RESHAPE", {flat_boxes}, {e},
                          {{"new_shape", std::vector<int32_t>{1, boxes, 4}}});
    c.builder.AddOperator("RESHAPE", {flat_scores}, {s},
                          {{"new_shape", std::vector<int32_t>{1, boxes, classes}}});
    int a = c.builder.AddConstant(PLINTH_FLOAT32, {boxes, 4}, GridAnchors(boxes, 3));
    Config tail;
    tail.num_classes = classes - 1;
    tail.max_classes_per_detection = 2;
    const int n = tail.max_detections * tail.max_classes_per_detection;
    int ob = c.builder.AddTensor(PLINTH_FLOAT32, {1, n, 4});
    int oc = c.builder.AddTensor(PLINTH_FLOAT32, {1, n});
    int os = c.builder.AddTensor(PLINTH_FLOAT32, {1, n});
    int on = c.builder.AddTensor(PLINTH_FLOAT32, {1});
    c.builder.AddCustomOperator("TFLite_Detection_PostProcess", {e, s, a}, {ob, oc, os, on},
                                OptionBytes(tail));
    c.Outputs({ob, oc, os, on});
    cases->push_back(std::move(c));
  }

  // Negative anchor sizes decode to inverted boxes: both refuse the model at invoke.
  AddCase(cases, "detection_f32_inverted_boxes_refused", fast, 30, 4, true, Types::kFloat, 14,
          -1.f);
}

}  // namespace
}  // namespace plinth::testing
