// The reshape family, which only changes shape metadata and copies bytes: RESHAPE (shape from the
// second input or the new_shape option, one -1 inferred), SQUEEZE and EXPAND_DIMS.
#include <cstring>

#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/common/kernel_util.h"

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

// Reads an integer tensor (int32 or int64) into a vector.
std::vector<int64_t> ReadInts(const Tensor& t) {
  std::vector<int64_t> v(static_cast<size_t>(t.num_elements()));
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = t.type() == PLINTH_INT64 ? t.data<int64_t>()[i] : t.data<int32_t>()[i];
  }
  return v;
}

class Reshape {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0), shape = ctx.input(1);
    PLINTH_ENSURE(ctx, input, "input is missing");
    PLINTH_ENSURE(ctx, ctx.output(0).type() == input.type(), "output type must match the input's");
    // A shape tensor that is only known at run time makes the output dynamic.
    if (shape && shape.rank() == 1 && !shape.is_constant()) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, shape, "shape", {PLINTH_INT32, PLINTH_INT64}));
      return ctx.SetDynamic(ctx.output(0));
    }
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (ctx.output(0).is_dynamic()) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    return CopyData(ctx);
  }

 private:
  PlinthStatus ResizeOutput(KernelContext& ctx) {
    Tensor input = ctx.input(0), shape = ctx.input(1);
    std::vector<int64_t> requested;
    // The shape tensor wins when it is a proper 1-D tensor; old converters wrote a scalar or
    // [1]-shaped placeholder there and put the real shape in the option.
    if (shape && shape.rank() == 1 && (shape.num_elements() > 0 || !ctx.HasOption("new_shape") ||
                                       ctx.OptionInts("new_shape").empty())) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, shape, "shape", {PLINTH_INT32, PLINTH_INT64}));
      requested = ReadInts(shape);
    } else {
      requested = ctx.OptionInts("new_shape");
    }
    std::vector<int32_t> dims(requested.size());
    int64_t known = 1;
    int infer = -1;
    for (size_t i = 0; i < requested.size(); ++i) {
      if (requested[i] == -1) {
        PLINTH_ENSURE(ctx, infer < 0, "more than one -1 in the new shape");
        infer = static_cast<int>(i);
        continue;
      }
      PLINTH_ENSURE(ctx, requested[i] >= 0 && requested[i] <= INT32_MAX, "bad dimension ",
                    requested[i], " in the new shape");
      dims[i] = static_cast<int32_t>(requested[i]);
      known *= requested[i];
    }
    const int64_t total = input.num_elements();
    if (infer >= 0) {
      PLINTH_ENSURE(ctx, known > 0 && total % known == 0, "cannot infer the -1 dimension: ",
                    total, " elements do not divide by ", known);
      dims[infer] = static_cast<int32_t>(total / known);
      known *= dims[infer];
    }
    PLINTH_ENSURE(ctx, known == total, "cannot reshape ", ShapeString(input), " (", total,
                  " elements) into ", known, " elements");
    return ctx.Resize(ctx.output(0), dims);
  }
};

class Squeeze {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    PLINTH_ENSURE(ctx, input, "input is missing");
    std::vector<int64_t> axes = ctx.OptionInts("squeeze_dims");
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
    Tensor input = ctx.input(0), axis_t = ctx.input(1);
    PLINTH_ENSURE(ctx, input, "input is missing");
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, axis_t, "axis", {PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, axis_t.num_elements() == 1, "axis must hold one value");
    if (!axis_t.is_constant()) return ctx.SetDynamic(ctx.output(0));
    return ResizeOutput(ctx);
  }
  PlinthStatus Invoke(KernelContext& ctx) {
    if (ctx.output(0).is_dynamic()) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    return CopyData(ctx);
  }

 private:
  PlinthStatus ResizeOutput(KernelContext& ctx) {
    Tensor input = ctx.input(0);
    int64_t axis = ReadInts(ctx.input(1))[0];
    int normalized = NormalizeAxis(axis, input.rank() + 1);
    PLINTH_ENSURE(ctx, normalized >= 0, "axis ", axis, " out of range for rank ", input.rank());
    std::vector<int32_t> dims = input.shape();
    dims.insert(dims.begin() + normalized, 1);
    return ctx.Resize(ctx.output(0), dims);
  }
};

}  // namespace

PlinthStatus RegisterReshape(Registrar& r) {
  const std::vector<PlinthType> kAll = {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_UINT8,
                                        PLINTH_INT8,    PLINTH_INT16, PLINTH_BOOL};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Reshape>("RESHAPE", 1, 1, kAll));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Squeeze>("SQUEEZE", 1, 2, kAll));
  return r.AddBuiltin<ExpandDims>("EXPAND_DIMS", 1, 2, kAll);
}

}  // namespace plinth::builtin
