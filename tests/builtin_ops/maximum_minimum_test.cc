// MAXIMUM and MINIMUM: float32/16, int8/uint8/int16 (raw values, quantized or not), int32, int64.
#include <cmath>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

template <class T>
void CheckMaxMin(PlinthType type, const std::vector<T>& a, const std::vector<T>& b,
                 QuantSpec q = {}) {
  const std::vector<int32_t> sa = {static_cast<int32_t>(a.size()), 1};
  const std::vector<int32_t> sb = {1, static_cast<int32_t>(b.size())};
  for (bool max : {true, false}) {
    OpResult r = RunOp(max ? "MAXIMUM" : "MINIMUM",
                       {Make<T>(sa, a, q, type), Make<T>(sb, b, q, type)}, type, q);
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<int32_t> shape;
    auto expect = ReferenceBroadcast<T>(
        a, sa, b, sb, &shape, [&](T x, T y) { return max ? (x > y ? x : y) : (x < y ? x : y); });
    EXPECT_EQ(r.shape, shape);
    EXPECT_EQ(r.Values<T>(), expect) << TypeName(type) << (max ? " max" : " min");
  }
}

TEST(MaximumMinimum, EveryType) {
  CheckMaxMin<float>(PLINTH_FLOAT32, {-1.5f, 0.f, 3.f, -0.f}, {0.f, 2.f, -7.f});
  CheckMaxMin<int32_t>(PLINTH_INT32, {std::numeric_limits<int32_t>::min(), 5, -5}, {0, 7});
  CheckMaxMin<int64_t>(PLINTH_INT64, {int64_t{1} << 40, -3}, {0, -(int64_t{1} << 41)});
  CheckMaxMin<int16_t>(PLINTH_INT16, {-32768, 5, 32767}, {0, 7});
  CheckMaxMin<int8_t>(PLINTH_INT8, All8<int8_t>(), All8<int8_t>());
  CheckMaxMin<uint8_t>(PLINTH_UINT8, All8<uint8_t>(), All8<uint8_t>(), {{0.1f}, {128}});
}

TEST(MaximumMinimum, NanSelectsTheSecondInput) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpResult r = RunOp("MAXIMUM", {Make<float>({2}, {nan, 1.f}), Make<float>({2}, {2.f, nan})},
                     PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok());
  const std::vector<float> v = r.Values<float>();
  EXPECT_EQ(v[0], 2.f);
  EXPECT_TRUE(std::isnan(v[1]));
}

TEST(MaximumMinimum, Float16SelectsAnInputUnchanged) {
  // 1.0, -2.0, 0.5 and 0.75 as IEEE half.
  OpResult r = RunOp("MAXIMUM",
                     {Make<uint16_t>({2}, {0x3c00, 0xc000}, {}, PLINTH_FLOAT16),
                      Make<uint16_t>({2}, {0x3800, 0x3a00}, {}, PLINTH_FLOAT16)},
                     PLINTH_FLOAT16);
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<uint16_t>(), (std::vector<uint16_t>{0x3c00, 0x3a00}));
}

TEST(MaximumMinimum, InvalidInputs) {
  ExpectFailure(
      RunOp("MAXIMUM",
            {Make<uint8_t>({1}, {1}, {}, PLINTH_BOOL), Make<uint8_t>({1}, {1}, {}, PLINTH_BOOL)},
            PLINTH_BOOL),
      "not supported");
  ExpectFailure(
      RunOp("MINIMUM", {Make<float>({2}, {1, 2}), Make<float>({3}, {1, 2, 3})}, PLINTH_FLOAT32),
      "do not broadcast");
}

}  // namespace
}  // namespace plinth::testing
