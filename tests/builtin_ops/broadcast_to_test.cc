// BROADCAST_TO: output coordinate c reads the input at c (right-aligned), 0 where the input has
// a dimension of 1.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceBroadcastTo(const std::vector<int32_t>& shape,
                                          const std::vector<int32_t>& target) {
  std::vector<int64_t> src(NumElementsOf(target));
  const size_t lead = target.size() - shape.size();
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, target);
    std::vector<int64_t> in(shape.size());
    for (size_t d = 0; d < shape.size(); ++d) in[d] = shape[d] == 1 ? 0 : c[d + lead];
    src[o] = FlatIndex(in, shape);
  }
  return src;
}

TEST(BroadcastTo, EveryTypeAndShape) {
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> cases = {
      {{3}, {2, 3}},
      {{1}, {4}},
      {{2, 1, 3}, {4, 2, 5, 3}},
      {{}, {2, 2}},
      {{2, 3}, {2, 3}},
      {{1, 2}, {0, 2}},
      {{1, 1, 1, 1, 1, 1, 1, 2}, {2, 1, 2, 1, 2, 1, 2, 2}}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const auto& [shape, target] : cases) {
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 110);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("BROADCAST_TO", {x, t.Const<int32_t>({static_cast<int32_t>(target.size())}, target)},
           {y}, {}, 2);
      ASSERT_TRUE(t.Run().ok()) << e.name;
      EXPECT_EQ(t.Shape(y), target);
      ExpectGathered(t.Out(y), bytes, e.size, ReferenceBroadcastTo(shape, target), {}, e.name);
    }
  }
}

TEST(BroadcastTo, RuntimeInt64Shape) {
  OpTest t;
  int x = t.Input<float>({2, 1}, {1, 2});
  int s = t.Input<int64_t>({2}, {2, 3});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("BROADCAST_TO", {x, s}, {y}, {}, 2);
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1, 1, 1, 2, 2, 2}));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int64_t>{2, 1})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1, 2}));
}

TEST(BroadcastTo, InvalidShapesFail) {
  auto fails = [](std::vector<int32_t> shape, std::vector<int32_t> target, const std::string& m) {
    OpTest t;
    int x = t.Input<float>(shape, std::vector<float>(NumElementsOf(shape)));
    t.Op("BROADCAST_TO", {x, t.Const<int32_t>({static_cast<int32_t>(target.size())}, target)},
         {t.Output(PLINTH_FLOAT32)}, {}, 2);
    ExpectRunError(t, m);
  };
  fails({3}, {2, 4}, "cannot broadcast [3] to dimension 1 of size 4");
  fails({2, 3}, {3}, "rank 2 to rank 1");
  fails({1}, {-2}, "bad dimension -2");
}

}  // namespace
}  // namespace plinth::testing
