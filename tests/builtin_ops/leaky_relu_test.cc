// LEAKY_RELU: float, and int8/uint8/int16 with separate multipliers for both slopes.
#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(LeakyRelu, Float) {
  const std::vector<float> x = {-3, -0.5f, 0, 0.5f, 3};
  for (float alpha : {0.2f, -1.5f, 0.f}) {
    OpResult r = RunOp("LEAKY_RELU", {Make<float>({5}, x)}, PLINTH_FLOAT32, {}, {{"alpha", alpha}});
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<float> expect;
    for (float v : x) expect.push_back(v > 0 ? v : v * alpha);
    EXPECT_EQ(r.Values<float>(), expect);
  }
}

TEST(LeakyRelu, Quantized) {
  for (double alpha : {0.2, -0.5, 1.7}) {
    auto f = [&](double x) { return x >= 0 ? x : alpha * x; };
    const Options o = {{"alpha", static_cast<float>(alpha)}};
    CheckQuantizedUnary<int8_t>("LEAKY_RELU", f, {{0.05f}, {0}}, {{0.05f}, {0}}, 1, -1e30, o);
    CheckQuantizedUnary<int8_t>("LEAKY_RELU", f, {{0.02f}, {-128}}, {{0.07f}, {127}}, 1, -1e30, o);
    CheckQuantizedUnary<uint8_t>("LEAKY_RELU", f, {{0.1f}, {255}}, {{0.03f}, {3}}, 1, -1e30, o);
    CheckQuantizedUnary<int16_t>("LEAKY_RELU", f, {{0.001f}, {0}}, {{0.0007f}, {0}}, 1, -1e30, o);
  }
}

TEST(LeakyRelu, InvalidInputs) {
  ExpectFailure(RunOp("LEAKY_RELU", {Make<int16_t>({1}, {1}, {{0.1f}, {4}})}, PLINTH_INT16,
                      {{0.1f}, {0}}, {{"alpha", 0.1f}}),
                "zero point 0");
  ExpectFailure(RunOp("LEAKY_RELU", {Make<int32_t>({1}, {1})}, PLINTH_INT32), "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
