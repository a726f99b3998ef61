// RELU, RELU6, RELU_N1_TO_1 and RELU_0_TO_1: float clamps (NaN passes through) and quantized
// rescale-and-clamp for int8, uint8 and (RELU, RELU6) int16.
#include <cmath>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

struct Kind {
  const char* op;
  double lo, hi;
};
const Kind kKinds[] = {
    {"RELU", 0, 1e300}, {"RELU6", 0, 6}, {"RELU_N1_TO_1", -1, 1}, {"RELU_0_TO_1", 0, 1}};

TEST(Relu, FloatClamps) {
  std::vector<float> x = RandomValues<float>(100, -8, 8, 41);
  x.push_back(std::numeric_limits<float>::infinity());
  x.push_back(-std::numeric_limits<float>::infinity());
  x.push_back(std::numeric_limits<float>::quiet_NaN());
  for (const Kind& k : kKinds) {
    OpResult r = RunOp(k.op, {Make<float>({1, 103}, x)}, PLINTH_FLOAT32);
    ASSERT_TRUE(r.status.ok()) << r.message();
    EXPECT_EQ(r.shape, (std::vector<int32_t>{1, 103}));
    std::vector<float> expect;
    for (float v : x) {
      expect.push_back(
          std::isnan(v) ? v : static_cast<float>(std::min(std::max<double>(v, k.lo), k.hi)));
    }
    ExpectNearFloat(r.Values<float>(), expect, 0, 0, k.op);
  }
}

TEST(Relu, QuantizedClampsOnTheOutputScale) {
  const std::vector<std::pair<QuantSpec, QuantSpec>> q = {{{{0.05f}, {0}}, {{0.05f}, {0}}},
                                                          {{{0.02f}, {-128}}, {{0.07f}, {127}}},
                                                          {{{0.1f}, {127}}, {{0.003f}, {-128}}}};
  for (const Kind& k : kKinds) {
    auto f = [&](double x) { return std::min(std::max(x, k.lo), k.hi); };
    for (const auto& [qi, qo] : q) {
      CheckQuantizedUnary<int8_t>(k.op, f, qi, qo, 1);
      QuantSpec ui = qi, uo = qo;
      ui.zero_points[0] += 128, uo.zero_points[0] += 128;
      CheckQuantizedUnary<uint8_t>(k.op, f, ui, uo, 1);
    }
  }
  CheckQuantizedUnary<int16_t>(
      "RELU", [](double x) { return std::max(x, 0.0); }, {{0.001f}, {0}}, {{0.0003f}, {0}}, 1);
  CheckQuantizedUnary<int16_t>(
      "RELU6", [](double x) { return std::min(std::max(x, 0.0), 6.0); }, {{0.001f}, {0}},
      {{0.0002f}, {0}}, 1);
}

TEST(Relu, InvalidInputs) {
  ExpectFailure(
      RunOp("RELU_N1_TO_1", {Make<int16_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_INT16, {{0.1f}, {0}}),
      "not supported");
  ExpectFailure(
      RunOp("RELU", {Make<int16_t>({1}, {1}, {{0.1f}, {2}})}, PLINTH_INT16, {{0.1f}, {0}}),
      "zero point 0");
  ExpectFailure(RunOp("RELU6", {Make<int8_t>({1}, {1})}, PLINTH_INT8), "quantization parameters");
  ExpectFailure(RunOp("RELU", {Make<int32_t>({1}, {1})}, PLINTH_INT32), "not supported");
  ExpectFailure(RunOp("RELU", {Make<float>({1}, {1})}, PLINTH_INT8, {{0.1f}, {0}}), "same type");
}

}  // namespace
}  // namespace plinth::testing
