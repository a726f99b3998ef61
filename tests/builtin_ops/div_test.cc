// DIV: float32, int32 and quantized int8/uint8 (TFLite's fixed-point reciprocal).
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(Div, FloatBroadcastActivationsAndInfinities) {
  const std::vector<int32_t> sa = {2, 3}, sb = {3};
  auto a = RandomValues<float>(6, -4, 4, 7), b = RandomValues<float>(3, 0.5, 3, 8);
  for (const char* act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"}) {
    OpResult r = RunOp("DIV", {Make<float>(sa, a), Make<float>(sb, b)}, PLINTH_FLOAT32, {},
                       {{"fused_activation_function", act}});
    ASSERT_TRUE(r.status.ok());
    std::vector<int32_t> shape;
    auto expect = ReferenceBroadcast<float>(a, sa, b, sb, &shape, [&](float x, float y) {
      return static_cast<float>(ApplyActivationRef(x / y, act));
    });
    EXPECT_EQ(r.Values<float>(), expect) << act;
  }
  // 1 / 0 is infinite, clamped to the largest float like every DIV output.
  OpResult z = RunOp("DIV", {Make<float>({2}, {1, -1}), Make<float>({1}, {0})}, PLINTH_FLOAT32);
  EXPECT_EQ(z.Values<float>(), (std::vector<float>{std::numeric_limits<float>::max(),
                                                   std::numeric_limits<float>::lowest()}));
}

TEST(Div, Int32TruncatesTowardZero) {
  OpResult r = RunOp("DIV",
                     {Make<int32_t>({5}, {7, -7, 7, -7, std::numeric_limits<int32_t>::min()}),
                      Make<int32_t>({5}, {2, 2, -2, -2, -1})},
                     PLINTH_INT32);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.Values<int32_t>(),
            (std::vector<int32_t>{3, -3, -3, 3, std::numeric_limits<int32_t>::min()}));
  ExpectFailure(
      RunOp("DIV", {Make<int32_t>({2}, {1, 2}), Make<int32_t>({2}, {1, 0})}, PLINTH_INT32),
      "division by zero");
}

// Every dividend of magnitude >= 64 over every nonzero divisor, against the real quotient.
template <class T>
void CheckQuantizedDiv(PlinthType type, const QuantSpec& qa, const QuantSpec& qb,
                       const QuantSpec& qo, const std::string& activation) {
  std::vector<T> a, b;
  for (T v : All8<T>()) {
    if (std::abs(v - qa.zero_points[0]) >= 64) a.push_back(v);
    if (v != 0 && v != qb.zero_points[0]) b.push_back(v);
  }
  const int32_t na = static_cast<int32_t>(a.size()), nb = static_cast<int32_t>(b.size());
  OpResult r = RunOp("DIV", {Make<T>({na, 1}, a, qa, type), Make<T>({1, nb}, b, qb, type)}, type,
                     qo, {{"fused_activation_function", activation}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  std::vector<T> expected;
  for (T x : a) {
    for (T y : b) {
      const double real = DequantizeRef(x, qa.scales[0], qa.zero_points[0]) /
                          DequantizeRef(y, qb.scales[0], qb.zero_points[0]);
      expected.push_back(
          QuantizeRef<T>(ApplyActivationRef(real, activation), qo.scales[0], qo.zero_points[0]));
    }
  }
  ExpectNearLsb(r.Values<T>(), expected, 1, "DIV " + activation);
}

TEST(Div, QuantizedMatchesRealArithmetic) {
  CheckQuantizedDiv<int8_t>(PLINTH_INT8, {{0.05f}, {0}}, {{0.05f}, {0}}, {{0.05f}, {0}}, "NONE");
  CheckQuantizedDiv<int8_t>(PLINTH_INT8, {{0.04f}, {-128}}, {{0.03f}, {127}}, {{0.0213f}, {-3}},
                            "RELU");
  CheckQuantizedDiv<uint8_t>(PLINTH_UINT8, {{0.5f}, {108}}, {{0.3f}, {145}}, {{0.9f}, {0}},
                             "RELU6");
}

TEST(Div, QuantizedSmallDividendsFollowTFLite) {
  // For a dividend of magnitude 1 over a large divisor TFLite's final shift exceeds 31 bits and
  // its x86 result is the type's minimum instead of the real quotient (-0.0006 here, output -3).
  OpResult r = RunOp(
      "DIV",
      {Make<int8_t>({1}, {-127}, {{0.02f}, {-128}}), Make<int8_t>({1}, {-128}, {{0.137f}, {127}})},
      PLINTH_INT8, {{0.0713f}, {-3}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<int8_t>(), (std::vector<int8_t>{-128}));
}

TEST(Div, QuantizedZeroDivisorIsAnError) {
  const QuantSpec q = {{0.1f}, {5}};
  // The zero point is a real zero; a raw 0 is refused as in TFLite.
  ExpectFailure(
      RunOp("DIV", {Make<int8_t>({2}, {1, 2}, q), Make<int8_t>({2}, {3, 5}, q)}, PLINTH_INT8, q),
      "division by zero");
  ExpectFailure(
      RunOp("DIV", {Make<int8_t>({2}, {1, 2}, q), Make<int8_t>({2}, {3, 0}, q)}, PLINTH_INT8, q),
      "division by zero");
  const QuantSpec q16 = {{0.1f}, {0}};
  ExpectFailure(
      RunOp("DIV", {Make<int16_t>({1}, {1}, q16), Make<int16_t>({1}, {3}, q16)}, PLINTH_INT16, q16),
      "not supported");
}

}  // namespace
}  // namespace plinth::testing
