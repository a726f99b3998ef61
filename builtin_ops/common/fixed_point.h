// Scalar fixed-point arithmetic with gemmlowp's exact semantics (the fixedpoint.h TFLite's
// reference kernels use for SOFTMAX, LOGISTIC, TANH, LOG_SOFTMAX and the integer LSTM).
//
// FixedPoint<Raw, IntegerBits> holds raw / 2^(bits(Raw) - 1 - IntegerBits). Products add integer
// bits; Rescale changes them with saturation and rounding; the transcendental functions are the
// same polynomial/Newton-Raphson evaluations, bit for bit.
#ifndef PLINTH_BUILTIN_OPS_COMMON_FIXED_POINT_H_
#define PLINTH_BUILTIN_OPS_COMMON_FIXED_POINT_H_

#include <cstdint>
#include <limits>
#include <type_traits>

namespace plinth::builtin::fixed_point {

// ---- raw integer helpers (int32_t or int16_t) ---------------------------------------------------

template <class T>
constexpr T MaskIfNonZero(T a) {
  return a ? static_cast<T>(~T(0)) : T(0);
}
template <class T>
constexpr T MaskIfZero(T a) {
  return MaskIfNonZero<T>(!a);
}
template <class T>
constexpr T MaskIfLessThan(T a, T b) {
  return MaskIfNonZero<T>(a < b);
}
template <class T>
constexpr T MaskIfGreaterThan(T a, T b) {
  return MaskIfNonZero<T>(a > b);
}
template <class T>
constexpr T SelectUsingMask(T mask, T a, T b) {
  return static_cast<T>((mask & a) ^ (~mask & b));
}

// Rounding doubling high multiply of two raws of the same width, saturating min * min.
inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int32_t>::min();
  const int64_t ab = static_cast<int64_t>(a) * b;
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  const int32_t high = static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
  return overflow ? std::numeric_limits<int32_t>::max() : high;
}
inline int16_t SaturatingRoundingDoublingHighMul(int16_t a, int16_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int16_t>::min();
  const int32_t ab = static_cast<int32_t>(a) * b;
  const int16_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  const int16_t high = static_cast<int16_t>((ab + nudge) / (1 << 15));
  return overflow ? std::numeric_limits<int16_t>::max() : high;
}

// x / 2^exponent, rounding half away from zero.
template <class T>
T RoundingDivideByPOT(T x, int exponent) {
  using Wide = std::conditional_t<sizeof(T) == 4, int64_t, int32_t>;
  const T mask = static_cast<T>((Wide{1} << exponent) - 1);
  const T remainder = static_cast<T>(x & mask);
  const T threshold = static_cast<T>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<T>((x >> exponent) + (remainder > threshold ? 1 : 0));
}

// x * 2^Exponent: saturating for positive exponents, rounding for negative ones.
template <int Exponent, class T>
T SaturatingRoundingMultiplyByPOT(T x) {
  if constexpr (Exponent == 0) {
    return x;
  } else if constexpr (Exponent < 0) {
    return RoundingDivideByPOT<T>(x, -Exponent);
  } else {
    constexpr int kBits = 8 * sizeof(T);
    constexpr int32_t kThreshold = (int32_t{1} << (kBits - 1 - Exponent)) - 1;
    const T positive_mask = MaskIfGreaterThan<T>(x, static_cast<T>(kThreshold));
    const T negative_mask = MaskIfLessThan<T>(x, static_cast<T>(-kThreshold));
    T result = static_cast<T>(static_cast<std::make_unsigned_t<T>>(x) << Exponent);
    result = SelectUsingMask<T>(positive_mask, std::numeric_limits<T>::max(), result);
    result = SelectUsingMask<T>(negative_mask, std::numeric_limits<T>::min(), result);
    return result;
  }
}

// (a + b) / 2 rounded half away from zero, without overflow.
inline int32_t RoundingHalfSum(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return static_cast<int32_t>((sum + sign) / 2);
}
inline int16_t RoundingHalfSum(int16_t a, int16_t b) {
  const int32_t sum = static_cast<int32_t>(a) + b;
  const int32_t sign = sum >= 0 ? 1 : -1;
  return static_cast<int16_t>((sum + sign) / 2);
}

// gemmlowp writes its constants as int32 raws; narrower raws round them down to their width.
template <class T>
constexpr T RawConstant(int32_t int32_raw) {
  if constexpr (sizeof(T) == 4) {
    return int32_raw;
  } else {
    return RoundingDivideByPOT<int32_t>(int32_raw, 32 - 8 * static_cast<int>(sizeof(T)));
  }
}

// ---- the fixed-point type ----------------------------------------------------------------------

template <class Raw, int IntegerBits>
class FixedPoint {
 public:
  static_assert(std::is_same_v<Raw, int32_t> || std::is_same_v<Raw, int16_t>);
  static constexpr int kTotalBits = 8 * sizeof(Raw);
  static constexpr int kIntegerBits = IntegerBits;
  static constexpr int kFractionalBits = kTotalBits - 1 - IntegerBits;
  static_assert(IntegerBits >= 0 && IntegerBits < kTotalBits);

  static FixedPoint FromRaw(Raw raw) {
    FixedPoint f;
    f.raw_ = raw;
    return f;
  }
  static FixedPoint Zero() { return FromRaw(0); }
  // One; with no integer bits, the largest representable value instead.
  static FixedPoint One() {
    return FromRaw(IntegerBits == 0 ? std::numeric_limits<Raw>::max()
                                    : static_cast<Raw>(Raw(1) << kFractionalBits));
  }
  static FixedPoint FromScalar(Raw x) {
    return FromRaw(static_cast<Raw>(static_cast<std::make_unsigned_t<Raw>>(x) << kFractionalBits));
  }
  // 2^Exponent.
  template <int Exponent>
  static FixedPoint ConstantPOT() {
    constexpr int kOffset = kFractionalBits + Exponent;
    static_assert(kOffset >= 0 && kOffset < kTotalBits - 1);
    return FromRaw(static_cast<Raw>(Raw(1) << kOffset));
  }
  // A constant given as gemmlowp's int32 raw.
  static FixedPoint Constant(int32_t int32_raw) { return FromRaw(RawConstant<Raw>(int32_raw)); }

  Raw raw() const { return raw_; }

 private:
  Raw raw_ = 0;
};

template <class Raw, int I>
FixedPoint<Raw, I> operator+(FixedPoint<Raw, I> a, FixedPoint<Raw, I> b) {
  return FixedPoint<Raw, I>::FromRaw(static_cast<Raw>(a.raw() + b.raw()));
}
template <class Raw, int I>
FixedPoint<Raw, I> operator-(FixedPoint<Raw, I> a, FixedPoint<Raw, I> b) {
  return FixedPoint<Raw, I>::FromRaw(static_cast<Raw>(a.raw() - b.raw()));
}
template <class Raw, int I>
FixedPoint<Raw, I> operator-(FixedPoint<Raw, I> a) {
  return FixedPoint<Raw, I>::FromRaw(static_cast<Raw>(-a.raw()));
}
template <class Raw, int I>
FixedPoint<Raw, I> operator&(FixedPoint<Raw, I> a, FixedPoint<Raw, I> b) {
  return FixedPoint<Raw, I>::FromRaw(static_cast<Raw>(a.raw() & b.raw()));
}
template <class Raw, int Ia, int Ib>
FixedPoint<Raw, Ia + Ib> operator*(FixedPoint<Raw, Ia> a, FixedPoint<Raw, Ib> b) {
  return FixedPoint<Raw, Ia + Ib>::FromRaw(SaturatingRoundingDoublingHighMul(a.raw(), b.raw()));
}

// Same value (saturated, rounded) with another number of integer bits.
template <int NewIntegerBits, class Raw, int I>
FixedPoint<Raw, NewIntegerBits> Rescale(FixedPoint<Raw, I> x) {
  return FixedPoint<Raw, NewIntegerBits>::FromRaw(
      SaturatingRoundingMultiplyByPOT<I - NewIntegerBits>(x.raw()));
}

// Multiplies by 2^Exponent exactly by moving the point (same raw).
template <int Exponent, class Raw, int I>
FixedPoint<Raw, I + Exponent> ExactMulByPot(FixedPoint<Raw, I> a) {
  return FixedPoint<Raw, I + Exponent>::FromRaw(a.raw());
}

template <int Exponent, class Raw, int I>
FixedPoint<Raw, I> SaturatingRoundingMultiplyByPOT(FixedPoint<Raw, I> a) {
  return FixedPoint<Raw, I>::FromRaw(SaturatingRoundingMultiplyByPOT<Exponent>(a.raw()));
}

template <class Raw, int I>
FixedPoint<Raw, I> SelectUsingMask(Raw mask, FixedPoint<Raw, I> a, FixedPoint<Raw, I> b) {
  return FixedPoint<Raw, I>::FromRaw(SelectUsingMask<Raw>(mask, a.raw(), b.raw()));
}

template <class Raw, int I>
FixedPoint<Raw, I> RoundingHalfSum(FixedPoint<Raw, I> a, FixedPoint<Raw, I> b) {
  return FixedPoint<Raw, I>::FromRaw(RoundingHalfSum(a.raw(), b.raw()));
}

// Addition that saturates for 16-bit raws (gemmlowp's AddSaturatingIf16Bit).
template <class Raw, int I>
FixedPoint<Raw, I> AddSaturatingIf16Bit(FixedPoint<Raw, I> a, FixedPoint<Raw, I> b) {
  if constexpr (sizeof(Raw) == 2) {
    const int32_t sum = static_cast<int32_t>(a.raw()) + b.raw();
    const int32_t clamped = sum > 32767 ? 32767 : (sum < -32768 ? -32768 : sum);
    return FixedPoint<Raw, I>::FromRaw(static_cast<Raw>(clamped));
  } else {
    return a + b;
  }
}

// ---- functions ---------------------------------------------------------------------------------

// exp(a) for a in [-1/4, 0): Taylor expansion around -1/8.
template <class Raw>
FixedPoint<Raw, 0> ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(FixedPoint<Raw, 0> a) {
  using F = FixedPoint<Raw, 0>;
  const F constant_term = F::Constant(1895147668);     // exp(-1/8)
  const F constant_1_over_3 = F::Constant(715827883);  // 1/3
  const F x = a + F::template ConstantPOT<-3>();
  const F x2 = x * x;
  const F x3 = x2 * x;
  const F x4 = x2 * x2;
  const F x4_over_4 = SaturatingRoundingMultiplyByPOT<-2>(x4);
  const F x4_over_24_plus_x3_over_6_plus_x2_over_2 =
      SaturatingRoundingMultiplyByPOT<-1>(((x4_over_4 + x3) * constant_1_over_3) + x2);
  return AddSaturatingIf16Bit(constant_term,
                              constant_term * (x + x4_over_24_plus_x3_over_6_plus_x2_over_2));
}

// exp(a) for a <= 0.
template <class Raw, int IntegerBits>
FixedPoint<Raw, 0> ExpOnNegativeValues(FixedPoint<Raw, IntegerBits> a) {
  using InputF = FixedPoint<Raw, IntegerBits>;
  using ResultF = FixedPoint<Raw, 0>;
  constexpr int kFractionalBits = InputF::kFractionalBits;
  const InputF one_quarter = InputF::template ConstantPOT<-2>();
  const InputF mask = one_quarter - InputF::FromRaw(1);  // all fraction bits below 1/4
  const InputF a_mod_quarter_minus_one_quarter = (a & mask) - one_quarter;
  ResultF result =
      ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(Rescale<0>(a_mod_quarter_minus_one_quarter));
  const Raw remainder = (a_mod_quarter_minus_one_quarter - a).raw();
  // Multiply in exp(-2^k) for each bit k of the remainder (a barrel shifter).
  auto barrel = [&](auto exponent_tag, int32_t multiplier_raw) {
    constexpr int kExponent = decltype(exponent_tag)::value;
    if constexpr (IntegerBits > kExponent) {
      constexpr int kShift = kFractionalBits + kExponent;
      const ResultF multiplier = ResultF::Constant(multiplier_raw);
      result = SelectUsingMask<Raw>(
          MaskIfNonZero<Raw>(static_cast<Raw>(remainder & static_cast<Raw>(Raw(1) << kShift))),
          result * multiplier, result);
    }
  };
  barrel(std::integral_constant<int, -2>(), 1672461947);  // exp(-1/4)
  barrel(std::integral_constant<int, -1>(), 1302514674);  // exp(-1/2)
  barrel(std::integral_constant<int, 0>(), 790015084);    // exp(-1)
  barrel(std::integral_constant<int, 1>(), 290630308);    // exp(-2)
  barrel(std::integral_constant<int, 2>(), 39332535);     // exp(-4)
  barrel(std::integral_constant<int, 3>(), 720401);       // exp(-8)
  barrel(std::integral_constant<int, 4>(), 242);          // exp(-16)
  if constexpr (IntegerBits > 5) {
    constexpr int kClampBits = 36 - IntegerBits;
    const InputF clamp = InputF::Constant(-(1 << kClampBits));  // -32
    result =
        SelectUsingMask<Raw>(MaskIfLessThan<Raw>(a.raw(), clamp.raw()), ResultF::Zero(), result);
  }
  result = SelectUsingMask<Raw>(MaskIfZero<Raw>(a.raw()), ResultF::One(), result);
  return result;
}

namespace internal {

// Three Newton-Raphson steps for 1 / (1 + a), a in [0, 1]; returns the F2 estimate of
// 1 / half_denominator where half_denominator = (1 + a) / 2.
template <class Raw>
FixedPoint<Raw, 2> NewtonReciprocalOfHalfDenominator(FixedPoint<Raw, 0> half_denominator) {
  using F2 = FixedPoint<Raw, 2>;
  const F2 constant_48_over_17 = F2::Constant(1515870810);
  const F2 constant_neg_32_over_17 = F2::Constant(-1010580540);
  F2 x = constant_48_over_17 + half_denominator * constant_neg_32_over_17;
  for (int i = 0; i < 3; ++i) {
    const F2 half_denominator_times_x = half_denominator * x;
    const F2 one_minus_half_denominator_times_x = F2::One() - half_denominator_times_x;
    x = x + Rescale<2>(x * one_minus_half_denominator_times_x);
  }
  return x;
}

}  // namespace internal

// 1 / (1 + a) for a in [0, 1].
template <class Raw>
FixedPoint<Raw, 0> OneOverOnePlusXForXIn01(FixedPoint<Raw, 0> a) {
  const FixedPoint<Raw, 0> half_denominator = RoundingHalfSum(a, FixedPoint<Raw, 0>::One());
  const FixedPoint<Raw, 2> x = internal::NewtonReciprocalOfHalfDenominator(half_denominator);
  return Rescale<0>(ExactMulByPot<-1>(x));
}

// (1 - a) / (1 + a) for a in [0, 1].
template <class Raw>
FixedPoint<Raw, 0> OneMinusXOverOnePlusXForXIn01(FixedPoint<Raw, 0> a) {
  const FixedPoint<Raw, 0> half_denominator = RoundingHalfSum(a, FixedPoint<Raw, 0>::One());
  const FixedPoint<Raw, 2> x = internal::NewtonReciprocalOfHalfDenominator(half_denominator);
  return Rescale<0>(x - FixedPoint<Raw, 2>::One());
}

// tanh(a) for a <= 0, negated.
template <class Raw, int IntegerBits>
FixedPoint<Raw, 0> NegTanhOnNegativeValues(FixedPoint<Raw, IntegerBits> a) {
  return OneMinusXOverOnePlusXForXIn01(ExpOnNegativeValues(ExactMulByPot<1>(a)));
}

template <class Raw, int IntegerBits>
FixedPoint<Raw, 0> Tanh(FixedPoint<Raw, IntegerBits> a) {
  using InputF = FixedPoint<Raw, IntegerBits>;
  using ResultF = FixedPoint<Raw, 0>;
  const Raw mask_if_negative = MaskIfLessThan<Raw>(a.raw(), 0);
  const Raw mask_if_zero = MaskIfZero<Raw>(a.raw());
  const InputF n = SelectUsingMask<Raw>(mask_if_negative, a, -a);
  const ResultF t = NegTanhOnNegativeValues(n);
  return SelectUsingMask<Raw>(mask_if_zero, ResultF::Zero(),
                              SelectUsingMask<Raw>(mask_if_negative, -t, t));
}

// 1 / (1 + exp(-a)) for a >= 0.
template <class Raw, int IntegerBits>
FixedPoint<Raw, 0> LogisticOnPositiveValues(FixedPoint<Raw, IntegerBits> a) {
  return OneOverOnePlusXForXIn01(ExpOnNegativeValues(-a));
}

template <class Raw, int IntegerBits>
FixedPoint<Raw, 0> Logistic(FixedPoint<Raw, IntegerBits> a) {
  using InputF = FixedPoint<Raw, IntegerBits>;
  using ResultF = FixedPoint<Raw, 0>;
  const Raw mask_if_positive = MaskIfGreaterThan<Raw>(a.raw(), 0);
  const Raw mask_if_zero = MaskIfZero<Raw>(a.raw());
  const InputF abs_input = SelectUsingMask<Raw>(mask_if_positive, a, -a);
  const ResultF result_if_positive = LogisticOnPositiveValues(abs_input);
  const ResultF result_if_negative = ResultF::One() - result_if_positive;
  const ResultF one_half = ResultF::Constant(1 << 30);
  return SelectUsingMask<Raw>(
      mask_if_zero, one_half,
      SelectUsingMask<Raw>(mask_if_positive, result_if_positive, result_if_negative));
}

// Converts to double, for tests and prepare-time checks.
template <class Raw, int IntegerBits>
double ToDouble(FixedPoint<Raw, IntegerBits> x) {
  return static_cast<double>(x.raw()) /
         static_cast<double>(int64_t{1} << FixedPoint<Raw, IntegerBits>::kFractionalBits);
}

}  // namespace plinth::builtin::fixed_point

#endif  // PLINTH_BUILTIN_OPS_COMMON_FIXED_POINT_H_
