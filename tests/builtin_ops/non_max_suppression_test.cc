// NON_MAX_SUPPRESSION_V4 / V5 against a direct implementation of greedy (soft-)NMS: padding of
// the outputs, the valid count, thresholds, corner order, constant and runtime max_output_size,
// soft-NMS score decay, the classic TensorFlow example, invalid parameters.
#include <algorithm>
#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"

namespace plinth::testing {
namespace {

using ::testing::HasSubstr;

float Iou(const std::vector<float>& boxes, int i, int j) {
  auto corners = [&](int k) {
    const float* b = &boxes[4 * k];
    return std::vector<float>{std::min(b[0], b[2]), std::min(b[1], b[3]), std::max(b[0], b[2]),
                              std::max(b[1], b[3])};
  };
  const auto a = corners(i), b = corners(j);
  const float area_a = (a[2] - a[0]) * (a[3] - a[1]), area_b = (b[2] - b[0]) * (b[3] - b[1]);
  if (area_a <= 0 || area_b <= 0) return 0.f;
  const float h = std::max(std::min(a[2], b[2]) - std::max(a[0], b[0]), 0.f);
  const float w = std::max(std::min(a[3], b[3]) - std::max(a[1], b[1]), 0.f);
  return h * w / (area_a + area_b - h * w);
}

// Greedy selection: repeatedly take the best remaining candidate; hard-suppress it when its IoU
// with a selected box reaches the threshold; with sigma, decay its score by each selection it
// has not met yet and put it back unless it fell to the threshold. (Scores here are distinct.)
void ReferenceNms(const std::vector<float>& boxes, const std::vector<float>& scores, int max_out,
                  float iou_threshold, float score_threshold, float sigma,
                  std::vector<int>* selected, std::vector<float>* selected_scores) {
  struct Cand {
    int index;
    float score;
    size_t seen;
  };
  std::vector<Cand> pool;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] > score_threshold) pool.push_back({static_cast<int>(i), scores[i], 0});
  }
  const size_t limit = std::min(pool.size(), static_cast<size_t>(max_out));
  while (selected->size() < limit && !pool.empty()) {
    auto best = std::max_element(pool.begin(), pool.end(),
                                 [](const Cand& a, const Cand& b) { return a.score < b.score; });
    Cand c = *best;
    pool.erase(best);
    const float original = c.score;
    bool suppressed = false;
    for (size_t j = selected->size(); j-- > c.seen;) {
      const float iou = Iou(boxes, c.index, (*selected)[j]);
      if (iou >= iou_threshold) {
        suppressed = true;
        break;
      }
      if (sigma > 0) c.score *= std::exp(static_cast<float>(-0.5 / sigma) * iou * iou);
      if (c.score <= score_threshold) break;
    }
    c.seen = selected->size();
    if (suppressed) continue;
    if (c.score == original) {
      selected->push_back(c.index);
      selected_scores->push_back(c.score);
    }
    // As TFLite's reference: a selected candidate goes back too (and is then suppressed by
    // itself, unless its box has no area).
    if (c.score > score_threshold) pool.push_back(c);
  }
}

struct NmsResult {
  std::vector<int32_t> indices;
  std::vector<float> scores;
  int32_t valid = -1;
  std::vector<int32_t> indices_shape;
};

absl::StatusOr<NmsResult> RunNms(bool v5, const std::vector<float>& boxes,
                                 const std::vector<float>& scores, int32_t max_out, float iou,
                                 float score_threshold, float sigma, bool const_max) {
  ModelBuilder b;
  const int n = static_cast<int>(scores.size());
  const int bt = b.AddTensor(PLINTH_FLOAT32, {n, 4}), st = b.AddTensor(PLINTH_FLOAT32, {n});
  std::vector<int32_t> model_inputs = {bt, st};
  std::vector<std::vector<uint8_t>> feeds = {Bytes(boxes), Bytes(scores)};
  int mt;
  if (const_max) {
    mt = b.AddConstant<int32_t>(PLINTH_INT32, {}, {max_out});
  } else {
    mt = b.AddTensor(PLINTH_INT32, {});
    model_inputs.push_back(mt);
    feeds.push_back(Bytes(std::vector<int32_t>{max_out}));
  }
  std::vector<int32_t> in = {bt, st, mt, b.AddConstant<float>(PLINTH_FLOAT32, {}, {iou}),
                             b.AddConstant<float>(PLINTH_FLOAT32, {}, {score_threshold})};
  if (v5) in.push_back(b.AddConstant<float>(PLINTH_FLOAT32, {}, {sigma}));
  std::vector<int32_t> out = {b.AddTensor(PLINTH_INT32, {})};
  if (v5) out.push_back(b.AddTensor(PLINTH_FLOAT32, {}));
  out.push_back(b.AddTensor(PLINTH_INT32, {}));
  b.AddOperator(v5 ? "NON_MAX_SUPPRESSION_V5" : "NON_MAX_SUPPRESSION_V4", in, out);
  b.SetInputs(model_inputs);
  b.SetOutputs(out);
  auto interp = RunModel(b, feeds);
  if (!interp.ok()) return interp.status();
  NmsResult r;
  r.indices = Values<int32_t>((*interp)->output(0));
  r.indices_shape = (*interp)->output(0).shape();
  if (v5) r.scores = Values<float>((*interp)->output(1));
  Tensor valid = (*interp)->output(v5 ? 2 : 1);
  EXPECT_EQ(valid.rank(), 0);
  r.valid = Values<int32_t>(valid)[0];
  return r;
}

TEST(NonMaxSuppression, TheTensorFlowExample) {
  const std::vector<float> boxes = {0, 0,  1, 1,  0, 0.1f,  1, 1.1f,  0, -0.1f, 1, 0.9f,
                                    0, 10, 1, 11, 0, 10.1f, 1, 11.1f, 0, 100,   1, 101};
  const std::vector<float> scores = {0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f};
  auto r = RunNms(false, boxes, scores, 3, 0.5f, 0.f, 0.f, true);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->indices, (std::vector<int32_t>{3, 0, 5}));
  EXPECT_EQ(r->valid, 3);
  r = RunNms(false, boxes, scores, 6, 0.5f, 0.4f, 0.f, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->indices, (std::vector<int32_t>{3, 0, 0, 0, 0, 0}));  // padded with zeros
  EXPECT_EQ(r->valid, 2);
}

TEST(NonMaxSuppression, MatchesGreedySelection) {
  for (int trial = 0; trial < 40; ++trial) {
    const bool v5 = trial % 2 == 1;
    const int n = 3 + trial % 11;
    std::vector<float> boxes = RandomValues<float>(static_cast<size_t>(4 * n), 0, 3, trial);
    std::vector<float> scores = RandomValues<float>(static_cast<size_t>(n), 0, 1, 100 + trial);
    const int max_out = 1 + trial % 7;
    const float iou = 0.1f * (trial % 8);
    const float score_threshold = trial % 3 == 0 ? 0.f : 0.3f;
    const float sigma = v5 && trial % 4 == 1 ? 0.4f + 0.1f * (trial % 3) : 0.f;
    auto r = RunNms(v5, boxes, scores, max_out, iou, score_threshold, sigma, trial % 5 != 0);
    ASSERT_TRUE(r.ok()) << r.status();
    std::vector<int> want;
    std::vector<float> want_scores;
    ReferenceNms(boxes, scores, max_out, iou, score_threshold, sigma, &want, &want_scores);
    EXPECT_EQ(r->indices_shape, (std::vector<int32_t>{max_out}));
    ASSERT_EQ(r->valid, static_cast<int32_t>(want.size())) << "trial " << trial;
    for (int i = 0; i < max_out; ++i) {
      const bool valid = i < r->valid;
      EXPECT_EQ(r->indices[i], valid ? want[i] : 0) << "trial " << trial << " i " << i;
      if (v5) {
        EXPECT_FLOAT_EQ(r->scores[i], valid ? want_scores[i] : 0.f) << trial << " " << i;
      }
    }
  }
}

TEST(NonMaxSuppression, SoftNmsDecaysScoresOfOverlappingBoxes) {
  // Two overlapping boxes (IoU 1/3) and a distant one.
  const std::vector<float> boxes = {0, 0, 1, 1, 0, 0.5f, 1, 1.5f, 5, 5, 6, 6};
  const std::vector<float> scores = {0.9f, 0.8f, 0.7f};
  auto r = RunNms(true, boxes, scores, 3, 1.f, 0.f, 0.5f, true);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->valid, 3);
  // Box 1 decays to 0.8 exp(-iou^2 / (2 sigma)) = 0.716, still above box 2.
  EXPECT_EQ(r->indices, (std::vector<int32_t>{0, 1, 2}));
  const float third = 1.f / 3.f;
  EXPECT_FLOAT_EQ(r->scores[0], 0.9f);
  EXPECT_NEAR(r->scores[1], 0.8f * std::exp(-third * third), 1e-6);
  EXPECT_FLOAT_EQ(r->scores[2], 0.7f);
}

// TFLite's queue takes a selected box back, and a box without area has IoU 0 with itself, so it
// is selected again (reproduced as TFLite does it).
TEST(NonMaxSuppression, BoxesWithoutAreaRepeatAsInTFLite) {
  const std::vector<float> boxes = {0, 0, 1, 1, 2, 2, 2, 3};  // the second has zero height
  auto r = RunNms(false, boxes, {0.5f, 0.9f}, 4, 0.5f, 0.f, 0.f, true);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->valid, 2);
  EXPECT_EQ(r->indices, (std::vector<int32_t>{1, 1, 0, 0}));
}

TEST(NonMaxSuppression, EmptyAndZeroSizedOutputs) {
  auto r = RunNms(false, {}, {}, 4, 0.5f, 0.f, 0.f, true);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->valid, 0);
  EXPECT_EQ(r->indices, (std::vector<int32_t>(4, 0)));
  r = RunNms(true, {0, 0, 1, 1}, {0.5f}, 0, 0.5f, 0.f, 0.f, false);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->valid, 0);
  EXPECT_TRUE(r->indices.empty());
}

TEST(NonMaxSuppression, InvalidParameters) {
  EXPECT_THAT(
      std::string(RunNms(false, {0, 0, 1, 1}, {0.5f}, -1, 0.5f, 0.f, 0.f, true).status().message()),
      HasSubstr("max_output_size must not be negative"));
  EXPECT_THAT(
      std::string(
          RunNms(false, {0, 0, 1, 1}, {0.5f}, -1, 0.5f, 0.f, 0.f, false).status().message()),
      HasSubstr("max_output_size must not be negative"));
  EXPECT_THAT(
      std::string(RunNms(true, {0, 0, 1, 1}, {0.5f}, 1, 0.5f, 0.f, -1.f, true).status().message()),
      HasSubstr("invalid sigma"));
  {
    OpTest t;
    const int boxes = t.Input<float>({2, 3}, std::vector<float>(6));
    const int scores = t.Input<float>({2}, std::vector<float>(2));
    const int m = t.Const<int32_t>({}, {1});
    const int iou = t.Const<float>({}, {0.5f}), st = t.Const<float>({}, {0.f});
    const int a = t.Output(PLINTH_INT32), b = t.Output(PLINTH_INT32);
    t.Op("NON_MAX_SUPPRESSION_V4", {boxes, scores, m, iou, st}, {a, b});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("boxes must be [num_boxes, 4]"));
  }
  {
    OpTest t;
    const int boxes = t.Input<float>({2, 4}, std::vector<float>(8));
    const int scores = t.Input<float>({3}, std::vector<float>(3));
    const int m = t.Const<int32_t>({}, {1});
    const int iou = t.Const<float>({}, {0.5f}), st = t.Const<float>({}, {0.f});
    const int a = t.Output(PLINTH_INT32), b = t.Output(PLINTH_INT32);
    t.Op("NON_MAX_SUPPRESSION_V4", {boxes, scores, m, iou, st}, {a, b});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("scores must be [2]"));
  }
  {
    OpTest t;
    const int boxes = t.Input<float>({2, 4}, std::vector<float>(8));
    const int scores = t.Input<float>({2}, std::vector<float>(2));
    const int m = t.Const<int32_t>({1}, {1});
    const int iou = t.Const<float>({}, {0.5f}), st = t.Const<float>({}, {0.f});
    const int a = t.Output(PLINTH_INT32), b = t.Output(PLINTH_INT32);
    t.Op("NON_MAX_SUPPRESSION_V4", {boxes, scores, m, iou, st}, {a, b});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("max_output_size must be a scalar"));
  }
  {
    OpTest t;
    const int boxes = t.Input<float>({2, 4}, std::vector<float>(8));
    const int scores = t.Input<float>({2}, std::vector<float>(2));
    const int m = t.Const<int32_t>({}, {1});
    const int iou = t.Const<float>({}, {0.5f}), st = t.Const<float>({}, {0.f});
    const int a = t.Output(PLINTH_INT32);
    t.Op("NON_MAX_SUPPRESSION_V5", {boxes, scores, m, iou, st}, {a});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("takes 6 inputs"));
  }
}

}  // namespace
}  // namespace plinth::testing
