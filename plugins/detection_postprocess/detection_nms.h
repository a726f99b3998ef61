// The non-max suppression of TFLite_Detection_PostProcess on plain arrays, in the order of
// operations of TensorFlow Lite's kernel (tensorflow/lite/kernels/detection_postprocess.cc) so the
// selected boxes, their order and their scores are the same, ties included. Nothing here
// allocates: every buffer comes from the caller (the kernel's scratch memory).
#ifndef PLINTH_PLUGINS_DETECTION_POSTPROCESS_DETECTION_NMS_H_
#define PLINTH_PLUGINS_DETECTION_POSTPROCESS_DETECTION_NMS_H_

#include <algorithm>
#include <cstdint>

namespace plinth_detection {

// A decoded box, as the op outputs it.
struct BoxCorners {
  float ymin, xmin, ymax, xmax;
};

// Sorts indices 0..n-1 by decreasing value, equal values keeping index order: the result of
// TFLite's std::stable_sort, by a bottom-up merge sort that uses `tmp` (n ints) instead of the
// heap.
inline void StableDecreasingArgSort(const float* values, int n, int* indices, int* tmp) {
  for (int i = 0; i < n; ++i) indices[i] = i;
  for (int width = 1; width < n; width *= 2) {
    for (int lo = 0; lo < n; lo += 2 * width) {
      const int mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      int l = lo, r = mid, out = lo;
      while (l < mid && r < hi) {
        // Take from the right run only when strictly greater: that is what keeps it stable.
        tmp[out++] = values[indices[r]] > values[indices[l]] ? indices[r++] : indices[l++];
      }
      while (l < mid) tmp[out++] = indices[l++];
      while (r < hi) tmp[out++] = indices[r++];
    }
    std::copy(tmp, tmp + n, indices);
  }
}

// TFLite's DecreasingPartialArgSort: the first `k` of `indices` become the indices of the k
// largest values in decreasing order (std::partial_sort, so ties fall as the standard library
// leaves them, as in TFLite); k == 1 takes the first maximum.
inline void DecreasingPartialArgSort(const float* values, int n, int k, int* indices) {
  if (k <= 0) return;  // TFLite's result is unused then
  if (k == 1) {
    int best = 0;
    for (int i = 1; i < n; ++i) {
      if (values[i] > values[best]) best = i;
    }
    indices[0] = best;
    return;
  }
  for (int i = 0; i < n; ++i) indices[i] = i;
  std::partial_sort(indices, indices + k, indices + n,
                    [values](int i, int j) { return values[i] > values[j]; });
}

// Intersection over union, 0 when either box has no area.
inline float IntersectionOverUnion(const BoxCorners& a, const BoxCorners& b) {
  const float area_a = (a.ymax - a.ymin) * (a.xmax - a.xmin);
  const float area_b = (b.ymax - b.ymin) * (b.xmax - b.xmin);
  if (area_a <= 0 || area_b <= 0) return 0.f;
  const float ymin = std::max<float>(a.ymin, b.ymin);
  const float xmin = std::max<float>(a.xmin, b.xmin);
  const float ymax = std::min<float>(a.ymax, b.ymax);
  const float xmax = std::min<float>(a.xmax, b.xmax);
  const float intersection = std::max<float>(ymax - ymin, 0.f) * std::max<float>(xmax - xmin, 0.f);
  return intersection / (area_a + area_b - intersection);
}

// Per-call buffers of NonMaxSuppressionSingleClass, each of num_boxes elements.
struct NmsBuffers {
  float* keep_scores;
  int* keep_indices;
  int* sorted;
  int* sort_tmp;
  uint8_t* active;
};

// Greedy NMS over one score per box: drops scores below `score_threshold`, visits the rest by
// decreasing score and suppresses later boxes overlapping a kept one by more than
// `iou_threshold`. Writes at most `max_detections` box indices to `selected`; returns the count.
inline int NonMaxSuppressionSingleClass(const BoxCorners* boxes, const float* scores, int num_boxes,
                                        int max_detections, float score_threshold,
                                        float iou_threshold, const NmsBuffers& b, int* selected) {
  int kept = 0;
  for (int i = 0; i < num_boxes; ++i) {
    if (scores[i] >= score_threshold) {
      b.keep_scores[kept] = scores[i];
      b.keep_indices[kept] = i;
      ++kept;
    }
  }
  StableDecreasingArgSort(b.keep_scores, kept, b.sorted, b.sort_tmp);
  const int output_size = std::min(kept, max_detections);
  int num_selected = 0;
  int num_active = kept;
  for (int i = 0; i < kept; ++i) b.active[i] = 1;
  for (int i = 0; i < kept; ++i) {
    if (num_active == 0 || num_selected >= output_size) break;
    if (!b.active[i]) continue;
    const int box_i = b.keep_indices[b.sorted[i]];
    selected[num_selected++] = box_i;
    b.active[i] = 0;
    --num_active;
    for (int j = i + 1; j < kept; ++j) {
      if (!b.active[j]) continue;
      if (IntersectionOverUnion(boxes[box_i], boxes[b.keep_indices[b.sorted[j]]]) > iou_threshold) {
        b.active[j] = 0;
        --num_active;
      }
    }
  }
  return num_selected;
}

}  // namespace plinth_detection

#endif  // PLINTH_PLUGINS_DETECTION_POSTPROCESS_DETECTION_NMS_H_
