// Differential cases for NON_MAX_SUPPRESSION_V4 / V5: overlapping boxes, tied scores, corner
// orders, thresholds, constant and runtime max_output_size, soft-NMS. All outputs are exact.
#include "tests/builtin_ops/op_test_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {
namespace {

// Boxes clustered so that many overlap; every fourth box has its corners swapped.
std::vector<float> ClusteredBoxes(int n, uint32_t seed) {
  std::vector<float> centers = RandomValues<float>(static_cast<size_t>(n) * 2, 0, 3, seed);
  std::vector<float> sizes = RandomValues<float>(static_cast<size_t>(n) * 2, 0.5, 2, seed + 1);
  std::vector<float> boxes;
  for (int i = 0; i < n; ++i) {
    const float cy = std::round(centers[2 * i] * 2) / 2,
                cx = std::round(centers[2 * i + 1] * 2) / 2;
    float y1 = cy - sizes[2 * i] / 2, y2 = cy + sizes[2 * i] / 2;
    float x1 = cx - sizes[2 * i + 1] / 2, x2 = cx + sizes[2 * i + 1] / 2;
    if (i % 4 == 3) std::swap(y1, y2);
    boxes.insert(boxes.end(), {y1, x1, y2, x2});
  }
  return boxes;
}

void AddNms(std::vector<DiffCase>* cases, const std::string& name, bool v5, int num_boxes,
            int max_output, bool const_max, float iou, float score_threshold, float sigma,
            bool ties, uint32_t seed) {
  DiffCase c(std::string(v5 ? "nms_v5_" : "nms_v4_") + name, "exact");
  ModelBuilder& b = c.builder;
  std::vector<float> scores = RandomValues<float>(static_cast<size_t>(num_boxes), 0, 1, seed + 7);
  if (ties) {
    for (float& s : scores) s = std::round(s * 4) / 4;
  }
  const int boxes = c.Input<float>({num_boxes, 4}, ClusteredBoxes(num_boxes, seed));
  const int score_t = c.Input<float>({num_boxes}, scores);
  const int max_t = const_max ? b.AddConstant<int32_t>(PLINTH_INT32, {}, {max_output})
                              : c.Input<int32_t>({}, {max_output});
  const int iou_t = b.AddConstant<float>(PLINTH_FLOAT32, {}, {iou});
  const int score_thr = b.AddConstant<float>(PLINTH_FLOAT32, {}, {score_threshold});
  std::vector<int32_t> inputs = {boxes, score_t, max_t, iou_t, score_thr};
  if (v5) inputs.push_back(b.AddConstant<float>(PLINTH_FLOAT32, {}, {sigma}));
  std::vector<int32_t> outputs = {b.AddTensor(PLINTH_INT32, {max_output})};
  if (v5) outputs.push_back(b.AddTensor(PLINTH_FLOAT32, {max_output}));
  outputs.push_back(b.AddTensor(PLINTH_INT32, {}));
  b.AddOperator(v5 ? "NON_MAX_SUPPRESSION_V5" : "NON_MAX_SUPPRESSION_V4", inputs, outputs);
  c.Outputs(outputs);
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(NonMaxSuppressionCases) {
  for (bool v5 : {false, true}) {
    AddNms(cases, "basic", v5, 12, 6, true, 0.5f, 0.1f, 0.f, false, 1);
    AddNms(cases, "ties", v5, 16, 10, true, 0.4f, 0.f, 0.f, true, 2);
    AddNms(cases, "runtime_max_output", v5, 10, 4, false, 0.6f, 0.2f, 0.f, false, 3);
    AddNms(cases, "padded", v5, 5, 9, true, 0.3f, 0.f, 0.f, false, 4);
    AddNms(cases, "all_below_threshold", v5, 6, 3, true, 0.5f, 2.f, 0.f, false, 5);
    AddNms(cases, "iou_zero", v5, 10, 10, true, 0.f, 0.f, 0.f, false, 6);
    AddNms(cases, "no_boxes", v5, 0, 3, true, 0.5f, 0.f, 0.f, false, 7);
  }
  AddNms(cases, "soft_sigma", true, 14, 8, true, 0.7f, 0.05f, 0.5f, false, 8);
  {
    // A box without area is taken back into TFLite's queue after its selection and selected
    // again (its IoU with itself is 0).
    DiffCase c("nms_v4_degenerate_box", "exact");
    ModelBuilder& b = c.builder;
    const int boxes = c.Input<float>({3, 4}, {0, 0, 1, 1, 2, 2, 2, 3, 0, 0.1f, 1, 1.1f});
    const int scores = c.Input<float>({3}, {0.5f, 0.9f, 0.4f});
    std::vector<int32_t> inputs = {boxes, scores, b.AddConstant<int32_t>(PLINTH_INT32, {}, {4}),
                                   b.AddConstant<float>(PLINTH_FLOAT32, {}, {0.5f}),
                                   b.AddConstant<float>(PLINTH_FLOAT32, {}, {0.f})};
    std::vector<int32_t> outputs = {b.AddTensor(PLINTH_INT32, {4}), b.AddTensor(PLINTH_INT32, {})};
    b.AddOperator("NON_MAX_SUPPRESSION_V4", inputs, outputs);
    c.Outputs(outputs);
    cases->push_back(std::move(c));
  }
  AddNms(cases, "soft_sigma_ties", true, 16, 12, false, 1.f, 0.2f, 0.8f, true, 9);
}

}  // namespace
}  // namespace plinth::testing
