// LOGISTIC and TANH: float, float16, int8/uint8 (tables) and int16 (TFLite's interpolated
// sigmoid table, power-of-two and general input scales).
#include <cmath>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

double SigmoidRef(double x) { return 1 / (1 + std::exp(-x)); }
// TFLite's float LOGISTIC: 1 above 16.619 and exp(x) below -9 (within 1.3e-4 relative there).
double TfLiteSigmoidRef(double x) {
  if (x > 16.619047164916992188) return 1;
  if (x < -9) return std::exp(x);
  return SigmoidRef(x);
}
double TanhRef(double x) { return std::tanh(x); }

TEST(LogisticTanh, Float) {
  std::vector<float> x = RandomValues<float>(200, -20, 20, 91);
  for (float v : {0.f, 16.7f, -9.5f, 100.f, -100.f}) x.push_back(v);
  const int32_t n = static_cast<int32_t>(x.size());
  for (bool logistic : {true, false}) {
    OpResult r = RunOp(logistic ? "LOGISTIC" : "TANH", {Make<float>({n}, x)}, PLINTH_FLOAT32);
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<float> expect;
    for (float v : x)
      expect.push_back(static_cast<float>(logistic ? TfLiteSigmoidRef(v) : TanhRef(v)));
    ExpectNearFloat(r.Values<float>(), expect, 4e-7, 1e-30);
  }
}

TEST(LogisticTanh, Float16) {
  // 1.0 and -2.0 as halves: sigmoid 0.7310586 -> 0x39d9, tanh(-2) = -0.9640276 -> 0xbbb6.
  OpResult s =
      RunOp("LOGISTIC", {Make<uint16_t>({1}, {0x3c00}, {}, PLINTH_FLOAT16)}, PLINTH_FLOAT16);
  ASSERT_TRUE(s.status.ok()) << s.message();
  EXPECT_EQ(s.Values<uint16_t>(), (std::vector<uint16_t>{0x39d9}));
  OpResult t = RunOp("TANH", {Make<uint16_t>({1}, {0xc000}, {}, PLINTH_FLOAT16)}, PLINTH_FLOAT16);
  EXPECT_EQ(t.Values<uint16_t>(), (std::vector<uint16_t>{0xbbb6}));
}

TEST(LogisticTanh, Quantized8Bit) {
  CheckQuantizedUnary<int8_t>("LOGISTIC", SigmoidRef, {{0.05f}, {0}}, {{1.f / 256}, {-128}}, 1);
  CheckQuantizedUnary<int8_t>("LOGISTIC", SigmoidRef, {{0.1f}, {127}}, {{1.f / 256}, {-128}}, 1);
  CheckQuantizedUnary<uint8_t>("LOGISTIC", SigmoidRef, {{0.04f}, {128}}, {{1.f / 256}, {0}}, 1);
  CheckQuantizedUnary<int8_t>("TANH", TanhRef, {{0.05f}, {0}}, {{1.f / 128}, {0}}, 1);
  CheckQuantizedUnary<uint8_t>("TANH", TanhRef, {{0.02f}, {0}}, {{0.01f}, {100}}, 1);
}

TEST(LogisticTanh, QuantizedInt16) {
  // Output 2^-15; inputs on 2^-12 (no multiplier) and on general scales.
  for (float scale : {1.f / 4096, 1.f / 2048, 0.001f, 0.0003f}) {
    const QuantSpec qi = {{scale}, {0}}, qo = {{1.f / 32768}, {0}};
    CheckQuantizedUnary<int16_t>("LOGISTIC", SigmoidRef, qi, qo, 3);
    CheckQuantizedUnary<int16_t>("TANH", TanhRef, qi, qo, 4);
  }
}

TEST(LogisticTanh, InvalidInputs) {
  ExpectFailure(
      RunOp("LOGISTIC", {Make<int8_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_INT8, {{0.01f}, {-128}}),
      "1/256");
  ExpectFailure(
      RunOp("LOGISTIC", {Make<int16_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_INT16, {{0.001f}, {0}}),
      "1/32768");
  ExpectFailure(
      RunOp("TANH", {Make<int16_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_INT16, {{1.f / 4096}, {0}}),
      "2^-15");
  ExpectFailure(
      RunOp("TANH", {Make<int16_t>({1}, {1}, {{0.1f}, {1}})}, PLINTH_INT16, {{1.f / 32768}, {0}}),
      "zero point 0");
  ExpectFailure(RunOp("TANH", {Make<int32_t>({1}, {1})}, PLINTH_INT32), "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
