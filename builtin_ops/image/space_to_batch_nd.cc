// SPACE_TO_BATCH_ND: pads the M spatial dimensions, then moves each block_shape block of them
// into the batch. Padding is the output's zero point for uint8/int8/int16 (0.0 when quantized),
// zero otherwise; input and output must share their quantization, as TFLite requires. TFLite
// serves 3-D and 4-D inputs (M = rank - 2); any M from 1 to rank - 1 is served here.
#include <array>
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/image/image_ops.h"
#include "builtin_ops/image/space_batch.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class SpaceToBatchNd {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3,
                  "expects 3 inputs (input, block_shape, paddings), got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), block = ctx.input(1), pads = ctx.input(2), output = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckSpaceBatchInputs(ctx, input, block, pads, "paddings"));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, output));
    PLINTH_RETURN_IF_ERROR(CheckSameQuantization(ctx, input, output, "input", "output"));
    pad_value_.fill(0);
    const PlinthType type = input.type();
    if (type == PLINTH_UINT8 || type == PLINTH_INT8 || type == PLINTH_INT16) {
      const int32_t zp = ZeroPointOr0(output);
      PLINTH_ENSURE(ctx, zp >= QMinOf(type) && zp <= QMaxOf(type), "output zero point ", zp,
                    " does not fit ", TypeName(type));
      if (type == PLINTH_INT16) {
        const int16_t z = static_cast<int16_t>(zp);
        std::memcpy(pad_value_.data(), &z, sizeof(z));
      } else {
        pad_value_[0] = static_cast<char>(zp);
      }
    }
    dynamic_ = !(block.is_constant() && pads.is_constant());
    if (dynamic_) return ctx.SetDynamic(output);
    return ResolveGeometry(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolveGeometry(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0);
    if (output.num_elements() == 0) return PLINTH_OK;
    const size_t elem = TypeSize(input.type());
    const int m = g_.spatial;
    const int64_t batch = input.dim(0);
    const int64_t inner = DimProduct(input, m + 1, input.rank());
    const size_t inner_bytes = static_cast<size_t>(inner) * elem;
    const char* in = static_cast<const char*>(input.raw_data());
    char* out = static_cast<char*>(output.raw_data());
    std::array<int64_t, kMaxShapeRank> offsets{};
    for (int64_t ob = 0; ob < output.dim(0); ++ob) {
      const int64_t b = ob % batch;
      BlockOffsets(g_, ob / batch, &offsets);
      // Walk the output's spatial positions in row-major order.
      std::array<int32_t, kMaxShapeRank> pos{};
      const int64_t positions = DimProduct(output, 1, m + 1);
      for (int64_t p = 0; p < positions; ++p) {
        int64_t from = b;
        bool inside = true;
        for (int k = 0; k < m; ++k) {
          const int64_t i = pos[k] * g_.block[k] + offsets[k] - g_.before[k];
          inside = inside && i >= 0 && i < input.dim(k + 1);
          from = from * input.dim(k + 1) + i;
        }
        if (inside) {
          std::memcpy(out, in + static_cast<size_t>(from) * inner_bytes, inner_bytes);
        } else {
          FillElements(out, inner, pad_value_.data(), elem);
        }
        out += inner_bytes;
        for (int k = m - 1; k >= 0; --k) {
          if (++pos[k] < output.dim(k + 1)) break;
          pos[k] = 0;
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResolveGeometry(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(
        ReadSpaceBatchGeometry(ctx, ctx.input(1), ctx.input(2), "paddings", &g_));
    InlineShape out = ShapeOf(input);
    PLINTH_ENSURE(ctx, input.dim(0) * g_.block_count <= INT32_MAX, "output batch is too large");
    out.dims[0] = static_cast<int32_t>(input.dim(0) * g_.block_count);
    for (int k = 0; k < g_.spatial; ++k) {
      const int64_t padded = input.dim(k + 1) + g_.before[k] + g_.after[k];
      PLINTH_ENSURE(ctx, padded % g_.block[k] == 0, "padded dimension ", k + 1, " (", padded,
                    ") is not a multiple of block_shape[", k, "] = ", g_.block[k]);
      out.dims[k + 1] = static_cast<int32_t>(padded / g_.block[k]);
    }
    return out.ResizeTo(ctx, ctx.output(0));
  }

  bool dynamic_ = false;
  SpaceBatchGeometry g_;
  std::array<char, 8> pad_value_{};
};

}  // namespace

PlinthStatus RegisterSpaceToBatchNd(Registrar& r) {
  return r.AddBuiltin<SpaceToBatchNd>("SPACE_TO_BATCH_ND", 1, 4, MovableTypes());
}

}  // namespace plinth::builtin
