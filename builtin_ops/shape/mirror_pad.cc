// MIRROR_PAD: pads each dimension with its own mirror image. Padding [1 2 3] by 2 on each side,
// REFLECT gives 3 2 | 1 2 3 | 2 1 (the edge is not repeated, so paddings are at most size - 1)
// and SYMMETRIC 2 1 | 1 2 3 | 3 2 (paddings at most size). Larger paddings are an error (TFLite
// reads outside the input there).
#include <array>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

constexpr int64_t kReflect = 0;
constexpr int64_t kSymmetric = 1;

class MirrorPad {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs (input, paddings), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), paddings = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, paddings, "paddings"));
    PLINTH_ENSURE(ctx,
                  paddings.rank() == 2 && paddings.dim(0) == input.rank() && paddings.dim(1) == 2,
                  "paddings must have shape [", input.rank(), ", 2], got ", ShapeString(paddings));
    const int64_t mode = ctx.OptionInt("mode");
    PLINTH_ENSURE(ctx, mode == kReflect || mode == kSymmetric, "unknown mode ", mode);
    // REFLECT mirrors around the edge element, SYMMETRIC around the edge itself.
    edge_ = mode == kReflect ? 1 : 0;
    dynamic_ = !paddings.is_constant();
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResolvePaddings(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolvePaddings(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0);
    if (output.num_elements() == 0) return PLINTH_OK;
    DispatchBySize(TypeSize(input.type()), [&](auto tag) {
      using T = decltype(tag);
      Run(input, input.data<T>(), output, output.data<T>());
    });
    return PLINTH_OK;
  }

 private:
  PlinthStatus ResolvePaddings(KernelContext& ctx) {
    Tensor input = ctx.input(0), paddings = ctx.input(1);
    InlineShape out;
    for (int d = 0; d < input.rank(); ++d) {
      const int64_t before = IndexAt(paddings, 2 * d), after = IndexAt(paddings, 2 * d + 1);
      const int64_t limit = input.dim(d) - edge_;
      const bool none = before == 0 && after == 0;
      PLINTH_ENSURE(ctx, none || (before >= 0 && after >= 0 && before <= limit && after <= limit),
                    "paddings [", before, ", ", after, "] of dimension ", d, " must lie in [0, ",
                    limit, "] for ", edge_ ? "REFLECT" : "SYMMETRIC", " on a size of ",
                    input.dim(d));
      before_[d] = before;
      out.Append(static_cast<int32_t>(input.dim(d) + before + after));
    }
    return out.ResizeTo(ctx, ctx.output(0));
  }

  // Input index that output index `o` of dimension d mirrors.
  int64_t Source(int64_t o, int d, int64_t size) const {
    int64_t i = o - before_[d];
    if (i < 0) return -i - 1 + edge_;
    if (i >= size) return 2 * size - 1 - edge_ - i;
    return i;
  }

  template <class T>
  void Run(const Tensor& input, const T* in, const Tensor& output, T* out) const {
    const int rank = input.rank();
    if (rank == 0) {
      out[0] = in[0];
      return;
    }
    std::array<int64_t, kMaxShapeRank> in_stride{};
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      in_stride[d] = stride;
      stride *= input.dim(d);
    }
    const int last = rank - 1;
    const int64_t in_last = input.dim(last);
    const int32_t out_last = output.dim(last);
    std::array<int32_t, kMaxShapeRank> counter{};
    while (true) {
      int64_t base = 0;
      for (int d = 0; d < last; ++d) base += Source(counter[d], d, input.dim(d)) * in_stride[d];
      for (int32_t j = 0; j < out_last; ++j) *out++ = in[base + Source(j, last, in_last)];
      int d = last - 1;
      for (; d >= 0; --d) {
        if (++counter[d] < output.dim(d)) break;
        counter[d] = 0;
      }
      if (d < 0) return;
    }
  }

  bool dynamic_ = false;
  int64_t edge_ = 0;
  std::array<int64_t, kMaxShapeRank> before_{};
};

}  // namespace

PlinthStatus RegisterMirrorPad(Registrar& r) {
  return r.AddBuiltin<MirrorPad>("MIRROR_PAD", 1, 3, MovableTypes());
}

}  // namespace plinth::builtin
