// The reshape family, which only changes shape metadata and copies bytes: RESHAPE (shape from the
// second input or the new_shape option, one -1 inferred), SQUEEZE and EXPAND_DIMS.
#include <cstring>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

// Copies the input's bytes to the output (same element count by construction).
PlinthStatus CopyData(KernelContext& ctx) {
  Tensor in = ctx.input(0), out = ctx.output(0);
  if (in.raw_data() != out.raw_data() && in.bytes() > 0) {
    std::memcpy(out.raw_data(), in.raw_data(), in.bytes());
  }
  return PLINTH_OK;
}

PlinthStatus CheckInputAndOutput(KernelContext& ctx) {
  PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
  PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.input(0), "input", kMovableTypes));
  return CheckOutputType(ctx, ctx.input(0), ctx.output(0));
}

class Reshape {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1 || ctx.num_inputs() == 2,
                  "expects 1 or 2 inputs, got ", ctx.num_inputs());
    PLINTH_RETURN_IF_ERROR(CheckInputAndOutput(ctx));
    Tensor shape = ctx.input(1);
    // As TFLite: a 1-D shape tensor wins (an empty one means a scalar); otherwise the new_shape
    // option, where legacy converters wrote [0] for a scalar.
    from_tensor_ = shape && shape.rank() == 1;
    dynamic_ = false;
    if (from_tensor_) {
      PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, shape, "shape"));
      PLINTH_ENSURE(ctx, shape.num_elements() <= kMaxShapeRank, "the new shape has ",
                    shape.num_elements(), " dimensions, more than ", kMaxShapeRank);
      if (!shape.is_constant()) {
        dynamic_ = true;
        return ctx.SetDynamic(ctx.output(0));
      }
    } else {
      option_ = ctx.OptionInts("new_shape");
      if (option_.size() == 1 && option_[0] == 0) option_.clear();
      PLINTH_ENSURE(ctx, option_.size() <= static_cast<size_t>(kMaxShapeRank), "new_shape has ",
                    option_.size(), " dimensions, more than ", kMaxShapeRank);
    }
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    return CopyData(ctx);
  }

 private:
  PlinthStatus ResizeOutput(KernelContext& ctx) {
    Tensor input = ctx.input(0), shape = ctx.input(1);
    const int rank =
        from_tensor_ ? static_cast<int>(shape.num_elements()) : static_cast<int>(option_.size());
    InlineShape out;
    int64_t known = 1;
    int infer = -1;
    for (int i = 0; i < rank; ++i) {
      const int64_t d = from_tensor_ ? IndexAt(shape, i) : option_[i];
      if (d == -1) {
        PLINTH_ENSURE(ctx, infer < 0, "more than one -1 in the new shape");
        infer = i;
        out.Append(0);
        continue;
      }
      PLINTH_ENSURE(ctx, d >= 0 && d <= INT32_MAX, "bad dimension ", d, " in the new shape");
      out.Append(static_cast<int32_t>(d));
      known *= d;
      PLINTH_ENSURE(ctx, known <= INT32_MAX, "the new shape has too many elements");
    }
    const int64_t total = input.num_elements();
    if (infer >= 0) {
      PLINTH_ENSURE(ctx, known > 0 && total % known == 0, "cannot infer the -1 dimension: ", total,
                    " elements do not divide into parts of ", known);
      out.dims[infer] = static_cast<int32_t>(total / known);
      known *= out.dims[infer];
    }
    PLINTH_ENSURE(ctx, known == total, "cannot reshape ", ShapeString(input), " (", total,
                  " elements) into ", known, " elements");
    return out.ResizeTo(ctx, ctx.output(0));
  }

  bool from_tensor_ = false;
  bool dynamic_ = false;
  std::vector<int64_t> option_;
};

class Squeeze {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1, "expects 1 input, got ", ctx.num_inputs());
    PLINTH_RETURN_IF_ERROR(CheckInputAndOutput(ctx));
    Tensor input = ctx.input(0);
    std::vector<int64_t> axes = ctx.OptionInts("squeeze_dims");
    // No axes: every dimension of size 1 goes.
    std::vector<bool> squeeze(static_cast<size_t>(input.rank()), axes.empty());
    for (int64_t a : axes) {
      int axis = NormalizeAxis(a, input.rank());
      PLINTH_ENSURE(ctx, axis >= 0, "squeeze dimension ", a, " out of range for rank ",
                    input.rank());
      PLINTH_ENSURE(ctx, input.dim(axis) == 1, "cannot squeeze dimension ", a, " of size ",
                    input.dim(axis));
      squeeze[axis] = true;
    }
    std::vector<int32_t> dims;
    for (int i = 0; i < input.rank(); ++i) {
      if (!(squeeze[i] && input.dim(i) == 1)) dims.push_back(input.dim(i));
    }
    return ctx.Resize(ctx.output(0), dims);
  }
  PlinthStatus Invoke(KernelContext& ctx) { return CopyData(ctx); }
};

class ExpandDims {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs, got ", ctx.num_inputs());
    PLINTH_RETURN_IF_ERROR(CheckInputAndOutput(ctx));
    Tensor input = ctx.input(0), axis = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, axis, "axis"));
    PLINTH_ENSURE(ctx, axis.num_elements() == 1, "axis must hold one value, got ",
                  axis.num_elements());
    PLINTH_ENSURE(ctx, input.rank() < kMaxShapeRank, "input rank ", input.rank(),
                  " leaves no room for another dimension");
    dynamic_ = !axis.is_constant();
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResizeOutput(ctx);
  }
  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    return CopyData(ctx);
  }

 private:
  PlinthStatus ResizeOutput(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    const int64_t axis = IndexAt(ctx.input(1), 0);
    const int at = NormalizeAxis(axis, input.rank() + 1);
    PLINTH_ENSURE(ctx, at >= 0, "axis ", axis, " out of range for an input of rank ", input.rank());
    InlineShape out;
    for (int i = 0; i < input.rank(); ++i) {
      if (i == at) out.Append(1);
      out.Append(input.dim(i));
    }
    if (at == input.rank()) out.Append(1);
    return out.ResizeTo(ctx, ctx.output(0));
  }

  bool dynamic_ = false;
};

}  // namespace

PlinthStatus RegisterReshape(Registrar& r) {
  // RESHAPE has one version; SQUEEZE's version 2 adds strings, which Plinth does not serve.
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Reshape>("RESHAPE", 1, 1, MovableTypes()));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Squeeze>("SQUEEZE", 1, 2, MovableTypes()));
  return r.AddBuiltin<ExpandDims>("EXPAND_DIMS", 1, 1, MovableTypes());
}

}  // namespace plinth::builtin
