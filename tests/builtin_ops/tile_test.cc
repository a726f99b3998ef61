// TILE: output coordinate c reads input coordinate c mod shape.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceTile(const std::vector<int32_t>& shape,
                                   const std::vector<int32_t>& multiples,
                                   std::vector<int32_t>* out_shape) {
  out_shape->clear();
  for (size_t d = 0; d < shape.size(); ++d) out_shape->push_back(shape[d] * multiples[d]);
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    std::vector<int64_t> in(c.size());
    for (size_t d = 0; d < c.size(); ++d) in[d] = c[d] % shape[d];
    src[o] = FlatIndex(in, shape);
  }
  return src;
}

TEST(Tile, EveryTypeAndMultiples) {
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> cases = {
      {{2, 3}, {1, 1}},
      {{2, 3}, {3, 2}},
      {{1, 2, 1, 2}, {2, 1, 3, 2}},
      {{3}, {4}},
      {{2, 2}, {0, 2}},
      {{2, 1, 2, 1, 2, 1, 2, 1, 2}, {1, 2, 1, 2, 1, 2, 1, 2, 1}}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const auto& [shape, multiples] : cases) {
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 100);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("TILE", {x, t.Const<int32_t>({static_cast<int32_t>(multiples.size())}, multiples)}, {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceTile(shape, multiples, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
    }
  }
}

TEST(Tile, RuntimeInt64MultiplesAndScalars) {
  OpTest t;
  int x = t.Input<float>({2}, {1, 2});
  int m = t.Input<int64_t>({1}, {3});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("TILE", {x, m}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1, 2, 1, 2, 1, 2}));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int64_t>{1})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1, 2}));

  OpTest scalar;
  int s = scalar.Input<float>({}, {7});
  int sy = scalar.Output(PLINTH_FLOAT32);
  scalar.Op("TILE", {s, scalar.Input<int32_t>({0}, {})}, {sy});
  ASSERT_TRUE(scalar.Run().ok());
  EXPECT_EQ(scalar.Values<float>(sy), std::vector<float>{7});
}

TEST(Tile, InvalidMultiplesFail) {
  OpTest negative;
  int x = negative.Input<float>({2}, {1, 2});
  negative.Op("TILE", {x, negative.Const<int32_t>({1}, {-1})}, {negative.Output(PLINTH_FLOAT32)});
  ExpectRunError(negative, "negative");

  OpTest length;
  int a = length.Input<float>({2}, {1, 2});
  length.Op("TILE", {a, length.Const<int32_t>({2}, {1, 1})}, {length.Output(PLINTH_FLOAT32)});
  ExpectRunError(length, "multiples must be 1-D with 1 entries");
}

}  // namespace
}  // namespace plinth::testing
