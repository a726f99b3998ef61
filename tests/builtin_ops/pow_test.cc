// POW: float32 (std::pow) and int32 (exact where representable, no negative exponents).
#include <cmath>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(Pow, FloatBroadcast) {
  const std::vector<int32_t> sa = {2, 3}, sb = {3};
  auto a = RandomValues<float>(6, 0.1, 4, 11), b = RandomValues<float>(3, -2, 3, 12);
  OpResult r = RunOp("POW", {Make<float>(sa, a), Make<float>(sb, b)}, PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok());
  std::vector<int32_t> shape;
  ExpectNearFloat(r.Values<float>(),
                  ReferenceBroadcast<float>(a, sa, b, sb, &shape,
                                            [](float x, float y) {
                                              return static_cast<float>(std::pow(
                                                  static_cast<double>(x), static_cast<double>(y)));
                                            }),
                  2e-7);
  // A negative base with a fractional exponent is NaN.
  OpResult n = RunOp("POW", {Make<float>({1}, {-2.f}), Make<float>({1}, {0.5f})}, PLINTH_FLOAT32);
  EXPECT_TRUE(std::isnan(n.Values<float>()[0]));
}

TEST(Pow, Int32) {
  OpResult r = RunOp(
      "POW", {Make<int32_t>({5}, {2, -3, 10, 0, 46341}), Make<int32_t>({5}, {10, 3, 9, 0, 2})},
      PLINTH_INT32);
  ASSERT_TRUE(r.status.ok());
  // 46341^2 overflows int32: TFLite's conversion of the double result gives INT32_MIN.
  EXPECT_EQ(r.Values<int32_t>(),
            (std::vector<int32_t>{1024, -27, 1000000000, 1, std::numeric_limits<int32_t>::min()}));
  ExpectFailure(RunOp("POW", {Make<int32_t>({1}, {2}), Make<int32_t>({1}, {-1})}, PLINTH_INT32),
                "negative");
}

TEST(Pow, InvalidInputs) {
  ExpectFailure(RunOp("POW", {Make<int64_t>({1}, {2}), Make<int64_t>({1}, {1})}, PLINTH_INT64),
                "not supported");
}

}  // namespace
}  // namespace plinth::testing
