// BATCH_TO_SPACE_ND, the inverse of SPACE_TO_BATCH_ND: moves batch blocks back into the M
// spatial dimensions, then crops them. Input and output must share their quantization, as
// TFLite requires. TFLite serves 3-D and 4-D inputs (M = rank - 2); any M from 1 to rank - 1 is
// served here.
#include <array>
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/image/image_ops.h"
#include "builtin_ops/image/space_batch.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class BatchToSpaceNd {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3, "expects 3 inputs (input, block_shape, crops), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), block = ctx.input(1), crops = ctx.input(2), output = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckSpaceBatchInputs(ctx, input, block, crops, "crops"));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, output));
    PLINTH_RETURN_IF_ERROR(CheckSameQuantization(ctx, input, output, "input", "output"));
    dynamic_ = !(block.is_constant() && crops.is_constant());
    if (dynamic_) return ctx.SetDynamic(output);
    return ResolveGeometry(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolveGeometry(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0);
    if (output.num_elements() == 0) return PLINTH_OK;
    const size_t elem = TypeSize(input.type());
    const int m = g_.spatial;
    const int64_t batch = output.dim(0);
    const size_t inner_bytes = static_cast<size_t>(DimProduct(input, m + 1, input.rank())) * elem;
    const char* in = static_cast<const char*>(input.raw_data());
    char* out = static_cast<char*>(output.raw_data());
    std::array<int64_t, kMaxShapeRank> offsets{};
    const int64_t positions = DimProduct(input, 1, m + 1);
    // Every output element comes from exactly one input element: walk the input and place it.
    for (int64_t ib = 0; ib < input.dim(0); ++ib) {
      const int64_t b = ib % batch;
      BlockOffsets(g_, ib / batch, &offsets);
      std::array<int32_t, kMaxShapeRank> pos{};
      for (int64_t p = 0; p < positions; ++p) {
        int64_t to = b;
        bool inside = true;
        for (int k = 0; k < m; ++k) {
          const int64_t o = pos[k] * g_.block[k] + offsets[k] - g_.before[k];
          inside = inside && o >= 0 && o < output.dim(k + 1);
          to = to * output.dim(k + 1) + o;
        }
        if (inside) std::memcpy(out + static_cast<size_t>(to) * inner_bytes, in, inner_bytes);
        in += inner_bytes;
        for (int k = m - 1; k >= 0; --k) {
          if (++pos[k] < input.dim(k + 1)) break;
          pos[k] = 0;
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResolveGeometry(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(ReadSpaceBatchGeometry(ctx, ctx.input(1), ctx.input(2), "crops", &g_));
    PLINTH_ENSURE(ctx, input.dim(0) % g_.block_count == 0, "input batch ", input.dim(0),
                  " is not a multiple of the block size ", g_.block_count);
    InlineShape out = ShapeOf(input);
    out.dims[0] = static_cast<int32_t>(input.dim(0) / g_.block_count);
    for (int k = 0; k < g_.spatial; ++k) {
      const int64_t full = input.dim(k + 1) * g_.block[k];
      const int64_t size = full - g_.before[k] - g_.after[k];
      PLINTH_ENSURE(ctx, full <= INT32_MAX && size >= 0, "crops [", g_.before[k], ", ", g_.after[k],
                    "] exceed dimension ", k + 1, " of size ", full);
      out.dims[k + 1] = static_cast<int32_t>(size);
    }
    return out.ResizeTo(ctx, ctx.output(0));
  }

  bool dynamic_ = false;
  SpaceBatchGeometry g_;
};

}  // namespace

PlinthStatus RegisterBatchToSpaceNd(Registrar& r) {
  return r.AddBuiltin<BatchToSpaceNd>("BATCH_TO_SPACE_ND", 1, 4, MovableTypes());
}

}  // namespace plinth::builtin
