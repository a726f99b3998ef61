// SHAPE: the dimensions of any input as int32 or int64.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

TEST(Shape, EveryInputTypeBothOutputTypes) {
  const std::vector<std::vector<int32_t>> shapes = {{2, 3, 4}, {}, {0, 5}, {1, 1, 1, 1, 1, 7}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const auto& shape : shapes) {
      for (bool is64 : {false, true}) {
        OpTest t;
        int x =
            t.InputBytes(e.type, shape, RandomElementBytes(e, NumElementsOf(shape), 1), e.quant);
        int y = t.Output(is64 ? PLINTH_INT64 : PLINTH_INT32);
        t.Op("SHAPE", {x}, {y}, {{"out_type", is64 ? "INT64" : "INT32"}});
        ASSERT_TRUE(t.Run().ok()) << e.name;
        EXPECT_EQ(t.Shape(y), std::vector<int32_t>{static_cast<int32_t>(shape.size())});
        if (is64) {
          EXPECT_EQ(t.Values<int64_t>(y), std::vector<int64_t>(shape.begin(), shape.end()));
        } else {
          EXPECT_EQ(t.Values<int32_t>(y), shape);
        }
      }
    }
  }
}

TEST(Shape, FollowsRuntimeInputShapes) {
  OpTest t;
  int x = t.Input<float>({2, 3}, std::vector<float>(6));
  t.builder().SetShapeSignature(x, {-1, -1});
  int y = t.Output(PLINTH_INT32);
  t.Op("SHAPE", {x}, {y}, {{"out_type", "INT32"}});
  ASSERT_TRUE(t.Run().ok());
  ASSERT_TRUE(t.interpreter().ResizeInput(0, {4, 2}).ok());
  ASSERT_TRUE(t.interpreter().AllocateTensors().ok());
  ASSERT_TRUE(t.interpreter().SetInput(0, Bytes(std::vector<float>(8))).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{4, 2}));
}

TEST(Shape, InvalidOutputsFail) {
  OpTest type;
  int x = type.Input<float>({2}, {1, 2});
  type.Op("SHAPE", {x}, {type.Output(PLINTH_FLOAT32)}, {{"out_type", "INT32"}});
  ExpectRunError(type, "output has unsupported type FLOAT32");

  OpTest mismatch;
  int a = mismatch.Input<float>({2}, {1, 2});
  mismatch.Op("SHAPE", {a}, {mismatch.Output(PLINTH_INT32)}, {{"out_type", "INT64"}});
  ExpectRunError(mismatch, "out_type is INT64 but the output is INT32");
}

}  // namespace
}  // namespace plinth::testing
