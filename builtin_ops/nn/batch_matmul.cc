// BATCH_MATMUL: out[..., m, n] = sum_k lhs[..., m, k] * rhs[..., k, n] for inputs of rank 2 to 5
// whose batch dimensions broadcast; adj_x / adj_y read an operand transposed in its last two
// dimensions. float32; int8 (int8 or int32 output); int16; hybrid float lhs with int8 rhs
// (per-tensor or per-channel scales, symmetric or asymmetric row quantization). Each output is one
// dot product in k order, as in TFLite's reference BatchMatMul.
//
// float32 also has a fast path through the packed GEMM (f32_gemm_driver.h): a constant rhs is
// packed once per model, another rhs once per invoke into scratch; rows of an adj_x lhs are
// gathered. Its micro-kernels sum each output's products in k order from zero, as the reference
// loop does, so the bits are the same (unless PLINTH_BUILTIN_FMA=1 allows fused multiply-adds).
#include <array>
#include <limits>

#include "builtin_ops/nn/f32_gemm_driver.h"
#include "builtin_ops/nn/nn_integer.h"
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

constexpr int kLhs = 0;
constexpr int kRhs = 1;
constexpr int kOutput = 0;
constexpr int kMaxRank = 5;

// Operand strides in elements, with batch dimensions broadcast over the output's.
struct Layout {
  int rank = 0;                           // output rank
  std::array<int32_t, kMaxRank> batch{};  // output batch dimensions (rank - 2 of them)
  std::array<int64_t, kMaxRank> lhs_batch_stride{}, rhs_batch_stride{};
  int32_t rows = 0, cols = 0, depth = 0;                   // m, n, k
  int64_t lhs_row = 0, lhs_k = 0, rhs_k = 0, rhs_col = 0;  // strides within one matrix
  int64_t batches = 1;
};

enum class Kind { kFloat, kInt8, kInt8ToInt32, kInt16, kHybrid };

class BatchMatMul {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor lhs = ctx.input(kLhs), rhs = ctx.input(kRhs), output = ctx.output(kOutput);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "BATCH_MATMUL takes 2 inputs, got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "BATCH_MATMUL has 1 output, got ",
                  ctx.num_outputs());
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, lhs, "lhs", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, rhs, "rhs", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_ENSURE(
        ctx,
        lhs.type() == rhs.type() || (lhs.type() == PLINTH_FLOAT32 && rhs.type() == PLINTH_INT8),
        "lhs and rhs must have the same type (or float32 lhs with int8 rhs), got ",
        TypeName(lhs.type()), " and ", TypeName(rhs.type()));
    PLINTH_ENSURE(
        ctx, lhs.rank() >= 2 && lhs.rank() <= kMaxRank && rhs.rank() >= 2 && rhs.rank() <= kMaxRank,
        "operands must have rank 2 to 5, got ", ShapeString(lhs), " and ", ShapeString(rhs));
    adj_x_ = ctx.OptionBool("adj_x");
    adj_y_ = ctx.OptionBool("adj_y");
    PLINTH_RETURN_IF_ERROR(PrepareLayout(ctx, lhs, rhs));
    PLINTH_RETURN_IF_ERROR(PrepareTypes(ctx, lhs, rhs, output));
    std::vector<int32_t> shape(l_.batch.begin(), l_.batch.begin() + (l_.rank - 2));
    shape.push_back(l_.rows);
    shape.push_back(l_.cols);
    return ctx.Resize(output, shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    switch (kind_) {
      case Kind::kFloat:
        if (gemm_) {
          RunFloatGemm(ctx);
        } else {
          RunFloat(ctx);
        }
        break;
      case Kind::kInt8:
        RunInteger<int8_t, int8_t, int32_t>(ctx);
        break;
      case Kind::kInt8ToInt32:
        RunInteger<int8_t, int32_t, int32_t>(ctx);
        break;
      case Kind::kInt16:
        RunInteger<int16_t, int16_t, int64_t>(ctx);
        break;
      case Kind::kHybrid:
        RunHybrid(ctx);
        break;
    }
    return PLINTH_OK;
  }

 private:
  PlinthStatus PrepareLayout(const KernelContext& ctx, const Tensor& lhs, const Tensor& rhs) {
    Layout& l = l_;
    l.rank = std::max(lhs.rank(), rhs.rank());
    auto dim = [&](const Tensor& t, int i) {  // i indexes the output's dimensions
      const int j = i - (l.rank - t.rank());
      return j < 0 ? 1 : t.dim(j);
    };
    // Row-major strides of each operand's batch dimensions; 0 where it broadcasts.
    int64_t lhs_stride = int64_t{lhs.dim(-1)} * lhs.dim(-2);
    int64_t rhs_stride = int64_t{rhs.dim(-1)} * rhs.dim(-2);
    for (int i = l.rank - 3; i >= 0; --i) {
      const int32_t a = dim(lhs, i), b = dim(rhs, i);
      PLINTH_ENSURE(ctx, a == b || a == 1 || b == 1, "batch dimensions of ", ShapeString(lhs),
                    " and ", ShapeString(rhs), " do not broadcast");
      l.batch[i] = a == 1 ? b : a;
      l.lhs_batch_stride[i] = a == 1 ? 0 : lhs_stride;
      l.rhs_batch_stride[i] = b == 1 ? 0 : rhs_stride;
      lhs_stride *= a;
      rhs_stride *= b;
      l.batches *= l.batch[i];
    }
    const int32_t lhs_r = lhs.dim(-2), lhs_c = lhs.dim(-1), rhs_r = rhs.dim(-2),
                  rhs_c = rhs.dim(-1);
    l.rows = adj_x_ ? lhs_c : lhs_r;
    l.depth = adj_x_ ? lhs_r : lhs_c;
    l.cols = adj_y_ ? rhs_r : rhs_c;
    const int32_t rhs_depth = adj_y_ ? rhs_c : rhs_r;
    PLINTH_ENSURE(ctx, l.depth == rhs_depth, "lhs ", ShapeString(lhs), " (adj_x ", adj_x_,
                  ") and rhs ", ShapeString(rhs), " (adj_y ", adj_y_,
                  ") disagree on the contracted dimension: ", l.depth, " vs ", rhs_depth);
    l.lhs_row = adj_x_ ? 1 : lhs_c;
    l.lhs_k = adj_x_ ? lhs_c : 1;
    l.rhs_k = adj_y_ ? 1 : rhs_c;
    l.rhs_col = adj_y_ ? rhs_c : 1;
    return PLINTH_OK;
  }

  PlinthStatus PrepareTypes(const KernelContext& ctx, const Tensor& lhs, const Tensor& rhs,
                            const Tensor& output) {
    if (lhs.type() == PLINTH_FLOAT32 && rhs.type() == PLINTH_FLOAT32) {
      kind_ = Kind::kFloat;
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_FLOAT32}));
      return PrepareFloatGemm(ctx, rhs);
    }
    if (lhs.type() == PLINTH_FLOAT32) return PrepareHybrid(ctx, lhs, rhs, output);
    PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, lhs, "lhs"));
    PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, rhs, "rhs"));
    requant_ = {};
    requant_.input_offset = NegatedZeroPoint(lhs.zero_point());
    requant_.filter_offset = NegatedZeroPoint(rhs.zero_point());
    if (lhs.type() == PLINTH_INT8) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_INT8, PLINTH_INT32}));
      if (output.type() == PLINTH_INT32) {
        // TFLite's int8 x int8 -> int32 path sums raw products, ignoring the zero points.
        kind_ = Kind::kInt8ToInt32;
        requant_.input_offset = requant_.filter_offset = 0;
        return PLINTH_OK;
      }
      kind_ = Kind::kInt8;
    } else {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_INT16}));
      PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, lhs, "int16 lhs"));
      PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, rhs, "int16 rhs"));
      PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, output, "int16 output"));
      kind_ = Kind::kInt16;
    }
    PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, output, "output"));
    requant_.output_offset = output.zero_point();
    QuantizedMultiplier m;
    PLINTH_RETURN_IF_ERROR(
        nn::PerTensorMultiplier(ctx, lhs.scale(), rhs.scale(), Tensor(), output.scale(), &m));
    requant_.multipliers = {m};
    // No fused activation: the output type's range.
    requant_.range = {QMinOf(output.type()), QMaxOf(output.type())};
    return PLINTH_OK;
  }

  PlinthStatus PrepareHybrid(const KernelContext& ctx, const Tensor& lhs, const Tensor& rhs,
                             const Tensor& output) {
    kind_ = Kind::kHybrid;
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(nn::CheckQuantized(ctx, rhs, "int8 rhs"));
    per_channel_ = rhs.num_quant_params() > 1;
    if (per_channel_) {
      // One scale per output column: along rhs's last dimension, or its second-to-last with adj_y.
      const int axis = rhs.rank() - (adj_y_ ? 2 : 1);
      PLINTH_ENSURE(ctx, rhs.quantized_dimension() == axis && rhs.num_quant_params() == l_.cols,
                    "per-channel rhs scales must run along the output columns (dimension ", axis,
                    ", ", l_.cols, " scales); got ", rhs.num_quant_params(), " along dimension ",
                    rhs.quantized_dimension());
    }
    asymmetric_ = ctx.OptionBool("asymmetric_quantize_inputs");
    const size_t lhs_rows = static_cast<size_t>(lhs.num_elements() / std::max(l_.depth, 1));
    quantized_ = nn::RequestBuffer(ctx, static_cast<size_t>(lhs.num_elements()));
    scales_ = nn::RequestBuffer(ctx, lhs_rows * sizeof(float));
    offsets_ = nn::RequestBuffer(ctx, lhs_rows * sizeof(int32_t));
    if (adj_x_) {
      transposed_ = nn::RequestBuffer(ctx, static_cast<size_t>(lhs.num_elements()) * sizeof(float));
      PLINTH_ENSURE(ctx, transposed_ >= 0,
                    "cannot reserve scratch memory for the hybrid batch matmul");
    }
    PLINTH_ENSURE(ctx, quantized_ >= 0 && scales_ >= 0 && offsets_ >= 0,
                  "cannot reserve scratch memory for the hybrid batch matmul");
    return PLINTH_OK;
  }

  // Calls f(output matrix index, lhs matrix offset, rhs matrix offset) for every batch.
  template <class F>
  void ForEachBatch(F f) const {
    std::array<int32_t, kMaxRank> counter{};
    const int dims = l_.rank - 2;
    for (int64_t m = 0; m < l_.batches; ++m) {
      int64_t lo = 0, ro = 0;
      for (int i = 0; i < dims; ++i) {
        lo += counter[i] * l_.lhs_batch_stride[i];
        ro += counter[i] * l_.rhs_batch_stride[i];
      }
      f(m, lo, ro);
      for (int i = dims - 1; i >= 0; --i) {
        if (++counter[i] < l_.batch[i]) break;
        counter[i] = 0;
      }
    }
  }

  // The GEMM path serves every float node with a non-empty product on a fast ISA. Rows of A are
  // the lhs rows (in place, or gathered with adj_x); W is the rhs, one packing per rhs matrix.
  PlinthStatus PrepareFloatGemm(const KernelContext& ctx, const Tensor& rhs) {
    gemm_ = false;
    packed_ = nullptr;
    const gemm::Isa isa = gemm::ActiveIsa();
    if (isa == gemm::Isa::kReference || l_.rows == 0 || l_.cols == 0 || l_.depth == 0) {
      return PLINTH_OK;
    }
    const gemm::F32Gemm kernel = gemm::SelectF32Gemm(isa, gemm::FusedMultiplyAddAllowed());
    const size_t m = static_cast<size_t>(l_.rows), n = static_cast<size_t>(l_.cols);
    const size_t k = static_cast<size_t>(l_.depth);
    PLINTH_ENSURE(ctx, nn::PlanF32Gemm(ctx, kernel, m, n, k, /*gather_rows=*/adj_x_, &plan_),
                  "cannot reserve scratch memory for the batch matmul's row buffers");
    packed_matrix_ = gemm::PackedF32Size(n, k, kernel.nr);
    rhs_matrices_ = static_cast<size_t>(rhs.num_elements()) / (n * k);
    if (rhs.is_constant()) {
      const float* b = rhs.data<float>();
      packed_ = ctx.ModelShared<nn::PackedF32Weights>(nn::PackKey(1, kernel), [&] {
        auto* p = new nn::PackedF32Weights;
        p->weights.resize(rhs_matrices_ * packed_matrix_);
        PackRhs(b, p->weights.data());
        return p;
      });
      // Null (a core without model-shared data) leaves the node to the reference kernel.
      if (packed_ == nullptr) return PLINTH_OK;
    } else {
      packed_scratch_ =
          ctx.RequestScratch(std::max<size_t>(1, rhs_matrices_ * packed_matrix_ * sizeof(float)));
      PLINTH_ENSURE(ctx, packed_scratch_ >= 0,
                    "cannot reserve scratch memory for the batch matmul's packed rhs");
    }
    gemm_ = true;
    return PLINTH_OK;
  }

  // Packs every rhs matrix into panels: [k][n] row-major, or [n][k] with adj_y.
  void PackRhs(const float* rhs, float* packed) const {
    const size_t n = static_cast<size_t>(l_.cols), k = static_cast<size_t>(l_.depth);
    const size_t nr = plan_.kernel.nr;
    for (size_t i = 0; i < rhs_matrices_; ++i, rhs += n * k, packed += packed_matrix_) {
      if (adj_y_) {
        gemm::PackF32NK(n, k, nr, rhs, k, packed);
      } else {
        gemm::PackF32KN(n, k, nr, rhs, n, packed);
      }
    }
  }

  // Rows of an adj_x lhs: row i of the product is column i of the stored [k][m] matrix.
  struct TransposedRows {
    const float* lhs;
    size_t m, k;
    void operator()(size_t first, size_t rows, float* buffer) const {
      for (size_t r = 0; r < rows; ++r) {
        for (size_t kk = 0; kk < k; ++kk) buffer[r * k + kk] = lhs[kk * m + first + r];
      }
    }
  };

  void RunFloatGemm(const KernelContext& ctx) const {
    const float* lhs = ctx.input(kLhs).data<float>();
    float* out = ctx.output(kOutput).data<float>();
    const float* packed = nullptr;
    if (packed_ != nullptr) {
      packed = packed_->weights.data();
    } else {
      float* scratch = ctx.Scratch<float>(packed_scratch_);
      PackRhs(ctx.input(kRhs).data<float>(), scratch);
      packed = scratch;
    }
    const Layout& l = l_;
    const int64_t rhs_matrix = int64_t{l.depth} * l.cols;
    const size_t m = static_cast<size_t>(l.rows), n = static_cast<size_t>(l.cols);
    const size_t k = static_cast<size_t>(l.depth);
    // No activation: infinite bounds keep infinities and NaN as the reference loop does.
    FloatRange range;
    range.min = -std::numeric_limits<float>::infinity();
    range.max = std::numeric_limits<float>::infinity();
    ForEachBatch([&](int64_t b, int64_t lo, int64_t ro) {
      const float* w = packed + static_cast<size_t>(ro / rhs_matrix) * packed_matrix_;
      float* o = out + b * l.rows * l.cols;
      if (adj_x_) {
        const TransposedRows gather{lhs + lo, m, k};
        nn::RunF32Gemm(ctx, plan_, w, nullptr, lhs + lo, k, &gather, o, n, range);
      } else {
        nn::RunF32Gemm<nn::NoGather>(ctx, plan_, w, nullptr, lhs + lo, k, nullptr, o, n, range);
      }
    });
  }

  void RunFloat(const KernelContext& ctx) const {
    const float* lhs = ctx.input(kLhs).data<float>();
    const float* rhs = ctx.input(kRhs).data<float>();
    float* out = ctx.output(kOutput).data<float>();
    const Layout& l = l_;
    ForEachBatch([&](int64_t m, int64_t lo, int64_t ro) {
      float* o = out + m * l.rows * l.cols;
      for (int32_t i = 0; i < l.rows; ++i) {
        for (int32_t j = 0; j < l.cols; ++j) {
          float total = 0.f;
          for (int32_t k = 0; k < l.depth; ++k) {
            total += rhs[ro + k * l.rhs_k + j * l.rhs_col] * lhs[lo + i * l.lhs_row + k * l.lhs_k];
          }
          o[static_cast<int64_t>(i) * l.cols + j] = total;
        }
      }
    });
  }

  template <class T, class TOut, class Acc>
  void RunInteger(const KernelContext& ctx) const {
    const T* lhs = ctx.input(kLhs).data<T>();
    const T* rhs = ctx.input(kRhs).data<T>();
    TOut* out = ctx.output(kOutput).data<TOut>();
    const Layout& l = l_;
    const nn::Requant& r = requant_;
    ForEachBatch([&](int64_t m, int64_t lo, int64_t ro) {
      TOut* o = out + m * l.rows * l.cols;
      for (int32_t i = 0; i < l.rows; ++i) {
        for (int32_t j = 0; j < l.cols; ++j) {
          Acc total = 0;
          for (int32_t k = 0; k < l.depth; ++k) {
            const Acc a = static_cast<Acc>(rhs[ro + k * l.rhs_k + j * l.rhs_col]) + r.filter_offset;
            const Acc b = static_cast<Acc>(lhs[lo + i * l.lhs_row + k * l.lhs_k]) + r.input_offset;
            total = nn::WrapAdd<Acc>(total, a * b);
          }
          if constexpr (std::is_same_v<TOut, int32_t>) {
            o[static_cast<int64_t>(i) * l.cols + j] = total;
          } else {
            o[static_cast<int64_t>(i) * l.cols + j] =
                nn::Requantize<TOut>(total, r.multipliers[0], r.output_offset, r.range);
          }
        }
      }
    });
  }

  // TFLite's hybrid BatchMatMul: every lhs row (of the contracted layout) is quantized on its
  // own; the asymmetric offset is corrected with the weights' column sums in float. Each row uses
  // its own scale (TFLite indexes them per batch only for a single batch dimension).
  void RunHybrid(const KernelContext& ctx) const {
    Tensor lhs_t = ctx.input(kLhs), rhs_t = ctx.input(kRhs);
    const float* lhs = lhs_t.data<float>();
    const int8_t* rhs = rhs_t.data<int8_t>();
    float* out = ctx.output(kOutput).data<float>();
    int8_t* q = ctx.Scratch<int8_t>(quantized_);
    float* scales = ctx.Scratch<float>(scales_);
    int32_t* offsets = ctx.Scratch<int32_t>(offsets_);
    const Layout& l = l_;
    const int64_t matrix = static_cast<int64_t>(l.depth) * l.rows;
    const int64_t lhs_matrices = matrix > 0 ? lhs_t.num_elements() / matrix : 0;
    const float* rows = lhs;
    if (adj_x_) {
      // Rows are columns of the given matrices: transpose them first, as TFLite does.
      float* t = ctx.Scratch<float>(transposed_);
      for (int64_t m = 0; m < lhs_matrices; ++m) {
        for (int32_t i = 0; i < l.rows; ++i) {
          for (int32_t k = 0; k < l.depth; ++k) {
            t[m * matrix + i * l.depth + k] = lhs[m * matrix + k * l.rows + i];
          }
        }
      }
      rows = t;
    }
    nn::QuantizeRows(rows, lhs_matrices * l.rows, l.depth, asymmetric_, q, scales, offsets);
    if (!per_channel_) {
      for (int64_t r = 0; r < lhs_matrices * l.rows; ++r) scales[r] *= rhs_t.scale(0);
    }
    ForEachBatch([&](int64_t m, int64_t lo, int64_t ro) {
      float* o = out + m * l.rows * l.cols;
      const int64_t first_row = matrix > 0 ? lo / matrix * l.rows : 0;
      for (int32_t i = 0; i < l.rows; ++i) {
        const float scale = scales[first_row + i];
        const float offset = static_cast<float>(offsets[first_row + i]);
        const int8_t* x = q + lo + static_cast<int64_t>(i) * l.depth;
        for (int32_t j = 0; j < l.cols; ++j) {
          int32_t total = 0, column_sum = 0;
          for (int32_t k = 0; k < l.depth; ++k) {
            const int32_t w = rhs[ro + k * l.rhs_k + j * l.rhs_col];
            total += w * x[k];
            column_sum += w;
          }
          total = static_cast<int32_t>(static_cast<float>(total) - column_sum * offset);
          const float s = per_channel_ ? scale * rhs_t.scale(j) : scale;
          o[static_cast<int64_t>(i) * l.cols + j] = 0.f + s * static_cast<float>(total);
        }
      }
    });
  }

  Kind kind_ = Kind::kFloat;
  Layout l_;
  bool adj_x_ = false, adj_y_ = false, asymmetric_ = false, per_channel_ = false;
  nn::Requant requant_;
  // The float GEMM path.
  bool gemm_ = false;
  nn::F32GemmPlan plan_;
  const nn::PackedF32Weights* packed_ = nullptr;  // a constant rhs, every matrix
  size_t packed_matrix_ = 0, rhs_matrices_ = 0;   // floats per packed rhs matrix, matrices
  int32_t packed_scratch_ = -1;                   // a non-constant rhs, packed per invoke
  int32_t quantized_ = -1, scales_ = -1, offsets_ = -1, transposed_ = -1;  // scratch handles
};

}  // namespace

PlinthStatus RegisterBatchMatMul(Registrar& r) {
  return r.AddBuiltin<BatchMatMul>("BATCH_MATMUL", 1, 4,
                                   {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
