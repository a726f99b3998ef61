// DYNAMIC_UPDATE_SLICE (XLA semantics): `operand` with `update` written at `start_indices`
// (int32 or int64, one per dimension), each start clamped to [0, operand_dim - update_dim].
// float32, float16, bool, int8, int16, int32, int64; elements are copied as bytes.
#include <algorithm>
#include <array>
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/index_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kOperand = 0;
constexpr int kUpdate = 1;
constexpr int kStartIndices = 2;
constexpr int kOutput = 0;

class DynamicUpdateSlice {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3 && ctx.num_outputs() == 1,
                  "DYNAMIC_UPDATE_SLICE takes 3 inputs (operand, update, start_indices) and 1 ",
                  "output, got ", ctx.num_inputs(), " and ", ctx.num_outputs());
    Tensor operand = ctx.input(kOperand), update = ctx.input(kUpdate);
    Tensor start = ctx.input(kStartIndices), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, operand, "operand",
                                     {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_BOOL, PLINTH_INT8,
                                      PLINTH_INT16, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, update && update.type() == operand.type(), "update type must be ",
                  TypeName(operand.type()));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, start, "start_indices", {PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, output && output.type() == operand.type(), "output type must be ",
                  TypeName(operand.type()));
    PLINTH_ENSURE(ctx, start.rank() == 1 && start.dim(0) == operand.rank(),
                  "start_indices must hold one index per operand dimension (", operand.rank(),
                  "), got ", ShapeString(start));
    PLINTH_ENSURE(ctx, update.rank() == operand.rank(), "update ", ShapeString(update),
                  " and operand ", ShapeString(operand), " differ in rank");
    for (int d = 0; d < operand.rank(); ++d) {
      PLINTH_ENSURE(ctx, update.dim(d) <= operand.dim(d), "update ", ShapeString(update),
                    " is larger than operand ", ShapeString(operand), " in dimension ", d);
    }
    return ctx.Resize(output, operand.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor operand = ctx.input(kOperand), update = ctx.input(kUpdate);
    Tensor start = ctx.input(kStartIndices), output = ctx.output(kOutput);
    const size_t bytes = TypeSize(operand.type());
    char* out = static_cast<char*>(output.raw_data());
    const char* src = static_cast<const char*>(update.raw_data());
    if (out != operand.raw_data()) {
      CopyElements(out, operand.raw_data(), operand.num_elements(), bytes);
    }
    const int rank = operand.rank();
    if (update.num_elements() == 0) return PLINTH_OK;
    if (rank == 0) {
      CopyElements(out, src, 1, bytes);
      return PLINTH_OK;
    }
    std::array<int64_t, 16> begin{}, out_stride{};
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      const int64_t limit = operand.dim(d) - update.dim(d);
      begin[d] = std::min<int64_t>(std::max<int64_t>(0, IntegerAt(start, d)), limit);
      out_stride[d] = stride;
      stride *= operand.dim(d);
    }
    // Copy the update row by row (its innermost dimension is contiguous in both tensors).
    const int64_t row = update.dim(rank - 1);
    const int64_t rows = update.num_elements() / row;
    std::array<int64_t, 16> counter{};
    for (int64_t r = 0; r < rows; ++r) {
      int64_t offset = begin[rank - 1];
      for (int d = 0; d + 1 < rank; ++d) offset += (begin[d] + counter[d]) * out_stride[d];
      CopyElements(out + offset * static_cast<int64_t>(bytes),
                   src + r * row * static_cast<int64_t>(bytes), row, bytes);
      for (int d = rank - 2; d >= 0; --d) {
        if (++counter[d] < update.dim(d)) break;
        counter[d] = 0;
      }
    }
    return PLINTH_OK;
  }
};

}  // namespace

PlinthStatus RegisterDynamicUpdateSlice(Registrar& r) {
  return r.AddBuiltin<DynamicUpdateSlice>("DYNAMIC_UPDATE_SLICE", 1, 4,
                                          {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_BOOL, PLINTH_INT8,
                                           PLINTH_INT16, PLINTH_INT32, PLINTH_INT64});
}

}  // namespace plinth::builtin
