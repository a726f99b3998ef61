// RANK: the number of dimensions of any input, as an int32 scalar.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

TEST(Rank, EveryInputType) {
  const std::vector<std::vector<int32_t>> shapes = {{2, 3, 4}, {}, {0}, {1, 1, 1, 1, 1, 1, 1}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const auto& shape : shapes) {
      OpTest t;
      int x = t.InputBytes(e.type, shape, RandomElementBytes(e, NumElementsOf(shape), 2), e.quant);
      int y = t.Output(PLINTH_INT32);
      t.Op("RANK", {x}, {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      EXPECT_EQ(t.Shape(y), std::vector<int32_t>{});
      EXPECT_EQ(t.Values<int32_t>(y), std::vector<int32_t>{static_cast<int32_t>(shape.size())});
    }
  }
}

TEST(Rank, InvalidOutputFails) {
  OpTest t;
  int x = t.Input<float>({2}, {1, 2});
  t.Op("RANK", {x}, {t.Output(PLINTH_FLOAT32)});
  ExpectRunError(t, "output has unsupported type FLOAT32");
}

}  // namespace
}  // namespace plinth::testing
