// TFLite_Detection_PostProcess (plugins/detection_postprocess): hand-computed cases, random
// cases against a slow reference written here, quantized inputs, every option, invalid inputs.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "plinth/custom_options.hpp"  // flexbuffers::Builder
#include "tests/plugins/plugin_test_util.h"

namespace plinth::testing {
namespace {

struct Corners {
  float ymin, xmin, ymax, xmax;
};

// The op's options, written as a FlexBuffer map like TensorFlow's exporter writes them.
struct DetOptions {
  int max_detections = 3;
  int max_classes_per_detection = 1;
  std::optional<int> detections_per_class;
  std::optional<bool> use_regular_nms;
  float score_threshold = 0.f;
  float iou_threshold = 0.5f;
  int num_classes = 2;
  float y_scale = 10.f, x_scale = 10.f, h_scale = 5.f, w_scale = 5.f;

  std::vector<uint8_t> Bytes() const {
    flexbuffers::Builder fbb;
    fbb.Map([&]() {
      fbb.Int("max_detections", max_detections);
      fbb.Int("max_classes_per_detection", max_classes_per_detection);
      if (detections_per_class) fbb.Int("detections_per_class", *detections_per_class);
      if (use_regular_nms) fbb.Bool("use_regular_nms", *use_regular_nms);
      fbb.Float("nms_score_threshold", score_threshold);
      fbb.Float("nms_iou_threshold", iou_threshold);
      fbb.Int("num_classes", num_classes);
      fbb.Float("y_scale", y_scale);
      fbb.Float("x_scale", x_scale);
      fbb.Float("h_scale", h_scale);
      fbb.Float("w_scale", w_scale);
    });
    fbb.Finish();
    return fbb.GetBuffer();
  }
};

// ------------------------------------------------------------------------------------------------
// Reference: the documented algorithm, written plainly (vectors, full sorts, no scratch).

Corners DecodeRef(const float* e, const float* a, const DetOptions& o) {
  // TFLite decodes in double: center = e / scale * anchor_size + anchor_center,
  // half size = 0.5 * exp(e / scale) * anchor_size.
  const double yc = double{e[0]} / o.y_scale * a[2] + a[0];
  const double xc = double{e[1]} / o.x_scale * a[3] + a[1];
  const float half_h = static_cast<float>(0.5 * std::exp(double{e[2]} / o.h_scale) * a[2]);
  const float half_w = static_cast<float>(0.5 * std::exp(double{e[3]} / o.w_scale) * a[3]);
  const float y = static_cast<float>(yc), x = static_cast<float>(xc);
  return {y - half_h, x - half_w, y + half_h, x + half_w};
}

float IouRef(const Corners& a, const Corners& b) {
  const float area_a = (a.ymax - a.ymin) * (a.xmax - a.xmin);
  const float area_b = (b.ymax - b.ymin) * (b.xmax - b.xmin);
  if (area_a <= 0 || area_b <= 0) return 0.f;
  const float ih = std::max(std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin), 0.f);
  const float iw = std::max(std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin), 0.f);
  const float inter = ih * iw;
  return inter / (area_a + area_b - inter);
}

// Greedy NMS: candidates above the threshold by decreasing score (ties: lower index first); a
// candidate is kept unless a kept box overlaps it by more than the IoU threshold.
std::vector<int> GreedyNmsRef(const std::vector<float>& scores, const std::vector<Corners>& boxes,
                              const DetOptions& o, int max_out) {
  std::vector<int> candidates;
  for (int i = 0; i < static_cast<int>(scores.size()); ++i) {
    if (scores[i] >= o.score_threshold) candidates.push_back(i);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](int a, int b) { return scores[a] > scores[b]; });
  std::vector<int> kept;
  for (int c : candidates) {
    if (static_cast<int>(kept.size()) >= max_out) break;
    bool overlaps = false;
    for (int k : kept) overlaps |= IouRef(boxes[c], boxes[k]) > o.iou_threshold;
    if (!overlaps) kept.push_back(c);
  }
  return kept;
}

struct DetResult {
  std::vector<Corners> boxes;
  std::vector<float> classes, scores;
  float count = 0;
};

// scores: [boxes][classes_with_background] (dequantized); label offset = the extra column.
DetResult DetectRef(const std::vector<float>& encodings, int coords,
                    const std::vector<float>& scores, int classes_with_bg,
                    const std::vector<float>& anchors, const DetOptions& o) {
  const int n = static_cast<int>(anchors.size() / 4);
  const int offset = classes_with_bg - o.num_classes;
  std::vector<Corners> boxes;
  for (int i = 0; i < n; ++i)
    boxes.push_back(DecodeRef(&encodings[i * coords], &anchors[i * 4], o));
  auto score = [&](int box, int cls) { return scores[box * classes_with_bg + offset + cls]; };
  const int slots = o.max_detections * o.max_classes_per_detection;
  DetResult r{std::vector<Corners>(slots, Corners{0, 0, 0, 0}), std::vector<float>(slots, 0.f),
              std::vector<float>(slots, 0.f), 0};
  if (o.use_regular_nms.value_or(false)) {
    struct Pick {
      int box, cls;
      float score;
    };
    std::vector<Pick> picks;
    for (int c = 0; c < o.num_classes; ++c) {
      std::vector<float> s(n);
      for (int b = 0; b < n; ++b) s[b] = score(b, c);
      const int per_class = std::min(o.detections_per_class.value_or(100), o.max_detections);
      for (int b : GreedyNmsRef(s, boxes, o, per_class)) {
        picks.push_back({b, c, s[b]});
      }
    }
    // Equal scores keep class order, then NMS order (TFLite merges class by class, stably).
    std::stable_sort(picks.begin(), picks.end(),
                     [](const Pick& a, const Pick& b) { return a.score > b.score; });
    const int count = std::min<int>(static_cast<int>(picks.size()), o.max_detections);
    for (int k = 0; k < count; ++k) {
      r.boxes[k] = boxes[picks[k].box];
      r.classes[k] = static_cast<float>(picks[k].cls);
      r.scores[k] = picks[k].score;
    }
    r.count = static_cast<float>(count);
    return r;
  }
  const int per_box = std::min(o.max_classes_per_detection, o.num_classes);
  std::vector<std::vector<int>> order(n);
  std::vector<float> best(n);
  for (int b = 0; b < n; ++b) {
    order[b].resize(o.num_classes);
    std::iota(order[b].begin(), order[b].end(), 0);
    std::stable_sort(order[b].begin(), order[b].end(),
                     [&](int x, int y) { return score(b, x) > score(b, y); });
    best[b] = score(b, order[b][0]);
  }
  std::vector<int> kept = GreedyNmsRef(best, boxes, o, o.max_detections);
  for (size_t k = 0; k < kept.size(); ++k) {
    for (int c = 0; c < per_box; ++c) {
      const size_t slot = k * o.max_classes_per_detection + c;
      r.boxes[slot] = boxes[kept[k]];
      r.classes[slot] = static_cast<float>(order[kept[k]][c]);
      r.scores[slot] = score(kept[k], order[kept[k]][c]);
    }
  }
  r.count = static_cast<float>(kept.size());
  return r;
}

// ------------------------------------------------------------------------------------------------
// Model plumbing.

struct DetModel {
  PluginOpTest t{DetectionPluginPath()};
  int boxes = -1, classes = -1, scores = -1, count = -1;

  // Float inputs; anchors constant as in exported detectors.
  DetModel(const std::vector<float>& encodings, std::vector<int32_t> enc_shape,
           const std::vector<float>& class_scores, std::vector<int32_t> score_shape,
           const std::vector<float>& anchors, const std::vector<uint8_t>& options) {
    int e = t.Input<float>(std::move(enc_shape), encodings);
    int s = t.Input<float>(std::move(score_shape), class_scores);
    int a = t.Const<float>({static_cast<int32_t>(anchors.size() / 4), 4}, anchors);
    Finish(e, s, a, options);
  }
  DetModel() = default;
  void Finish(int e, int s, int a, const std::vector<uint8_t>& options) {
    boxes = t.Output();
    classes = t.Output();
    scores = t.Output();
    count = t.Output();
    t.CustomOp("TFLite_Detection_PostProcess", {e, s, a}, {boxes, classes, scores, count}, options);
  }
};

void ExpectMatches(const DetModel& m, const DetResult& want) {
  const int slots = static_cast<int>(want.classes.size());
  ASSERT_EQ(m.t.Shape(m.boxes), (std::vector<int32_t>{1, slots, 4}));
  ASSERT_EQ(m.t.Shape(m.classes), (std::vector<int32_t>{1, slots}));
  ASSERT_EQ(m.t.Shape(m.scores), (std::vector<int32_t>{1, slots}));
  ASSERT_EQ(m.t.Shape(m.count), (std::vector<int32_t>{1}));
  EXPECT_EQ(m.t.Values<float>(m.count)[0], want.count);
  EXPECT_EQ(m.t.Values<float>(m.classes), want.classes);
  EXPECT_EQ(m.t.Values<float>(m.scores), want.scores);
  std::vector<float> boxes = m.t.Values<float>(m.boxes);
  for (int i = 0; i < slots; ++i) {
    const Corners& w = want.boxes[i];
    EXPECT_FLOAT_EQ(boxes[i * 4 + 0], w.ymin) << "slot " << i;
    EXPECT_FLOAT_EQ(boxes[i * 4 + 1], w.xmin) << "slot " << i;
    EXPECT_FLOAT_EQ(boxes[i * 4 + 2], w.ymax) << "slot " << i;
    EXPECT_FLOAT_EQ(boxes[i * 4 + 3], w.xmax) << "slot " << i;
  }
}

// Six unit boxes: 0-2 overlap heavily (IoU 0.82 / 0.67), 3-4 overlap, 5 alone. Zero encodings
// decode to the anchors themselves.
const std::vector<float> kAnchors = {0.5f, 0.5f,  1, 1, 0.5f, 0.6f,  1, 1, 0.5f, 0.4f,   1, 1,
                                     0.5f, 10.5f, 1, 1, 0.5f, 10.6f, 1, 1, 0.5f, 100.5f, 1, 1};
const std::vector<float> kZeroEncodings(24, 0.f);
// [background, class 0, class 1] per box.
const std::vector<float> kScores = {0, .9f,  .8f,  0, .75f, .72f, 0, .6f, .5f,
                                    0, .93f, .95f, 0, .5f,  .4f,  0, .3f, .2f};

TEST(DetectionPostProcess, FastNmsHandComputed) {
  DetOptions o;  // max_detections 3, one class per detection, IoU 0.5
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  // Box 3 (0.95, class 1) suppresses 4; box 0 (0.9) suppresses 1 and 2; box 5 is left.
  EXPECT_EQ(m.t.Values<float>(m.boxes),
            (std::vector<float>{0, 10, 1, 11, 0, 0, 1, 1, 0, 100, 1, 101}));
  EXPECT_EQ(m.t.Values<float>(m.classes), (std::vector<float>{1, 0, 0}));
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.95f, .9f, .3f}));
  EXPECT_EQ(m.t.Values<float>(m.count), (std::vector<float>{3}));
}

TEST(DetectionPostProcess, FastNmsSeveralClassesPerDetection) {
  DetOptions o;
  o.max_classes_per_detection = 2;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.classes), (std::vector<float>{1, 0, 0, 1, 0, 1}));
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.95f, .93f, .9f, .8f, .3f, .2f}));
  EXPECT_EQ(m.t.Values<float>(m.count), (std::vector<float>{3}));
  // Each detection's box is repeated for its classes.
  std::vector<float> boxes = m.t.Values<float>(m.boxes);
  EXPECT_EQ(std::vector<float>(boxes.begin(), boxes.begin() + 8),
            (std::vector<float>{0, 10, 1, 11, 0, 10, 1, 11}));
}

TEST(DetectionPostProcess, RegularNmsHandComputed) {
  DetOptions o;
  o.use_regular_nms = true;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  // Per class, boxes 3, 0 and 5 survive; the best three over both classes:
  // (box 3, class 1, 0.95), (box 3, class 0, 0.93), (box 0, class 0, 0.9).
  EXPECT_EQ(m.t.Values<float>(m.boxes),
            (std::vector<float>{0, 10, 1, 11, 0, 10, 1, 11, 0, 0, 1, 1}));
  EXPECT_EQ(m.t.Values<float>(m.classes), (std::vector<float>{1, 0, 0}));
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.95f, .93f, .9f}));
  EXPECT_EQ(m.t.Values<float>(m.count), (std::vector<float>{3}));
}

TEST(DetectionPostProcess, ScoreThresholdLeavesZeroedSlots) {
  DetOptions o;
  o.score_threshold = 0.7f;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.count), (std::vector<float>{2}));
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.95f, .9f, 0}));
  EXPECT_EQ(m.t.Values<float>(m.classes), (std::vector<float>{1, 0, 0}));
  std::vector<float> boxes = m.t.Values<float>(m.boxes);
  EXPECT_EQ(std::vector<float>(boxes.begin() + 8, boxes.end()), (std::vector<float>(4, 0.f)));
}

TEST(DetectionPostProcess, RegularNmsDetectionsPerClass) {
  DetOptions o;
  o.use_regular_nms = true;
  o.detections_per_class = 1;
  o.max_detections = 4;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  // One box per class: box 3 for both; the two remaining slots are zero.
  EXPECT_EQ(m.t.Values<float>(m.count), (std::vector<float>{2}));
  EXPECT_EQ(m.t.Values<float>(m.classes), (std::vector<float>{1, 0, 0, 0}));
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.95f, .93f, 0, 0}));
}

TEST(DetectionPostProcess, TiesKeepIndexAndClassOrder) {
  // Three separate boxes, every score 0.5.
  const std::vector<float> anchors = {0.5f, 0.5f, 1, 1, 0.5f, 5.5f, 1, 1, 0.5f, 9.5f, 1, 1};
  const std::vector<float> scores(9, 0.5f);
  DetOptions o;
  o.max_detections = 4;
  DetModel fast(std::vector<float>(12, 0.f), {1, 3, 4}, scores, {1, 3, 3}, anchors, o.Bytes());
  PLINTH_ASSERT_OK(fast.t.Run());
  // Fast NMS: boxes in index order, each with its first class.
  EXPECT_EQ(fast.t.Values<float>(fast.count), (std::vector<float>{3}));
  EXPECT_EQ(fast.t.Values<float>(fast.classes), (std::vector<float>{0, 0, 0, 0}));
  std::vector<float> b = fast.t.Values<float>(fast.boxes);
  EXPECT_EQ((std::vector<float>{b[1], b[5], b[9]}), (std::vector<float>{0, 5, 9}));
  // Regular NMS: class 0's boxes first (in index order), then class 1's, cut at max_detections.
  o.use_regular_nms = true;
  DetModel regular(std::vector<float>(12, 0.f), {1, 3, 4}, scores, {1, 3, 3}, anchors, o.Bytes());
  PLINTH_ASSERT_OK(regular.t.Run());
  EXPECT_EQ(regular.t.Values<float>(regular.count), (std::vector<float>{4}));
  EXPECT_EQ(regular.t.Values<float>(regular.classes), (std::vector<float>{0, 0, 0, 1}));
  b = regular.t.Values<float>(regular.boxes);
  EXPECT_EQ((std::vector<float>{b[1], b[5], b[9], b[13]}), (std::vector<float>{0, 5, 9, 0}));
}

TEST(DetectionPostProcess, WithoutBackgroundColumn) {
  std::vector<float> scores;  // drop the background column
  for (size_t i = 0; i < kScores.size(); ++i) {
    if (i % 3) scores.push_back(kScores[i]);
  }
  DetOptions o;
  DetModel m(kZeroEncodings, {1, 6, 4}, scores, {1, 6, 2}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.classes), (std::vector<float>{1, 0, 0}));
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.95f, .9f, .3f}));
}

TEST(DetectionPostProcess, MaxDetectionsZero) {
  DetOptions o;
  o.max_detections = 0;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Shape(m.boxes), (std::vector<int32_t>{1, 0, 4}));
  EXPECT_EQ(m.t.Values<float>(m.count), (std::vector<float>{0}));
}

TEST(DetectionPostProcess, DecodesWithBoxCoderScales) {
  // One box: anchor center (0.5, 0.5), size 0.2 x 0.4; encoding (1, -2, ln 2 * 5, 0).
  const float h = static_cast<float>(std::log(2.0) * 5);
  DetOptions o;
  o.max_detections = 1;
  o.num_classes = 1;
  DetModel m({1, -2, h, 0}, {1, 1, 4}, {0.f, 0.9f}, {1, 1, 2}, {0.5f, 0.5f, 0.2f, 0.4f}, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  // y = 1/10 * 0.2 + 0.5 = 0.52, x = -2/10 * 0.4 + 0.5 = 0.42, h = 2 * 0.2, w = 0.4.
  std::vector<float> b = m.t.Values<float>(m.boxes);
  EXPECT_NEAR(b[0], 0.52f - 0.2f, 1e-6);
  EXPECT_NEAR(b[1], 0.42f - 0.2f, 1e-6);
  EXPECT_NEAR(b[2], 0.52f + 0.2f, 1e-6);
  EXPECT_NEAR(b[3], 0.42f + 0.2f, 1e-6);
}

TEST(DetectionPostProcess, ExtraEncodingColumnsAreIgnored) {
  // Keypoint box coders append coordinates after (y, x, h, w).
  std::vector<float> encodings;
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) encodings.push_back(j < 4 ? 0.f : 123.f);
  }
  DetOptions o;
  DetModel m(encodings, {1, 6, 6}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.boxes),
            (std::vector<float>{0, 10, 1, 11, 0, 0, 1, 1, 0, 100, 1, 101}));
}

// Random detectors: distinct scores (so no order depends on tie-breaking), overlapping boxes.
struct RandomCase {
  int boxes, classes_with_bg, coords;
  std::vector<float> encodings, scores, anchors;
};

RandomCase MakeRandomCase(int boxes, int classes_with_bg, int coords, uint32_t seed) {
  RandomCase c{boxes, classes_with_bg, coords, {}, {}, {}};
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> center(0.f, 1.f), size(0.05f, 0.4f), shift(-1.f, 1.f),
      scale(-0.7f, 0.7f);
  for (int i = 0; i < boxes; ++i) {
    c.anchors.insert(c.anchors.end(), {center(rng), center(rng), size(rng), size(rng)});
    for (int j = 0; j < coords; ++j)
      c.encodings.push_back(j == 2 || j == 3 ? scale(rng) : shift(rng));
  }
  c.scores.resize(static_cast<size_t>(boxes * classes_with_bg));
  for (size_t i = 0; i < c.scores.size(); ++i) {
    c.scores[i] = static_cast<float>(i + 1) / static_cast<float>(c.scores.size() + 1);
  }
  std::shuffle(c.scores.begin(), c.scores.end(), rng);
  return c;
}

TEST(DetectionPostProcess, RandomFloatMatchesReference) {
  int cases = 0;
  for (bool regular : {false, true}) {
    for (int background : {0, 1}) {
      for (int per_detection : {1, 2, 5}) {
        for (float threshold : {0.f, 0.4f, 2.f}) {
          for (float iou : {0.3f, 0.6f, 1.f}) {
            const int num_classes = 4;
            const uint32_t seed = static_cast<uint32_t>(100 + cases);
            RandomCase c = MakeRandomCase(40, num_classes + background, 4 + background * 2, seed);
            DetOptions o;
            o.max_detections = 10;
            o.max_classes_per_detection = per_detection;
            o.use_regular_nms = regular;
            if (regular) o.detections_per_class = 3 + cases % 4;
            o.score_threshold = threshold;
            o.iou_threshold = iou;
            o.num_classes = num_classes;
            DetModel m(c.encodings, {1, c.boxes, c.coords}, c.scores,
                       {1, c.boxes, c.classes_with_bg}, c.anchors, o.Bytes());
            SCOPED_TRACE(::testing::Message() << "regular " << regular << " background "
                                              << background << " per detection " << per_detection
                                              << " threshold " << threshold << " iou " << iou);
            PLINTH_ASSERT_OK(m.t.Run());
            ExpectMatches(
                m, DetectRef(c.encodings, c.coords, c.scores, c.classes_with_bg, c.anchors, o));
            ++cases;
          }
        }
      }
    }
  }
  EXPECT_EQ(cases, 108);
}

// Quantized inputs: the kernel dequantizes, (q - zero_point) * scale, then runs in float.
template <class Q>
void QuantizedCase(bool regular, uint32_t seed) {
  const PlinthType type = TypeOf<Q>::value;
  const int boxes = 20, classes_with_bg = 4, num_classes = 3;
  std::mt19937 rng(seed);
  const int lo = std::numeric_limits<Q>::min(), hi = std::numeric_limits<Q>::max();
  std::uniform_int_distribution<int> any(lo, hi);
  std::uniform_int_distribution<int> anchor_center(lo + 60, lo + 180),
      anchor_size(lo + 10, lo + 60);
  std::vector<Q> enc(boxes * 4), anchors(boxes * 4), scores(boxes * classes_with_bg);
  for (int i = 0; i < boxes; ++i) {
    for (int j = 0; j < 4; ++j) enc[i * 4 + j] = static_cast<Q>(any(rng));
    anchors[i * 4 + 0] = static_cast<Q>(anchor_center(rng));
    anchors[i * 4 + 1] = static_cast<Q>(anchor_center(rng));
    anchors[i * 4 + 2] = static_cast<Q>(anchor_size(rng));
    anchors[i * 4 + 3] = static_cast<Q>(anchor_size(rng));
  }
  // Distinct quantized scores (80 of the 256 levels).
  std::vector<int> levels(hi - lo + 1);
  std::iota(levels.begin(), levels.end(), lo);
  std::shuffle(levels.begin(), levels.end(), rng);
  for (size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<Q>(levels[i]);

  const QuantSpec enc_q{{0.05f}, {lo + 128}}, anchor_q{{0.01f}, {lo}}, score_q{{1.f / 256}, {lo}};
  PluginOpTest t(DetectionPluginPath());
  int e = t.Input<Q>({1, boxes, 4}, enc, enc_q, type);
  int s = t.Input<Q>({1, boxes, classes_with_bg}, scores, score_q, type);
  int a = t.Const<Q>({boxes, 4}, anchors, anchor_q, type);
  DetOptions o;
  o.max_detections = 6;
  o.num_classes = num_classes;
  o.use_regular_nms = regular;
  o.max_classes_per_detection = regular ? 1 : 2;
  o.score_threshold = 0.2f;
  DetModel m;
  m.t = std::move(t);
  m.Finish(e, s, a, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());

  auto dequantize = [](const std::vector<Q>& q, const QuantSpec& p) {
    std::vector<float> f;
    for (Q v : q) {
      f.push_back((static_cast<float>(v) - static_cast<float>(p.zero_points[0])) * p.scales[0]);
    }
    return f;
  };
  ExpectMatches(m, DetectRef(dequantize(enc, enc_q), 4, dequantize(scores, score_q),
                             classes_with_bg, dequantize(anchors, anchor_q), o));
}

TEST(DetectionPostProcess, Uint8InputsMatchReference) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    QuantizedCase<uint8_t>(false, seed);
    QuantizedCase<uint8_t>(true, seed);
  }
}

TEST(DetectionPostProcess, Int8InputsMatchReference) {
  for (uint32_t seed : {4u, 5u, 6u}) {
    QuantizedCase<int8_t>(false, seed);
    QuantizedCase<int8_t>(true, seed);
  }
}

TEST(DetectionPostProcess, MixedFloatAndUint8Inputs) {
  // uint8 scores with float boxes and anchors (TFLite handles each input's type on its own for
  // scores; Plinth does so for all three).
  std::vector<uint8_t> scores;
  for (float v : kScores) scores.push_back(static_cast<uint8_t>(std::lround(v * 100)));
  PluginOpTest t(DetectionPluginPath());
  int e = t.Input<float>({1, 6, 4}, kZeroEncodings);
  int s = t.Input<uint8_t>({1, 6, 3}, scores, QuantSpec{{0.01f}, {0}});
  int a = t.Const<float>({6, 4}, kAnchors);
  DetModel m;
  m.t = std::move(t);
  m.Finish(e, s, a, DetOptions().Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.classes), (std::vector<float>{1, 0, 0}));
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{95 * 0.01f, 90 * 0.01f, 30 * 0.01f}));
}

TEST(DetectionPostProcess, OptionalKeysDefault) {
  // Without detections_per_class (100) and use_regular_nms (false): fast NMS.
  DetOptions o;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.95f, .9f, .3f}));
  // use_regular_nms written as an integer, as some exporters do.
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    fbb.Int("max_detections", 3);
    fbb.Int("max_classes_per_detection", 1);
    fbb.Int("use_regular_nms", 1);
    fbb.Float("nms_score_threshold", 0.f);
    fbb.Float("nms_iou_threshold", 0.5f);
    fbb.Int("num_classes", 2);
    fbb.Float("y_scale", 10.f);
    fbb.Float("x_scale", 10.f);
    fbb.Float("h_scale", 5.f);
    fbb.Float("w_scale", 5.f);
    fbb.String("_output_quantized", "true");  // unknown keys are ignored
  });
  fbb.Finish();
  DetModel r(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, fbb.GetBuffer());
  PLINTH_ASSERT_OK(r.t.Run());
  EXPECT_EQ(r.t.Values<float>(r.scores), (std::vector<float>{.95f, .93f, .9f}));
}

TEST(DetectionPostProcess, RunsTwiceWithNewInputs) {
  DetOptions o;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, o.Bytes());
  PLINTH_ASSERT_OK(m.t.Run());
  std::vector<float> scores = kScores;
  scores[1] = 0.99f;  // box 0 class 0 now beats box 3
  PLINTH_ASSERT_OK(m.t.interpreter().SetInput(1, Bytes(scores)));
  PLINTH_ASSERT_OK(m.t.interpreter().Invoke());
  EXPECT_EQ(m.t.Values<float>(m.scores), (std::vector<float>{.99f, .95f, .3f}));
}

// ------------------------------------------------------------------------------------------------
// Errors.

absl::Status RunWith(const std::vector<uint8_t>& options) {
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, kAnchors, options);
  return m.t.Run();
}

void ExpectError(const absl::Status& s, const std::string& text) {
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find(text), std::string::npos) << s.message();
}

TEST(DetectionPostProcess, OptionErrors) {
  DetOptions o;
  ExpectError(RunWith({}), "max_detections is missing");
  ExpectError(RunWith({1, 2, 3, 4}), "not a valid FlexBuffer");
  o.num_classes = 0;
  ExpectError(RunWith(o.Bytes()), "num_classes must be >= 1");
  o = DetOptions();
  o.iou_threshold = 0.f;
  ExpectError(RunWith(o.Bytes()), "nms_iou_threshold must be in (0, 1]");
  o.iou_threshold = 1.5f;
  ExpectError(RunWith(o.Bytes()), "nms_iou_threshold must be in (0, 1]");
  o = DetOptions();
  o.max_detections = -1;
  ExpectError(RunWith(o.Bytes()), "max_detections must be >= 0");
  o = DetOptions();
  o.max_classes_per_detection = 0;
  ExpectError(RunWith(o.Bytes()), "max_classes_per_detection must be >= 1");
  o = DetOptions();
  o.use_regular_nms = true;
  o.detections_per_class = 0;
  ExpectError(RunWith(o.Bytes()), "detections_per_class must be >= 1");
  o.detections_per_class = 5;
  o.max_detections = 0;
  ExpectError(RunWith(o.Bytes()), "max_detections must be >= 1 with use_regular_nms");
  o = DetOptions();
  o.detections_per_class = -1;
  ExpectError(RunWith(o.Bytes()), "detections_per_class must be >= 0");
  o = DetOptions();
  o.h_scale = 0.f;
  ExpectError(RunWith(o.Bytes()), "h_scale must be finite and non-zero");
  o = DetOptions();
  o.max_detections = 1 << 20;
  o.max_classes_per_detection = 1 << 12;
  ExpectError(RunWith(o.Bytes()), "too large");

  flexbuffers::Builder fbb;
  fbb.Map([&]() { fbb.String("max_detections", "ten"); });
  fbb.Finish();
  ExpectError(RunWith(fbb.GetBuffer()), "max_detections must be an integer");
  flexbuffers::Builder vec;
  vec.Vector([&]() { vec.Int(1); });
  vec.Finish();
  ExpectError(RunWith(vec.GetBuffer()), "not a FlexBuffer map");
}

TEST(DetectionPostProcess, InputErrors) {
  const std::vector<uint8_t> options = DetOptions().Bytes();
  {
    DetModel m(kZeroEncodings, {6, 4}, kScores, {1, 6, 3}, kAnchors, options);
    ExpectError(m.t.Run(), "box encodings must be [1, boxes, 4 or more], got [6, 4]");
  }
  {
    DetModel m(std::vector<float>(18), {1, 6, 3}, kScores, {1, 6, 3}, kAnchors, options);
    ExpectError(m.t.Run(), "box encodings must be [1, boxes, 4 or more]");
  }
  {
    DetModel m(kZeroEncodings, {1, 6, 4}, std::vector<float>(15), {1, 5, 3}, kAnchors, options);
    ExpectError(m.t.Run(), "class predictions must be [1, 6, classes], got [1, 5, 3]");
  }
  {
    DetModel m(kZeroEncodings, {1, 6, 4}, std::vector<float>(24), {1, 6, 4}, kAnchors, options);
    ExpectError(m.t.Run(), "class predictions have 4 classes; num_classes = 2");
  }
  {
    DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, std::vector<float>(20, 1.f), options);
    ExpectError(m.t.Run(), "anchors must be [6, 4], got [5, 4]");
  }
  {
    PluginOpTest t(DetectionPluginPath());
    int e = t.Input<int32_t>({1, 6, 4}, std::vector<int32_t>(24));
    int s = t.Input<float>({1, 6, 3}, kScores);
    int a = t.Const<float>({6, 4}, kAnchors);
    DetModel m;
    m.t = std::move(t);
    m.Finish(e, s, a, options);
    ExpectError(m.t.Run(), "input 0 (box encodings) must be FLOAT32, UINT8 or INT8, got INT32");
  }
  {
    PluginOpTest t(DetectionPluginPath());
    int e = t.Input<float>({1, 6, 4}, kZeroEncodings);
    int s = t.Input<uint8_t>({1, 6, 3}, std::vector<uint8_t>(18));  // no scale
    int a = t.Const<float>({6, 4}, kAnchors);
    DetModel m;
    m.t = std::move(t);
    m.Finish(e, s, a, options);
    ExpectError(m.t.Run(), "input 1 (class predictions) is UINT8 and needs one (per-tensor) scale");
  }
  {
    PluginOpTest t(DetectionPluginPath());
    int e = t.Input<float>({1, 6, 4}, kZeroEncodings);
    int s = t.Input<float>({1, 6, 3}, kScores);
    int y = t.Output();
    t.CustomOp("TFLite_Detection_PostProcess", {e, s}, {y}, options);
    ExpectError(t.Run(),
                "takes 3 inputs (box encodings, class predictions, anchors) and 4 outputs");
  }
  {
    PluginOpTest t(DetectionPluginPath());
    int e = t.Input<float>({1, 6, 4}, kZeroEncodings);
    int s = t.Input<float>({1, 6, 3}, kScores);
    int a = t.Const<float>({6, 4}, kAnchors);
    int b = t.Output(), c = t.Output(PLINTH_INT32), sc = t.Output(), n = t.Output();
    t.CustomOp("TFLite_Detection_PostProcess", {e, s, a}, {b, c, sc, n}, options);
    ExpectError(t.Run(), "output 1 must be FLOAT32, got INT32");
  }
}

TEST(DetectionPostProcess, InvertedDecodedBoxIsAnError) {
  // A negative anchor height flips ymin and ymax; TFLite refuses such boxes too.
  std::vector<float> anchors = kAnchors;
  anchors[2 * 4 + 2] = -1.f;
  DetModel m(kZeroEncodings, {1, 6, 4}, kScores, {1, 6, 3}, anchors, DetOptions().Bytes());
  ExpectError(m.t.Run(), "decoded box 2 is inverted");
}

}  // namespace
}  // namespace plinth::testing
