// TRANSPOSE: output dimension i is input dimension perm[i]. Any rank the core allows (TFLite: up
// to 6); negative perm entries count from the end, as TFLite accepts; repeated entries are an
// error (TFLite silently produces garbage).
#include <algorithm>
#include <array>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class Transpose {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2, "expects 2 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), perm = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, ctx.output(0)));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, perm, "perm"));
    PLINTH_ENSURE(ctx, perm.rank() == 1, "perm must be 1-D, got ", ShapeString(perm));
    PLINTH_ENSURE(ctx, perm.dim(0) == input.rank(), "perm has ", perm.dim(0),
                  " entries for an input of rank ", input.rank());
    dynamic_ = !perm.is_constant();
    if (dynamic_) return ctx.SetDynamic(ctx.output(0));
    return ResolvePermutation(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolvePermutation(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0);
    if (output.num_elements() == 0) return PLINTH_OK;
    DispatchBySize(TypeSize(input.type()), [&](auto tag) {
      using T = decltype(tag);
      const T* in = input.data<T>();
      T* out = output.data<T>();
      const int64_t steps = Steps();
      // Large tensors (a model's NCHW input, 150K values) on the interpreter's threads, in a few
      // tiles per thread; small ones are not worth a dispatch.
      const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
      if (threads == 1 || output.num_elements() < (int64_t{1} << 14)) {
        Run(in, out, 0, steps);
        return;
      }
      const size_t tile = std::max<size_t>(1, static_cast<size_t>(steps) / (4 * threads));
      ctx.ParallelFor(static_cast<size_t>(steps), tile, [&](size_t begin, size_t end) {
        Run(in, out, static_cast<int64_t>(begin), static_cast<int64_t>(end));
      });
    });
    return PLINTH_OK;
  }

 private:
  // Checks perm, sets the output shape and the input stride of each output dimension.
  PlinthStatus ResolvePermutation(KernelContext& ctx) {
    Tensor input = ctx.input(0), perm = ctx.input(1);
    rank_ = input.rank();
    std::array<int64_t, kMaxShapeRank> in_strides{};
    int64_t stride = 1;
    for (int d = rank_ - 1; d >= 0; --d) {
      in_strides[d] = stride;
      stride *= input.dim(d);
    }
    std::array<bool, kMaxShapeRank> used{};
    InlineShape out;
    for (int i = 0; i < rank_; ++i) {
      const int64_t p = IndexAt(perm, i);
      const int axis = NormalizeAxis(p, rank_);
      PLINTH_ENSURE(ctx, axis >= 0, "perm entry ", p, " out of range for rank ", rank_);
      PLINTH_ENSURE(ctx, !used[axis], "perm names dimension ", axis, " twice");
      used[axis] = true;
      out.Append(input.dim(axis));
      out_dims_[i] = input.dim(axis);
      strides_[i] = in_strides[axis];
    }
    return out.ResizeTo(ctx, ctx.output(0));
  }

  // A short last output dimension whose neighbour is contiguous in the input (NCHW to NHWC: C
  // after W): the last two output dimensions are walked together, the input contiguously.
  bool WalksPairs() const {
    const int last = rank_ - 1;
    return rank_ >= 2 && out_dims_[last] < 16 && strides_[last] != 1 && strides_[last - 1] == 1;
  }
  // The first output dimension one step of the walk covers, and the number of steps.
  int Walked() const { return rank_ == 0 ? 0 : WalksPairs() ? rank_ - 2 : rank_ - 1; }
  int64_t Steps() const {
    int64_t steps = 1;
    for (int d = 0; d < Walked(); ++d) steps *= out_dims_[d];
    return steps;
  }

  // out[i * kInner + j] = in[j * plane + i] for i < n, j < kInner.
  template <class T, int kInner>
  static void Interleave(const T* in, int64_t plane, int32_t n, T* out) {
    const T* src[kInner];
    for (int j = 0; j < kInner; ++j) src[j] = in + j * plane;
    for (int32_t i = 0; i < n; ++i) {
      for (int j = 0; j < kInner; ++j) out[i * kInner + j] = src[j][i];
    }
  }

  // Steps [begin, end) of the walk over the output in row-major order; the input moves by the
  // permuted strides.
  template <class T>
  void Run(const T* in, T* out, int64_t begin, int64_t end) const {
    if (rank_ == 0) {
      out[0] = in[0];
      return;
    }
    const int last = rank_ - 1;
    const int32_t inner = out_dims_[last];
    const int64_t inner_stride = strides_[last];
    const bool pairs = WalksPairs();
    const int walked = Walked();
    const int32_t outer = pairs ? out_dims_[last - 1] : 1;
    const int64_t step_values = static_cast<int64_t>(outer) * inner;
    // Where step `begin` starts: its index digit by digit over the walked dimensions.
    std::array<int32_t, kMaxShapeRank> counter{};
    int64_t from = 0;
    for (int64_t d = walked - 1, rest = begin; d >= 0; --d) {
      counter[d] = static_cast<int32_t>(rest % out_dims_[d]);
      rest /= out_dims_[d];
      from += counter[d] * strides_[d];
    }
    out += begin * step_values;
    for (int64_t step = begin; step < end; ++step) {
      if (pairs) {
        // Three or four channels (images): one pass that interleaves the planes, which compilers
        // vectorize; strided stores per channel cost 1.6 cycles a value.
        if (inner == 3) {
          Interleave<T, 3>(in + from, inner_stride, outer, out);
        } else if (inner == 4) {
          Interleave<T, 4>(in + from, inner_stride, outer, out);
        } else {
          for (int32_t j = 0; j < inner; ++j) {
            const T* src = in + from + j * inner_stride;
            for (int32_t i = 0; i < outer; ++i) out[i * inner + j] = src[i];
          }
        }
        out += step_values;
      } else {
        for (int32_t j = 0; j < inner; ++j) *out++ = in[from + j * inner_stride];
      }
      for (int d = walked - 1; d >= 0; --d) {
        from += strides_[d];
        if (++counter[d] < out_dims_[d]) break;
        from -= strides_[d] * counter[d];
        counter[d] = 0;
      }
    }
  }

  bool dynamic_ = false;
  int rank_ = 0;
  std::array<int64_t, kMaxShapeRank> strides_{};
  std::array<int32_t, kMaxShapeRank> out_dims_{};
};

}  // namespace

PlinthStatus RegisterTranspose(Registrar& r) {
  return r.AddBuiltin<Transpose>("TRANSPOSE", 1, 6, MovableTypes());
}

}  // namespace plinth::builtin
