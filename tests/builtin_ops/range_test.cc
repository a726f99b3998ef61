// RANGE against a reference in the test: int32/int64/float32, up and down, lengths that do and do
// not divide evenly, empty ranges, constant inputs (static output) and fed ones (dynamic), int64
// values beyond 32 bits, invalid ranges failing.
#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"

namespace plinth::testing {
namespace {

// TFLite's definition: ceil(|limit - start| / |delta|) values (the quotient in T), accumulated
// from start by repeated addition.
template <class T>
std::vector<T> RangeReference(T start, T limit, T delta) {
  size_t n;
  if constexpr (std::is_integral_v<T>) {
    const T span = limit > start ? limit - start : start - limit;
    const T step = delta > 0 ? delta : -delta;
    n = static_cast<size_t>((span + step - 1) / step);
  } else {
    n = static_cast<size_t>(std::ceil(std::abs((limit - start) / delta)));
  }
  std::vector<T> out;
  T value = start;
  for (size_t i = 0; i < n; ++i, value += delta) out.push_back(value);
  return out;
}

template <class T>
void CheckRange(T start, T limit, T delta) {
  for (bool fed : {false, true}) {
    OpTest t;
    auto scalar = [&](T v) { return fed ? t.Input<T>({}, {v}) : t.Const<T>({}, {v}); };
    int s = scalar(start), l = scalar(limit), d = scalar(delta);
    int y = t.Output(TypeOf<T>::value);
    t.Op("RANGE", {s, l, d}, {y});
    ASSERT_TRUE(t.Run().ok()) << start << " " << limit << " " << delta;
    auto expect = RangeReference(start, limit, delta);
    EXPECT_EQ(t.Shape(y), std::vector<int32_t>{static_cast<int32_t>(expect.size())});
    EXPECT_EQ(t.Values<T>(y), expect);
  }
}

TEST(Range, Integers) {
  CheckRange<int32_t>(-3, 17, 3);
  CheckRange<int32_t>(0, 12, 3);
  CheckRange<int32_t>(10, -4, -4);
  CheckRange<int32_t>(5, 5, 1);
  CheckRange<int32_t>(5, 5, -1);
  CheckRange<int64_t>(int64_t{1} << 40, (int64_t{1} << 40) + 50, 7);
  CheckRange<int64_t>(-2, -20, -5);
}

TEST(Range, Floats) {
  CheckRange<float>(0.1f, 3.3f, 0.3f);
  CheckRange<float>(2.f, -1.25f, -0.5f);
  CheckRange<float>(0.f, 1.f, 0.25f);
  CheckRange<float>(-1.f, -1.f, 0.5f);
  CheckRange<float>(0.f, 1.f, 0.1f);
}

TEST(Range, InvalidRanges) {
  using ::testing::HasSubstr;
  auto error = [](int32_t start, int32_t limit, int32_t delta, bool fed) {
    OpTest t;
    auto scalar = [&](int32_t v) {
      return fed ? t.Input<int32_t>({}, {v}) : t.Const<int32_t>({}, {v});
    };
    int s = scalar(start), l = scalar(limit), d = scalar(delta);
    t.Op("RANGE", {s, l, d}, {t.Output(PLINTH_INT32)});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error(0, 5, 0, false), HasSubstr("delta must not be 0"));
  EXPECT_THAT(error(0, 5, -1, false), HasSubstr("towards limit"));
  EXPECT_THAT(error(5, 0, 1, true), HasSubstr("towards limit"));
  EXPECT_THAT(error(-2000000000, 2000000000, 1, false), HasSubstr("2^31 - 1"));
  OpTest types;
  int s = types.Const<int32_t>({}, {0});
  int l = types.Const<float>({}, {5});
  int d = types.Const<int32_t>({}, {1});
  types.Op("RANGE", {s, l, d}, {types.Output(PLINTH_INT32)});
  EXPECT_THAT(std::string(types.Run().message()), HasSubstr("one type"));
  OpTest shapes;
  int vs = shapes.Const<int32_t>({1}, {0});
  int vl = shapes.Const<int32_t>({}, {5});
  int vd = shapes.Const<int32_t>({}, {1});
  shapes.Op("RANGE", {vs, vl, vd}, {shapes.Output(PLINTH_INT32)});
  EXPECT_THAT(std::string(shapes.Run().message()), HasSubstr("must be scalars"));
}

}  // namespace
}  // namespace plinth::testing
