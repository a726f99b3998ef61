// Axis resolution and output shapes of the reductions (see reduce_plan.h).
#include "builtin_ops/reduction/reduce_plan.h"

namespace plinth::builtin {

PlinthStatus MakeReducePlan(const KernelContext& ctx, const Tensor& input, const Tensor& axis,
                            bool keep_dims, ReducePlan* plan) {
  ReducePlan& p = *plan;
  p = ReducePlan();
  p.rank = input.rank();
  if (p.rank > kMaxReduceRank) {
    return ctx.Error("input rank ", p.rank, " exceeds ", kMaxReduceRank);
  }
  // The runs below multiply subsets of the dimensions: with every non-zero one's product in
  // int64, none of them overflows (an empty tensor's other dimensions can still be hostile).
  int64_t nonzero_product = 1;
  for (int d = 0; d < p.rank; ++d) {
    const int64_t size = input.dim(d);
    if (size != 0 && __builtin_mul_overflow(nonzero_product, size, &nonzero_product)) {
      return ctx.Error("input shape ", ShapeString(input), " has too many elements");
    }
  }
  std::array<bool, kMaxReduceRank> reduced{};
  if (p.rank > 0) {
    const int32_t* values = axis.data<int32_t>();
    const int64_t count = axis.num_elements();
    for (int64_t i = 0; i < count; ++i) {
      int64_t a = values[i];
      if (a < -p.rank || a >= p.rank) {
        return ctx.Error("axis ", a, " is out of range for a ", p.rank, "-D input ",
                         ShapeString(input));
      }
      if (a < 0) a += p.rank;
      if (!reduced[a]) {
        reduced[a] = true;
        p.axes[p.num_axes++] = static_cast<int>(a);
      }
    }
  }
  p.all_axes = p.num_axes == p.rank;

  for (int d = 0; d < p.rank; ++d) {
    const int32_t size = input.dim(d);
    p.input_elements *= size;
    if (reduced[d]) {
      p.reduced_elements *= size;
      if (keep_dims) p.output_shape[p.output_rank++] = 1;
    } else {
      p.output_elements *= size;
      p.output_shape[p.output_rank++] = size;
    }
  }

  // Merge adjacent dimensions with the same role into runs; a kept run's output stride is the
  // product of the kept dimensions after it.
  for (int d = 0; d < p.rank; ++d) {
    if (p.num_runs > 0 && p.run_reduced[p.num_runs - 1] == reduced[d]) {
      p.run_size[p.num_runs - 1] *= input.dim(d);
    } else {
      p.run_reduced[p.num_runs] = reduced[d];
      p.run_size[p.num_runs] = input.dim(d);
      ++p.num_runs;
    }
  }
  int64_t stride = 1;
  for (int r = p.num_runs - 1; r >= 0; --r) {
    if (p.run_reduced[r]) {
      p.run_out_stride[r] = 0;
    } else {
      p.run_out_stride[r] = stride;
      stride *= p.run_size[r];
    }
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
