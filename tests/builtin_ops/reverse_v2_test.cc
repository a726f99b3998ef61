// REVERSE_V2: output coordinate c reads c with each listed axis mirrored.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceReverse(const std::vector<int32_t>& shape,
                                      const std::vector<int32_t>& axes) {
  std::vector<bool> flip(shape.size(), false);
  for (int32_t a : axes) flip[a < 0 ? a + shape.size() : a] = true;
  std::vector<int64_t> src(NumElementsOf(shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, shape);
    std::vector<int64_t> in(c.begin(), c.end());
    for (size_t d = 0; d < c.size(); ++d) {
      if (flip[d]) in[d] = shape[d] - 1 - c[d];
    }
    src[o] = FlatIndex(in, shape);
  }
  return src;
}

TEST(ReverseV2, EveryTypeAndSetOfAxes) {
  const std::vector<int32_t> shape = {2, 3, 4};
  const std::vector<std::vector<int32_t>> axes = {{0}, {1}, {-1}, {0, 1}, {2, 0}, {0, 1, 2}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const auto& a : axes) {
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 120);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("REVERSE_V2", {x, t.Const<int32_t>({static_cast<int32_t>(a.size())}, a)}, {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      EXPECT_EQ(t.Shape(y), shape);
      ExpectGathered(t.Out(y), bytes, e.size, ReferenceReverse(shape, a), {}, e.name);
    }
  }
}

TEST(ReverseV2, NoAxesEmptyTensorsAndRuntimeAxes) {
  OpTest none;
  int x = none.Input<float>({3}, {1, 2, 3});
  int y = none.Output(PLINTH_FLOAT32);
  none.Op("REVERSE_V2", {x, none.Input<int32_t>({0}, {})}, {y});
  ASSERT_TRUE(none.Run().ok());
  EXPECT_EQ(none.Values<float>(y), (std::vector<float>{1, 2, 3}));

  OpTest empty;
  int e = empty.Input<float>({2, 0}, {});
  int ey = empty.Output(PLINTH_FLOAT32);
  empty.Op("REVERSE_V2", {e, empty.Const<int32_t>({1}, {1})}, {ey});
  ASSERT_TRUE(empty.Run().ok());
  EXPECT_EQ(empty.Shape(ey), (std::vector<int32_t>{2, 0}));

  OpTest runtime;
  int r = runtime.Input<int32_t>({2, 2}, {1, 2, 3, 4});
  int axes = runtime.Input<int64_t>({1}, {0});
  int ry = runtime.Output(PLINTH_INT32);
  runtime.Op("REVERSE_V2", {r, axes}, {ry});
  ASSERT_TRUE(runtime.Run().ok());
  EXPECT_EQ(runtime.Values<int32_t>(ry), (std::vector<int32_t>{3, 4, 1, 2}));
  ASSERT_TRUE(runtime.interpreter().SetInput(1, Bytes(std::vector<int64_t>{1})).ok());
  ASSERT_TRUE(runtime.interpreter().Invoke().ok());
  EXPECT_EQ(runtime.Values<int32_t>(ry), (std::vector<int32_t>{2, 1, 4, 3}));
}

TEST(ReverseV2, InvalidAxesFail) {
  for (const auto& [axes, message] : std::vector<std::pair<std::vector<int32_t>, std::string>>{
           {{2}, "out of range"},
           {{0, -2}, "listed twice"},
           {{0, 1, 0}, "3 axes for an input of rank 2"}}) {
    OpTest t;
    int x = t.Input<float>({2, 2}, {1, 2, 3, 4});
    t.Op("REVERSE_V2", {x, t.Const<int32_t>({static_cast<int32_t>(axes.size())}, axes)},
         {t.Output(PLINTH_FLOAT32)});
    ExpectRunError(t, message);
  }
}

}  // namespace
}  // namespace plinth::testing
