// ZEROS_LIKE: zeros of the input's shape for float32, int32 and int64 (scalars and empty shapes
// too); other types fail at prepare.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
void CheckZeros(PlinthType type) {
  for (const std::vector<int32_t>& shape : {std::vector<int32_t>{3, 1, 4}, {}, {0, 2}, {7}}) {
    OpTest t;
    int x = t.Input<T>(shape, RandomValues<T>(NumElementsOf(shape), -100, 100, 1));
    int y = t.Output(type);
    t.Op("ZEROS_LIKE", {x}, {y});
    ASSERT_TRUE(t.Run().ok());
    EXPECT_EQ(t.Shape(y), shape);
    EXPECT_EQ(t.Values<T>(y), std::vector<T>(NumElementsOf(shape), T{0}));
  }
}

TEST(ZerosLike, EveryType) {
  CheckZeros<float>(PLINTH_FLOAT32);
  CheckZeros<int32_t>(PLINTH_INT32);
  CheckZeros<int64_t>(PLINTH_INT64);
}

TEST(ZerosLike, InvalidParameters) {
  OpTest t;
  int x = t.Input<int8_t>({2}, {1, 2});
  t.Op("ZEROS_LIKE", {x}, {t.Output(PLINTH_INT8)});
  EXPECT_THAT(std::string(t.Run().message()), ::testing::HasSubstr("unsupported type INT8"));
  OpTest mismatch;
  int f = mismatch.Input<float>({2}, {1, 2});
  mismatch.Op("ZEROS_LIKE", {f}, {mismatch.Output(PLINTH_INT32)});
  EXPECT_THAT(std::string(mismatch.Run().message()),
              ::testing::HasSubstr("output type must be FLOAT32"));
}

}  // namespace
}  // namespace plinth::testing
