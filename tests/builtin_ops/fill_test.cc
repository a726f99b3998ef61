// FILL against a reference in the test: int32/int64 dims, constant and fed (dynamic) dims, zero
// dims, every value type (quantized keeps its parameters), invalid parameters failing at prepare.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
void CheckFill(PlinthType type, T value, QuantSpec q = {}) {
  for (const std::vector<int32_t>& dims :
       {std::vector<int32_t>{2, 3, 4}, {5}, {}, {3, 0, 2}, {1, 1, 1, 1, 7}}) {
    for (int variant = 0; variant < 3; ++variant) {
      // The core holds no empty constants: a scalar's empty dims are fed.
      if (dims.empty() && variant < 2) continue;
      OpTest t;
      const std::vector<int32_t> dims_shape = {static_cast<int32_t>(dims.size())};
      int d = variant == 0 ? t.Const<int32_t>(dims_shape, dims)
              : variant == 1
                  ? t.Const<int64_t>(dims_shape, std::vector<int64_t>(dims.begin(), dims.end()))
                  : t.Input<int32_t>(dims_shape, dims);
      int v = t.Input<T>({}, {value}, q, type);
      int y = t.Output(type, {}, q);
      t.Op("FILL", {d, v}, {y});
      ASSERT_TRUE(t.Run().ok());
      EXPECT_EQ(t.Shape(y), dims);
      EXPECT_EQ(t.Values<T>(y), std::vector<T>(NumElementsOf(dims), value));
    }
  }
}

TEST(Fill, EveryValueType) {
  CheckFill<float>(PLINTH_FLOAT32, -2.75f);
  CheckFill<int32_t>(PLINTH_INT32, -123456);
  CheckFill<int64_t>(PLINTH_INT64, int64_t{1} << 50);
  CheckFill<int16_t>(PLINTH_INT16, -300, {{0.01f}, {0}});
  CheckFill<int8_t>(PLINTH_INT8, -7, {{0.1f}, {4}});
  CheckFill<uint8_t>(PLINTH_UINT8, 200, {{0.1f}, {128}});
  CheckFill<uint8_t>(PLINTH_BOOL, 1);
  CheckFill<uint16_t>(PLINTH_FLOAT16, 0x3c00);
}

TEST(Fill, InvalidParameters) {
  using ::testing::HasSubstr;
  auto error = [](auto build) {
    OpTest t;
    build(t);
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error([](OpTest& t) {
                int d = t.Const<int32_t>({2}, {2, -1});
                int v = t.Input<float>({}, {1});
                t.Op("FILL", {d, v}, {t.Output(PLINTH_FLOAT32)});
              }),
              HasSubstr("dimension 1 must be >= 0"));
  EXPECT_THAT(error([](OpTest& t) {
                int d = t.Input<int32_t>({1}, {-4});
                int v = t.Input<float>({}, {1});
                t.Op("FILL", {d, v}, {t.Output(PLINTH_FLOAT32)});
              }),
              HasSubstr("failed in invoke"));
  EXPECT_THAT(error([](OpTest& t) {
                int d = t.Const<int32_t>({1, 1}, {2});
                int v = t.Input<float>({}, {1});
                t.Op("FILL", {d, v}, {t.Output(PLINTH_FLOAT32)});
              }),
              HasSubstr("dims must be 1-D"));
  EXPECT_THAT(error([](OpTest& t) {
                int d = t.Const<int32_t>({1}, {2});
                int v = t.Input<float>({1}, {1});
                t.Op("FILL", {d, v}, {t.Output(PLINTH_FLOAT32)});
              }),
              HasSubstr("value must be a scalar"));
  EXPECT_THAT(error([](OpTest& t) {
                int d = t.Const<float>({1}, {2});
                int v = t.Input<float>({}, {1});
                t.Op("FILL", {d, v}, {t.Output(PLINTH_FLOAT32)});
              }),
              HasSubstr("dims has unsupported type FLOAT32"));
  EXPECT_THAT(error([](OpTest& t) {
                int d = t.Const<int32_t>({1}, {2});
                int v = t.Input<int8_t>({}, {1}, {{0.1f}, {0}});
                t.Op("FILL", {d, v}, {t.Output(PLINTH_INT8, {}, {{0.2f}, {0}})});
              }),
              HasSubstr("output quantization must be the value's"));
}

}  // namespace
}  // namespace plinth::testing
