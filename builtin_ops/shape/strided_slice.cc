// STRIDED_SLICE with TFLite's semantics for every mask: begin_mask / end_mask (take the whole
// range), ellipsis_mask (one entry standing for all unnamed dimensions), new_axis_mask (insert a
// dimension of 1), shrink_axis_mask (take one index and drop the dimension) and `offset` (end is
// relative to begin). Negative indices count from the end; negative strides walk backwards.
// Indices are clamped like TFLite's StartForAxis/StopForAxis. Where TFLite goes wrong Plinth
// follows TensorFlow: a shrunk index out of range is an error (TFLite reads outside the input),
// a shrunk dimension with a negative stride takes its index, an ellipsis may stand for no
// dimension, and `offset` leaves the dimensions the spec does not name whole.
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
    PLINTH_ENSURE(ctx,
                  end.rank() == 1 && end.dim(0) == begin.dim(0) && strides.rank() == 1 &&
                      strides.dim(0) == begin.dim(0),
                  "begin, end and strides must be 1-D of one length, got ", ShapeString(begin),
                  ", ", ShapeString(end), " and ", ShapeString(strides));
    PLINTH_ENSURE(ctx, begin.dim(0) <= kMaxSpecEntries, "begin has ", begin.dim(0),
                  " entries, more than ", kMaxSpecEntries);
    // Mask bits past the last spec entry mean nothing.
    const uint32_t entries = begin.dim(0) == kMaxSpecEntries ? ~0u : (1u << begin.dim(0)) - 1;
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

  // One dimension of the "effective" input: the input with the new axes (size 1) inserted.
  struct EffectiveDim {
    int64_t size = 1;
    int64_t begin = 0, end = 0, stride = 1;
    bool begin_masked = true, end_masked = true;  // dimensions the spec leaves out: whole
    bool shrink = false;
    bool from_spec = false;  // named by a spec entry (offset applies)
  };

  // Walks the spec entry by entry: the ellipsis stands for every input dimension the other
  // entries do not name (possibly none; TFLite's expansion always gives it one, and then drops an
  // entry), a new axis inserts a dimension of 1, any other entry slices the next input dimension,
  // and dimensions after the last entry are taken whole. Where the ellipsis covers at least one
  // dimension this is TFLite's BuildStridedSliceParams.
  PlinthStatus ResolveSlice(KernelContext& ctx) {
    Tensor input = ctx.input(0), begin_t = ctx.input(1), end_t = ctx.input(2);
    Tensor strides_t = ctx.input(3);
    const int n = begin_t.dim(0), rank = input.rank();
    std::array<int, kMaxSpecEntries + 1> named_after{};  // entries naming an input dim after k
    for (int k = n - 1; k >= 0; --k) {
      named_after[k] = named_after[k + 1] +
                       (k + 1 < n && !Bit(ellipsis_mask_, k + 1) && !Bit(new_axis_mask_, k + 1));
    }
    std::array<EffectiveDim, kMaxShapeRank> dims;
    int count = 0, next_input = 0;
    auto add = [&](const EffectiveDim& d) -> bool {
      if (count == kMaxShapeRank) return false;
      dims[count++] = d;
      return true;
    };
    auto whole = [&]() {
      EffectiveDim d;
      d.size = input.dim(next_input++);
      return add(d);
    };
    for (int k = 0; k < n; ++k) {
      bool ok = true;
      if (Bit(ellipsis_mask_, k)) {
        while (ok && next_input < rank - named_after[k]) ok = whole();
      } else if (Bit(new_axis_mask_, k)) {
        EffectiveDim d;
        d.end = 1;
        d.begin_masked = d.end_masked = false;
        ok = add(d);
      } else {
        PLINTH_ENSURE(ctx, next_input < rank, "the slice names more dimensions than the input's ",
                      rank);
        EffectiveDim d;
        d.size = input.dim(next_input++);
        d.begin = IndexAt(begin_t, k);
        d.end = IndexAt(end_t, k);
        d.stride = IndexAt(strides_t, k);
        d.begin_masked = Bit(begin_mask_, k);
        d.end_masked = Bit(end_mask_, k);
        d.shrink = Bit(shrink_axis_mask_, k);
        d.from_spec = true;
        ok = add(d);
      }
      PLINTH_ENSURE(ctx, ok, "the slice has more than ", kMaxShapeRank, " dimensions");
    }
    while (next_input < rank) {
      PLINTH_ENSURE(ctx, whole(), "the slice has more than ", kMaxShapeRank, " dimensions");
    }

    InlineShape effective, out;
    view_.rank = count;
    for (int i = 0; i < count; ++i) {
      const EffectiveDim& d = dims[i];
      effective.Append(static_cast<int32_t>(d.size));
      PLINTH_ENSURE(ctx, d.stride != 0, "stride of dimension ", i, " is 0");
      const int64_t size = d.size, stride = d.stride;
      int64_t start = 0, stop = 0;
      if (d.shrink) {
        // One index, which must lie inside the dimension.
        start =
            d.begin_masked ? (stride > 0 ? 0 : size - 1) : (d.begin < 0 ? d.begin + size : d.begin);
        PLINTH_ENSURE(ctx, start >= 0 && start < size, "shrink index ", d.begin,
                      " out of range for dimension ", i, " of size ", size);
        stop = start + 1;
      } else if (size > 0) {
        start =
            d.begin_masked ? (stride > 0 ? 0 : size - 1) : (d.begin < 0 ? d.begin + size : d.begin);
        start = stride > 0 ? Clamp(start, 0, size) : Clamp(start, -1, size - 1);
        if (offset_ && d.from_spec) {
          stop = start + d.end;  // end counts from begin; end_mask does not apply
        } else if (d.end_masked) {
          stop = stride > 0 ? size : -1;
        } else {
          stop = d.end < 0 ? d.end + size : d.end;
        }
        stop = stride > 0 ? Clamp(stop, 0, size) : Clamp(stop, -1, size - 1);
      }
      // A shrunk dimension takes its one index whatever the stride's sign (TFLite takes none
      // for a negative stride and leaves the output unwritten).
      const int64_t taken = d.shrink ? 1 : std::max<int64_t>(0, CeilDiv(stop - start, stride));
      view_.start[i] = taken > 0 ? start : 0;
      view_.step[i] = stride;
      view_.count[i] = static_cast<int32_t>(taken);
      if (!d.shrink) out.Append(static_cast<int32_t>(taken));
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
