// WHERE against a reference in the test: coordinates of non-zero elements for every condition
// type and rank, none and all true, constant and fed conditions, a scalar condition rejected.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
std::vector<int64_t> WhereReference(const std::vector<T>& values,
                                    const std::vector<int32_t>& shape) {
  std::vector<int64_t> out;
  for (size_t flat = 0; flat < values.size(); ++flat) {
    if (values[flat] == T(0)) continue;
    for (int32_t c : Unravel(flat, shape)) out.push_back(c);
  }
  return out;
}

template <class T>
void CheckWhere(PlinthType type, uint32_t seed) {
  for (const std::vector<int32_t>& shape :
       {std::vector<int32_t>{2, 3, 4}, {7}, {1, 5}, {3, 0}, {2, 1, 2, 1, 3}}) {
    for (int fill : {0, 1, 2}) {  // random, all zero, all non-zero
      std::vector<T> values = RandomValues<T>(NumElementsOf(shape), -2, 2, seed++);
      if constexpr (std::is_unsigned_v<T>) {
        for (T& v : values) v = static_cast<T>(v % 2);
      }
      for (T& v : values) {
        if (fill == 1) v = T(0);
        if (fill == 2 && v == T(0)) v = T(1);
      }
      for (bool constant : {false, true}) {
        if (constant && values.empty()) continue;  // the core holds no empty constants
        OpTest t;
        int x =
            constant ? t.Const<T>(shape, values, {}, type) : t.Input<T>(shape, values, {}, type);
        int y = t.Output(PLINTH_INT64);
        t.Op("WHERE", {x}, {y});
        ASSERT_TRUE(t.Run().ok());
        auto expect = WhereReference(values, shape);
        EXPECT_EQ(t.Shape(y),
                  (std::vector<int32_t>{static_cast<int32_t>(expect.size() / shape.size()),
                                        static_cast<int32_t>(shape.size())}));
        EXPECT_EQ(t.Values<int64_t>(y), expect);
      }
    }
  }
}

TEST(Where, EveryConditionType) {
  CheckWhere<uint8_t>(PLINTH_BOOL, 1);
  CheckWhere<float>(PLINTH_FLOAT32, 100);
  CheckWhere<int32_t>(PLINTH_INT32, 200);
  CheckWhere<int64_t>(PLINTH_INT64, 300);
  CheckWhere<int8_t>(PLINTH_INT8, 400);
  CheckWhere<uint8_t>(PLINTH_UINT8, 500);
  CheckWhere<uint32_t>(PLINTH_UINT32, 600);
}

TEST(Where, InvalidParameters) {
  OpTest scalar;
  int x = scalar.Input<uint8_t>({}, {1}, {}, PLINTH_BOOL);
  scalar.Op("WHERE", {x}, {scalar.Output(PLINTH_INT64)});
  EXPECT_THAT(std::string(scalar.Run().message()), ::testing::HasSubstr("at least 1-D"));
  OpTest output;
  int c = output.Input<uint8_t>({2}, {1, 0}, {}, PLINTH_BOOL);
  output.Op("WHERE", {c}, {output.Output(PLINTH_INT32)});
  EXPECT_THAT(std::string(output.Run().message()), ::testing::HasSubstr("INT64"));
  OpTest type;
  int h = type.Input<int16_t>({2}, {1, 0});
  type.Op("WHERE", {h}, {type.Output(PLINTH_INT64)});
  EXPECT_THAT(std::string(type.Run().message()), ::testing::HasSubstr("unsupported type INT16"));
}

}  // namespace
}  // namespace plinth::testing
