// TOPK_V2: the k largest values of each row (last dimension) in decreasing order, with their
// indices (int32 or int16); equal values keep the lower index first, as TFLite's TopContainer.
// Values float32, uint8, int8, int16, int32, int64; k an int32 or int16 scalar (k <= 0 gives
// empty rows). A non-constant k makes both outputs dynamic.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/index_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kK = 1;
constexpr int kValues = 0;
constexpr int kIndices = 1;

// a ranks before b: larger first, NaN above every number (a strict weak order, so the sort is
// well defined even with NaN), then the lower index.
template <class T>
bool Greater(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return !std::isnan(b);
  }
  return a > b;
}

class TopKV2 {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 2,
                  "TOPK_V2 takes 2 inputs (input, k) and 2 outputs (values, indices), got ",
                  ctx.num_inputs(), " and ", ctx.num_outputs());
    Tensor input = ctx.input(kInput), k = ctx.input(kK);
    Tensor values = ctx.output(kValues), indices = ctx.output(kIndices);
    PLINTH_RETURN_IF_ERROR(CheckType(
        ctx, input, "input",
        {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, k, "k", {PLINTH_INT32, PLINTH_INT16}));
    PLINTH_ENSURE(ctx, k.num_elements() == 1, "k must hold one value, got ", ShapeString(k));
    PLINTH_ENSURE(ctx, input.rank() >= 1, "input must have at least 1 dimension");
    PLINTH_ENSURE(ctx, values && values.type() == input.type(), "values type must be ",
                  TypeName(input.type()));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, indices, "indices", {PLINTH_INT32, PLINTH_INT16}));
    row_size_ = input.dim(-1);
    // Sorting works on a permutation of one row's positions.
    scratch_ = ctx.RequestScratch(static_cast<size_t>(std::max(row_size_, 1)) * sizeof(int32_t));
    PLINTH_ENSURE(ctx, scratch_ >= 0, "cannot reserve a row of ", row_size_, " positions");
    dynamic_ = !k.is_constant();
    if (dynamic_) {
      PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(values));
      return ctx.SetDynamic(indices);
    }
    return ResizeOutputs(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutputs(ctx));
    switch (ctx.input(kInput).type()) {
      case PLINTH_FLOAT32:
        return Run<float>(ctx);
      case PLINTH_UINT8:
        return Run<uint8_t>(ctx);
      case PLINTH_INT8:
        return Run<int8_t>(ctx);
      case PLINTH_INT16:
        return Run<int16_t>(ctx);
      case PLINTH_INT32:
        return Run<int32_t>(ctx);
      case PLINTH_INT64:
        return Run<int64_t>(ctx);
      default:
        return ctx.Error("unsupported type ", TypeName(ctx.input(kInput).type()));
    }
  }

 private:
  PlinthStatus ResizeOutputs(const KernelContext& ctx) {
    Tensor input = ctx.input(kInput);
    const int64_t k = IntegerAt(ctx.input(kK), 0);
    PLINTH_ENSURE(ctx, k <= row_size_, "k = ", k, " exceeds the last dimension of ",
                  ShapeString(input));
    k_ = static_cast<int32_t>(std::max<int64_t>(k, 0));
    int32_t shape[16];
    for (int d = 0; d < input.rank(); ++d) shape[d] = input.dim(d);
    shape[input.rank() - 1] = k_;
    PLINTH_RETURN_IF_ERROR(ctx.Resize(ctx.output(kValues), shape, input.rank()));
    return ctx.Resize(ctx.output(kIndices), shape, input.rank());
  }

  template <class T>
  PlinthStatus Run(const KernelContext& ctx) const {
    Tensor input = ctx.input(kInput), indices = ctx.output(kIndices);
    const T* in = input.data<T>();
    T* out_values = ctx.output(kValues).data<T>();
    int32_t* order = ctx.Scratch<int32_t>(scratch_);
    const int64_t rows = row_size_ > 0 ? input.num_elements() / row_size_ : 0;
    if (k_ == 0) return PLINTH_OK;
    for (int64_t r = 0; r < rows; ++r) {
      const T* row = in + r * row_size_;
      std::iota(order, order + row_size_, 0);
      std::partial_sort(order, order + k_, order + row_size_, [row](int32_t a, int32_t b) {
        if (Greater(row[a], row[b])) return true;
        if (Greater(row[b], row[a])) return false;
        return a < b;
      });
      for (int32_t j = 0; j < k_; ++j) {
        out_values[r * k_ + j] = row[order[j]];
        if (indices.type() == PLINTH_INT16) {
          indices.data<int16_t>()[r * k_ + j] = static_cast<int16_t>(order[j]);
        } else {
          indices.data<int32_t>()[r * k_ + j] = order[j];
        }
      }
    }
    return PLINTH_OK;
  }

  bool dynamic_ = false;
  int32_t row_size_ = 0, k_ = 0;
  int32_t scratch_ = -1;
};

}  // namespace

PlinthStatus RegisterTopKV2(Registrar& r) {
  return r.AddBuiltin<TopKV2>(
      "TOPK_V2", 1, 3,
      {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16, PLINTH_INT32, PLINTH_INT64});
}

}  // namespace plinth::builtin
