// Prepare and run steps of the quantized binary kernels (int8, uint8, int16): the parameters are
// derived exactly as TFLite's kernels derive them (including which products are computed in float
// before widening to double), so the integer results are bit-identical.
#include "builtin_ops/elementwise/quantized_binary.h"

#include <algorithm>

namespace plinth::builtin {
namespace {

PlinthStatus CheckQuantizedOperands(const KernelContext& ctx) {
  PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, ctx.input(0), "input 0"));
  PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, ctx.input(1), "input 1"));
  return CheckPerTensorQuantized(ctx, ctx.output(0), "output");
}

template <class In, class Out, class F>
void Run(const KernelContext& ctx, const Broadcast& bc, F f) {
  const In* a = ctx.input(0).data<In>();
  const In* b = ctx.input(1).data<In>();
  Out* out = ctx.output(0).data<Out>();
  ForEachBroadcast(
      bc, [&](int64_t o, int64_t ia, int64_t ib) { out[o] = static_cast<Out>(f(a[ia], b[ib])); });
}

template <class T>
PlinthStatus RunSameType(const KernelContext& ctx, const QuantizedBinary& q, const Broadcast& bc) {
  switch (q.kind) {
    case QuantizedBinary::Kind::kAddSub:
      Run<T, T>(ctx, bc, [&](T a, T b) { return AddSubElement(q.add_sub, a, b); });
      return PLINTH_OK;
    case QuantizedBinary::Kind::kSquaredDifference:
      Run<T, T>(ctx, bc, [&](T a, T b) { return SquaredDifferenceElement(q.add_sub, a, b); });
      return PLINTH_OK;
    case QuantizedBinary::Kind::kMul:
      Run<T, T>(ctx, bc, [&](T a, T b) { return MulElement(q.mul, a, b); });
      return PLINTH_OK;
    case QuantizedBinary::Kind::kDiv: {
      // TFLite refuses a raw 0 in the divisor; a value equal to the zero point is a real division
      // by zero, which TFLite leaves undefined: both are errors here.
      const Tensor divisor = ctx.input(1);
      const T* d = divisor.data<T>();
      for (int64_t i = 0; i < divisor.num_elements(); ++i) {
        if (d[i] == 0 || d[i] == divisor.zero_point()) return ctx.Error("division by zero");
      }
      Run<T, T>(ctx, bc, [&](T a, T b) { return DivElement(q.mul, a, b); });
      return PLINTH_OK;
    }
    default:
      return ctx.Error("internal error: unexpected quantized kernel");
  }
}

}  // namespace

PlinthStatus PrepareQuantizedAddSub(const KernelContext& ctx, bool subtract, int64_t activation,
                                    QuantizedBinary* q) {
  PLINTH_RETURN_IF_ERROR(CheckQuantizedOperands(ctx));
  const Tensor a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
  const bool int16 = out.type() == PLINTH_INT16;
  if (int16) {
    // TFLite's int16 ADD/SUB are symmetric.
    PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, a, "input 0"));
    PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, b, "input 1"));
    PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, out, "output"));
    // With pot_scale_int16 (the schema default) and power-of-two scales TFLite takes the LSTM
    // path; a node without options does not.
    int log2_a = 0, log2_b = 0, log2_out = 0;
    const bool pot = ctx.OptionBool("pot_scale_int16", false) && CheckedLog2(a.scale(), &log2_a) &&
                     CheckedLog2(b.scale(), &log2_b) && CheckedLog2(out.scale(), &log2_out);
    if (pot) {
      q->kind = QuantizedBinary::Kind::kPotAddSub;
      q->pot.subtract = subtract;
      q->pot.input1_shift = log2_a - log2_out;
      q->pot.input2_shift = log2_b - log2_out;
      PLINTH_ENSURE(ctx, q->pot.input1_shift == 0 || q->pot.input2_shift == 0,
                    "power-of-two int16 path: one input must have the output's scale");
      PLINTH_ENSURE(ctx, q->pot.input1_shift <= 0 && q->pot.input2_shift <= 0,
                    "power-of-two int16 path: input scales must not exceed the output's");
      return QuantizedActivation(ctx, activation, out, &q->pot.activation);
    }
  }
  q->kind = QuantizedBinary::Kind::kAddSub;
  AddSubParams& p = q->add_sub;
  p.subtract = subtract;
  p.input1_offset = NegatedZeroPoint(a.zero_point());
  p.input2_offset = NegatedZeroPoint(b.zero_point());
  p.output_offset = out.zero_point();
  // 20 bits of headroom for 8-bit inputs, 15 for 16-bit (65535 << 15 still fits in 32 bits).
  p.left_shift = int16 ? 15 : 20;
  const double twice_max_input_scale = 2 * std::max(a.scale(), b.scale());
  const double real_input1 = a.scale() / twice_max_input_scale;
  const double real_input2 = b.scale() / twice_max_input_scale;
  const double real_output =
      twice_max_input_scale / (static_cast<float>(1 << p.left_shift) * out.scale());
  PLINTH_RETURN_IF_ERROR(QuantizeMultiplierBelowOne(ctx, real_input1, "input 0", &p.input1));
  PLINTH_RETURN_IF_ERROR(QuantizeMultiplierBelowOne(ctx, real_input2, "input 1", &p.input2));
  PLINTH_RETURN_IF_ERROR(QuantizeMultiplierBelowOne(ctx, real_output, "output", &p.output));
  return QuantizedActivation(ctx, activation, out, &p.activation);
}

PlinthStatus PrepareQuantizedMul(const KernelContext& ctx, int64_t activation, QuantizedBinary* q) {
  PLINTH_RETURN_IF_ERROR(CheckQuantizedOperands(ctx));
  const Tensor a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
  MulParams& p = q->mul;
  p.input1_offset = NegatedZeroPoint(a.zero_point());
  p.input2_offset = NegatedZeroPoint(b.zero_point());
  p.output_offset = out.zero_point();
  if (a.type() == PLINTH_INT16 && out.type() != PLINTH_INT16) {
    // Q0.15 x Q0.15 into an 8-bit output: the scales are implied, only the zero point is used.
    q->kind = QuantizedBinary::Kind::kMulInt16ToNarrow;
    PLINTH_ENSURE(ctx, a.SameShape(b), "int16 x int16 -> 8-bit MUL does not broadcast; shapes ",
                  ShapeString(a), " and ", ShapeString(b));
  } else {
    q->kind = QuantizedBinary::Kind::kMul;
    // TFLite forms this product in float before widening.
    const double real = a.scale() * b.scale() / out.scale();
    p.output = QuantizeMultiplier(real);
  }
  return QuantizedActivation(ctx, activation, out, &p.activation);
}

PlinthStatus PrepareQuantizedDiv(const KernelContext& ctx, int64_t activation, QuantizedBinary* q) {
  PLINTH_RETURN_IF_ERROR(CheckQuantizedOperands(ctx));
  const Tensor a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
  q->kind = QuantizedBinary::Kind::kDiv;
  MulParams& p = q->mul;
  p.input1_offset = NegatedZeroPoint(a.zero_point());
  p.input2_offset = NegatedZeroPoint(b.zero_point());
  p.output_offset = out.zero_point();
  const double real = a.scale() / (b.scale() * out.scale());
  p.output = QuantizeMultiplier(real);
  return QuantizedActivation(ctx, activation, out, &p.activation);
}

PlinthStatus PrepareQuantizedSquaredDifference(const KernelContext& ctx, QuantizedBinary* q) {
  PLINTH_RETURN_IF_ERROR(CheckQuantizedOperands(ctx));
  const Tensor a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
  q->kind = QuantizedBinary::Kind::kSquaredDifference;
  AddSubParams& p = q->add_sub;
  p.input1_offset = NegatedZeroPoint(a.zero_point());
  p.input2_offset = NegatedZeroPoint(b.zero_point());
  p.output_offset = out.zero_point();
  p.left_shift = 7;
  const double twice_max_input_scale = 2.0 * static_cast<double>(std::max(a.scale(), b.scale()));
  const double real_input1 = static_cast<double>(a.scale()) / twice_max_input_scale;
  const double real_input2 = static_cast<double>(b.scale()) / twice_max_input_scale;
  const double real_output = (twice_max_input_scale * twice_max_input_scale) /
                             static_cast<double>((1 << (2 * p.left_shift)) * out.scale());
  PLINTH_RETURN_IF_ERROR(QuantizeMultiplierBelowOne(ctx, real_input1, "input 0", &p.input1));
  PLINTH_RETURN_IF_ERROR(QuantizeMultiplierBelowOne(ctx, real_input2, "input 1", &p.input2));
  PLINTH_RETURN_IF_ERROR(QuantizeMultiplierBelowOne(ctx, real_output, "output", &p.output));
  p.activation = {QMinOf(out.type()), QMaxOf(out.type())};
  return PLINTH_OK;
}

PlinthStatus RunQuantizedBinary(const KernelContext& ctx, const QuantizedBinary& q,
                                const Broadcast& broadcast) {
  const PlinthType in = ctx.input(0).type(), out = ctx.output(0).type();
  if (q.kind == QuantizedBinary::Kind::kPotAddSub) {
    Run<int16_t, int16_t>(ctx, broadcast,
                          [&](int16_t a, int16_t b) { return PotAddSubElement(q.pot, a, b); });
    return PLINTH_OK;
  }
  if (q.kind == QuantizedBinary::Kind::kMulInt16ToNarrow) {
    auto f = [&](int16_t a, int16_t b) { return MulInt16ToNarrowElement(q.mul, a, b); };
    if (out == PLINTH_INT8) {
      Run<int16_t, int8_t>(ctx, broadcast, f);
    } else {
      Run<int16_t, uint8_t>(ctx, broadcast, f);
    }
    return PLINTH_OK;
  }
  switch (in) {
    case PLINTH_INT8:
      return RunSameType<int8_t>(ctx, q, broadcast);
    case PLINTH_UINT8:
      return RunSameType<uint8_t>(ctx, q, broadcast);
    case PLINTH_INT16:
      return RunSameType<int16_t>(ctx, q, broadcast);
    default:
      return ctx.Error("internal error: unexpected quantized type ", TypeName(in));
  }
}

}  // namespace plinth::builtin
