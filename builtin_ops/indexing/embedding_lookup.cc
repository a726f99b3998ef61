// EMBEDDING_LOOKUP: rows of `value` (rank >= 2) picked by the int32 ids of a 1-D `lookup`.
// Same value and output type: rows are copied as bytes. int8/uint8 value with a float32 output:
// TFLite's hybrid kernel, which reads the bytes as int8 (symmetric, zero point 0) and multiplies
// by the tensor's scale, or by the row's scale when the value is quantized per row
// (quantized_dimension 0).
#include <cstring>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/index_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kLookup = 0;
constexpr int kValue = 1;
constexpr int kOutput = 0;

class EmbeddingLookup {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1,
                  "EMBEDDING_LOOKUP takes 2 inputs (lookup, value) and 1 output, got ",
                  ctx.num_inputs(), " and ", ctx.num_outputs());
    Tensor lookup = ctx.input(kLookup), value = ctx.input(kValue), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, lookup, "lookup", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, lookup.rank() == 1, "lookup must be 1-D, got ", ShapeString(lookup));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, value, "value",
                                     {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_UINT8, PLINTH_INT8,
                                      PLINTH_INT16, PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL}));
    PLINTH_ENSURE(ctx, value.rank() >= 2, "value must be at least 2-D, got ", ShapeString(value));
    PLINTH_ENSURE(ctx, output, "output is missing");
    hybrid_ = output.type() == PLINTH_FLOAT32 && value.type() != PLINTH_FLOAT32;
    if (hybrid_) {
      PLINTH_ENSURE(ctx, value.type() == PLINTH_INT8 || value.type() == PLINTH_UINT8,
                    "a float32 output needs float32, int8 or uint8 values, got ",
                    TypeName(value.type()));
      PLINTH_ENSURE(ctx, value.is_quantized(), "int8/uint8 values need a scale to give float32");
      PLINTH_ENSURE(ctx, value.zero_point() == 0, "hybrid EMBEDDING_LOOKUP needs symmetric ",
                    "values (zero point 0), got ", value.zero_point());
    } else {
      PLINTH_ENSURE(ctx, output.type() == value.type(), "output type ", TypeName(output.type()),
                    " must be the value type ", TypeName(value.type()), " or FLOAT32");
    }
    if (value.num_quant_params() > 1) {
      PLINTH_ENSURE(ctx, hybrid_, "per-row scales need a float32 output");
      PLINTH_ENSURE(ctx,
                    value.quantized_dimension() == 0 && value.num_quant_params() == value.dim(0),
                    "per-row scales must run along dimension 0, one per row");
    }
    std::vector<int32_t> shape = value.shape();
    shape[0] = lookup.dim(0);
    rows_ = value.dim(0);
    row_elements_ = value.num_elements() / (rows_ > 0 ? rows_ : 1);
    return ctx.Resize(output, shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor lookup = ctx.input(kLookup), value = ctx.input(kValue), output = ctx.output(kOutput);
    const int32_t* ids = lookup.data<int32_t>();
    const int64_t count = lookup.num_elements();
    for (int64_t i = 0; i < count; ++i) {
      PLINTH_ENSURE(ctx, ids[i] >= 0 && ids[i] < rows_, "EMBEDDING_LOOKUP id ", ids[i],
                    " (element ", i, ") is out of range [0, ", rows_, ")");
    }
    if (!hybrid_) {
      const size_t bytes = TypeSize(value.type());
      const char* in = static_cast<const char*>(value.raw_data());
      char* out = static_cast<char*>(output.raw_data());
      const int64_t row_bytes = row_elements_ * static_cast<int64_t>(bytes);
      for (int64_t i = 0; i < count; ++i) {
        CopyElements(out + i * row_bytes, in + ids[i] * row_bytes, row_elements_, bytes);
      }
      return PLINTH_OK;
    }
    // TFLite reads uint8 weights through an int8 pointer too.
    const int8_t* in = static_cast<const int8_t*>(value.raw_data());
    float* out = output.data<float>();
    for (int64_t i = 0; i < count; ++i) {
      const float scale = value.num_quant_params() > 1 ? value.scale(ids[i]) : value.scale();
      const int8_t* row = in + ids[i] * row_elements_;
      float* dst = out + i * row_elements_;
      for (int64_t j = 0; j < row_elements_; ++j) dst[j] = row[j] * scale;
    }
    return PLINTH_OK;
  }

 private:
  bool hybrid_ = false;
  int64_t rows_ = 0, row_elements_ = 0;
};

}  // namespace

PlinthStatus RegisterEmbeddingLookup(Registrar& r) {
  return r.AddBuiltin<EmbeddingLookup>("EMBEDDING_LOOKUP", 1, 4,
                                       {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_UINT8, PLINTH_INT8,
                                        PLINTH_INT16, PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL});
}

}  // namespace plinth::builtin
