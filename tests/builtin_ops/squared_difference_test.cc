// SQUARED_DIFFERENCE: float32, int32 and quantized int8.
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

double SquaredDifferenceRef(double a, double b) { return (a - b) * (a - b); }

TEST(SquaredDifference, FloatAndInt32) {
  const std::vector<int32_t> sa = {2, 3}, sb = {2, 1};
  auto a = RandomValues<float>(6, -4, 4, 9), b = RandomValues<float>(2, -4, 4, 10);
  OpResult r =
      RunOp("SQUARED_DIFFERENCE", {Make<float>(sa, a), Make<float>(sb, b)}, PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok());
  std::vector<int32_t> shape;
  EXPECT_EQ(r.Values<float>(),
            ReferenceBroadcast<float>(a, sa, b, sb, &shape,
                                      [](float x, float y) { return (x - y) * (x - y); }));
  OpResult i = RunOp("SQUARED_DIFFERENCE",
                     {Make<int32_t>({3}, {5, -5, 46341}), Make<int32_t>({1}, {1})}, PLINTH_INT32);
  ASSERT_TRUE(i.status.ok());
  EXPECT_EQ(i.Values<int32_t>(),
            (std::vector<int32_t>{16, 36, static_cast<int32_t>(46340u * 46340u)}));
}

TEST(SquaredDifference, QuantizedInt8MatchesRealArithmetic) {
  // Inputs are moved to a common scale with 7 bits of headroom, so a few LSBs of error remain.
  CheckQuantizedBinary<int8_t>("SQUARED_DIFFERENCE", SquaredDifferenceRef, PLINTH_INT8,
                               {{0.05f}, {0}}, {{0.05f}, {0}}, {{0.5f}, {-128}}, "NONE", 1);
  CheckQuantizedBinary<int8_t>("SQUARED_DIFFERENCE", SquaredDifferenceRef, PLINTH_INT8,
                               {{0.02f}, {-128}}, {{0.037f}, {127}}, {{0.3f}, {-100}}, "NONE", 2);
}

TEST(SquaredDifference, InvalidInputs) {
  const QuantSpec q = {{0.1f}, {0}};
  ExpectFailure(RunOp("SQUARED_DIFFERENCE",
                      {Make<uint8_t>({1}, {1}, q), Make<uint8_t>({1}, {1}, q)}, PLINTH_UINT8, q),
                "not supported");
  ExpectFailure(
      RunOp("SQUARED_DIFFERENCE", {Make<int64_t>({1}, {1}), Make<int64_t>({1}, {1})}, PLINTH_INT64),
      "not supported");
}

}  // namespace
}  // namespace plinth::testing
