// GATHER_ND: slices of `params` addressed by the last dimension of `indices` (int16, int32 or
// int64): output shape indices.shape[:-1] + params.shape[indices.shape[-1]:]. Every coordinate
// is checked against its dimension at invoke; elements are copied as bytes.
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/index_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kParams = 0;
constexpr int kIndices = 1;
constexpr int kOutput = 0;

class GatherNd {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1,
                  "GATHER_ND takes 2 inputs (params, indices) and 1 output, got ", ctx.num_inputs(),
                  " and ", ctx.num_outputs());
    Tensor params = ctx.input(kParams), indices = ctx.input(kIndices);
    Tensor output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, params, "params",
                  {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16,
                   PLINTH_UINT16, PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, indices, "indices", {PLINTH_INT16, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, output && output.type() == params.type(), "output type must be ",
                  TypeName(params.type()));
    PLINTH_ENSURE(ctx, params.rank() >= 1, "params must be at least 1-D, got ",
                  ShapeString(params));
    PLINTH_ENSURE(ctx, indices.rank() >= 1, "indices must be at least 1-D, got ",
                  ShapeString(indices));
    nd_ = indices.dim(-1);
    PLINTH_ENSURE(ctx, nd_ <= params.rank(), "indices address ", nd_,
                  " dimensions, params has only ", params.rank());

    std::vector<int32_t> shape;
    slices_ = 1;
    for (int i = 0; i + 1 < indices.rank(); ++i) {
      shape.push_back(indices.dim(i));
      slices_ *= indices.dim(i);
    }
    slice_size_ = 1;
    for (int i = nd_; i < params.rank(); ++i) {
      shape.push_back(params.dim(i));
      slice_size_ *= params.dim(i);
    }
    // Strides of the addressed dimensions, in elements.
    strides_.assign(nd_, 0);
    int64_t stride = slice_size_;
    for (int i = nd_ - 1; i >= 0; --i) {
      strides_[i] = stride;
      stride *= params.dim(i);
    }
    PLINTH_ENSURE(ctx, params.num_elements() > 0 || indices.num_elements() == 0,
                  "cannot gather from the empty params ", ShapeString(params));
    element_bytes_ = TypeSize(params.type());
    return ctx.Resize(output, shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor params = ctx.input(kParams), indices = ctx.input(kIndices);
    Tensor output = ctx.output(kOutput);
    return WithIndexType(indices.type(), [&](auto tag) {
      using I = decltype(tag);
      const I* index = indices.data<I>();
      const char* in = static_cast<const char*>(params.raw_data());
      char* out = static_cast<char*>(output.raw_data());
      const size_t slice_bytes = static_cast<size_t>(slice_size_) * element_bytes_;
      for (int64_t s = 0; s < slices_; ++s) {
        int64_t from = 0;
        for (int j = 0; j < nd_; ++j) {
          const int64_t coord = index[s * nd_ + j];
          PLINTH_ENSURE(ctx, coord >= 0 && coord < params.dim(j), "GATHER_ND index ", coord,
                        " (slice ", s, ", dimension ", j, ") is out of range [0, ", params.dim(j),
                        ")");
          from += coord * strides_[j];
        }
        CopyElements(out + s * slice_bytes, in + from * static_cast<int64_t>(element_bytes_),
                     slice_size_, element_bytes_);
      }
      return PLINTH_OK;
    });
  }

 private:
  int nd_ = 0;
  int64_t slices_ = 1, slice_size_ = 1;
  std::vector<int64_t> strides_;
  size_t element_bytes_ = 0;
};

}  // namespace

PlinthStatus RegisterGatherNd(Registrar& r) {
  return r.AddBuiltin<GatherNd>(
      "GATHER_ND", 1, 5,
      {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16, PLINTH_UINT16,
       PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL});
}

}  // namespace plinth::builtin
