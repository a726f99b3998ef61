// Broadcasting binary arithmetic: ADD, SUB, MUL, DIV, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM, POW,
// FLOOR_DIV, FLOOR_MOD and ATAN2. Float and plain-integer types are computed here (with TFLite's
// conventions: float outputs of ADD/SUB/MUL/DIV are clamped to the activation's range, which for
// NONE is the finite float range; integer overflow wraps); quantized int8/uint8/int16 kernels are
// in quantized_binary.cc.
#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <type_traits>

#include "builtin_ops/common/broadcast.h"
#include "builtin_ops/elementwise/binary_f32_fast.h"
#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/half.h"
#include "builtin_ops/elementwise/quantized_binary.h"
#include "builtin_ops/elementwise/quantized_binary_fast.h"

namespace plinth::builtin {
namespace {

enum class BinaryOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kSquaredDifference,
  kMaximum,
  kMinimum,
  kPow,
  kFloorDiv,
  kFloorMod,
  kAtan2
};

// Ops whose options carry a fused activation.
constexpr bool HasActivation(BinaryOp op) {
  return op == BinaryOp::kAdd || op == BinaryOp::kSub || op == BinaryOp::kMul ||
         op == BinaryOp::kDiv;
}

// Integer ops that refuse a zero divisor.
constexpr bool Divides(BinaryOp op) {
  return op == BinaryOp::kDiv || op == BinaryOp::kFloorDiv || op == BinaryOp::kFloorMod;
}

// Element types each op computes without quantization (TFLite's builtin kernels). int8/uint8/int16
// listed here are raw integers; their quantized forms are chosen in Prepare.
bool PlainTypeSupported(BinaryOp op, PlinthType t) {
  switch (op) {
    case BinaryOp::kAdd:
      return t == PLINTH_FLOAT32 || t == PLINTH_INT32 || t == PLINTH_INT64 || t == PLINTH_INT16;
    case BinaryOp::kSub:
      return t == PLINTH_FLOAT32 || t == PLINTH_INT32 || t == PLINTH_INT64;
    case BinaryOp::kMul:
      return t == PLINTH_FLOAT32 || t == PLINTH_INT32 || t == PLINTH_INT64 || t == PLINTH_INT16 ||
             t == PLINTH_UINT32 || t == PLINTH_COMPLEX64;
    case BinaryOp::kDiv:
    case BinaryOp::kPow:
      return t == PLINTH_FLOAT32 || t == PLINTH_INT32;
    case BinaryOp::kSquaredDifference:
      return t == PLINTH_FLOAT32 || t == PLINTH_INT32;
    case BinaryOp::kMaximum:
    case BinaryOp::kMinimum:
      return t == PLINTH_FLOAT32 || t == PLINTH_FLOAT16 || t == PLINTH_INT32 || t == PLINTH_INT64 ||
             t == PLINTH_INT16 || t == PLINTH_INT8 || t == PLINTH_UINT8;
    case BinaryOp::kFloorDiv:
      return t == PLINTH_FLOAT32 || t == PLINTH_INT32 || t == PLINTH_INT16 || t == PLINTH_INT8;
    case BinaryOp::kFloorMod:
      return t == PLINTH_FLOAT32 || t == PLINTH_INT32 || t == PLINTH_INT64 || t == PLINTH_INT16 ||
             t == PLINTH_INT8;
    case BinaryOp::kAtan2:
      return t == PLINTH_FLOAT32 || t == PLINTH_FLOAT64 || t == PLINTH_FLOAT16;
  }
  return false;
}

// Ops with quantized kernels for int8/uint8/int16 (the others treat those types as raw integers).
bool QuantizedTypeSupported(BinaryOp op, PlinthType t) {
  switch (op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
      return t == PLINTH_INT8 || t == PLINTH_UINT8 || t == PLINTH_INT16;
    case BinaryOp::kDiv:
      return t == PLINTH_INT8 || t == PLINTH_UINT8;
    case BinaryOp::kSquaredDifference:
      return t == PLINTH_INT8;
    default:
      return false;
  }
}

// Float ops with a fast path (binary_f32_fast.h).
constexpr bool HasF32FastPath(BinaryOp op) {
  return op == BinaryOp::kAdd || op == BinaryOp::kSub || op == BinaryOp::kMul ||
         op == BinaryOp::kDiv || op == BinaryOp::kSquaredDifference || op == BinaryOp::kMaximum ||
         op == BinaryOp::kMinimum;
}
constexpr ew::F32Op ToF32Op(BinaryOp op) {
  switch (op) {
    case BinaryOp::kSub:
      return ew::F32Op::kSub;
    case BinaryOp::kMul:
      return ew::F32Op::kMul;
    case BinaryOp::kDiv:
      return ew::F32Op::kDiv;
    case BinaryOp::kSquaredDifference:
      return ew::F32Op::kSquaredDifference;
    case BinaryOp::kMaximum:
      return ew::F32Op::kMaximum;
    case BinaryOp::kMinimum:
      return ew::F32Op::kMinimum;
    default:
      return ew::F32Op::kAdd;
  }
}

// x86's conversion of an out-of-range double to int32 (the "integer indefinite" value), which
// TFLite's int32 POW produces when the result overflows.
int32_t DoubleToInt32(double d) {
  if (!(d > -2147483649.0 && d < 2147483648.0)) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(d);
}

template <class T>
T WrapAdd(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <class T>
T WrapSub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}
template <class T>
T WrapMul(T a, T b) {
  // Types narrower than int promote to int, where 65535 * 65535 overflows: multiply in unsigned.
  using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}

// One element of a float op (float, double; half is computed in float).
template <BinaryOp kOp, class T>
T ApplyFloat(T a, T b) {
  if constexpr (kOp == BinaryOp::kAdd) return a + b;
  if constexpr (kOp == BinaryOp::kSub) return a - b;
  if constexpr (kOp == BinaryOp::kMul) return a * b;
  if constexpr (kOp == BinaryOp::kDiv) return a / b;
  if constexpr (kOp == BinaryOp::kSquaredDifference) return (a - b) * (a - b);
  if constexpr (kOp == BinaryOp::kMaximum) return a > b ? a : b;
  if constexpr (kOp == BinaryOp::kMinimum) return a < b ? a : b;
  if constexpr (kOp == BinaryOp::kPow) return std::pow(a, b);
  // TFLite divides in double before flooring.
  if constexpr (kOp == BinaryOp::kFloorDiv) {
    return static_cast<T>(std::floor(static_cast<double>(a) / static_cast<double>(b)));
  }
  if constexpr (kOp == BinaryOp::kFloorMod) {
    const T r = std::fmod(a, b);
    return (r != 0 && ((b < 0) != (r < 0))) ? r + b : r;
  }
  if constexpr (kOp == BinaryOp::kAtan2) return std::atan2(a, b);
}

// One element of an integer op; overflow wraps as in TFLite's (two's-complement) builds. Divisors
// are checked nonzero before running.
template <BinaryOp kOp, class T>
T ApplyInteger(T a, T b) {
  if constexpr (kOp == BinaryOp::kAdd) return WrapAdd(a, b);
  if constexpr (kOp == BinaryOp::kSub) return WrapSub(a, b);
  if constexpr (kOp == BinaryOp::kMul) return WrapMul(a, b);
  if constexpr (kOp == BinaryOp::kDiv) {
    if constexpr (std::is_signed_v<T>) {
      if (b == T(-1)) return WrapSub(T(0), a);  // avoids the INT_MIN / -1 trap
    }
    return static_cast<T>(a / b);
  }
  if constexpr (kOp == BinaryOp::kSquaredDifference) {
    const T d = WrapSub(a, b);
    return WrapMul(d, d);
  }
  if constexpr (kOp == BinaryOp::kMaximum) return a > b ? a : b;
  if constexpr (kOp == BinaryOp::kMinimum) return a < b ? a : b;
  if constexpr (kOp == BinaryOp::kPow) {
    return static_cast<T>(DoubleToInt32(std::pow(static_cast<double>(a), static_cast<double>(b))));
  }
  if constexpr (kOp == BinaryOp::kFloorDiv) {
    if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      // MIN / -1 does not fit T (converting it back would be UB): wrap, as x86 TFLite builds do.
      if (b == T(-1)) return WrapSub(T(0), a);
    }
    return static_cast<T>(std::floor(static_cast<double>(a) / static_cast<double>(b)));
  }
  if constexpr (kOp == BinaryOp::kFloorMod) {
    if constexpr (std::is_signed_v<T>) {
      if (b == T(-1)) return T(0);  // avoids the INT_MIN % -1 trap
      const T r = static_cast<T>(a % b);
      return (r != 0 && ((b < 0) != (r < 0))) ? static_cast<T>(r + b) : r;
    } else {
      return static_cast<T>(a % b);
    }
  }
  return T(0);
}

template <BinaryOp kOp>
class Binary {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 2, 1));
    const Tensor a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, a, b, "input 0", "input 1"));
    const PlinthType type = a.type();
    if constexpr (HasActivation(kOp)) {
      activation_ = ctx.OptionInt("fused_activation_function");
      PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    }
    if constexpr (kOp == BinaryOp::kAtan2) {
      // TFLite's ATAN2 does not broadcast.
      PLINTH_ENSURE(ctx, a.SameShape(b), "ATAN2 needs inputs of the same shape, got ",
                    ShapeString(a), " and ", ShapeString(b));
    }
    PLINTH_ENSURE(ctx, ComputeBroadcast(a.shape(), b.shape(), &broadcast_), "shapes ",
                  ShapeString(a), " and ", ShapeString(b), " do not broadcast");

    quantized_ = QuantizedTypeSupported(kOp, type) &&
                 !(type == PLINTH_INT16 && !a.is_quantized() && PlainTypeSupported(kOp, type));
    if (quantized_) {
      PLINTH_RETURN_IF_ERROR(PrepareQuantized(ctx));
      ew::PrepareQuantizedFast(quantized_binary_, type, a.shape(), b.shape(), broadcast_,
                               gemm::ActiveIsa(), &quantized_fast_);
    } else {
      PLINTH_ENSURE(ctx, PlainTypeSupported(kOp, type), "input type ", TypeName(type),
                    " is not supported");
      PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, a, out, "inputs", "output"));
    }
    f32_fn_ = nullptr;
    if constexpr (HasF32FastPath(kOp)) {
      if (type == PLINTH_FLOAT32) {
        ew::MakeBinaryPlan(a.shape(), b.shape(), broadcast_, &f32_plan_);
        const ew::F32BinaryKernels k =
            ew::SelectF32Binary(ToF32Op(kOp), HasActivation(kOp), gemm::ActiveIsa());
        if (f32_plan_.usable) f32_fn_ = ew::PlanKernel(k, f32_plan_);
      }
    }
    return ctx.Resize(out, broadcast_.out_shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (quantized_) {
      if (quantized_fast_.usable) {
        ew::RunQuantizedFast(ctx, quantized_binary_, quantized_fast_);
        return PLINTH_OK;
      }
      return RunQuantizedBinary(ctx, quantized_binary_, broadcast_);
    }
    switch (ctx.input(0).type()) {
      case PLINTH_FLOAT32:
        return RunFloat<float>(ctx);
      case PLINTH_FLOAT64:
        return RunFloat<double>(ctx);
      case PLINTH_FLOAT16:
        return RunHalf(ctx);
      case PLINTH_INT32:
        return RunInteger<int32_t>(ctx);
      case PLINTH_INT64:
        return RunInteger<int64_t>(ctx);
      case PLINTH_INT16:
        return RunInteger<int16_t>(ctx);
      case PLINTH_INT8:
        return RunInteger<int8_t>(ctx);
      case PLINTH_UINT8:
        return RunInteger<uint8_t>(ctx);
      case PLINTH_UINT32:
        return RunInteger<uint32_t>(ctx);
      case PLINTH_COMPLEX64:
        return RunComplex(ctx);
      default:
        return ctx.Error("unsupported type ", TypeName(ctx.input(0).type()));
    }
  }

 private:
  PlinthStatus PrepareQuantized(KernelContext& ctx) {
    const PlinthType in = ctx.input(0).type(), out = ctx.output(0).type();
    const bool narrow_mul =
        kOp == BinaryOp::kMul && in == PLINTH_INT16 && (out == PLINTH_INT8 || out == PLINTH_UINT8);
    if (!narrow_mul)
      PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, ctx.input(0), ctx.output(0), "inputs", "output"));
    switch (kOp) {
      case BinaryOp::kAdd:
        return PrepareQuantizedAddSub(ctx, false, activation_, &quantized_binary_);
      case BinaryOp::kSub:
        return PrepareQuantizedAddSub(ctx, true, activation_, &quantized_binary_);
      case BinaryOp::kMul:
        return PrepareQuantizedMul(ctx, activation_, &quantized_binary_);
      case BinaryOp::kDiv:
        return PrepareQuantizedDiv(ctx, activation_, &quantized_binary_);
      case BinaryOp::kSquaredDifference:
        return PrepareQuantizedSquaredDifference(ctx, &quantized_binary_);
      default:
        return ctx.Error("internal error: no quantized kernel");
    }
  }

  template <class T, class F>
  void ForEach(const KernelContext& ctx, F f) {
    const T* a = ctx.input(0).data<T>();
    const T* b = ctx.input(1).data<T>();
    T* out = ctx.output(0).data<T>();
    ForEachBroadcast(broadcast_,
                     [&](int64_t o, int64_t ia, int64_t ib) { out[o] = f(a[ia], b[ib]); });
  }

  template <class T>
  PlinthStatus RunFloat(KernelContext& ctx) {
    if constexpr (kOp == BinaryOp::kFloorDiv) {
      // TFLite refuses a zero divisor for float FLOOR_DIV too.
      const Tensor divisor = ctx.input(1);
      const T* d = divisor.data<T>();
      for (int64_t i = 0; i < divisor.num_elements(); ++i) {
        if (d[i] == T(0)) return ctx.Error("division by zero");
      }
    }
    if constexpr (std::is_same_v<T, float> && HasF32FastPath(kOp)) {
      if (f32_fn_ != nullptr) {
        float lo, hi;
        ActivationBounds<float>(activation_, &lo, &hi);  // unused by ops without an activation
        const float* a = ctx.input(0).data<float>();
        const float* b = ctx.input(1).data<float>();
        float* out = ctx.output(0).data<float>();
        ew::ForEachPlanRun(ctx, f32_plan_, [&](int64_t ia, int64_t ib, int64_t o, size_t n) {
          f32_fn_(a + ia, b + ib, out + o, n, lo, hi);
        });
        return PLINTH_OK;
      }
    }
    if constexpr (HasActivation(kOp)) {
      // TFLite clamps even without an activation, to the finite range (infinities become the
      // largest finite values); TANH and SIGN_BIT do not apply to float outputs.
      T lo, hi;
      ActivationBounds<T>(activation_, &lo, &hi);
      ForEach<T>(ctx,
                 [&](T a, T b) { return std::min(std::max(ApplyFloat<kOp, T>(a, b), lo), hi); });
    } else {
      ForEach<T>(ctx, [](T a, T b) { return ApplyFloat<kOp, T>(a, b); });
    }
    return PLINTH_OK;
  }

  PlinthStatus RunHalf(KernelContext& ctx) {
    ForEach<Half>(ctx, [](Half a, Half b) {
      if constexpr (kOp == BinaryOp::kMaximum || kOp == BinaryOp::kMinimum) {
        // Selects an input unchanged (no rounding through float).
        const float fa = HalfToFloat(a), fb = HalfToFloat(b);
        return (kOp == BinaryOp::kMaximum ? fa > fb : fa < fb) ? a : b;
      } else {
        return FloatToHalf(ApplyFloat<kOp, float>(HalfToFloat(a), HalfToFloat(b)));
      }
    });
    return PLINTH_OK;
  }

  template <class T>
  PlinthStatus RunInteger(KernelContext& ctx) {
    if constexpr (Divides(kOp)) {
      const Tensor divisor = ctx.input(1);
      const T* d = divisor.data<T>();
      for (int64_t i = 0; i < divisor.num_elements(); ++i) {
        if (d[i] == 0) return ctx.Error("integer division by zero");
      }
    }
    if constexpr (kOp == BinaryOp::kPow && std::is_signed_v<T>) {
      const Tensor exponent = ctx.input(1);
      const T* e = exponent.data<T>();
      for (int64_t i = 0; i < exponent.num_elements(); ++i) {
        if (e[i] < 0) return ctx.Error("POW does not support negative integer exponents");
      }
    }
    if constexpr (HasActivation(kOp)) {
      T lo, hi;
      ActivationBounds<T>(activation_, &lo, &hi);
      // The result wraps in T before the clamp (as TFLite's raw int16 ADD and MUL do).
      ForEach<T>(ctx, [&](T a, T b) {
        const T v = ApplyInteger<kOp, T>(a, b);
        return v < lo ? lo : (v > hi ? hi : v);
      });
    } else {
      ForEach<T>(ctx, [](T a, T b) { return ApplyInteger<kOp, T>(a, b); });
    }
    return PLINTH_OK;
  }

  PlinthStatus RunComplex(KernelContext& ctx) {
    using C = std::complex<float>;
    ForEach<C>(ctx, [](C a, C b) { return a * b; });
    return PLINTH_OK;
  }

  int64_t activation_ = PLINTH_ACTIVATION_NONE;
  bool quantized_ = false;
  QuantizedBinary quantized_binary_;
  Broadcast broadcast_;
  ew::QuantizedFast quantized_fast_;
  ew::BinaryPlan f32_plan_;
  ew::F32BinaryFn f32_fn_ = nullptr;  // null: the reference loop runs
};

}  // namespace

PlinthStatus RegisterBinaryArithmetic(Registrar& r) {
  using T = std::vector<PlinthType>;
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kAdd>>(
      "ADD", 1, 5,
      T{PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kSub>>(
      "SUB", 1, 5,
      T{PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kMul>>(
      "MUL", 1, 7,
      T{PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16,
        PLINTH_UINT32, PLINTH_COMPLEX64}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kDiv>>(
      "DIV", 1, 2, T{PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT8, PLINTH_UINT8}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kSquaredDifference>>(
      "SQUARED_DIFFERENCE", 1, 2, T{PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT8}));
  const T kMinMax = {PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_INT32, PLINTH_INT64,
                     PLINTH_INT16,   PLINTH_INT8,    PLINTH_UINT8};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kMaximum>>("MAXIMUM", 1, 4, kMinMax));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kMinimum>>("MINIMUM", 1, 4, kMinMax));
  PLINTH_RETURN_IF_ERROR(
      r.AddBuiltin<Binary<BinaryOp::kPow>>("POW", 1, 1, T{PLINTH_FLOAT32, PLINTH_INT32}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kFloorDiv>>(
      "FLOOR_DIV", 1, 3, T{PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT16, PLINTH_INT8}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Binary<BinaryOp::kFloorMod>>(
      "FLOOR_MOD", 1, 2, T{PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT16, PLINTH_INT8}));
  return r.AddBuiltin<Binary<BinaryOp::kAtan2>>("ATAN2", 1, 1,
                                                T{PLINTH_FLOAT32, PLINTH_FLOAT64, PLINTH_FLOAT16});
}

}  // namespace plinth::builtin
