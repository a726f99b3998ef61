// The shared integer arithmetic: multipliers, rounding, activation ranges.
#include <cmath>
#include <random>

#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/common/quantization_util.h"
#include "gtest/gtest.h"

namespace plinth::builtin {
namespace {

TEST(QuantizeMultiplier, RepresentsTheRealMultiplier) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> exponent(-30, 10);
  for (int i = 0; i < 2000; ++i) {
    double m = std::pow(2.0, exponent(rng));
    QuantizedMultiplier q = QuantizeMultiplier(m);
    ASSERT_GE(q.multiplier, 1 << 30);
    double back = q.multiplier * std::pow(2.0, q.shift - 31);
    EXPECT_NEAR(back / m, 1.0, 1e-9);
  }
  EXPECT_EQ(QuantizeMultiplier(0.0).multiplier, 0);
  QuantizedMultiplier half = QuantizeMultiplier(0.5);
  EXPECT_EQ(half.multiplier, 1 << 30);
  EXPECT_EQ(half.shift, 0);
  // Fractions that round up to 2^31 renormalize.
  QuantizedMultiplier almost_one = QuantizeMultiplier(1.0 - 1e-12);
  EXPECT_EQ(almost_one.multiplier, 1 << 30);
  EXPECT_EQ(almost_one.shift, 1);
  // Tiny multipliers become zero rather than an out-of-range shift.
  EXPECT_EQ(QuantizeMultiplier(1e-12).multiplier, 0);
}

// Hostile scales (found by the model_invoke fuzzer): every result is defined, none traps.
TEST(QuantizeMultiplier, HostileRatiosStayInRange) {
  EXPECT_EQ(QuantizeMultiplier(std::nan("")).multiplier, 0);
  EXPECT_EQ(QuantizeMultiplier(INFINITY).multiplier, 0);
  const QuantizedMultiplier huge = QuantizeMultiplier(1e80);
  EXPECT_EQ(huge.shift, 30);
  EXPECT_EQ(huge.multiplier, INT32_MAX);
  // The 32-bit path with the largest shift, and the 64-bit path past int64: defined results.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(int32_t{0}, huge), 0);
  (void)MultiplyByQuantizedMultiplier(int32_t{1} << 20, huge);
  (void)MultiplyByQuantizedMultiplier(int64_t{1} << 60, huge.multiplier, huge.shift);
  (void)MultiplyByQuantizedMultiplier(int64_t{216172782110518162}, 1 << 30, 0);
  // Ordinary 64-bit inputs keep TFLite's single rounding: 3 * 0.5 = 1.5 rounds to 2.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(int64_t{3}, 1 << 30, 0), 2);
}

TEST(MultiplyByQuantizedMultiplier, MatchesRoundedRealProduct) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int32_t> acc(-(1 << 20), 1 << 20);
  std::uniform_real_distribution<double> scale(1e-5, 0.9);
  for (int i = 0; i < 20000; ++i) {
    int32_t x = acc(rng);
    double m = scale(rng);
    QuantizedMultiplier q = QuantizeMultiplier(m);
    int32_t got = MultiplyByQuantizedMultiplier(x, q);
    double exact = x * (q.multiplier * std::pow(2.0, q.shift - 31));
    EXPECT_LE(std::fabs(got - exact), 1.0) << x << " * " << m;
  }
}

TEST(RoundingDivideByPOT, RoundsHalfAwayFromZero) {
  EXPECT_EQ(RoundingDivideByPOT(5, 1), 3);
  EXPECT_EQ(RoundingDivideByPOT(-5, 1), -3);
  EXPECT_EQ(RoundingDivideByPOT(4, 1), 2);
  EXPECT_EQ(RoundingDivideByPOT(-6, 2), -2);
  EXPECT_EQ(RoundingDivideByPOT(-7, 2), -2);
  EXPECT_EQ(RoundingDivideByPOT(7, 2), 2);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);
}

TEST(MultiplyByQuantizedMultiplier, SixtyFourBitAccumulators) {
  QuantizedMultiplier q = QuantizeMultiplier(0.00123);
  int64_t x = int64_t{1} << 40;
  double exact = static_cast<double>(x) * 0.00123;
  EXPECT_NEAR(MultiplyByQuantizedMultiplier(x, q.multiplier, q.shift), exact, exact * 1e-4);
}

TEST(QuantizedActivationRange, ClampsInTheOutputDomain) {
  QuantizedRange relu6 = QuantizedActivationRange(PLINTH_ACTIVATION_RELU6, 0.05f, -10, -128, 127);
  EXPECT_EQ(relu6.min, -10);
  EXPECT_EQ(relu6.max, 110);
  QuantizedRange none = QuantizedActivationRange(PLINTH_ACTIVATION_NONE, 0.05f, -10, -128, 127);
  EXPECT_EQ(none.min, -128);
  EXPECT_EQ(none.max, 127);
  QuantizedRange n1 = QuantizedActivationRange(PLINTH_ACTIVATION_RELU_N1_TO_1, 0.1f, 0, 0, 255);
  EXPECT_EQ(n1.min, 0);
  EXPECT_EQ(n1.max, 10);
}

using fixed_point::FixedPoint;

TEST(FixedPoint, ExpOnNegativeValuesTracksExp) {
  for (double x = -12; x <= 0; x += 0.01) {
    auto a = FixedPoint<int32_t, 5>::FromRaw(static_cast<int32_t>(std::round(x * (1 << 26))));
    double got = fixed_point::ToDouble(fixed_point::ExpOnNegativeValues(a));
    EXPECT_NEAR(got, std::exp(x), 5e-7) << x;
  }
}

TEST(FixedPoint, TanhAndLogisticTrackTheirFloatValues) {
  for (double x = -7.9; x <= 7.9; x += 0.013) {
    auto a = FixedPoint<int32_t, 4>::FromRaw(static_cast<int32_t>(std::round(x * (1 << 27))));
    EXPECT_NEAR(fixed_point::ToDouble(fixed_point::Tanh(a)), std::tanh(x), 2e-7) << x;
    EXPECT_NEAR(fixed_point::ToDouble(fixed_point::Logistic(a)), 1 / (1 + std::exp(-x)), 2e-7) << x;
    auto a16 = FixedPoint<int16_t, 3>::FromRaw(static_cast<int16_t>(std::round(x / 2 * (1 << 12))));
    EXPECT_NEAR(fixed_point::ToDouble(fixed_point::Tanh(a16)), std::tanh(x / 2), 5e-4) << x;
    EXPECT_NEAR(fixed_point::ToDouble(fixed_point::Logistic(a16)), 1 / (1 + std::exp(-x / 2)), 5e-4)
        << x;
  }
  EXPECT_EQ(fixed_point::Tanh(FixedPoint<int32_t, 4>::Zero()).raw(), 0);
  EXPECT_EQ(fixed_point::Logistic(FixedPoint<int32_t, 4>::Zero()).raw(), 1 << 30);
}

TEST(FixedPoint, OneOverOnePlusX) {
  for (double x = 0; x <= 1; x += 0.001) {
    auto a = FixedPoint<int32_t, 0>::FromRaw(
        static_cast<int32_t>(std::min(std::round(x * 2147483648.0), 2147483647.0)));
    EXPECT_NEAR(fixed_point::ToDouble(fixed_point::OneOverOnePlusXForXIn01(a)), 1 / (1 + x), 1e-8)
        << x;
  }
}

}  // namespace
}  // namespace plinth::builtin
