// ADD: float32, int32, int64, raw int16 and quantized int8/uint8/int16 (general and power-of-two
// int16 paths): broadcasting and fused activations against references in the test.
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/ew_test_util.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

double AddRef(double a, double b) { return a + b; }

TEST(Add, BroadcastsLikeNumpy) {
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> shapes = {
      {{2, 3}, {2, 3}},    {{2, 3}, {3}},
      {{2, 1, 4}, {3, 1}}, {{1}, {5, 2}},
      {{}, {2, 2}},        {{4, 1, 3, 1}, {1, 2, 1, 5}},
      {{0, 3}, {3}},       {{2, 1, 3, 1, 2, 1}, {4, 1, 5, 1, 3}}};
  for (const auto& [sa, sb] : shapes) {
    auto a = RandomValues<float>(NumElementsOf(sa), -5, 5, 1);
    auto b = RandomValues<float>(NumElementsOf(sb), -5, 5, 2);
    OpTest t;
    int ia = t.Input<float>(sa, a), ib = t.Input<float>(sb, b);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("ADD", {ia, ib}, {y});
    ASSERT_TRUE(t.Run().ok());
    std::vector<int32_t> shape;
    auto expect =
        ReferenceBroadcast<float>(a, sa, b, sb, &shape, [](float x, float z) { return x + z; });
    EXPECT_EQ(t.Shape(y), shape);
    EXPECT_EQ(t.Values<float>(y), expect);
  }
}

TEST(Add, FusedActivations) {
  const std::vector<float> a = {-8, -2, -0.5f, 0, 0.5f, 3, 7};
  const std::vector<float> zero(a.size(), 0.f);
  // TFLite clamps float outputs for the RELU family only; TANH and SIGN_BIT leave them unchanged.
  const std::map<std::string, std::vector<float>> expected = {
      {"NONE", a},
      {"RELU", {0, 0, 0, 0, 0.5f, 3, 7}},
      {"RELU6", {0, 0, 0, 0, 0.5f, 3, 6}},
      {"RELU_N1_TO_1", {-1, -1, -0.5f, 0, 0.5f, 1, 1}},
      {"TANH", a},
      {"SIGN_BIT", a}};
  for (const auto& [activation, expect] : expected) {
    OpTest t;
    int ia = t.Input<float>({7}, a), ib = t.Const<float>({7}, zero);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("ADD", {ia, ib}, {y}, {{"fused_activation_function", activation}});
    ASSERT_TRUE(t.Run().ok());
    EXPECT_EQ(t.Values<float>(y), expect) << activation;
  }
}

TEST(Add, FloatInfinityIsClampedToTheFiniteRange) {
  const float inf = std::numeric_limits<float>::infinity(), max = std::numeric_limits<float>::max();
  OpResult r = RunOp("ADD", {Make<float>({3}, {inf, -inf, 3e38f}), Make<float>({3}, {1, 1, 3e38f})},
                     PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<float>(), (std::vector<float>{max, -max, max}));
}

TEST(Add, IntegerTypesClampToTheActivationAndWrap) {
  OpTest t;
  int ia = t.Input<int32_t>({4}, {-10, 2, 5, 9}), ib = t.Input<int32_t>({1}, {1});
  int y = t.Output(PLINTH_INT32);
  t.Op("ADD", {ia, ib}, {y}, {{"fused_activation_function", "RELU6"}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{0, 3, 6, 6}));

  OpResult l =
      RunOp("ADD", {Make<int64_t>({2}, {int64_t{1} << 40, -3}), Make<int64_t>({2}, {1, 1})},
            PLINTH_INT64);
  ASSERT_TRUE(l.status.ok());
  EXPECT_EQ(l.Values<int64_t>(), (std::vector<int64_t>{(int64_t{1} << 40) + 1, -2}));

  // int32 overflow wraps (two's complement), as TFLite's kernels do in practice.
  OpResult w = RunOp(
      "ADD", {Make<int32_t>({1}, {std::numeric_limits<int32_t>::max()}), Make<int32_t>({1}, {1})},
      PLINTH_INT32);
  EXPECT_EQ(w.Values<int32_t>(), (std::vector<int32_t>{std::numeric_limits<int32_t>::min()}));

  // Non-quantized int16 adds raw values and wraps in int16 before the activation.
  OpResult s =
      RunOp("ADD", {Make<int16_t>({3}, {32767, -5, 100}), Make<int16_t>({3}, {1, 2, -300})},
            PLINTH_INT16, {}, {{"fused_activation_function", "RELU"}});
  ASSERT_TRUE(s.status.ok()) << s.message();
  EXPECT_EQ(s.Values<int16_t>(), (std::vector<int16_t>{0, 0, 0}));
}

TEST(Add, QuantizedInt8MatchesRealArithmetic) {
  // Scales giving input multipliers of 1/2 and below, output multipliers both small and near one,
  // and zero points at the edges of the range.
  const std::vector<std::array<QuantSpec, 3>> combos = {
      {{{{0.05f}, {0}}, {{0.05f}, {0}}, {{0.05f}, {0}}}},
      {{{{0.02f}, {-128}}, {{0.137f}, {127}}, {{0.0713f}, {-3}}}},
      {{{{0.5f}, {-20}}, {{0.3f}, {17}}, {{0.0021f}, {-128}}}},
      {{{{0.011f}, {5}}, {{0.0093f}, {-90}}, {{0.9f}, {127}}}}};
  for (const auto& q : combos) {
    for (const char* act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"}) {
      CheckQuantizedBinary<int8_t>("ADD", AddRef, PLINTH_INT8, q[0], q[1], q[2], act, 1);
    }
  }
}

TEST(Add, QuantizedUint8AndInt16MatchRealArithmetic) {
  CheckQuantizedBinary<uint8_t>("ADD", AddRef, PLINTH_UINT8, {{0.02f}, {0}}, {{0.137f}, {255}},
                                {{0.0713f}, {125}}, "NONE", 1);
  CheckQuantizedBinary<uint8_t>("ADD", AddRef, PLINTH_UINT8, {{0.4f}, {136}}, {{0.27f}, {119}},
                                {{0.43f}, {133}}, "RELU6", 1);
  // int16: symmetric; the general path (scales not powers of two).
  CheckQuantizedBinary<int16_t>("ADD", AddRef, PLINTH_INT16, {{0.00031f}, {0}}, {{0.0021f}, {0}},
                                {{0.0017f}, {0}}, "NONE", 1);
  CheckQuantizedBinary<int16_t>("ADD", AddRef, PLINTH_INT16, {{0.001f}, {0}}, {{0.001f}, {0}},
                                {{0.001f}, {0}}, "RELU_N1_TO_1", 1);
}

TEST(Add, Int16PowerOfTwoScalesShiftOneInput) {
  // pot_scale_int16 (the default) with scales 2^-14, 2^-12 -> 2^-12: input 0 is shifted right by
  // two bits (rounding), then added with saturation.
  const std::vector<int16_t> a = {4, 6, -6, 32767, -32768, 1000};
  const std::vector<int16_t> b = {1, 1, 1, 32767, -32768, -250};
  OpResult r = RunOp(
      "ADD",
      {Make<int16_t>({6}, a, {{1.f / 16384}, {0}}), Make<int16_t>({6}, b, {{1.f / 4096}, {0}})},
      PLINTH_INT16, {{1.f / 4096}, {0}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<int16_t>(), (std::vector<int16_t>{2, 3, -1, 32767, -32768, 0}));
  // pot_scale_int16 = false takes the general path: same values here within one LSB.
  OpResult g = RunOp(
      "ADD",
      {Make<int16_t>({6}, a, {{1.f / 16384}, {0}}), Make<int16_t>({6}, b, {{1.f / 4096}, {0}})},
      PLINTH_INT16, {{1.f / 4096}, {0}}, {{"pot_scale_int16", false}});
  ASSERT_TRUE(g.status.ok()) << g.message();
  ExpectNearLsb(g.Values<int16_t>(), r.Values<int16_t>(), 1);
}

TEST(Add, InvalidInputsFailInPrepare) {
  ExpectFailure(
      RunOp("ADD",
            {Make<float>({2, 3}, std::vector<float>(6)), Make<float>({4}, std::vector<float>(4))},
            PLINTH_FLOAT32),
      "do not broadcast");
  ExpectFailure(
      RunOp("ADD", {Make<float>({2}, {1, 2}), Make<int32_t>({2}, {1, 2})}, PLINTH_FLOAT32),
      "same type");
  ExpectFailure(RunOp("ADD", {Make<float>({2}, {1, 2}), Make<float>({2}, {1, 2})}, PLINTH_INT32),
                "same type");
  // Quantized kernels need quantization, refuse TANH, and int16 must be symmetric.
  ExpectFailure(RunOp("ADD", {Make<int8_t>({2}, {1, 2}), Make<int8_t>({2}, {1, 2})}, PLINTH_INT8),
                "quantization parameters");
  const QuantSpec q = {{0.1f}, {0}};
  ExpectFailure(RunOp("ADD", {Make<int8_t>({2}, {1, 2}, q), Make<int8_t>({2}, {1, 2}, q)},
                      PLINTH_INT8, q, {{"fused_activation_function", "TANH"}}),
                "TANH");
  ExpectFailure(
      RunOp("ADD", {Make<int16_t>({2}, {1, 2}, {{0.1f}, {3}}), Make<int16_t>({2}, {1, 2}, q)},
            PLINTH_INT16, q),
      "zero point 0");
  // An output scale so small that the rescaling multiplier reaches one.
  ExpectFailure(RunOp("ADD", {Make<int8_t>({2}, {1, 2}, q), Make<int8_t>({2}, {1, 2}, q)},
                      PLINTH_INT8, {{1e-8f}, {0}}),
                "multiplier");
  // Power-of-two int16 needs one input on the output's scale.
  ExpectFailure(RunOp("ADD",
                      {Make<int16_t>({2}, {1, 2}, {{1.f / 16384}, {0}}),
                       Make<int16_t>({2}, {1, 2}, {{1.f / 8192}, {0}})},
                      PLINTH_INT16, {{1.f / 4096}, {0}}),
                "output's scale");
  ExpectFailure(RunOp("ADD", {Make<float>({2}, {1, 2})}, PLINTH_FLOAT32), "expects 2 input");
}

}  // namespace
}  // namespace plinth::testing
