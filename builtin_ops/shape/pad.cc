// PAD and PADV2: widen each dimension by paddings[d] = [before, after] elements. The pad value is
// PADV2's constant_values (a scalar of the input's type; quantized, it must share the output's
// scale and zero point), else the output's zero point for uint8 and quantized int8/int16 (so it
// stands for 0.0), else zero. Both ops accept 2 or 3 inputs, as TFLite's shared kernel does.
#include <array>
#include <cstring>
#include <limits>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/shape/shape_ops.h"
#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {
namespace {

class Pad {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 || ctx.num_inputs() == 3,
                  "expects 2 or 3 inputs (input, paddings[, constant_values]), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(0), paddings = ctx.input(1), value = ctx.input(2);
    Tensor output = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", kMovableTypes));
    PLINTH_RETURN_IF_ERROR(CheckOutputType(ctx, input, output));
    PLINTH_RETURN_IF_ERROR(CheckIndexTensor(ctx, paddings, "paddings"));
    PLINTH_ENSURE(ctx,
                  paddings.rank() == 2 && paddings.dim(0) == input.rank() && paddings.dim(1) == 2,
                  "paddings must have shape [", input.rank(), ", 2], got ", ShapeString(paddings));
    PLINTH_RETURN_IF_ERROR(PreparePadValue(ctx, input, value, output));
    dynamic_ = !paddings.is_constant();
    if (dynamic_) return ctx.SetDynamic(output);
    return ResolvePaddings(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResolvePaddings(ctx));
    Tensor input = ctx.input(0), output = ctx.output(0), value = ctx.input(2);
    const size_t elem = TypeSize(input.type());
    // The pad value: PADV2's tensor (read now: it may be a runtime input) or the default.
    const char* pad_value = (value && !default_value_) ? static_cast<const char*>(value.raw_data())
                                                       : default_bytes_.data();
    char* out = static_cast<char*>(output.raw_data());
    FillElements(out, output.num_elements(), pad_value, elem);
    if (input.num_elements() == 0) return PLINTH_OK;
    CopyInterior(static_cast<const char*>(input.raw_data()), input, output, out, elem);
    return PLINTH_OK;
  }

 private:
  // Chooses the pad value and checks PADV2's value tensor against TFLite's rules.
  PlinthStatus PreparePadValue(KernelContext& ctx, const Tensor& input, const Tensor& value,
                               const Tensor& output) {
    const PlinthType type = input.type();
    // uint8 always, and int8/int16 when quantized, pad with the zero point (TFLite's EvalInt).
    const bool pads_with_zero_point =
        type == PLINTH_UINT8 ||
        ((type == PLINTH_INT8 || type == PLINTH_INT16) && input.is_quantized());
    default_value_ = !value;
    default_bytes_.fill(0);
    if (value) {
      PLINTH_ENSURE(ctx, value.type() == type, "constant_values is ", TypeName(value.type()),
                    ", expected the input's ", TypeName(type));
      PLINTH_ENSURE(ctx, value.num_elements() == 1, "constant_values must hold one value, got ",
                    value.num_elements());
      if (pads_with_zero_point && !SameQuantization(value, output)) {
        return ctx.Error(
            "constant_values must have the output's quantization (scale and zero point)");
      }
      return PLINTH_OK;
    }
    if (!pads_with_zero_point) return PLINTH_OK;
    const int32_t zp = ZeroPointOr0(output);
    PLINTH_ENSURE(ctx, zp >= QMinOf(type) && zp <= QMaxOf(type), "output zero point ", zp,
                  " does not fit ", TypeName(type));
    if (type == PLINTH_UINT8) {
      default_bytes_[0] = static_cast<char>(static_cast<uint8_t>(zp));
    } else if (type == PLINTH_INT8) {
      default_bytes_[0] = static_cast<char>(static_cast<int8_t>(zp));
    } else {
      const int16_t z = static_cast<int16_t>(zp);
      std::memcpy(default_bytes_.data(), &z, sizeof(z));
    }
    return PLINTH_OK;
  }

  PlinthStatus ResolvePaddings(KernelContext& ctx) {
    Tensor input = ctx.input(0), paddings = ctx.input(1);
    InlineShape out;
    for (int d = 0; d < input.rank(); ++d) {
      const int64_t before = IndexAt(paddings, 2 * d), after = IndexAt(paddings, 2 * d + 1);
      PLINTH_ENSURE(ctx, before >= 0 && after >= 0, "paddings of dimension ", d,
                    " must not be negative, got [", before, ", ", after, "]");
      const int64_t size = input.dim(d) + before + after;
      PLINTH_ENSURE(ctx, size <= std::numeric_limits<int32_t>::max(), "padded dimension ", d,
                    " is too large");
      before_[d] = before;
      out.Append(static_cast<int32_t>(size));
    }
    return out.ResizeTo(ctx, ctx.output(0));
  }

  // Copies the input into the output, shifted by the leading paddings, in runs as long as the
  // unpadded trailing dimensions allow (NHWC padded in H and W: whole W x C rows, not C-value
  // pieces).
  void CopyInterior(const char* in, const Tensor& input, const Tensor& output, char* out,
                    size_t elem) const {
    const int rank = input.rank();
    if (rank == 0) {
      std::memcpy(out, in, elem);
      return;
    }
    std::array<int64_t, kMaxShapeRank> out_stride{};
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      out_stride[d] = stride;
      stride *= output.dim(d);
    }
    int64_t to = 0;
    for (int d = 0; d < rank; ++d) to += before_[d] * out_stride[d];
    // A run spans dimensions [k, rank): every dimension after k is unpadded, so it is contiguous
    // in the output as in the input.
    int k = rank - 1;
    while (k > 0 && output.dim(k) == input.dim(k)) --k;
    int64_t run_elements = 1;
    for (int d = k; d < rank; ++d) run_elements *= input.dim(d);
    const size_t run = static_cast<size_t>(run_elements) * elem;
    const int64_t runs = input.num_elements() / run_elements;
    std::array<int32_t, kMaxShapeRank> counter{};
    for (int64_t r = 0; r < runs; ++r) {
      std::memcpy(out + static_cast<size_t>(to) * elem, in + static_cast<size_t>(r) * run, run);
      for (int d = k - 1; d >= 0; --d) {
        to += out_stride[d];
        if (++counter[d] < input.dim(d)) break;
        to -= out_stride[d] * counter[d];
        counter[d] = 0;
      }
    }
  }

  bool dynamic_ = false;
  bool default_value_ = true;
  std::array<char, 8> default_bytes_{};
  std::array<int64_t, kMaxShapeRank> before_{};
};

}  // namespace

PlinthStatus RegisterPad(Registrar& r) {
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Pad>("PAD", 1, 4, MovableTypes()));
  return r.AddBuiltin<Pad>("PADV2", 1, 4, MovableTypes());
}

}  // namespace plinth::builtin
