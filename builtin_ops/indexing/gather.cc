// GATHER: slices of `params` along `axis` (negative counts from the end) picked by int16, int32
// or int64 positions, with `batch_dims` leading dimensions shared by params and positions.
// Elements are copied as bytes, so every fixed-size type works, quantized ones included (the
// output keeps the values, hence the parameters, of the input).
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/index_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kParams = 0;
constexpr int kPositions = 1;
constexpr int kOutput = 0;

class Gather {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1,
                  "GATHER takes 2 inputs (params, positions) and 1 output, got ", ctx.num_inputs(),
                  " and ", ctx.num_outputs());
    Tensor params = ctx.input(kParams), positions = ctx.input(kPositions);
    Tensor output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, params, "params",
                  {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16,
                   PLINTH_UINT16, PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, positions, "positions", {PLINTH_INT16, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, output && output.type() == params.type(), "output type must be ",
                  TypeName(params.type()));

    const int64_t axis_option = ctx.OptionInt("axis");
    const int axis = NormalizeAxis(axis_option, params.rank());
    PLINTH_ENSURE(ctx, axis >= 0, "axis ", axis_option, " is out of range for ",
                  ShapeString(params));
    int64_t batch_dims = ctx.OptionInt("batch_dims");
    if (batch_dims < 0) batch_dims += positions.rank();
    PLINTH_ENSURE(ctx, batch_dims >= 0 && batch_dims <= positions.rank(), "batch_dims ",
                  ctx.OptionInt("batch_dims"), " is out of range for positions ",
                  ShapeString(positions));
    PLINTH_ENSURE(ctx, batch_dims <= axis, "batch_dims ", batch_dims, " must not exceed the axis ",
                  axis);
    for (int i = 0; i < batch_dims; ++i) {
      PLINTH_ENSURE(ctx, params.dim(i) == positions.dim(i), "batch dimension ", i,
                    " differs: params ", ShapeString(params), ", positions ",
                    ShapeString(positions));
    }

    std::vector<int32_t> shape;
    for (int i = 0; i < axis; ++i) shape.push_back(params.dim(i));
    for (int i = static_cast<int>(batch_dims); i < positions.rank(); ++i) {
      shape.push_back(positions.dim(i));
    }
    for (int i = axis + 1; i < params.rank(); ++i) shape.push_back(params.dim(i));

    batch_ = outer_ = inner_ = coords_ = 1;
    for (int i = 0; i < batch_dims; ++i) batch_ *= params.dim(i);
    for (int i = static_cast<int>(batch_dims); i < axis; ++i) outer_ *= params.dim(i);
    for (int i = axis + 1; i < params.rank(); ++i) inner_ *= params.dim(i);
    for (int i = static_cast<int>(batch_dims); i < positions.rank(); ++i) {
      coords_ *= positions.dim(i);
    }
    axis_size_ = params.dim(axis);
    element_bytes_ = TypeSize(params.type());
    return ctx.Resize(output, shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor params = ctx.input(kParams), positions = ctx.input(kPositions);
    Tensor output = ctx.output(kOutput);
    return WithIndexType(positions.type(), [&](auto tag) {
      using I = decltype(tag);
      const I* index = positions.data<I>();
      const int64_t count = positions.num_elements();
      for (int64_t i = 0; i < count; ++i) {
        PLINTH_ENSURE(ctx, index[i] >= 0 && index[i] < axis_size_, "GATHER position ",
                      static_cast<int64_t>(index[i]), " (element ", i, ") is out of range [0, ",
                      axis_size_, ")");
      }
      const char* in = static_cast<const char*>(params.raw_data());
      char* out = static_cast<char*>(output.raw_data());
      const size_t row = static_cast<size_t>(inner_) * element_bytes_;
      for (int64_t b = 0; b < batch_; ++b) {
        for (int64_t o = 0; o < outer_; ++o) {
          for (int64_t c = 0; c < coords_; ++c) {
            const int64_t from = ((b * outer_ + o) * axis_size_ + index[b * coords_ + c]);
            const int64_t to = (b * outer_ + o) * coords_ + c;
            CopyElements(out + to * row, in + from * row, inner_, element_bytes_);
          }
        }
      }
      return PLINTH_OK;
    });
  }

 private:
  int64_t batch_ = 1, outer_ = 1, inner_ = 1, coords_ = 1, axis_size_ = 0;
  size_t element_bytes_ = 0;
};

}  // namespace

PlinthStatus RegisterGather(Registrar& r) {
  return r.AddBuiltin<Gather>(
      "GATHER", 1, 6,
      {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16, PLINTH_UINT16,
       PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL});
}

}  // namespace plinth::builtin
