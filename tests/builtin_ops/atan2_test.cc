// ATAN2: float32, float64 and float16, on same-shaped inputs (TFLite does not broadcast it).
#include <cmath>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(Atan2, AllQuadrants) {
  const std::vector<float> y = {1, 1, -1, -1, 0, 0, -0.f, 3};
  const std::vector<float> x = {1, -1, 1, -1, 1, -1, -1, 0};
  OpResult r = RunOp("ATAN2", {Make<float>({2, 4}, y), Make<float>({2, 4}, x)}, PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok());
  std::vector<float> expect;
  for (size_t i = 0; i < y.size(); ++i) {
    expect.push_back(
        static_cast<float>(std::atan2(static_cast<double>(y[i]), static_cast<double>(x[i]))));
  }
  ExpectNearFloat(r.Values<float>(), expect, 2e-7);
  OpResult d = RunOp("ATAN2", {Make<double>({2}, {1.0, -2.0}), Make<double>({2}, {3.0, -4.0})},
                     PLINTH_FLOAT64);
  ASSERT_TRUE(d.status.ok());
  EXPECT_EQ(d.Values<double>(),
            (std::vector<double>{std::atan2(1.0, 3.0), std::atan2(-2.0, -4.0)}));
  // float16: atan2(1, 1) = 0.7853... rounds to 0x3a48.
  OpResult h = RunOp("ATAN2",
                     {Make<uint16_t>({1}, {0x3c00}, {}, PLINTH_FLOAT16),
                      Make<uint16_t>({1}, {0x3c00}, {}, PLINTH_FLOAT16)},
                     PLINTH_FLOAT16);
  ASSERT_TRUE(h.status.ok()) << h.message();
  EXPECT_EQ(h.Values<uint16_t>(), (std::vector<uint16_t>{0x3a48}));
}

TEST(Atan2, InvalidInputs) {
  ExpectFailure(
      RunOp("ATAN2", {Make<float>({2, 2}, {1, 2, 3, 4}), Make<float>({2}, {1, 2})}, PLINTH_FLOAT32),
      "same shape");
  ExpectFailure(RunOp("ATAN2", {Make<int32_t>({1}, {1}), Make<int32_t>({1}, {1})}, PLINTH_INT32),
                "not supported");
}

}  // namespace
}  // namespace plinth::testing
