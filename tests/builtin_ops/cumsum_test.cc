// CUMSUM against a reference in the test: every axis (negative too), exclusive and reverse,
// float32 / int32 / int64 (wrapping), empty tensors, a fed axis, invalid parameters.
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

// For every element, the sum of the elements before (or after, reversed) it on its axis line,
// itself included unless exclusive; accumulated in the direction of the scan.
template <class T>
std::vector<T> CumsumReference(const std::vector<T>& values, const std::vector<int32_t>& shape,
                               int axis, bool exclusive, bool reverse) {
  std::vector<T> out(values.size());
  const std::vector<size_t> strides = StridesOf(shape);
  for (size_t flat = 0; flat < values.size(); ++flat) {
    const std::vector<int32_t> c = Unravel(flat, shape);
    const size_t line = flat - static_cast<size_t>(c[axis]) * strides[axis];
    T acc = 0;
    const int32_t n = shape[axis];
    for (int32_t step = 0; step < n; ++step) {
      const int32_t k = reverse ? n - 1 - step : step;
      const bool before = reverse ? k > c[axis] : k < c[axis];
      if (before || (!exclusive && k == c[axis])) {
        using U = std::conditional_t<std::is_integral_v<T>, uint64_t, T>;
        acc =
            static_cast<T>(static_cast<U>(acc) + static_cast<U>(values[line + k * strides[axis]]));
      }
    }
    out[flat] = acc;
  }
  return out;
}

template <class T>
void CheckCumsum(PlinthType type, double lo, double hi, uint32_t seed) {
  const std::vector<int32_t> shape = {3, 4, 5};
  auto values = RandomValues<T>(60, lo, hi, seed);
  for (int axis = -3; axis < 3; ++axis) {
    for (bool exclusive : {false, true}) {
      for (bool reverse : {false, true}) {
        OpTest t;
        int x = t.Input<T>(shape, values);
        int a = t.Const<int32_t>({}, {axis});
        int y = t.Output(type);
        t.Op("CUMSUM", {x, a}, {y}, {{"exclusive", exclusive}, {"reverse", reverse}});
        ASSERT_TRUE(t.Run().ok());
        EXPECT_EQ(t.Shape(y), shape);
        auto expect =
            CumsumReference(values, shape, axis < 0 ? axis + 3 : axis, exclusive, reverse);
        auto got = t.Values<T>(y);
        if constexpr (std::is_floating_point_v<T>) {
          ASSERT_EQ(got.size(), expect.size());
          for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expect[i], 1e-5);
        } else {
          EXPECT_EQ(got, expect) << "axis " << axis << " exclusive " << exclusive << " reverse "
                                 << reverse;
        }
      }
    }
  }
}

TEST(Cumsum, EveryAxisAndFlag) {
  CheckCumsum<float>(PLINTH_FLOAT32, -3, 3, 1);
  CheckCumsum<int32_t>(PLINTH_INT32, -1000, 1000, 2);
  CheckCumsum<int64_t>(PLINTH_INT64, -1e15, 1e15, 3);
}

TEST(Cumsum, IntegersWrap) {
  OpTest t;
  int x = t.Input<int32_t>({3}, {std::numeric_limits<int32_t>::max(), 1, 1});
  int a = t.Const<int32_t>({}, {0});
  int y = t.Output(PLINTH_INT32);
  t.Op("CUMSUM", {x, a}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{std::numeric_limits<int32_t>::max(),
                                                        std::numeric_limits<int32_t>::min(),
                                                        std::numeric_limits<int32_t>::min() + 1}));
}

TEST(Cumsum, EmptyAndFedAxis) {
  OpTest empty;
  int x = empty.Input<float>({0, 3}, {});
  int a = empty.Const<int32_t>({}, {1});
  int y = empty.Output(PLINTH_FLOAT32);
  empty.Op("CUMSUM", {x, a}, {y});
  ASSERT_TRUE(empty.Run().ok());
  EXPECT_EQ(empty.Shape(y), (std::vector<int32_t>{0, 3}));

  OpTest fed;
  int fx = fed.Input<float>({2, 2}, {1, 2, 3, 4});
  int fa = fed.Input<int32_t>({1}, {0});
  int fy = fed.Output(PLINTH_FLOAT32);
  fed.Op("CUMSUM", {fx, fa}, {fy});
  ASSERT_TRUE(fed.Run().ok());
  EXPECT_EQ(fed.Values<float>(fy), (std::vector<float>{1, 2, 4, 6}));
  std::vector<int32_t> axis = {5};
  ASSERT_TRUE(fed.interpreter().SetInput(1, Bytes(axis)).ok());
  EXPECT_THAT(std::string(fed.interpreter().Invoke().message()),
              ::testing::HasSubstr("axis 5 is out of range"));
}

TEST(Cumsum, InvalidParameters) {
  using ::testing::HasSubstr;
  auto error = [](PlinthType type, std::vector<int32_t> shape, std::vector<int32_t> axis) {
    OpTest t;
    int x = t.InputBytes(type, shape, std::vector<uint8_t>(NumElementsOf(shape) * TypeSize(type)));
    int a = t.Const<int32_t>({static_cast<int32_t>(axis.size())}, axis);
    t.Op("CUMSUM", {x, a}, {t.Output(type)});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error(PLINTH_INT8, {3}, {0}), HasSubstr("input has unsupported type INT8"));
  EXPECT_THAT(error(PLINTH_FLOAT32, {3}, {1}), HasSubstr("axis 1 is out of range"));
  EXPECT_THAT(error(PLINTH_FLOAT32, {3}, {0, 0}), HasSubstr("axis must hold one value"));
  EXPECT_THAT(error(PLINTH_FLOAT32, {}, {0}), HasSubstr("at least 1 dimension"));
}

}  // namespace
}  // namespace plinth::testing
