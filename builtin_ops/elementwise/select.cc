// SELECT and SELECT_V2: output[i] = condition[i] ? x[i] : y[i].
//
// SELECT (TFLite's v1 rules): condition, x and y of one shape; or x and y of one shape with a
// scalar condition (choosing a whole tensor) or a rank-1 condition as long as x's first dimension
// (choosing whole slices). SELECT_V2 broadcasts all three NumPy-style. Values are copied
// unchanged, so quantized tensors select their raw values.
#include <algorithm>
#include <array>
#include <cstring>

#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"

namespace plinth::builtin {
namespace {

constexpr std::initializer_list<PlinthType> kSelectTypes = {
    PLINTH_BOOL,  PLINTH_FLOAT32, PLINTH_INT8,  PLINTH_UINT8,
    PLINTH_INT16, PLINTH_INT32,   PLINTH_INT64, PLINTH_UINT32};

// Broadcast of three shapes: the output shape and each input's element strides (0 where it
// broadcasts).
struct Broadcast3 {
  std::vector<int32_t> out_shape;
  std::array<std::vector<int64_t>, 3> strides;
};

bool ComputeBroadcast3(const std::array<std::vector<int32_t>, 3>& shapes, Broadcast3* bc) {
  size_t rank = 0;
  for (const auto& s : shapes) rank = std::max(rank, s.size());
  bc->out_shape.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    for (const auto& s : shapes) {
      const int32_t d = i + s.size() >= rank ? s[i + s.size() - rank] : 1;
      if (d == 1) continue;
      if (bc->out_shape[i] != 1 && bc->out_shape[i] != d) return false;
      bc->out_shape[i] = d;
    }
  }
  for (size_t k = 0; k < 3; ++k) {
    const auto& s = shapes[k];
    bc->strides[k].assign(rank, 0);
    int64_t stride = 1;
    for (size_t i = rank; i-- > 0;) {
      const int32_t d = i + s.size() >= rank ? s[i + s.size() - rank] : 1;
      bc->strides[k][i] = d == 1 ? 0 : stride;
      stride *= d;
    }
  }
  return true;
}

template <bool kV2>
class Select {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 3, 1));
    const Tensor cond = ctx.input(0), x = ctx.input(1), y = ctx.input(2), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, cond, "condition", {PLINTH_BOOL}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, x, "input 1", kSelectTypes));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, x, y, "input 1", "input 2"));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, x, out, "inputs", "output"));
    element_size_ = TypeSize(x.type());
    // A scalar in every position keeps the output's declared shape (TFLite's special case).
    if (cond.num_elements() == 1 && x.num_elements() == 1 && y.num_elements() == 1 &&
        out.num_elements() == 1) {
      mode_ = Mode::kSameShape;
      return PLINTH_OK;
    }
    if (cond.SameShape(x) && x.SameShape(y)) {
      mode_ = Mode::kSameShape;
      return ctx.Resize(out, x.shape());
    }
    if constexpr (kV2) {
      mode_ = Mode::kBroadcast;
      PLINTH_ENSURE(ctx, ComputeBroadcast3({cond.shape(), x.shape(), y.shape()}, &broadcast_),
                    "shapes ", ShapeString(cond), ", ", ShapeString(x), " and ", ShapeString(y),
                    " do not broadcast");
      return ctx.Resize(out, broadcast_.out_shape);
    } else {
      PLINTH_ENSURE(ctx, x.SameShape(y), "inputs 1 and 2 must have the same shape, got ",
                    ShapeString(x), " and ", ShapeString(y));
      const bool scalar = cond.rank() == 0;
      const bool rank_one = cond.rank() == 1 && x.rank() >= 1 && cond.dim(0) == x.dim(0);
      PLINTH_ENSURE(ctx, scalar || rank_one, "condition ", ShapeString(cond),
                    " must match the inputs' shape ", ShapeString(x),
                    ", be a scalar, or be rank 1 with their first dimension");
      mode_ = Mode::kRankOne;
      return ctx.Resize(out, x.shape());
    }
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor cond = ctx.input(0), out = ctx.output(0);
    const uint8_t* c = cond.data<uint8_t>();  // bytes: any non-zero value is true
    const char* x = static_cast<const char*>(ctx.input(1).raw_data());
    const char* y = static_cast<const char*>(ctx.input(2).raw_data());
    char* o = static_cast<char*>(out.raw_data());
    const size_t es = element_size_;
    switch (mode_) {
      case Mode::kSameShape:
        for (int64_t i = 0; i < out.num_elements(); ++i) {
          std::memcpy(o + i * es, (c[i] ? x : y) + i * es, es);
        }
        break;
      case Mode::kRankOne: {
        // Whole slices along the first dimension (the whole tensor for a scalar condition).
        const int64_t outer = cond.num_elements();
        const int64_t inner = outer ? out.num_elements() / outer : 0;
        for (int64_t i = 0; i < outer; ++i) {
          const size_t offset = static_cast<size_t>(i * inner) * es;
          std::memcpy(o + offset, (c[i] ? x : y) + offset, static_cast<size_t>(inner) * es);
        }
        break;
      }
      case Mode::kBroadcast:
        RunBroadcast(c, x, y, o, es);
        break;
    }
    return PLINTH_OK;
  }

 private:
  enum class Mode { kSameShape, kRankOne, kBroadcast };

  void RunBroadcast(const uint8_t* c, const char* x, const char* y, char* o, size_t es) const {
    const size_t rank = broadcast_.out_shape.size();
    int64_t total = 1;
    for (int32_t d : broadcast_.out_shape) total *= d;
    std::array<int32_t, 16> index{};  // the core caps rank at 16
    for (int64_t flat = 0; flat < total; ++flat) {
      int64_t off[3] = {0, 0, 0};
      for (size_t d = 0; d < rank; ++d) {
        for (int k = 0; k < 3; ++k) off[k] += index[d] * broadcast_.strides[k][d];
      }
      std::memcpy(o + flat * es, (c[off[0]] ? x + off[1] * es : y + off[2] * es), es);
      for (size_t d = rank; d-- > 0;) {
        if (++index[d] < broadcast_.out_shape[d]) break;
        index[d] = 0;
      }
    }
  }

  Mode mode_ = Mode::kSameShape;
  size_t element_size_ = 0;
  Broadcast3 broadcast_;
};

}  // namespace

PlinthStatus RegisterSelect(Registrar& r) {
  PLINTH_RETURN_IF_ERROR(
      r.AddBuiltin<Select<false>>("SELECT", 1, 4, std::vector<PlinthType>(kSelectTypes)));
  return r.AddBuiltin<Select<true>>("SELECT_V2", 1, 2, std::vector<PlinthType>(kSelectTypes));
}

}  // namespace plinth::builtin
