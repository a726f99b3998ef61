// Runs a float GEMM C = A x W + bias on the interpreter's threads with the selected micro-kernel:
// the driver of CONV_2D, FULLY_CONNECTED, BATCH_MATMUL and TRANSPOSE_CONV. W is packed once per
// model (ModelShared) or, for a non-constant operand, per invoke into scratch. Rows of A are read
// in place (a strided matrix) or gathered MR rows at a time into a small per-chunk buffer (im2col).
//
// Work: tiles of MR rows x a block of columns, cut into chunks (4 per thread) that the thread
// pool hands out; scratch is indexed by chunk, never by thread.
#ifndef PLINTH_BUILTIN_OPS_NN_F32_GEMM_DRIVER_H_
#define PLINTH_BUILTIN_OPS_NN_F32_GEMM_DRIVER_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/gemm/f32_gemm.h"

namespace plinth::builtin::nn {

// Packed weights and bias of one node, shared by every interpreter of the model.
struct PackedF32Weights {
  std::vector<float> weights, bias;
  size_t bytes() const { return (weights.size() + bias.size()) * sizeof(float); }
};

// Packs an n x k weight matrix given as rows of k per column ([n][k]: OHWI filters, [units, depth]
// weights) and an optional bias for `kernel`, once per model. `key` tells a node's packings apart.
inline const PackedF32Weights* SharedPackedF32(const KernelContext& ctx, uint32_t key,
                                               const gemm::F32Gemm& kernel, size_t n, size_t k,
                                               const float* w, const float* bias) {
  return ctx.ModelShared<PackedF32Weights>(key, [&] {
    auto* p = new PackedF32Weights;
    p->weights.resize(gemm::PackedF32Size(n, k, kernel.nr));
    gemm::PackF32NK(n, k, kernel.nr, w, k, p->weights.data());
    p->bias.resize((n + kernel.nr - 1) / kernel.nr * kernel.nr);
    gemm::PackF32Bias(n, kernel.nr, bias, p->bias.data());
    return p;
  });
}

// A ModelShared key for a node's packed weights: what is packed, for which kernel tile.
inline uint32_t PackKey(uint32_t what, const gemm::F32Gemm& kernel) {
  return (what << 16) | (kernel.mr << 8) | kernel.nr;
}

// How a GEMM of m x n x k is cut; made in Prepare.
struct F32GemmPlan {
  gemm::F32Gemm kernel;
  size_t m = 0, n = 0, k = 0;
  size_t block_n = 0;  // columns per task (whole panels)
  size_t tasks = 0, chunks = 1;
  int32_t rows_scratch = -1;  // chunks x MR x k floats when rows are gathered
};

// Plans the GEMM and, when `gather_rows`, requests the row buffers. False when scratch fails.
inline bool PlanF32Gemm(const KernelContext& ctx, const gemm::F32Gemm& kernel, size_t m, size_t n,
                        size_t k, bool gather_rows, F32GemmPlan* plan) {
  plan->kernel = kernel;
  plan->m = m;
  plan->n = n;
  plan->k = k;
  const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
  // At least one tile, so that an empty batch plans (and then skips) without dividing by zero.
  const size_t m_tiles = std::max<size_t>(1, (m + kernel.mr - 1) / kernel.mr);
  const size_t panels = std::max<size_t>(1, (n + kernel.nr - 1) / kernel.nr);
  const size_t wanted = threads > 1 ? 4 * threads : 1;
  // Split the columns only when there are too few row tiles to go round.
  size_t n_blocks = 1;
  if (m_tiles < wanted) n_blocks = std::min(panels, (wanted + m_tiles - 1) / m_tiles);
  plan->block_n = (panels + n_blocks - 1) / n_blocks * kernel.nr;
  n_blocks = (panels * kernel.nr + plan->block_n - 1) / plan->block_n;
  plan->tasks = m_tiles * n_blocks;
  plan->chunks = std::max<size_t>(1, std::min(plan->tasks, wanted));
  plan->rows_scratch = -1;
  if (gather_rows) {
    plan->rows_scratch =
        ctx.RequestScratch(std::max<size_t>(1, plan->chunks * kernel.mr * k * sizeof(float)));
    if (plan->rows_scratch < 0) return false;
  }
  return true;
}

// Computes C (row i at c + i * c_stride) = clamp(A x W + bias). With `gather` null, row i of A is
// at a + i * a_stride; otherwise gather(first_row, rows, buffer) writes rows [first_row,
// first_row + rows) of A, k floats each, to buffer.
template <class Gather>
void RunF32Gemm(const KernelContext& ctx, const F32GemmPlan& plan, const float* packed_w,
                const float* packed_bias, const float* a, size_t a_stride, const Gather* gather,
                float* c, size_t c_stride, FloatRange range) {
  if (plan.m == 0 || plan.n == 0) return;
  const gemm::F32Gemm& kernel = plan.kernel;
  const size_t mr = kernel.mr, k = plan.k;
  const size_t n_blocks = (plan.n + plan.block_n - 1) / plan.block_n;
  float* rows = gather != nullptr ? ctx.Scratch<float>(plan.rows_scratch) : nullptr;
  gemm::F32GemmArgs args;
  args.min = range.min;
  args.max = range.max;
  ctx.ParallelFor(plan.chunks, 1, [&](size_t first, size_t last) {
    for (size_t chunk = first; chunk < last; ++chunk) {
      float* buffer = rows != nullptr ? rows + chunk * mr * k : nullptr;
      size_t gathered = std::numeric_limits<size_t>::max();
      const size_t t_end = plan.tasks * (chunk + 1) / plan.chunks;
      for (size_t t = plan.tasks * chunk / plan.chunks; t < t_end; ++t) {
        const size_t tile = t / n_blocks, block = t % n_blocks;
        const size_t m0 = tile * mr, mb = std::min(mr, plan.m - m0);
        const size_t n0 = block * plan.block_n, nb = std::min(plan.block_n, plan.n - n0);
        const float* a_rows = a + m0 * a_stride;
        size_t stride = a_stride;
        if (gather != nullptr) {
          if (gathered != tile) (*gather)(m0, mb, buffer);
          gathered = tile;
          a_rows = buffer;
          stride = k;
        }
        gemm::F32GemmArgs tile_args = args;
        tile_args.bias = packed_bias != nullptr ? packed_bias + n0 : nullptr;
        const gemm::F32GemmFn fn = mb == 1 ? kernel.rows1 : kernel.fn;
        fn(mb, nb, k, a_rows, stride, packed_w + n0 * k, c + m0 * c_stride + n0, c_stride,
           tile_args);
      }
    }
  });
}

// No gather: A is a strided matrix.
struct NoGather {
  void operator()(size_t, size_t, float*) const {}
};

}  // namespace plinth::builtin::nn

#endif  // PLINTH_BUILTIN_OPS_NN_F32_GEMM_DRIVER_H_
