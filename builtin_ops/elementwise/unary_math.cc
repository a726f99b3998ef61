// Elementwise math on one tensor: ABS, NEG, SIGN, SQUARE, SQRT, RSQRT, EXP, LOG, SIN, COS, FLOOR,
// CEIL, ROUND. Float kernels apply the C++ function per element (ROUND rounds half to even, as
// TFLite does); the quantized kernels follow TFLite: ABS and int8 RSQRT in integer arithmetic,
// EXP, LOG and int16 RSQRT through lookup tables.
#include <cmath>
#include <cstdlib>
#include <limits>

#include "builtin_ops/activations/lut.h"
#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/half.h"
#include "builtin_ops/elementwise/integer_math.h"

namespace plinth::builtin {
namespace {

enum class UnaryOp {
  kAbs,
  kNeg,
  kSign,
  kSquare,
  kSqrt,
  kRsqrt,
  kExp,
  kLog,
  kSin,
  kCos,
  kFloor,
  kCeil,
  kRound
};

// How a node computes, chosen in Prepare from the op and the tensor type.
enum class Path {
  // Plain arithmetic.
  kFloat32,
  kFloat64,
  kHalf,
  kInteger,
  // Quantized kernels.
  kQuantizedAbs,     // int8 / int16
  kQuantizedRsqrt8,  // int8 RSQRT in fixed point
  kLut8,             // int8 EXP, LOG
  kLutInt16,         // int16 EXP, LOG, RSQRT
};

// TFLite's ROUND: half to even.
float RoundHalfToEven(float value) {
  const float floor_val = std::floor(value);
  const float diff = value - floor_val;
  if (diff < 0.5f || (diff == 0.5f && static_cast<int>(floor_val) % 2 == 0)) return floor_val;
  return floor_val + 1.0f;
}

template <UnaryOp kOp, class T>
T ApplyFloat(T x) {
  if constexpr (kOp == UnaryOp::kAbs) return std::abs(x);
  if constexpr (kOp == UnaryOp::kNeg) return -x;
  if constexpr (kOp == UnaryOp::kSign) return static_cast<T>((T(0) < x) - (x < T(0)));
  if constexpr (kOp == UnaryOp::kSquare) return x * x;
  if constexpr (kOp == UnaryOp::kSqrt) return std::sqrt(x);
  if constexpr (kOp == UnaryOp::kRsqrt) return T(1) / std::sqrt(x);
  if constexpr (kOp == UnaryOp::kExp) return std::exp(x);
  if constexpr (kOp == UnaryOp::kLog) return std::log(x);
  if constexpr (kOp == UnaryOp::kSin) return std::sin(x);
  if constexpr (kOp == UnaryOp::kCos) return std::cos(x);
  if constexpr (kOp == UnaryOp::kFloor) return std::floor(x);
  if constexpr (kOp == UnaryOp::kCeil) return std::ceil(x);
  if constexpr (kOp == UnaryOp::kRound) return RoundHalfToEven(static_cast<float>(x));
}

template <UnaryOp kOp, class T>
T ApplyInteger(T x) {
  using U = std::make_unsigned_t<T>;
  if constexpr (kOp == UnaryOp::kAbs) return x < 0 ? static_cast<T>(U(0) - static_cast<U>(x)) : x;
  if constexpr (kOp == UnaryOp::kNeg) return static_cast<T>(U(0) - static_cast<U>(x));
  if constexpr (kOp == UnaryOp::kSign) return static_cast<T>((T(0) < x) - (x < T(0)));
  return x;
}

// The float function a lookup table is built from (TFLite's transforms). The int16 tables map
// non-positive inputs of LOG and RSQRT to the extreme outputs instead of -inf / +inf.
template <UnaryOp kOp>
float LutTransform8(float x) {
  if constexpr (kOp == UnaryOp::kExp) return std::exp(x);
  if constexpr (kOp == UnaryOp::kLog) return std::log(x);
  return x;
}
template <UnaryOp kOp>
float LutTransform16(float x, float output_scale) {
  if constexpr (kOp == UnaryOp::kExp) return std::exp(x);
  if constexpr (kOp == UnaryOp::kLog) {
    return x <= 0.f ? static_cast<float>(std::numeric_limits<int16_t>::min()) * output_scale
                    : std::log(x);
  }
  if constexpr (kOp == UnaryOp::kRsqrt) {
    return x <= 0.f ? static_cast<float>(std::numeric_limits<int16_t>::max()) * output_scale
                    : 1.0f / std::sqrt(x);
  }
  return x;
}

template <UnaryOp kOp>
class Unary {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    PLINTH_RETURN_IF_ERROR(ChoosePath(ctx, in, out));
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    const int64_t n = in.num_elements();
    switch (path_) {
      case Path::kFloat32:
        return Map<float>(in, out, n, ApplyFloat<kOp, float>);
      case Path::kFloat64:
        return Map<double>(in, out, n, ApplyFloat<kOp, double>);
      case Path::kHalf:
        return Map<Half>(in, out, n, [](Half h) {
          // NEG flips the sign bit (of NaN too); the others are exact in float.
          if constexpr (kOp == UnaryOp::kNeg) return Half{static_cast<uint16_t>(h.bits ^ 0x8000u)};
          return FloatToHalf(ApplyFloat<kOp, float>(HalfToFloat(h)));
        });
      case Path::kInteger:
        switch (in.type()) {
          case PLINTH_INT8:
            return Map<int8_t>(in, out, n, ApplyInteger<kOp, int8_t>);
          case PLINTH_INT16:
            return Map<int16_t>(in, out, n, ApplyInteger<kOp, int16_t>);
          case PLINTH_INT32:
            return Map<int32_t>(in, out, n, ApplyInteger<kOp, int32_t>);
          case PLINTH_INT64:
            return Map<int64_t>(in, out, n, ApplyInteger<kOp, int64_t>);
          default:
            break;
        }
        break;
      case Path::kQuantizedAbs:
        if (in.type() == PLINTH_INT8)
          return Map<int8_t>(in, out, n, [&](int8_t x) { return QuantizedAbs<int8_t>(x); });
        return Map<int16_t>(in, out, n, [&](int16_t x) { return QuantizedAbs<int16_t>(x); });
      case Path::kQuantizedRsqrt8:
        PLINTH_RETURN_IF_ERROR(CheckRsqrtDomain<int8_t>(ctx, in));
        return Map<int8_t>(in, out, n, [&](int8_t x) { return QuantizedRsqrt8(x); });
      case Path::kLut8:
        return Map<int8_t>(in, out, n, [&](int8_t x) { return lut8_(x); });
      case Path::kLutInt16:
        if constexpr (kOp == UnaryOp::kRsqrt) {
          PLINTH_RETURN_IF_ERROR(CheckRsqrtDomain<int16_t>(ctx, in));
        }
        return Map<int16_t>(in, out, n, [&](int16_t x) { return LookupLutInt16(x, lut16_); });
    }
    return ctx.Error("unsupported type ", TypeName(in.type()));
  }

 private:
  PlinthStatus ChoosePath(const KernelContext& ctx, const Tensor& in, const Tensor& out) {
    const PlinthType t = in.type();
    constexpr bool kRaw = kOp == UnaryOp::kAbs || kOp == UnaryOp::kNeg || kOp == UnaryOp::kSign;
    if (t == PLINTH_FLOAT32) {
      path_ = Path::kFloat32;
    } else if (t == PLINTH_FLOAT64 && kOp == UnaryOp::kSign) {
      path_ = Path::kFloat64;
    } else if (t == PLINTH_FLOAT16 && (kOp == UnaryOp::kNeg || kOp == UnaryOp::kFloor)) {
      path_ = Path::kHalf;
    } else if (t == PLINTH_INT32 && kRaw) {
      path_ = Path::kInteger;
    } else if (kOp == UnaryOp::kNeg &&
               (t == PLINTH_INT8 || t == PLINTH_INT16 || t == PLINTH_INT64)) {
      path_ = Path::kInteger;  // NEG negates raw values, quantized or not
    } else if (kOp == UnaryOp::kAbs && t == PLINTH_INT16 && !in.is_quantized()) {
      path_ = Path::kInteger;
    } else if (kOp == UnaryOp::kAbs && (t == PLINTH_INT8 || t == PLINTH_INT16)) {
      PLINTH_RETURN_IF_ERROR(PrepareQuantized(ctx, in, out));
      path_ = Path::kQuantizedAbs;
      const float in_scale = in.scale(), out_scale = out.scale();
      needs_rescale_ = in_scale != out_scale;
      if (needs_rescale_) multiplier_ = QuantizeMultiplier(in_scale / out_scale);
    } else if (kOp == UnaryOp::kRsqrt && t == PLINTH_INT8) {
      PLINTH_RETURN_IF_ERROR(PrepareQuantized(ctx, in, out));
      path_ = Path::kQuantizedRsqrt8;
      multiplier_ = QuantizeMultiplier(1. / (std::sqrt(in.scale()) * out.scale()));
    } else if ((kOp == UnaryOp::kExp || kOp == UnaryOp::kLog) && t == PLINTH_INT8) {
      PLINTH_RETURN_IF_ERROR(PrepareQuantized(ctx, in, out));
      path_ = Path::kLut8;
      PopulateLut8<int8_t>(in.scale(), in.zero_point(), out.scale(), out.zero_point(),
                           LutTransform8<kOp>, &lut8_);
    } else if ((kOp == UnaryOp::kExp || kOp == UnaryOp::kLog || kOp == UnaryOp::kRsqrt) &&
               t == PLINTH_INT16) {
      PLINTH_RETURN_IF_ERROR(PrepareQuantized(ctx, in, out));
      path_ = Path::kLutInt16;
      const float out_scale = out.scale();
      PopulateLutInt16<float>(
          in.scale(), in.zero_point(), out.scale(), out.zero_point(),
          [&](float x) { return LutTransform16<kOp>(x, out_scale); }, lut16_);
    } else {
      return ctx.Error("input type ", TypeName(t), in.is_quantized() ? " (quantized)" : "",
                       " is not supported");
    }
    return PLINTH_OK;
  }

  // Quantized int8/int16 kernels need per-tensor quantization; int16 is symmetric.
  PlinthStatus PrepareQuantized(const KernelContext& ctx, const Tensor& in, const Tensor& out) {
    PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
    PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
    if (in.type() == PLINTH_INT16) {
      PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckZeroPointIsZero(ctx, out, "output"));
    }
    input_offset_ = in.zero_point();
    output_offset_ = out.zero_point();
    return PLINTH_OK;
  }

  template <class T, class F>
  static PlinthStatus Map(const Tensor& in, const Tensor& out, int64_t n, F f) {
    const T* x = in.data<T>();
    T* y = out.data<T>();
    for (int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
    return PLINTH_OK;
  }

  template <class T>
  T QuantizedAbs(T x) const {
    const int32_t value = std::abs(static_cast<int32_t>(x) - input_offset_);
    const int32_t scaled =
        needs_rescale_ ? MultiplyByQuantizedMultiplier(value, multiplier_) : value;
    return static_cast<T>(Clamp(scaled + output_offset_, QMin<T>(), QMax<T>()));
  }

  // RSQRT's input must not be below its zero point (a negative real value).
  template <class T>
  PlinthStatus CheckRsqrtDomain(const KernelContext& ctx, const Tensor& in) const {
    const T* x = in.data<T>();
    for (int64_t i = 0; i < in.num_elements(); ++i) {
      if (x[i] < input_offset_) return ctx.Error("RSQRT is only defined for non-negative values");
    }
    return PLINTH_OK;
  }

  // TFLite's int8 RSQRT: 1/sqrt of the offset input as a multiplier, applied to 1 << 20.
  int8_t QuantizedRsqrt8(int8_t x) const {
    const int32_t value = x - input_offset_;
    constexpr int kShift = 20;  // keeps the intermediate an integer
    if (value == 0) return std::numeric_limits<int8_t>::max();
    int32_t inv_sqrt_multiplier;
    int inv_sqrt_shift;
    GetInvSqrtQuantizedMultiplierExp(value, -1, &inv_sqrt_multiplier, &inv_sqrt_shift);
    const int32_t data =
        MultiplyByQuantizedMultiplier(1, inv_sqrt_multiplier, inv_sqrt_shift + kShift);
    const int32_t output =
        MultiplyByQuantizedMultiplier(data, multiplier_.multiplier, multiplier_.shift - kShift) +
        output_offset_;
    return static_cast<int8_t>(Clamp(output, -128, 127));
  }

  Path path_ = Path::kFloat32;
  int32_t input_offset_ = 0, output_offset_ = 0;
  bool needs_rescale_ = false;
  QuantizedMultiplier multiplier_;
  Lut8<int8_t> lut8_{};
  int16_t lut16_[kLutInt16Size] = {};
};

}  // namespace

PlinthStatus RegisterUnaryMath(Registrar& r) {
  using T = std::vector<PlinthType>;
  const T kFloat = {PLINTH_FLOAT32};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kAbs>>(
      "ABS", 1, 5, T{PLINTH_FLOAT32, PLINTH_INT8, PLINTH_INT16, PLINTH_INT32}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kNeg>>(
      "NEG", 1, 1,
      T{PLINTH_FLOAT32, PLINTH_FLOAT16, PLINTH_INT8, PLINTH_INT16, PLINTH_INT32, PLINTH_INT64}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kSign>>(
      "SIGN", 1, 2, T{PLINTH_FLOAT32, PLINTH_FLOAT64, PLINTH_INT32}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kSquare>>("SQUARE", 1, 1, kFloat));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kSqrt>>("SQRT", 1, 1, kFloat));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kRsqrt>>(
      "RSQRT", 1, 3, T{PLINTH_FLOAT32, PLINTH_INT8, PLINTH_INT16}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kExp>>(
      "EXP", 1, 2, T{PLINTH_FLOAT32, PLINTH_INT8, PLINTH_INT16}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kLog>>(
      "LOG", 1, 2, T{PLINTH_FLOAT32, PLINTH_INT8, PLINTH_INT16}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kSin>>("SIN", 1, 1, kFloat));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kCos>>("COS", 1, 1, kFloat));
  PLINTH_RETURN_IF_ERROR(
      r.AddBuiltin<Unary<UnaryOp::kFloor>>("FLOOR", 1, 1, T{PLINTH_FLOAT32, PLINTH_FLOAT16}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Unary<UnaryOp::kCeil>>("CEIL", 1, 1, kFloat));
  return r.AddBuiltin<Unary<UnaryOp::kRound>>("ROUND", 1, 1, kFloat);
}

}  // namespace plinth::builtin
