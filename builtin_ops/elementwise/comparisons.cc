// Broadcasting comparisons producing bool: EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER,
// GREATER_EQUAL. int8/uint8 inputs are quantized: as in TFLite, both sides are rescaled onto a
// common fixed-point scale (8 bits of headroom, each input's scale as a multiplier below one)
// before comparing, so inputs with different scales compare by real value.
#include "builtin_ops/common/broadcast.h"
#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/half.h"
#include "builtin_ops/elementwise/integer_math.h"

namespace plinth::builtin {
namespace {

enum class CompareOp { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

template <CompareOp kOp, class T>
bool Compare(T a, T b) {
  if constexpr (kOp == CompareOp::kEqual) return a == b;
  if constexpr (kOp == CompareOp::kNotEqual) return a != b;
  if constexpr (kOp == CompareOp::kLess) return a < b;
  if constexpr (kOp == CompareOp::kLessEqual) return a <= b;
  if constexpr (kOp == CompareOp::kGreater) return a > b;
  if constexpr (kOp == CompareOp::kGreaterEqual) return a >= b;
}

// The types TFLite's kernels accept per op (int8/uint8 are always quantized).
bool TypeSupported(CompareOp op, PlinthType t) {
  switch (t) {
    case PLINTH_FLOAT32:
    case PLINTH_INT32:
    case PLINTH_INT64:
    case PLINTH_INT8:
    case PLINTH_UINT8:
      return true;
    case PLINTH_BOOL:
      return op == CompareOp::kEqual || op == CompareOp::kNotEqual;
    case PLINTH_INT16:
      return op == CompareOp::kEqual || op == CompareOp::kLess || op == CompareOp::kGreaterEqual;
    case PLINTH_FLOAT16:
      return op == CompareOp::kLess;
    default:
      return false;
  }
}

// One input's move onto the common comparison scale.
struct Rescale {
  int32_t offset = 0;
  QuantizedMultiplier multiplier;
  int32_t operator()(int32_t q) const {
    constexpr int kLeftShift = 8;
    return MultiplyByQuantizedMultiplierSmallerThanOneExp(WrappingShiftLeft(offset + q, kLeftShift),
                                                          multiplier.multiplier, multiplier.shift);
  }
};

template <CompareOp kOp>
class Comparison {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 2, 1));
    const Tensor a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, a, b, "input 0", "input 1"));
    PLINTH_ENSURE(ctx, TypeSupported(kOp, a.type()), "input type ", TypeName(a.type()),
                  " is not supported");
    PLINTH_ENSURE(ctx, out.type() == PLINTH_BOOL, "output must be BOOL, got ",
                  TypeName(out.type()));
    if (a.type() == PLINTH_INT8 || a.type() == PLINTH_UINT8) {
      PLINTH_RETURN_IF_ERROR(PrepareRescale(ctx, a, "input 0", &rescale_a_));
      PLINTH_RETURN_IF_ERROR(PrepareRescale(ctx, b, "input 1", &rescale_b_));
    }
    PLINTH_ENSURE(ctx, ComputeBroadcast(a.shape(), b.shape(), &broadcast_), "shapes ",
                  ShapeString(a), " and ", ShapeString(b), " do not broadcast");
    return ctx.Resize(out, broadcast_.out_shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    switch (ctx.input(0).type()) {
      case PLINTH_FLOAT32:
        return Run<float>(ctx, [](float a, float b) { return Compare<kOp>(a, b); });
      case PLINTH_INT32:
        return Run<int32_t>(ctx, Compare<kOp, int32_t>);
      case PLINTH_INT64:
        return Run<int64_t>(ctx, Compare<kOp, int64_t>);
      case PLINTH_INT16:
        return Run<int16_t>(ctx, Compare<kOp, int16_t>);
      case PLINTH_BOOL:
        return Run<bool>(ctx, Compare<kOp, bool>);
      case PLINTH_FLOAT16:
        return Run<Half>(
            ctx, [](Half a, Half b) { return Compare<kOp>(HalfToFloat(a), HalfToFloat(b)); });
      case PLINTH_INT8:
        return RunQuantized<int8_t>(ctx);
      case PLINTH_UINT8:
        return RunQuantized<uint8_t>(ctx);
      default:
        return ctx.Error("unsupported type ", TypeName(ctx.input(0).type()));
    }
  }

 private:
  static PlinthStatus PrepareRescale(const KernelContext& ctx, const Tensor& t, const char* what,
                                     Rescale* r) {
    PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, t, what));
    r->offset = NegatedZeroPoint(t.zero_point());
    // TFLite uses the scale itself as the multiplier, which must stay below one.
    return QuantizeMultiplierBelowOne(ctx, t.scale(), what, &r->multiplier);
  }

  template <class T, class F>
  PlinthStatus Run(const KernelContext& ctx, F f) {
    const T* a = ctx.input(0).data<T>();
    const T* b = ctx.input(1).data<T>();
    bool* out = ctx.output(0).data<bool>();
    ForEachBroadcast(broadcast_,
                     [&](int64_t o, int64_t ia, int64_t ib) { out[o] = f(a[ia], b[ib]); });
    return PLINTH_OK;
  }

  template <class T>
  PlinthStatus RunQuantized(const KernelContext& ctx) {
    return Run<T>(ctx, [&](T a, T b) { return Compare<kOp>(rescale_a_(a), rescale_b_(b)); });
  }

  Rescale rescale_a_, rescale_b_;
  Broadcast broadcast_;
};

}  // namespace

PlinthStatus RegisterComparisons(Registrar& r) {
  using T = std::vector<PlinthType>;
  const T kBase = {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8};
  T equal = kBase, not_equal = kBase, less = kBase, greater_equal = kBase;
  equal.insert(equal.end(), {PLINTH_INT16, PLINTH_BOOL});
  not_equal.push_back(PLINTH_BOOL);
  less.insert(less.end(), {PLINTH_INT16, PLINTH_FLOAT16});
  greater_equal.push_back(PLINTH_INT16);
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Comparison<CompareOp::kEqual>>("EQUAL", 1, 4, equal));
  PLINTH_RETURN_IF_ERROR(
      r.AddBuiltin<Comparison<CompareOp::kNotEqual>>("NOT_EQUAL", 1, 3, not_equal));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Comparison<CompareOp::kLess>>("LESS", 1, 3, less));
  PLINTH_RETURN_IF_ERROR(
      r.AddBuiltin<Comparison<CompareOp::kLessEqual>>("LESS_EQUAL", 1, 2, kBase));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Comparison<CompareOp::kGreater>>("GREATER", 1, 2, kBase));
  return r.AddBuiltin<Comparison<CompareOp::kGreaterEqual>>("GREATER_EQUAL", 1, 3, greater_equal);
}

}  // namespace plinth::builtin
