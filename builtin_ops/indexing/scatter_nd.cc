// SCATTER_ND: a zero tensor of shape `shape` (int32, 1-D) with the slices of `updates` added at
// the int32 `indices`; repeated indices accumulate (integers wrap, bools OR). Updates float32,
// int32, int64, int8, uint8, bool. A non-constant shape makes the output dynamic.
#include <algorithm>
#include <array>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kIndices = 0;
constexpr int kUpdates = 1;
constexpr int kShape = 2;
constexpr int kOutput = 0;

template <class T>
T AddUpdate(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}

class ScatterNd {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3 && ctx.num_outputs() == 1,
                  "SCATTER_ND takes 3 inputs (indices, updates, shape) and 1 output, got ",
                  ctx.num_inputs(), " and ", ctx.num_outputs());
    Tensor indices = ctx.input(kIndices), updates = ctx.input(kUpdates);
    Tensor shape = ctx.input(kShape), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, indices, "indices", {PLINTH_INT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(
        ctx, updates, "updates",
        {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, shape, "shape", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, output && output.type() == updates.type(), "output type must be ",
                  TypeName(updates.type()));
    PLINTH_ENSURE(ctx, indices.rank() >= 1 && updates.rank() >= 1,
                  "indices and updates must be at least 1-D");
    PLINTH_ENSURE(ctx, shape.rank() == 1, "shape must be 1-D, got ", ShapeString(shape));
    dynamic_ = !shape.is_constant();
    if (dynamic_) return ctx.SetDynamic(output);
    return CheckAndResize(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(CheckAndResize(ctx));
    switch (ctx.input(kUpdates).type()) {
      case PLINTH_FLOAT32:
        return Run<float>(ctx);
      case PLINTH_INT32:
        return Run<int32_t>(ctx);
      case PLINTH_INT64:
        return Run<int64_t>(ctx);
      case PLINTH_INT8:
        return Run<int8_t>(ctx);
      case PLINTH_UINT8:
        return Run<uint8_t>(ctx);
      case PLINTH_BOOL:
        return Run<bool>(ctx);
      default:
        return ctx.Error("unsupported type ", TypeName(ctx.input(kUpdates).type()));
    }
  }

 private:
  // TFLite's shape rules: indices [..., nd] and updates [..., shape[nd:]] share their leading
  // dimensions.
  PlinthStatus CheckAndResize(const KernelContext& ctx) {
    Tensor indices = ctx.input(kIndices), updates = ctx.input(kUpdates), shape = ctx.input(kShape);
    const int32_t* dims = shape.data<int32_t>();
    const int out_rank = shape.dim(0);
    PLINTH_ENSURE(ctx, out_rank <= 16, "shape has ", out_rank, " dimensions, more than 16");
    int32_t out_shape[16];
    for (int i = 0; i < out_rank; ++i) {
      PLINTH_ENSURE(ctx, dims[i] >= 0, "shape dimension ", i, " is negative: ", dims[i]);
      out_shape[i] = dims[i];
    }
    const int outer = indices.rank() - 1;
    nd_ = indices.dim(outer);
    PLINTH_ENSURE(ctx, nd_ <= out_rank, "indices address ", nd_, " dimensions, the shape has ",
                  out_rank);
    PLINTH_ENSURE(ctx, updates.rank() >= outer, "updates ", ShapeString(updates),
                  " lack the leading dimensions of indices ", ShapeString(indices));
    for (int i = 0; i < outer; ++i) {
      PLINTH_ENSURE(ctx, indices.dim(i) == updates.dim(i), "indices ", ShapeString(indices),
                    " and updates ", ShapeString(updates), " differ in dimension ", i);
    }
    PLINTH_ENSURE(ctx, updates.rank() - outer == out_rank - nd_, "updates ", ShapeString(updates),
                  " do not match slices of the output shape");
    for (int i = 0; i + outer < updates.rank(); ++i) {
      PLINTH_ENSURE(ctx, updates.dim(i + outer) == out_shape[nd_ + i], "updates ",
                    ShapeString(updates), " do not match slices of the output shape");
    }
    slices_ = 1;
    for (int i = 0; i < outer; ++i) slices_ *= indices.dim(i);
    slice_size_ = 1;
    for (int i = nd_; i < out_rank; ++i) slice_size_ *= out_shape[i];
    std::copy(out_shape, out_shape + out_rank, out_dims_.begin());
    return ctx.Resize(ctx.output(kOutput), out_shape, out_rank);
  }

  template <class T>
  PlinthStatus Run(const KernelContext& ctx) const {
    const int32_t* index = ctx.input(kIndices).data<int32_t>();
    const T* updates = ctx.input(kUpdates).data<T>();
    Tensor output = ctx.output(kOutput);
    T* out = output.data<T>();
    std::fill(out, out + output.num_elements(), T{});
    // Strides of the addressed dimensions, in elements.
    std::array<int64_t, 16> strides{};
    int64_t stride = slice_size_;
    for (int j = nd_ - 1; j >= 0; --j) {
      strides[j] = stride;
      stride *= out_dims_[j];
    }
    for (int64_t s = 0; s < slices_; ++s) {
      int64_t to = 0;
      for (int j = 0; j < nd_; ++j) {
        const int64_t coord = index[s * nd_ + j];
        PLINTH_ENSURE(ctx, coord >= 0 && coord < out_dims_[j], "SCATTER_ND index ", coord,
                      " (slice ", s, ", dimension ", j, ") is out of range [0, ", out_dims_[j],
                      ")");
        to += coord * strides[j];
      }
      for (int64_t k = 0; k < slice_size_; ++k) {
        out[to + k] = AddUpdate(out[to + k], updates[s * slice_size_ + k]);
      }
    }
    return PLINTH_OK;
  }

  bool dynamic_ = false;
  int nd_ = 0;
  std::array<int32_t, 16> out_dims_{};
  int64_t slices_ = 1, slice_size_ = 1;
};

}  // namespace

PlinthStatus RegisterScatterNd(Registrar& r) {
  return r.AddBuiltin<ScatterNd>(
      "SCATTER_ND", 1, 1,
      {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_BOOL});
}

}  // namespace plinth::builtin
