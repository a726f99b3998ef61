// ABS, NEG, SIGN, SQUARE, SQRT, RSQRT, EXP, LOG, SIN, COS, FLOOR, CEIL, ROUND: float against the
// math library, integers exactly, quantized kernels against the real function requantized.
#include <cmath>
#include <functional>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

std::vector<float> Sweep() {
  std::vector<float> v = RandomValues<float>(200, -9, 9, 31);
  for (float x : {0.f, -0.f, 1.f, -1.f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 1e-30f, 1e30f,
                  std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::quiet_NaN()}) {
    v.push_back(x);
  }
  return v;
}

void CheckFloat(const std::string& op, const std::function<double(double)>& f, double rel) {
  const std::vector<float> x = Sweep();
  OpResult r = RunOp(op, {Make<float>({2, static_cast<int32_t>(x.size()) / 2}, x)}, PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok()) << op << ": " << r.message();
  EXPECT_EQ(r.shape, (std::vector<int32_t>{2, static_cast<int32_t>(x.size()) / 2}));
  std::vector<float> expect;
  for (float v : x) expect.push_back(static_cast<float>(f(v)));
  ExpectNearFloat(r.Values<float>(), expect, rel, 1e-30, op);
}

TEST(UnaryMath, FloatFunctions) {
  CheckFloat(
      "ABS", [](double x) { return std::fabs(x); }, 0);
  CheckFloat(
      "NEG", [](double x) { return -x; }, 0);
  CheckFloat(
      "SIGN", [](double x) { return std::isnan(x) ? 0.0 : (x > 0) - (x < 0); }, 0);
  CheckFloat(
      "SQUARE", [](double x) { return static_cast<float>(x) * static_cast<float>(x); }, 0);
  CheckFloat(
      "SQRT", [](double x) { return std::sqrt(x); }, 1e-7);
  CheckFloat(
      "RSQRT", [](double x) { return 1 / std::sqrt(x); }, 2e-7);
  CheckFloat(
      "EXP", [](double x) { return std::exp(x); }, 2e-7);
  CheckFloat(
      "LOG", [](double x) { return std::log(x); }, 2e-7);
  CheckFloat(
      "SIN", [](double x) { return std::sin(x); }, 2e-7);
  CheckFloat(
      "COS", [](double x) { return std::cos(x); }, 2e-7);
  CheckFloat(
      "FLOOR", [](double x) { return std::floor(x); }, 0);
  CheckFloat(
      "CEIL", [](double x) { return std::ceil(x); }, 0);
  // ROUND rounds half to even.
  CheckFloat(
      "ROUND", [](double x) { return std::nearbyint(x); }, 0);
}

TEST(UnaryMath, IntegerTypes) {
  const int32_t min = std::numeric_limits<int32_t>::min();
  OpResult a = RunOp("ABS", {Make<int32_t>({4}, {-5, 5, 0, min})}, PLINTH_INT32);
  EXPECT_EQ(a.Values<int32_t>(), (std::vector<int32_t>{5, 5, 0, min}));
  OpResult n = RunOp("NEG", {Make<int64_t>({3}, {-5, int64_t{1} << 40, 0})}, PLINTH_INT64);
  EXPECT_EQ(n.Values<int64_t>(), (std::vector<int64_t>{5, -(int64_t{1} << 40), 0}));
  OpResult s = RunOp("SIGN", {Make<int32_t>({3}, {-7, 0, 9})}, PLINTH_INT32);
  EXPECT_EQ(s.Values<int32_t>(), (std::vector<int32_t>{-1, 0, 1}));
  OpResult d = RunOp("SIGN", {Make<double>({3}, {-0.5, 0.0, 1e300})}, PLINTH_FLOAT64);
  EXPECT_EQ(d.Values<double>(), (std::vector<double>{-1, 0, 1}));
  // int8 and int16 NEG negate raw values, whether quantized or not.
  OpResult n8 =
      RunOp("NEG", {Make<int8_t>({3}, {-128, 5, 0}, {{0.5f}, {3}})}, PLINTH_INT8, {{0.5f}, {3}});
  EXPECT_EQ(n8.Values<int8_t>(), (std::vector<int8_t>{-128, -5, 0}));
  OpResult a16 = RunOp("ABS", {Make<int16_t>({3}, {-32768, -3, 4})}, PLINTH_INT16);
  EXPECT_EQ(a16.Values<int16_t>(), (std::vector<int16_t>{-32768, 3, 4}));
  // float16 NEG flips the sign; FLOOR rounds down (2.5 -> 2, -1.5 -> -2).
  OpResult h =
      RunOp("FLOOR", {Make<uint16_t>({2}, {0x4100, 0xbe00}, {}, PLINTH_FLOAT16)}, PLINTH_FLOAT16);
  EXPECT_EQ(h.Values<uint16_t>(), (std::vector<uint16_t>{0x4000, 0xc000}));
}

TEST(UnaryMath, QuantizedAbs) {
  auto abs = [](double x) { return std::fabs(x); };
  CheckQuantizedUnary<int8_t>("ABS", abs, {{0.05f}, {0}}, {{0.05f}, {0}}, 0);
  CheckQuantizedUnary<int8_t>("ABS", abs, {{0.02f}, {-128}}, {{0.07f}, {127}}, 1);
  CheckQuantizedUnary<int8_t>("ABS", abs, {{0.1f}, {100}}, {{0.003f}, {-128}}, 1);
  CheckQuantizedUnary<int16_t>("ABS", abs, {{0.001f}, {0}}, {{0.0003f}, {0}}, 1);
}

TEST(UnaryMath, QuantizedRsqrt) {
  auto rsqrt = [](double x) { return x == 0 ? 1e30 : 1 / std::sqrt(x); };
  CheckQuantizedUnary<int8_t>("RSQRT", rsqrt, {{0.05f}, {-128}}, {{0.03f}, {-128}}, 1, 0.0);
  CheckQuantizedUnary<int8_t>("RSQRT", rsqrt, {{0.5f}, {0}}, {{0.007f}, {-100}}, 1, 0.0);
  // int16 interpolates a table over the input range: accurate away from 0.
  CheckQuantizedUnary<int16_t>("RSQRT", rsqrt, {{0.001f}, {0}}, {{0.0005f}, {0}}, 8, 1.0);
  ExpectFailure(
      RunOp("RSQRT", {Make<int8_t>({2}, {5, -3}, {{0.1f}, {0}})}, PLINTH_INT8, {{0.1f}, {0}}),
      "non-negative");
}

TEST(UnaryMath, QuantizedExpAndLog) {
  auto exp = [](double x) { return std::exp(x); };
  auto log = [](double x) { return x <= 0 ? -1e30 : std::log(x); };
  CheckQuantizedUnary<int8_t>("EXP", exp, {{0.05f}, {0}}, {{0.05f}, {-128}}, 1);
  CheckQuantizedUnary<int8_t>("EXP", exp, {{0.02f}, {-128}}, {{0.07f}, {127}}, 1);
  CheckQuantizedUnary<int8_t>("LOG", log, {{0.05f}, {-128}}, {{0.05f}, {0}}, 1);
  // int16 interpolates 512 segments: within 2 LSB where the function is smooth and in range.
  CheckQuantizedUnary<int16_t>("EXP", exp, {{0.00005f}, {0}}, {{0.0002f}, {0}}, 2);
  CheckQuantizedUnary<int16_t>("LOG", log, {{0.001f}, {0}}, {{0.0005f}, {0}}, 2, 2.0);
}

TEST(UnaryMath, InvalidInputs) {
  ExpectFailure(RunOp("SQRT", {Make<int32_t>({1}, {4})}, PLINTH_INT32), "not supported");
  ExpectFailure(RunOp("EXP", {Make<int8_t>({1}, {4})}, PLINTH_INT8), "quantization parameters");
  ExpectFailure(RunOp("ABS", {Make<int16_t>({1}, {4}, {{0.1f}, {2}})}, PLINTH_INT16, {{0.1f}, {0}}),
                "zero point 0");
  ExpectFailure(RunOp("ABS", {Make<float>({1}, {4})}, PLINTH_INT32), "same type");
  ExpectFailure(RunOp("COS", {Make<float>({1}, {4}), Make<float>({1}, {4})}, PLINTH_FLOAT32),
                "expects 1 input");
}

}  // namespace
}  // namespace plinth::testing
