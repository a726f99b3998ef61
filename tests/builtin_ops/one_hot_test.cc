// ONE_HOT against a reference in the test: every axis (-1 and explicit), int32/int64 indices with
// values outside [0, depth), every value type, constant and fed depth, depth 0, invalid
// parameters failing at prepare.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
std::vector<T> OneHotReference(const std::vector<int64_t>& indices,
                               const std::vector<int32_t>& shape, int depth, int axis, T on, T off,
                               std::vector<int32_t>* out_shape) {
  *out_shape = shape;
  out_shape->insert(out_shape->begin() + axis, depth);
  std::vector<T> out(NumElementsOf(*out_shape));
  for (size_t flat = 0; flat < out.size(); ++flat) {
    std::vector<int32_t> c = Unravel(flat, *out_shape);
    const int32_t position = c[axis];
    c.erase(c.begin() + axis);
    size_t i = 0;
    for (size_t d = 0; d < c.size(); ++d) i = i * shape[d] + c[d];
    out[flat] = indices[i] == position ? on : off;
  }
  return out;
}

template <class T>
void CheckOneHot(PlinthType type, T on, T off) {
  const std::vector<int32_t> shape = {2, 3};
  const std::vector<int64_t> indices = {0, 3, 1, -1, 2, 5};
  for (int axis_option : {-1, 0, 1, 2}) {
    for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64}) {
      for (bool fed_depth : {false, true}) {
        OpTest t;
        int i = index_type == PLINTH_INT64
                    ? t.Input<int64_t>(shape, indices)
                    : t.Input<int32_t>(shape, std::vector<int32_t>(indices.begin(), indices.end()));
        int d = fed_depth ? t.Input<int32_t>({}, {4}) : t.Const<int32_t>({}, {4});
        int a = t.Const<T>({}, {on}, {}, type);
        int b = t.Const<T>({}, {off}, {}, type);
        int y = t.Output(type);
        t.Op("ONE_HOT", {i, d, a, b}, {y}, {{"axis", axis_option}});
        ASSERT_TRUE(t.Run().ok());
        std::vector<int32_t> out_shape;
        auto expect = OneHotReference(indices, shape, 4, axis_option < 0 ? 2 : axis_option, on, off,
                                      &out_shape);
        EXPECT_EQ(t.Shape(y), out_shape);
        EXPECT_EQ(t.Values<T>(y), expect) << "axis " << axis_option;
      }
    }
  }
}

TEST(OneHot, EveryValueTypeAndAxis) {
  CheckOneHot<float>(PLINTH_FLOAT32, 1.5f, -0.25f);
  CheckOneHot<int32_t>(PLINTH_INT32, 7, -3);
  CheckOneHot<int64_t>(PLINTH_INT64, int64_t{1} << 40, 0);
  CheckOneHot<int8_t>(PLINTH_INT8, 127, -128);
  CheckOneHot<uint8_t>(PLINTH_UINT8, 255, 3);
  CheckOneHot<uint8_t>(PLINTH_BOOL, 1, 0);
}

TEST(OneHot, ZeroDepth) {
  OpTest t;
  int i = t.Input<int32_t>({3}, {0, 1, 2});
  int d = t.Const<int32_t>({}, {0});
  int a = t.Const<float>({}, {1});
  int b = t.Const<float>({}, {0});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("ONE_HOT", {i, d, a, b}, {y}, {{"axis", -1}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{3, 0}));
}

TEST(OneHot, InvalidParameters) {
  using ::testing::HasSubstr;
  auto error = [](int axis, int32_t depth, PlinthType off_type = PLINTH_FLOAT32) {
    OpTest t;
    int i = t.Input<int32_t>({3}, {0, 1, 2});
    int d = t.Const<int32_t>({}, {depth});
    int a = t.Const<float>({}, {1});
    int b = t.builder().AddConstantBytes(off_type, {}, "\0\0\0\0", 4);
    t.Op("ONE_HOT", {i, d, a, b}, {t.Output(PLINTH_FLOAT32)}, {{"axis", axis}});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error(2, 3), HasSubstr("axis 2 is out of range"));
  EXPECT_THAT(error(-2, 3), HasSubstr("axis -2 is out of range"));
  EXPECT_THAT(error(-1, -1), HasSubstr("depth must be >= 0"));
  EXPECT_THAT(error(-1, 3, PLINTH_INT32), HasSubstr("off_value type must be FLOAT32"));
}

}  // namespace
}  // namespace plinth::testing
