// FLOOR_DIV (float32, int32, int16, int8) and FLOOR_MOD (float32, int32, int64, int16, int8):
// results rounded toward negative infinity, remainders with the divisor's sign.
#include <cmath>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

template <class T>
void CheckIntegerFloor(PlinthType type) {
  std::vector<T> a, b;
  for (int x = -20; x <= 20; ++x) a.push_back(static_cast<T>(x));
  for (int y : {-7, -3, -1, 1, 2, 5}) b.push_back(static_cast<T>(y));
  const std::vector<int32_t> sa = {static_cast<int32_t>(a.size()), 1}, sb = {1, 6};
  std::vector<int32_t> shape;
  OpResult d = RunOp("FLOOR_DIV", {Make<T>(sa, a, {}, type), Make<T>(sb, b, {}, type)}, type);
  ASSERT_TRUE(d.status.ok()) << d.message();
  EXPECT_EQ(d.Values<T>(), ReferenceBroadcast<T>(a, sa, b, sb, &shape, [](T x, T y) {
              return static_cast<T>(std::floor(static_cast<double>(x) / y));
            }));
  OpResult m = RunOp("FLOOR_MOD", {Make<T>(sa, a, {}, type), Make<T>(sb, b, {}, type)}, type);
  ASSERT_TRUE(m.status.ok()) << m.message();
  EXPECT_EQ(m.Values<T>(), ReferenceBroadcast<T>(a, sa, b, sb, &shape, [](T x, T y) {
              return static_cast<T>(x - y * static_cast<T>(std::floor(static_cast<double>(x) / y)));
            }));
}

TEST(FloorDivMod, IntegerTypes) {
  CheckIntegerFloor<int32_t>(PLINTH_INT32);
  CheckIntegerFloor<int16_t>(PLINTH_INT16);
  CheckIntegerFloor<int8_t>(PLINTH_INT8);
  OpResult m =
      RunOp("FLOOR_MOD",
            {Make<int64_t>({2}, {-(int64_t{1} << 40) - 1, 7}), Make<int64_t>({1}, {1 << 20})},
            PLINTH_INT64);
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(m.Values<int64_t>(), (std::vector<int64_t>{(1 << 20) - 1, 7}));
}

TEST(FloorDivMod, Float) {
  const std::vector<float> a = {7.5f, -7.5f, 7.5f, -7.5f, 0.f, 1e-30f};
  const std::vector<float> b = {2.f, 2.f, -2.f, -2.f, 3.f, -1.f};
  OpResult d = RunOp("FLOOR_DIV", {Make<float>({6}, a), Make<float>({6}, b)}, PLINTH_FLOAT32);
  ASSERT_TRUE(d.status.ok());
  EXPECT_EQ(d.Values<float>(), (std::vector<float>{3, -4, -4, 3, 0, -1}));
  OpResult m = RunOp("FLOOR_MOD", {Make<float>({6}, a), Make<float>({6}, b)}, PLINTH_FLOAT32);
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(m.Values<float>(), (std::vector<float>{1.5f, 0.5f, -0.5f, -1.5f, 0.f, -1.f}));
}

TEST(FloorDivMod, ZeroDivisorsAreErrors) {
  ExpectFailure(
      RunOp("FLOOR_DIV", {Make<int32_t>({1}, {1}), Make<int32_t>({1}, {0})}, PLINTH_INT32),
      "division by zero");
  ExpectFailure(RunOp("FLOOR_DIV", {Make<float>({1}, {1}), Make<float>({1}, {0})}, PLINTH_FLOAT32),
                "division by zero");
  ExpectFailure(RunOp("FLOOR_MOD", {Make<int8_t>({1}, {1}), Make<int8_t>({1}, {0})}, PLINTH_INT8),
                "division by zero");
  ExpectFailure(
      RunOp("FLOOR_DIV", {Make<int64_t>({1}, {1}), Make<int64_t>({1}, {1})}, PLINTH_INT64),
      "not supported");
}

}  // namespace
}  // namespace plinth::testing
