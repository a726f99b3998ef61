// STRIDED_SLICE with TFLite's semantics for every mask: begin_mask / end_mask (take the whole
// range), ellipsis_mask (one entry standing for all unnamed dimensions), new_axis_mask (insert a
// dimension of 1), shrink_axis_mask (take one index and drop the dimension) and `offset` (end is
// relative to begin). Negative indices count from the end; negative strides walk backwards.
// Indices are clamped like TFLite's StartForAxis/StopForAxis; where TFLite would read outside
// the input (a shrunk index out of range) Plinth reports an error instead.
#include <array>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"
#include "builtin_ops/shape/strided_copy.h"

namespace plinth::builtin {
namespace {

constexpr int kMaxSpecEntries = 32;  // mask bits

int64_t Clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

// ceil(a / b) for b != 0, exact for negative values.
int64_t CeilDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a > 0) == (b > 0))) ++q;
  return q;
}

class StridedSlice {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 4, "expects 4 inputs (input, begin, end, strides), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), begin = ctx.input(1), end = ctx.input(2), strides = ctx.input(3);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, begin, "begin"));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, end, "end"));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, strides, "strides"));
    PLINTH_ENSURE(ctx, begin.rank() == 1, "begin must be 1-D, got ", ShapeString(begin));
    PLINTH_ENSURE(ctx, end.rank() == 1 && end.dim(0) == begin.dim(0) && strides.rank() == 1 &&
                           strides.dim(0) == begin.dim(0),
                  "begin, end and strides must be 1-D of one length, got ", ShapeString(begin),
                  ", ", ShapeString(end), " and ", ShapeString(strides));
    PLINTH_ENSURE(ctx, begin.dim(0) <= kMaxSpecEntries, "begin has ", begin.dim(0),
                  " entries, more than ", kMaxSpecEntries);
    // Mask bits past the last spec entry mean nothing.
    const uint32_t entries =
        begin.dim(0) == kMaxSpecEntries ? ~0u : (1u << begin.dim(0)) - 1;
    auto mask = [&](const char* name) {
      return static_cast<uint32_t>(ctx.OptionInt(name)) & entries;
    };
    begin_mask_ = mask("begin_mask");
    end_mask_ = mask("end_mask");
    ellipsis_mask_ = mask("ellipsis_mask");
    new_axis_mask_ = mask("new_axis_mask");
    shrink_axis_mask_ = mask("shrink_axis_mask");
    offset_ = ctx.OptionBool("offset");
    PLINTH_ENSURE(ctx, (ellipsis_mask_ & (ellipsis_mask_ - 1)) == 0, "ellipsis_mask ",
                  ellipsis_mask_, " has more than one ellipsis");
    dynamic_ = !(begin.is_constant() && end.is_constant() && strides.is_constant());
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResolveSlice(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolveSlice(ctx));
    Tensor input = ctx.input(0);
    StridedCopy(view_, input.raw_data(), ctx.output(0).raw_data(), TypeSize(input.type()));
    return PLINTH_OK;
  }

 private:
  bool Bit(uint32_t mask, int i) const { return i < kMaxSpecEntries && ((mask >> i) & 1u) != 0; }

  // Expands the ellipsis and the new axes into one spec entry per dimension of the "effective"
  // input (the input with the new dimensions of size 1 inserted), exactly as TFLite's
  // BuildStridedSliceParams, then resolves each dimension's range.
  PlinthStatus ResolveSlice(KernelContext& ctx) {
    Tensor input = ctx.input(0), begin_t = ctx.input(1), end_t = ctx.input(2);
    Tensor strides_t = ctx.input(3);
    const int n = begin_t.dim(0), rank = input.rank();
    int num_add_axis = 0;
    bool has_ellipsis = false;
    for (int i = 0; i < n; ++i) {
      if (Bit(ellipsis_mask_, i)) {
        has_ellipsis = true;
      } else if (Bit(new_axis_mask_, i)) {
        ++num_add_axis;
      }
    }
    PLINTH_ENSURE(ctx, n - num_add_axis - (has_ellipsis ? 1 : 0) <= rank, "the slice names ",
                  n - num_add_axis - (has_ellipsis ? 1 : 0), " dimensions of an input of rank ",
                  rank);
    const int dims = rank + num_add_axis;
    PLINTH_ENSURE(ctx, dims <= kMaxShapeRank, "the slice has ", dims, " dimensions, more than ",
                  kMaxShapeRank);

    // Which effective dimensions the ellipsis covers, and which are new axes.
    uint32_t ellipsis_dims = 0, new_axis_dims = 0;
    int ellipsis_start = dims, expanded = 0;
    for (int i = 0; i < dims;) {
      if (Bit(ellipsis_mask_, i)) {
        ellipsis_start = i;
        const int ellipsis_end =
            std::max(i + 1, std::min(i + 1 + num_add_axis + rank - n, dims));
        expanded = ellipsis_end - ellipsis_start - 1;
        for (; i < ellipsis_end; ++i) ellipsis_dims |= 1u << i;
        continue;
      }
      if (Bit(new_axis_mask_, i - expanded)) new_axis_dims |= 1u << i;
      ++i;
    }

    InlineShape effective, out;
    std::array<bool, kMaxShapeRank> shrink{};
    view_.rank = dims;
    int added_ellipsis = 0, added_axes = 0;
    for (int i = 0; i < dims; ++i) {
      int64_t begin = 0, end = 0, stride = 1;
      bool begin_masked = false, end_masked = false;
      if ((ellipsis_dims >> i) & 1u) {
        added_ellipsis = std::max(0, i - ellipsis_start);
        begin_masked = end_masked = true;
        effective.Append(input.dim(i - added_axes));
      } else if ((new_axis_dims >> i) & 1u) {
        end = 1;
        effective.Append(1);
        ++added_axes;
      } else if (i >= n + expanded) {
        begin_masked = end_masked = true;
        effective.Append(input.dim(i - added_axes));
      } else {
        const int k = i - added_ellipsis;
        begin = IndexAt(begin_t, k);
        end = IndexAt(end_t, k);
        stride = IndexAt(strides_t, k);
        begin_masked = Bit(begin_mask_, k);
        end_masked = Bit(end_mask_, k);
        shrink[i] = Bit(shrink_axis_mask_, k);
        effective.Append(input.dim(i - added_axes));
      }
      PLINTH_ENSURE(ctx, stride != 0, "stride of dimension ", i, " is 0");
      const int64_t size = effective.dims[i];
      int64_t start = 0, stop = 0;
      if (shrink[i]) {
        // One index, which must lie inside the dimension.
        start = begin_masked ? (stride > 0 ? 0 : size - 1) : (begin < 0 ? begin + size : begin);
        PLINTH_ENSURE(ctx, start >= 0 && start < size, "shrink index ", begin,
                      " out of range for dimension ", i, " of size ", size);
        stop = start + 1;
      } else if (size > 0) {
        start = begin_masked ? (stride > 0 ? 0 : size - 1) : (begin < 0 ? begin + size : begin);
        start = stride > 0 ? Clamp(start, 0, size) : Clamp(start, -1, size - 1);
        if (offset_) {
          stop = start + end;  // end counts from begin; end_mask does not apply
        } else if (end_masked) {
          stop = stride > 0 ? size : -1;
        } else {
          stop = end < 0 ? end + size : end;
        }
        stop = stride > 0 ? Clamp(stop, 0, size) : Clamp(stop, -1, size - 1);
      }
      // A shrunk dimension takes its one index whatever the stride's sign (TFLite takes none
      // for a negative stride and leaves the output unwritten).
      const int64_t count = shrink[i] ? 1 : std::max<int64_t>(0, CeilDiv(stop - start, stride));
      view_.start[i] = count > 0 ? start : 0;
      view_.step[i] = stride;
      view_.count[i] = static_cast<int32_t>(count);
      if (!shrink[i]) out.Append(static_cast<int32_t>(count));
    }
    view_.SetRowMajorStrides(effective.dims.data());
    return out.ResizeTo(ctx, ctx.output(0));
  }

  uint32_t begin_mask_ = 0, end_mask_ = 0, ellipsis_mask_ = 0, new_axis_mask_ = 0;
  uint32_t shrink_axis_mask_ = 0;
  bool offset_ = false;
  bool dynamic_ = false;
  StridedView view_;
};

}  // namespace

PlinthStatus RegisterStridedSlice(Registrar& r) {
  // Version 5 adds strings (not served); 6 ellipsis/new axes, 7 uint32, 8 offset.
  return r.AddBuiltin<StridedSlice>("STRIDED_SLICE", 1, 8, MovableTypes());
}

}  // namespace plinth::builtin
