// Shared by SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND: the layout is [batch, M spatial dimensions,
// remaining dimensions]; block_shape has M entries and paddings (or crops) M rows of
// [before, after]. Output batch index = block offset * batch + b, where the block offset numbers
// (offset_1, ..., offset_M) with offset_M varying fastest, as in TensorFlow.
#ifndef PLINTH_BUILTIN_OPS_IMAGE_SPACE_BATCH_H_
#define PLINTH_BUILTIN_OPS_IMAGE_SPACE_BATCH_H_

#include <array>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {

struct SpaceBatchGeometry {
  int spatial = 0;                              // M
  std::array<int64_t, kMaxShapeRank> block{};   // block_shape
  std::array<int64_t, kMaxShapeRank> before{};  // leading padding (or crop)
  std::array<int64_t, kMaxShapeRank> after{};   // trailing padding (or crop)
  int64_t block_count = 1;                      // product of block_shape
};

// Checks the block_shape and paddings/crops tensors' types and shapes against the input.
inline PlinthStatus CheckSpaceBatchInputs(const KernelContext& ctx, const Tensor& input,
                                          const Tensor& block, const Tensor& pads,
                                          const char* pads_name) {
  PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
  PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, block, "block_shape"));
  PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, pads, pads_name));
  PLINTH_ENSURE(ctx, block.rank() == 1, "block_shape must be 1-D, got ", ShapeString(block));
  const int m = block.dim(0);
  PLINTH_ENSURE(ctx, m >= 1 && m < input.rank(), "block_shape has ", m,
                " entries; an input of rank ", input.rank(), " allows 1 to ", input.rank() - 1);
  PLINTH_ENSURE(ctx, pads.rank() == 2 && pads.dim(0) == m && pads.dim(1) == 2, pads_name,
                " must have shape [", m, ", 2], got ", ShapeString(pads));
  return PLINTH_OK;
}

// Reads block_shape and paddings/crops (values checked: block >= 1, paddings >= 0).
inline PlinthStatus ReadSpaceBatchGeometry(const KernelContext& ctx, const Tensor& block,
                                           const Tensor& pads, const char* pads_name,
                                           SpaceBatchGeometry* g) {
  g->spatial = block.dim(0);
  g->block_count = 1;
  for (int k = 0; k < g->spatial; ++k) {
    g->block[k] = IndexAt(block, k);
    g->before[k] = IndexAt(pads, 2 * k);
    g->after[k] = IndexAt(pads, 2 * k + 1);
    PLINTH_ENSURE(ctx, g->block[k] >= 1, "block_shape[", k, "] must be positive, got ",
                  g->block[k]);
    PLINTH_ENSURE(ctx, g->before[k] >= 0 && g->after[k] >= 0, pads_name, " of dimension ", k,
                  " must not be negative, got [", g->before[k], ", ", g->after[k], "]");
    g->block_count *= g->block[k];
    PLINTH_ENSURE(ctx, g->block_count <= INT32_MAX, "block_shape is too large");
  }
  return PLINTH_OK;
}

// Splits a block index into per-dimension offsets (the last dimension varies fastest).
inline void BlockOffsets(const SpaceBatchGeometry& g, int64_t index,
                         std::array<int64_t, kMaxShapeRank>* offsets) {
  for (int k = g.spatial - 1; k >= 0; --k) {
    (*offsets)[k] = index % g.block[k];
    index /= g.block[k];
  }
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_IMAGE_SPACE_BATCH_H_
