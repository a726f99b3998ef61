// Broadcasting binary arithmetic: ADD, SUB, MUL, DIV, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM, POW,
// FLOOR_DIV, FLOOR_MOD, for float32, int32 and int64.
#include <cmath>

#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/common/broadcast.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kSquaredDifference, kMaximum, kMinimum, kPow,
                      kFloorDiv, kFloorMod };

template <class T>
T IntPow(T base, T exponent) {
  T result = 1;
  while (exponent > 0) {
    if (exponent & 1) result *= base;
    base *= base;
    exponent >>= 1;
  }
  return result;
}

template <BinaryOp kOp, class T>
T Apply(T a, T b) {
  if constexpr (kOp == BinaryOp::kAdd) return a + b;
  if constexpr (kOp == BinaryOp::kSub) return a - b;
  if constexpr (kOp == BinaryOp::kMul) return a * b;
  if constexpr (kOp == BinaryOp::kDiv) return a / b;
  if constexpr (kOp == BinaryOp::kSquaredDifference) return (a - b) * (a - b);
  if constexpr (kOp == BinaryOp::kMaximum) return a > b ? a : b;
  if constexpr (kOp == BinaryOp::kMinimum) return a < b ? a : b;
  if constexpr (kOp == BinaryOp::kPow) {
    if constexpr (std::is_floating_point_v<T>) {
      return std::pow(a, b);
    } else {
      return IntPow(a, b);
    }
  }
  if constexpr (kOp == BinaryOp::kFloorDiv) {
    if constexpr (std::is_floating_point_v<T>) {
      return std::floor(a / b);
    } else {
      T q = a / b;
      return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }
  }
  if constexpr (kOp == BinaryOp::kFloorMod) {
    T r;
    if constexpr (std::is_floating_point_v<T>) {
      r = std::fmod(a, b);
    } else {
      r = a % b;
    }
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  }
}

// Ops whose options carry a fused activation.
constexpr bool HasActivation(BinaryOp op) {
  return op == BinaryOp::kAdd || op == BinaryOp::kSub || op == BinaryOp::kMul ||
         op == BinaryOp::kDiv;
}

// Integer ops that fault on a zero divisor.
constexpr bool Divides(BinaryOp op) {
  return op == BinaryOp::kDiv || op == BinaryOp::kFloorDiv || op == BinaryOp::kFloorMod;
}

template <BinaryOp kOp>
class Binary {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor a = ctx.input(0), b = ctx.input(1);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, a, "input 0", {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, b && b.type() == a.type(), "inputs must have the same type, got ",
                  TypeName(a.type()), " and ", b ? TypeName(b.type()) : "nothing");
    PLINTH_ENSURE(ctx, ctx.output(0) && ctx.output(0).type() == a.type(),
                  "output type must match the inputs'");
    if constexpr (HasActivation(kOp)) {
      activation_ = ctx.OptionInt("fused_activation_function");
      PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    }
    PLINTH_ENSURE(ctx, ComputeBroadcast(a.shape(), b.shape(), &broadcast_), "shapes ",
                  ShapeString(a), " and ", ShapeString(b), " do not broadcast");
    return ctx.Resize(ctx.output(0), broadcast_.out_shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    switch (ctx.input(0).type()) {
      case PLINTH_FLOAT32: return Run<float>(ctx);
      case PLINTH_INT32: return Run<int32_t>(ctx);
      case PLINTH_INT64: return Run<int64_t>(ctx);
      default: return ctx.Error("unsupported type");
    }
  }

 private:
  template <class T>
  PlinthStatus Run(KernelContext& ctx) {
    const T* a = ctx.input(0).data<T>();
    const T* b = ctx.input(1).data<T>();
    T* out = ctx.output(0).data<T>();
    if constexpr (std::is_integral_v<T> && Divides(kOp)) {
      const int64_t n = ctx.input(1).num_elements();
      for (int64_t i = 0; i < n; ++i) {
        if (b[i] == 0) return ctx.Error("integer division by zero");
      }
    }
    if constexpr (std::is_floating_point_v<T>) {
      FloatRange range = ActivationRange(activation_);
      ForEachBroadcast(broadcast_, [&](int64_t o, int64_t ia, int64_t ib) {
        out[o] = ApplyActivation(Apply<kOp>(a[ia], b[ib]), activation_, range);
      });
    } else {
      // Integer kernels clamp to the activation's range (TFLite's int32 behaviour).
      T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
      if (activation_ == PLINTH_ACTIVATION_RELU) lo = 0;
      if (activation_ == PLINTH_ACTIVATION_RELU6) lo = 0, hi = 6;
      if (activation_ == PLINTH_ACTIVATION_RELU_N1_TO_1) lo = -1, hi = 1;
      ForEachBroadcast(broadcast_, [&](int64_t o, int64_t ia, int64_t ib) {
        T v = Apply<kOp>(a[ia], b[ib]);
        out[o] = v < lo ? lo : (v > hi ? hi : v);
      });
    }
    return PLINTH_OK;
  }

  int64_t activation_ = 0;
  Broadcast broadcast_;
};

}  // namespace

PlinthStatus RegisterBinaryArithmetic(Registrar& r) {
  const std::vector<PlinthType> kTypes = {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kAdd>>("ADD", 1, 5, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kSub>>("SUB", 1, 5, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kMul>>("MUL", 1, 7, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kDiv>>("DIV", 1, 2, kTypes));
  PLINTH_RETURN_IF_ERROR(
      r.AddBuiltin<Binary<BinaryOp::kSquaredDifference>>("SQUARED_DIFFERENCE", 1, 2, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kMaximum>>("MAXIMUM", 1, 4, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kMinimum>>("MINIMUM", 1, 4, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kPow>>("POW", 1, 1, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kFloorDiv>>("FLOOR_DIV", 1, 3, kTypes));
  return r.AddBuiltin<Binary<BinaryOp::kFloorMod>>("FLOOR_MOD", 1, 2, kTypes);
}

}  // namespace plinth::builtin
