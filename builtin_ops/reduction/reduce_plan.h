// The shape side of the reductions (MEAN, SUM, REDUCE_*): resolving the axis tensor the way
// TFLite does, the output shape, and a row-major walk of the input that visits every input element
// once, in the order TFLite's reference kernels accumulate them. Fixed-size arrays only, so a plan
// can be made during Invoke (non-constant axes) without touching the heap.
#ifndef PLINTH_BUILTIN_OPS_REDUCTION_REDUCE_PLAN_H_
#define PLINTH_BUILTIN_OPS_REDUCTION_REDUCE_PLAN_H_

#include <array>
#include <cstdint>

#include "plinth/plugin.hpp"

namespace plinth::builtin {

// The core caps tensor rank at 16.
constexpr int kMaxReduceRank = 16;

struct ReducePlan {
  int rank = 0;  // of the input
  // Distinct reduced axes, non-negative, in the order the axis tensor first names them.
  int num_axes = 0;
  std::array<int, kMaxReduceRank> axes{};
  int output_rank = 0;
  std::array<int32_t, kMaxReduceRank> output_shape{};
  // The input seen as runs of adjacent dimensions that are all reduced or all kept; a kept run
  // advances the output index by its stride, a reduced one does not (stride 0).
  int num_runs = 0;
  std::array<int64_t, kMaxReduceRank> run_size{};
  std::array<int64_t, kMaxReduceRank> run_out_stride{};
  std::array<bool, kMaxReduceRank> run_reduced{};
  int64_t input_elements = 1;
  int64_t output_elements = 1;
  // Product of the reduced dimensions (TFLite's num_elements_in_axis).
  int64_t reduced_elements = 1;
  // Every dimension is reduced (TFLite reduces those starting from the first element).
  bool all_axes = false;
};

// Resolves `axis` (int32, any shape; negative values count from the end, repeats count once)
// against `input` and fills `plan`. A scalar input ignores the axes, as TFLite does. Reports an
// error naming an out-of-range axis.
PlinthStatus MakeReducePlan(const KernelContext& ctx, const Tensor& input, const Tensor& axis,
                            bool keep_dims, ReducePlan* plan);

// Calls f(input_index, output_index, first) for every input element in row-major order. `first`
// is true when every reduced coordinate is 0, i.e. for the first element reaching an output.
template <class F>
void WalkReduction(const ReducePlan& p, F&& f) {
  if (p.input_elements == 0) return;
  if (p.num_runs == 0) {
    f(int64_t{0}, int64_t{0}, true);
    return;
  }
  const int last = p.num_runs - 1;
  const int64_t inner = p.run_size[last];
  const int64_t inner_stride = p.run_out_stride[last];
  const bool inner_reduced = p.run_reduced[last];
  std::array<int64_t, kMaxReduceRank> counter{};
  int64_t in = 0, out = 0;
  int nonzero_reduced = 0;  // outer reduced runs whose counter is not 0
  while (true) {
    for (int64_t i = 0; i < inner; ++i) {
      f(in + i, out + i * inner_stride, nonzero_reduced == 0 && (!inner_reduced || i == 0));
    }
    in += inner;
    int d = last - 1;
    for (; d >= 0; --d) {
      ++counter[d];
      out += p.run_out_stride[d];
      if (p.run_reduced[d] && counter[d] == 1) ++nonzero_reduced;
      if (counter[d] < p.run_size[d]) break;
      out -= p.run_out_stride[d] * counter[d];
      if (p.run_reduced[d]) --nonzero_reduced;
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_REDUCTION_REDUCE_PLAN_H_
