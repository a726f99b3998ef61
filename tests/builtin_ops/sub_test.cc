// SUB: float32, int32, int64 and quantized int8/uint8/int16 (general and power-of-two paths).
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

double SubRef(double a, double b) { return a - b; }

TEST(Sub, FloatBroadcastAndActivations) {
  const std::vector<int32_t> sa = {2, 1, 3}, sb = {4, 1};
  auto a = RandomValues<float>(6, -5, 5, 3), b = RandomValues<float>(4, -5, 5, 4);
  for (const char* act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH"}) {
    OpResult r = RunOp("SUB", {Make<float>(sa, a), Make<float>(sb, b)}, PLINTH_FLOAT32, {},
                       {{"fused_activation_function", act}});
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<int32_t> shape;
    auto expect = ReferenceBroadcast<float>(a, sa, b, sb, &shape, [&](float x, float y) {
      return static_cast<float>(ApplyActivationRef(x - y, act));
    });
    EXPECT_EQ(r.shape, shape);
    EXPECT_EQ(r.Values<float>(), expect) << act;
  }
}

TEST(Sub, IntegerTypes) {
  OpResult r = RunOp("SUB",
                     {Make<int32_t>({2, 2}, {5, -5, 7, std::numeric_limits<int32_t>::min()}),
                      Make<int32_t>({2}, {10, 1})},
                     PLINTH_INT32);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.Values<int32_t>(),
            (std::vector<int32_t>{-5, -6, -3, std::numeric_limits<int32_t>::max()}));
  OpResult l = RunOp("SUB", {Make<int64_t>({2}, {int64_t{1} << 50, 0}), Make<int64_t>({1}, {1})},
                     PLINTH_INT64, {}, {{"fused_activation_function", "RELU"}});
  ASSERT_TRUE(l.status.ok());
  EXPECT_EQ(l.Values<int64_t>(), (std::vector<int64_t>{(int64_t{1} << 50) - 1, 0}));
}

TEST(Sub, QuantizedMatchesRealArithmetic) {
  CheckQuantizedBinary<int8_t>("SUB", SubRef, PLINTH_INT8, {{0.02f}, {-128}}, {{0.137f}, {127}},
                               {{0.0713f}, {-3}}, "NONE", 1);
  CheckQuantizedBinary<int8_t>("SUB", SubRef, PLINTH_INT8, {{0.5f}, {-20}}, {{0.3f}, {17}},
                               {{0.0021f}, {-128}}, "RELU", 1);
  CheckQuantizedBinary<uint8_t>("SUB", SubRef, PLINTH_UINT8, {{0.05f}, {128}}, {{0.05f}, {0}},
                                {{0.1f}, {255}}, "RELU_N1_TO_1", 1);
  CheckQuantizedBinary<int16_t>("SUB", SubRef, PLINTH_INT16, {{0.0003f}, {0}}, {{0.002f}, {0}},
                                {{0.0017f}, {0}}, "RELU6", 1);
}

TEST(Sub, Int16PowerOfTwoSubtractsWithSaturation) {
  // Input 1 on 2^-13 is shifted right once onto the output's 2^-12.
  OpResult r = RunOp("SUB",
                     {Make<int16_t>({4}, {100, -32768, 32767, 0}, {{1.f / 4096}, {0}}),
                      Make<int16_t>({4}, {3, 32767, -32768, -5}, {{1.f / 8192}, {0}})},
                     PLINTH_INT16, {{1.f / 4096}, {0}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<int16_t>(), (std::vector<int16_t>{98, -32768, 32767, 3}));
}

TEST(Sub, InvalidInputs) {
  ExpectFailure(
      RunOp("SUB", {Make<int16_t>({2}, {1, 2}), Make<int16_t>({2}, {1, 2})}, PLINTH_INT16),
      "quantization parameters");
  ExpectFailure(
      RunOp("SUB", {Make<float>({3}, {1, 2, 3}), Make<float>({2}, {1, 2})}, PLINTH_FLOAT32),
      "do not broadcast");
  const QuantSpec q = {{0.1f}, {0}};
  ExpectFailure(RunOp("SUB", {Make<uint8_t>({1}, {1}, q), Make<uint8_t>({1}, {1}, q)}, PLINTH_UINT8,
                      q, {{"fused_activation_function", "SIGN_BIT"}}),
                "SIGN_BIT");
}

}  // namespace
}  // namespace plinth::testing
