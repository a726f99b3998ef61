// SLICE: a box given by begin and size (-1: to the end of the dimension).
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceSlice(const std::vector<int32_t>& shape,
                                    const std::vector<int32_t>& begin,
                                    const std::vector<int32_t>& size,
                                    std::vector<int32_t>* out_shape) {
  out_shape->clear();
  for (size_t d = 0; d < shape.size(); ++d) {
    out_shape->push_back(size[d] == -1 ? shape[d] - begin[d] : size[d]);
  }
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    std::vector<int64_t> in(c.begin(), c.end());
    for (size_t d = 0; d < in.size(); ++d) in[d] += begin[d];
    src[o] = FlatIndex(in, shape);
  }
  return src;
}

TEST(Slice, EveryTypeAndBox) {
  const std::vector<int32_t> shape = {3, 4, 5};
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> boxes = {
      {{0, 0, 0}, {3, 4, 5}},
      {{1, 2, 3}, {2, -1, 1}},
      {{2, 0, 4}, {-1, -1, -1}},
      {{0, 4, 0}, {3, 0, 5}},
      {{1, 1, 1}, {1, 1, 1}}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const auto& [begin, size] : boxes) {
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 60);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("SLICE",
           {x, t.Const<int32_t>({3}, begin), t.Const<int64_t>({3}, {size[0], size[1], size[2]})},
           {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceSlice(shape, begin, size, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
    }
  }
}

TEST(Slice, HighRankAndRuntimeBox) {
  const std::vector<int32_t> shape = {2, 2, 3, 2, 2, 3};
  const std::vector<int32_t> begin = {1, 0, 1, 0, 1, 2}, size = {1, -1, 2, 1, 1, -1};
  ElementType f32 = MovableElementTypes()[0];
  auto bytes = RandomElementBytes(f32, NumElementsOf(shape), 61);
  OpTest t;
  int x = t.InputBytes(PLINTH_FLOAT32, shape, bytes);
  int b = t.Input<int32_t>({6}, begin);
  int s = t.Input<int32_t>({6}, size);
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("SLICE", {x, b, s}, {y});
  ASSERT_TRUE(t.Run().ok());
  std::vector<int32_t> out_shape;
  auto src = ReferenceSlice(shape, begin, size, &out_shape);
  EXPECT_EQ(t.Shape(y), out_shape);
  ExpectGathered(t.Out(y), bytes, 4, src);
  const std::vector<int32_t> begin2 = {0, 1, 0, 1, 0, 0};
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(begin2)).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  src = ReferenceSlice(shape, begin2, size, &out_shape);
  EXPECT_EQ(t.Shape(y), out_shape);
  ExpectGathered(t.Out(y), bytes, 4, src);
}

TEST(Slice, InvalidBoxesFail) {
  const std::vector<std::tuple<std::vector<int32_t>, std::vector<int32_t>, std::string>> bad = {
      {{-1, 0}, {1, 1}, "begin -1 out of range"},
      {{0, 5}, {1, 0}, "begin 5 out of range"},
      {{2, 0}, {2, 1}, "exceeds dimension 0"},
      {{0, 0}, {1, -2}, "size -2"}};
  for (const auto& [begin, size, message] : bad) {
    OpTest t;
    int x = t.Input<float>({3, 4}, std::vector<float>(12));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("SLICE", {x, t.Const<int32_t>({2}, begin), t.Const<int32_t>({2}, size)}, {y});
    ExpectRunError(t, message);
  }
  OpTest rank;
  int x = rank.Input<float>({3, 4}, std::vector<float>(12));
  int y = rank.Output(PLINTH_FLOAT32);
  rank.Op("SLICE", {x, rank.Const<int32_t>({1}, {0}), rank.Const<int32_t>({2}, {1, 1})}, {y});
  ExpectRunError(rank, "begin must be 1-D with 2 entries");
}

}  // namespace
}  // namespace plinth::testing
