// NON_MAX_SUPPRESSION_V4 / V5: greedy selection of boxes by score, dropping boxes whose IoU with
// an already selected box reaches iou_threshold; V5 adds soft-NMS (scores decay by
// exp(-iou^2 / (2 sigma)) instead of hard suppression when sigma > 0). The candidate queue is
// the same binary heap TFLite's std::priority_queue uses, so ties are broken identically.
// Outputs are padded to max_output_size with zeros, plus the number of valid entries.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/detection/detection_ops.h"

namespace plinth::builtin {
namespace {

enum Input { kBoxes = 0, kScores, kMaxOutputSize, kIouThreshold, kScoreThreshold, kSigma };

struct Candidate {
  int index;
  float score;
  int suppress_begin_index;
};

// Boxes are [y1, x1, y2, x2] in any corner order.
float IntersectionOverUnion(const float* boxes, int i, int j) {
  const float* a = boxes + 4 * i;
  const float* b = boxes + 4 * j;
  const float a_ymin = std::min(a[0], a[2]), a_ymax = std::max(a[0], a[2]);
  const float a_xmin = std::min(a[1], a[3]), a_xmax = std::max(a[1], a[3]);
  const float b_ymin = std::min(b[0], b[2]), b_ymax = std::max(b[0], b[2]);
  const float b_xmin = std::min(b[1], b[3]), b_xmax = std::max(b[1], b[3]);
  const float area_a = (a_ymax - a_ymin) * (a_xmax - a_xmin);
  const float area_b = (b_ymax - b_ymin) * (b_xmax - b_xmin);
  if (area_a <= 0 || area_b <= 0) return 0.f;
  const float inter_ymin = std::max(a_ymin, b_ymin), inter_xmin = std::max(a_xmin, b_xmin);
  const float inter_ymax = std::min(a_ymax, b_ymax), inter_xmax = std::min(a_xmax, b_xmax);
  const float inter =
      std::max(inter_ymax - inter_ymin, 0.f) * std::max(inter_xmax - inter_xmin, 0.f);
  return inter / (area_a + area_b - inter);
}

class NonMaxSuppression {
 public:
  explicit NonMaxSuppression(KernelContext& ctx)
      : soft_(std::string(ctx.op_name()) == "NON_MAX_SUPPRESSION_V5") {}

  PlinthStatus Prepare(KernelContext& ctx) {
    const int n_in = soft_ ? 6 : 5, n_out = soft_ ? 3 : 2;
    PLINTH_ENSURE(ctx, ctx.num_inputs() == n_in, ctx.op_name(), " takes ", n_in, " inputs, got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == n_out, ctx.op_name(), " has ", n_out, " outputs, got ",
                  ctx.num_outputs());
    Tensor boxes = ctx.input(kBoxes), scores = ctx.input(kScores);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, boxes, "boxes", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, boxes.rank() == 2 && boxes.dim(1) == 4, "boxes must be [num_boxes, 4], got ",
                  ShapeString(boxes));
    num_boxes_ = boxes.dim(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, scores, "scores", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, scores.rank() == 1 && scores.dim(0) == num_boxes_, "scores must be [",
                  num_boxes_, "], got ", ShapeString(scores));
    Tensor max_size = ctx.input(kMaxOutputSize);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, max_size, "max_output_size", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, max_size.rank() == 0, "max_output_size must be a scalar, got ",
                  ShapeString(max_size));
    const char* names[] = {"iou_threshold", "score_threshold", "soft_nms_sigma"};
    for (int i = kIouThreshold; i < n_in; ++i) {
      Tensor t = ctx.input(i);
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, t, names[i - kIouThreshold], {PLINTH_FLOAT32}));
      PLINTH_ENSURE(ctx, t.rank() == 0, names[i - kIouThreshold], " must be a scalar, got ",
                    ShapeString(t));
    }
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.output(0), "selected_indices", {PLINTH_INT32}));
    if (soft_) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.output(1), "selected_scores", {PLINTH_FLOAT32}));
    }
    Tensor valid = ctx.output(n_out - 1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, valid, "valid_outputs", {PLINTH_INT32}));
    PLINTH_RETURN_IF_ERROR(ctx.Resize(valid, std::vector<int32_t>{}));
    heap_.reserve(static_cast<size_t>(num_boxes_));
    max_size_constant_ = max_size.is_constant();
    for (int o = 0; o + 1 < n_out; ++o) {
      if (max_size_constant_) {
        const int32_t m = max_size.data<int32_t>()[0];
        PLINTH_ENSURE(ctx, m >= 0, "max_output_size must not be negative, got ", m);
        PLINTH_RETURN_IF_ERROR(ctx.Resize(ctx.output(o), {m}));
      } else {
        PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(ctx.output(o)));
      }
    }
    return PLINTH_OK;
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const int32_t max_output = ctx.input(kMaxOutputSize).data<int32_t>()[0];
    PLINTH_ENSURE(ctx, max_output >= 0, "max_output_size must not be negative, got ", max_output);
    const float iou_threshold = ctx.input(kIouThreshold).data<float>()[0];
    const float score_threshold = ctx.input(kScoreThreshold).data<float>()[0];
    float sigma = 0.f;
    if (soft_) {
      sigma = ctx.input(kSigma).data<float>()[0];
      PLINTH_ENSURE(ctx, sigma >= 0, "invalid sigma value for soft NMS: ", sigma);
    }
    Tensor indices_t = ctx.output(0);
    Tensor scores_t = soft_ ? ctx.output(1) : Tensor();
    if (!max_size_constant_) {
      PLINTH_RETURN_IF_ERROR(ctx.Resize(indices_t, {max_output}));
      if (soft_) PLINTH_RETURN_IF_ERROR(ctx.Resize(scores_t, {max_output}));
    }
    int32_t* selected = indices_t.data<int32_t>();
    float* selected_scores = soft_ ? scores_t.data<float>() : nullptr;
    const float* boxes = ctx.input(kBoxes).data<float>();
    const float* scores = ctx.input(kScores).data<float>();

    auto lower = [](const Candidate& a, const Candidate& b) { return a.score < b.score; };
    heap_.clear();
    for (int i = 0; i < num_boxes_; ++i) {
      if (scores[i] > score_threshold) {
        heap_.push_back({i, scores[i], 0});
        std::push_heap(heap_.begin(), heap_.end(), lower);
      }
    }
    int count = 0;
    const int num_outputs = std::min(static_cast<int>(heap_.size()), max_output);
    // TFLite divides in double.
    const float scale = sigma > 0.f ? static_cast<float>(-0.5 / sigma) : 0.f;
    while (count < num_outputs && !heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), lower);
      Candidate next = heap_.back();
      heap_.pop_back();
      const float original_score = next.score;
      // Earlier selections are compared newest first; a candidate is compared with each
      // selection at most once across re-queues (suppress_begin_index).
      bool hard_suppressed = false;
      for (int j = count - 1; j >= next.suppress_begin_index; --j) {
        const float iou = IntersectionOverUnion(boxes, next.index, selected[j]);
        if (iou >= iou_threshold) {
          hard_suppressed = true;
          break;
        }
        if (sigma > 0.f) next.score = next.score * std::exp(scale * iou * iou);
        if (next.score <= score_threshold) break;
      }
      next.suppress_begin_index = count;
      if (!hard_suppressed) {
        if (next.score == original_score) {
          selected[count] = next.index;
          if (selected_scores) selected_scores[count] = next.score;
          ++count;
        }
        if (next.score > score_threshold) {
          heap_.push_back(next);
          std::push_heap(heap_.begin(), heap_.end(), lower);
        }
      }
    }
    for (int i = count; i < max_output; ++i) {
      selected[i] = 0;
      if (selected_scores) selected_scores[i] = 0.f;
    }
    ctx.output(ctx.num_outputs() - 1).data<int32_t>()[0] = count;
    return PLINTH_OK;
  }

 private:
  bool soft_ = false;
  bool max_size_constant_ = false;
  int32_t num_boxes_ = 0;
  std::vector<Candidate> heap_;
};

std::vector<PlinthType> Types() { return {PLINTH_FLOAT32}; }

}  // namespace

PlinthStatus RegisterNonMaxSuppression(Registrar& r) {
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<NonMaxSuppression>("NON_MAX_SUPPRESSION_V4", 1, 1, Types()));
  return r.AddBuiltin<NonMaxSuppression>("NON_MAX_SUPPRESSION_V5", 1, 1, Types());
}

}  // namespace plinth::builtin
