// Custom op TFLite_Detection_PostProcess: the tail of SSD detectors exported by the TensorFlow
// Object Detection API. Decodes box encodings against anchors with the box coder scales, runs
// class-agnostic ("fast", max_classes_per_detection classes per box) or per-class ("regular",
// detections_per_class boxes per class) non-max suppression, and writes
//   0: boxes [1, N, 4] (ymin, xmin, ymax, xmax)   1: classes [1, N]   2: scores [1, N]
//   3: number of detections [1]                    (all float32; N = max_detections x
//                                                   max_classes_per_detection)
// Inputs: box encodings [1, boxes, >=4] (y, x, h, w, then ignored extras such as keypoints),
// class scores [1, boxes, classes (+1 background)], anchors [boxes, 4] (y, x, h, w); each
// float32, uint8 or int8 (quantized inputs are dequantized first).
//
// Same results as TensorFlow Lite's kernel (LiteRT's tflite/kernels/detection_postprocess.cc,
// checked bit for bit by tests/differential/detection_cases.cc): decoding in double, the same
// sorts, the same tie order, regular NMS merged class by class. Differences, all on inputs TFLite
// mishandles: int8 inputs are accepted (TFLite refuses them), each input is dequantized by its own
// type (TFLite reads the anchors as uint8 whenever the encodings are), slots past the detections
// are zeroed (TFLite leaves them as they were), and bad options or shapes are errors in prepare.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "detection_nms.h"
#include "detection_options.h"
#include "plinth/plugin.hpp"

namespace plinth_detection {
namespace {

constexpr int kBoxEncodings = 0, kClassPredictions = 1, kAnchors = 2;
constexpr int kOutBoxes = 0, kOutClasses = 1, kOutScores = 2, kOutCount = 3;
constexpr int kCoords = 4;

// Element access to a float32 / uint8 / int8 tensor as float, dequantizing like TFLite:
// (q - zero_point) * scale, one rounding.
class FloatReader {
 public:
  explicit FloatReader(const plinth::Tensor& t)
      : data_(t.raw_data()),
        type_(t.type()),
        scale_(t.is_quantized() ? t.scale() : 0.f),
        zero_point_(t.is_quantized() ? t.zero_point() : 0) {}
  float operator[](int64_t i) const {
    switch (type_) {
      case PLINTH_UINT8:
        return (static_cast<float>(static_cast<const uint8_t*>(data_)[i]) -
                static_cast<float>(zero_point_)) *
               scale_;
      case PLINTH_INT8:
        return (static_cast<float>(static_cast<const int8_t*>(data_)[i]) -
                static_cast<float>(zero_point_)) *
               scale_;
      default:
        return static_cast<const float*>(data_)[i];
    }
  }

 private:
  const void* data_;
  PlinthType type_;
  float scale_;
  int32_t zero_point_;
};

// Carves one scratch request into aligned arrays.
class ScratchLayout {
 public:
  template <class T>
  size_t Add(size_t count) {
    const size_t offset = (bytes_ + 15) / 16 * 16;
    bytes_ = offset + count * sizeof(T);
    return offset;
  }
  size_t bytes() const { return bytes_; }

 private:
  size_t bytes_ = 0;
};

class DetectionPostProcess {
 public:
  explicit DetectionPostProcess(plinth::KernelContext& ctx) {
    error_ = ParseDetectionOptions(ctx.node()->custom_options, ctx.node()->custom_options_size,
                                   &options_);
  }

  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    if (!error_.empty()) return ctx.Error("TFLite_Detection_PostProcess options: ", error_);
    if (ctx.num_inputs() != 3 || ctx.num_outputs() != 4) {
      return ctx.Error("TFLite_Detection_PostProcess takes 3 inputs (box encodings, class ",
                       "predictions, anchors) and 4 outputs, got ", ctx.num_inputs(), " and ",
                       ctx.num_outputs());
    }
    const char* input_names[] = {"box encodings", "class predictions", "anchors"};
    for (int i = 0; i < 3; ++i) {
      plinth::Tensor t = ctx.input(i);
      if (!t) return ctx.Error("input ", i, " (", input_names[i], ") is missing");
      if (t.type() != PLINTH_FLOAT32 && t.type() != PLINTH_UINT8 && t.type() != PLINTH_INT8) {
        return ctx.Error("input ", i, " (", input_names[i],
                         ") must be FLOAT32, UINT8 or INT8, got ", plinth::TypeName(t.type()));
      }
      if (t.type() != PLINTH_FLOAT32 && t.num_quant_params() != 1) {
        return ctx.Error("input ", i, " (", input_names[i], ") is ", plinth::TypeName(t.type()),
                         " and needs one (per-tensor) scale and zero point, got ",
                         t.num_quant_params());
      }
    }
    plinth::Tensor boxes = ctx.input(kBoxEncodings), scores = ctx.input(kClassPredictions),
                   anchors = ctx.input(kAnchors);
    if (boxes.rank() != 3 || boxes.dim(0) != 1 || boxes.dim(2) < kCoords) {
      return ctx.Error("box encodings must be [1, boxes, 4 or more], got ",
                       plinth::ShapeString(boxes));
    }
    num_boxes_ = boxes.dim(1);
    if (scores.rank() != 3 || scores.dim(0) != 1 || scores.dim(1) != num_boxes_) {
      return ctx.Error("class predictions must be [1, ", num_boxes_, ", classes], got ",
                       plinth::ShapeString(scores));
    }
    classes_with_background_ = scores.dim(2);
    label_offset_ = classes_with_background_ - options_.num_classes;
    if (label_offset_ != 0 && label_offset_ != 1) {
      return ctx.Error("class predictions have ", classes_with_background_,
                       " classes; num_classes = ", options_.num_classes,
                       " needs that many, or one more for a background class");
    }
    if (int64_t{num_boxes_} * classes_with_background_ > std::numeric_limits<int32_t>::max()) {
      return ctx.Error("boxes x classes (", num_boxes_, " x ", classes_with_background_,
                       ") does not fit in 32 bits");
    }
    if (anchors.rank() != 2 || anchors.dim(0) != num_boxes_ || anchors.dim(1) != kCoords) {
      return ctx.Error("anchors must be [", num_boxes_, ", 4], got ", plinth::ShapeString(anchors));
    }
    for (int i = 0; i < 4; ++i) {
      if (ctx.output(i).type() != PLINTH_FLOAT32) {
        return ctx.Error("output ", i, " must be FLOAT32, got ",
                         plinth::TypeName(ctx.output(i).type()));
      }
    }

    const int32_t n = options_.max_detections * options_.max_classes_per_detection;
    PlinthStatus s = ctx.Resize(ctx.output(kOutBoxes), {1, n, kCoords});
    if (s == PLINTH_OK) s = ctx.Resize(ctx.output(kOutClasses), {1, n});
    if (s == PLINTH_OK) s = ctx.Resize(ctx.output(kOutScores), {1, n});
    if (s == PLINTH_OK) s = ctx.Resize(ctx.output(kOutCount), {1});
    if (s != PLINTH_OK) return s;
    return PlanScratch(ctx, scores.type() != PLINTH_FLOAT32);
  }

  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    uint8_t* scratch = ctx.Scratch<uint8_t>(scratch_handle_);
    BoxCorners* decoded = reinterpret_cast<BoxCorners*>(scratch + decoded_);
    Decode(ctx.input(kBoxEncodings), ctx.input(kAnchors), decoded);
    for (int i = 0; i < num_boxes_; ++i) {
      // TFLite refuses these too (degenerate boxes are fine: their IoU is 0).
      if (decoded[i].ymin > decoded[i].ymax || decoded[i].xmin > decoded[i].xmax) {
        return ctx.Error("decoded box ", i, " is inverted (ymin > ymax or xmin > xmax); the ",
                         "anchors or the box coder scales are wrong");
      }
    }

    plinth::Tensor scores_in = ctx.input(kClassPredictions);
    const float* scores = scores_in.data<float>();
    if (scores_in.type() != PLINTH_FLOAT32) {
      float* dequantized = reinterpret_cast<float*>(scratch + dequantized_scores_);
      FloatReader reader(scores_in);
      const int64_t count = scores_in.num_elements();
      for (int64_t i = 0; i < count; ++i) dequantized[i] = reader[i];
      scores = dequantized;
    }

    Outputs out{ctx.output(kOutBoxes).data<BoxCorners>(), ctx.output(kOutClasses).data<float>(),
                ctx.output(kOutScores).data<float>()};
    const int64_t n = ctx.output(kOutClasses).num_elements();
    if (n > 0) {  // empty outputs (max_detections 0) may have no memory at all
      std::memset(out.boxes, 0, sizeof(BoxCorners) * static_cast<size_t>(n));
      std::memset(out.classes, 0, sizeof(float) * static_cast<size_t>(n));
      std::memset(out.scores, 0, sizeof(float) * static_cast<size_t>(n));
    }
    const int count = options_.use_regular_nms ? RegularNms(scratch, decoded, scores, out)
                                               : FastNms(scratch, decoded, scores, out);
    ctx.output(kOutCount).data<float>()[0] = static_cast<float>(count);
    return PLINTH_OK;
  }

 private:
  struct Outputs {
    BoxCorners* boxes;
    float* classes;
    float* scores;
  };
  // A regular-NMS pick: index into the [boxes, classes_with_background] scores, and the score.
  struct Candidate {
    int flat_index;
    float score;
  };

  PlinthStatus PlanScratch(plinth::KernelContext& ctx, bool quantized_scores) {
    const size_t boxes = static_cast<size_t>(num_boxes_);
    const size_t max_det = static_cast<size_t>(options_.max_detections);
    ScratchLayout l;
    decoded_ = l.Add<BoxCorners>(boxes);
    dequantized_scores_ =
        l.Add<float>(quantized_scores ? boxes * static_cast<size_t>(classes_with_background_) : 0);
    keep_scores_ = l.Add<float>(boxes);
    keep_indices_ = l.Add<int>(boxes);
    sorted_ = l.Add<int>(boxes);
    sort_tmp_ = l.Add<int>(boxes);
    active_ = l.Add<uint8_t>(boxes);
    selected_ = l.Add<int>(boxes);
    if (options_.use_regular_nms) {
      class_scores_ = l.Add<float>(boxes);
      best_ = l.Add<Candidate>(max_det);
      merged_ = l.Add<Candidate>(2 * max_det);
    } else {
      max_scores_ = l.Add<float>(boxes);
      class_order_ = l.Add<int>(boxes * static_cast<size_t>(options_.num_classes));
    }
    scratch_handle_ = ctx.RequestScratch(std::max<size_t>(l.bytes(), 1));
    if (scratch_handle_ < 0) return ctx.Error("cannot get ", l.bytes(), " bytes of scratch memory");
    return PLINTH_OK;
  }

  NmsBuffers Buffers(uint8_t* scratch) const {
    return NmsBuffers{reinterpret_cast<float*>(scratch + keep_scores_),
                      reinterpret_cast<int*>(scratch + keep_indices_),
                      reinterpret_cast<int*>(scratch + sorted_),
                      reinterpret_cast<int*>(scratch + sort_tmp_), scratch + active_};
  }

  // Center-size encodings to corners: ycenter = y / y_scale * anchor_h + anchor_y,
  // half_h = 0.5 * exp(h / h_scale) * anchor_h (x and w alike), in double as TFLite does.
  void Decode(const plinth::Tensor& boxes, const plinth::Tensor& anchors,
              BoxCorners* decoded) const {
    FloatReader box(boxes), anchor(anchors);
    const int64_t stride = boxes.dim(2);
    const DetectionOptions& o = options_;
    for (int i = 0; i < num_boxes_; ++i) {
      const double y = box[i * stride], x = box[i * stride + 1], h = box[i * stride + 2],
                   w = box[i * stride + 3];
      const double ay = anchor[i * kCoords], ax = anchor[i * kCoords + 1],
                   ah = anchor[i * kCoords + 2], aw = anchor[i * kCoords + 3];
      const float ycenter = static_cast<float>(y / static_cast<double>(o.y_scale) * ah + ay);
      const float xcenter = static_cast<float>(x / static_cast<double>(o.x_scale) * aw + ax);
      const float half_h =
          static_cast<float>(0.5 * std::exp(h / static_cast<double>(o.h_scale)) * ah);
      const float half_w =
          static_cast<float>(0.5 * std::exp(w / static_cast<double>(o.w_scale)) * aw);
      decoded[i] = {ycenter - half_h, xcenter - half_w, ycenter + half_h, xcenter + half_w};
    }
  }

  // Per-class NMS (at most min(detections_per_class, max_detections) boxes per class), each
  // class's picks merged into the best max_detections so far. The merge is stable, as TFLite's
  // std::inplace_merge: on equal scores, earlier classes come first.
  int RegularNms(uint8_t* scratch, const BoxCorners* decoded, const float* scores,
                 const Outputs& out) const {
    float* class_scores = reinterpret_cast<float*>(scratch + class_scores_);
    int* selected = reinterpret_cast<int*>(scratch + selected_);
    Candidate* best = reinterpret_cast<Candidate*>(scratch + best_);
    Candidate* merged = reinterpret_cast<Candidate*>(scratch + merged_);
    const NmsBuffers buffers = Buffers(scratch);
    const int stride = classes_with_background_;
    const int max_det = options_.max_detections;
    const int per_class = std::min(options_.detections_per_class, max_det);
    int num_best = 0;
    for (int c = 0; c < options_.num_classes; ++c) {
      for (int b = 0; b < num_boxes_; ++b) class_scores[b] = scores[b * stride + c + label_offset_];
      const int num_selected = NonMaxSuppressionSingleClass(
          decoded, class_scores, num_boxes_, per_class, options_.nms_score_threshold,
          options_.nms_iou_threshold, buffers, selected);
      // Both runs are sorted by decreasing score; take from this class only when strictly better.
      int i = 0, j = 0, n = 0;
      while (i < num_best || j < num_selected) {
        if (j == num_selected || (i < num_best && !(class_scores[selected[j]] > best[i].score))) {
          merged[n++] = best[i++];
        } else {
          merged[n++] = {selected[j] * stride + c + label_offset_, class_scores[selected[j]]};
          ++j;
        }
      }
      num_best = std::min(n, max_det);
      std::copy(merged, merged + num_best, best);
    }
    for (int k = 0; k < num_best; ++k) {
      const int anchor = best[k].flat_index / stride;
      out.boxes[k] = decoded[anchor];
      out.classes[k] = static_cast<float>(best[k].flat_index - anchor * stride - label_offset_);
      out.scores[k] = best[k].score;
    }
    return num_best;
  }

  // Class-agnostic NMS on each box's best class score; each kept box reports its
  // min(max_classes_per_detection, num_classes) best classes.
  int FastNms(uint8_t* scratch, const BoxCorners* decoded, const float* scores,
              const Outputs& out) const {
    float* max_scores = reinterpret_cast<float*>(scratch + max_scores_);
    int* class_order = reinterpret_cast<int*>(scratch + class_order_);
    int* selected = reinterpret_cast<int*>(scratch + selected_);
    const int num_classes = options_.num_classes;
    const int per_box = std::min(options_.max_classes_per_detection, num_classes);
    const int stride = classes_with_background_;
    for (int b = 0; b < num_boxes_; ++b) {
      const float* box_scores = scores + b * stride + label_offset_;
      int* order = class_order + b * num_classes;
      DecreasingPartialArgSort(box_scores, num_classes, per_box, order);
      max_scores[b] = box_scores[order[0]];
    }
    const int num_selected = NonMaxSuppressionSingleClass(
        decoded, max_scores, num_boxes_, options_.max_detections, options_.nms_score_threshold,
        options_.nms_iou_threshold, Buffers(scratch), selected);
    for (int k = 0; k < num_selected; ++k) {
      const int b = selected[k];
      const float* box_scores = scores + b * stride + label_offset_;
      const int* order = class_order + b * num_classes;
      for (int c = 0; c < per_box; ++c) {
        const int slot = options_.max_classes_per_detection * k + c;
        out.boxes[slot] = decoded[b];
        out.classes[slot] = static_cast<float>(order[c]);
        out.scores[slot] = box_scores[order[c]];
      }
    }
    return num_selected;
  }

  std::string error_;
  DetectionOptions options_;
  int num_boxes_ = 0;
  int classes_with_background_ = 0;
  int label_offset_ = 0;
  int32_t scratch_handle_ = -1;
  // Byte offsets of the arrays in the scratch memory.
  size_t decoded_ = 0, dequantized_scores_ = 0, keep_scores_ = 0, keep_indices_ = 0, sorted_ = 0,
         sort_tmp_ = 0, active_ = 0, selected_ = 0, class_scores_ = 0, best_ = 0, merged_ = 0,
         max_scores_ = 0, class_order_ = 0;
};

PlinthStatus Register(plinth::Registrar& r) {
  return r.AddCustom<DetectionPostProcess>("TFLite_Detection_PostProcess", 1, 1,
                                           {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8});
}

}  // namespace
}  // namespace plinth_detection

PLINTH_DEFINE_PLUGIN("detection_postprocess", "1.0.0", plinth_detection::Register)
