// RESIZE_NEAREST_NEIGHBOR: the source pixel of each output pixel against TFLite's rule, written
// from its definition, for every option combination and element type.
#include <cmath>

#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

// Nearest source index: scale (in - 1) / (out - 1) with align_corners, else in / out; sample at
// v (+ 0.5 with half-pixel centers); round with align_corners, else floor; clamp.
int Nearest(int v, int in, int out, bool align, bool half) {
  const float scale = (align && out > 1) ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                                         : static_cast<float>(in) / static_cast<float>(out);
  const float at = (static_cast<float>(v) + (half ? 0.5f : 0.f)) * scale;
  int i = align ? static_cast<int>(std::round(at)) : static_cast<int>(std::floor(at));
  i = std::min(i, in - 1);
  return half ? std::max(i, 0) : i;
}

std::vector<int64_t> ReferenceNearest(const std::vector<int32_t>& shape, int oh, int ow, bool align,
                                      bool half) {
  std::vector<int64_t> src;
  for (int b = 0; b < shape[0]; ++b) {
    for (int y = 0; y < oh; ++y) {
      for (int x = 0; x < ow; ++x) {
        for (int c = 0; c < shape[3]; ++c) {
          src.push_back(FlatIndex(
              {b, Nearest(y, shape[1], oh, align, half), Nearest(x, shape[2], ow, align, half), c},
              shape));
        }
      }
    }
  }
  return src;
}

TEST(ResizeNearestNeighbor, EveryOptionSizeAndType) {
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> sizes = {
      {{2, 3, 5, 2}, {7, 4}},
      {{1, 6, 6, 1}, {4, 9}},
      {{1, 1, 3, 2}, {2, 1}},
      {{1, 4, 4, 1}, {4, 4}},
      {{1, 2, 3, 1}, {0, 3}}};
  for (bool align : {false, true}) {
    for (bool half : {false, true}) {
      for (const ElementType& e : MovableElementTypes()) {
        for (const auto& [shape, size] : sizes) {
          OpTest t;
          auto bytes = RandomElementBytes(e, NumElementsOf(shape), 130);
          int x = t.InputBytes(e.type, shape, bytes, e.quant);
          int y = t.Output(e.type, {}, e.quant);
          t.Op("RESIZE_NEAREST_NEIGHBOR", {x, t.Const<int32_t>({2}, size)}, {y},
               {{"align_corners", align}, {"half_pixel_centers", half}});
          ASSERT_TRUE(t.Run().ok()) << e.name;
          EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{shape[0], size[0], size[1], shape[3]}));
          ExpectGathered(t.Out(y), bytes, e.size,
                         ReferenceNearest(shape, size[0], size[1], align, half), {}, e.name);
        }
      }
    }
  }
}

TEST(ResizeNearestNeighbor, KnownValuesAndRuntimeSize) {
  OpTest t;
  int x = t.Input<float>({1, 1, 2, 1}, {1, 2});
  int size = t.Input<int32_t>({2}, {1, 4});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("RESIZE_NEAREST_NEIGHBOR", {x, size}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1, 1, 2, 2}));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int32_t>{2, 1})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{1, 2, 1, 1}));
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1, 1}));
}

TEST(ResizeNearestNeighbor, InvalidParametersFail) {
  OpTest rank;
  int x = rank.Input<float>({2, 2}, std::vector<float>(4));
  rank.Op("RESIZE_NEAREST_NEIGHBOR", {x, rank.Const<int32_t>({2}, {3, 3})},
          {rank.Output(PLINTH_FLOAT32)});
  ExpectRunError(rank, "must be 4-D");

  OpTest negative;
  int a = negative.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
  negative.Op("RESIZE_NEAREST_NEIGHBOR", {a, negative.Const<int32_t>({2}, {-1, 3})},
              {negative.Output(PLINTH_FLOAT32)});
  ExpectRunError(negative, "must not be negative");

  OpTest type;
  int b = type.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
  type.Op("RESIZE_NEAREST_NEIGHBOR", {b, type.Const<int64_t>({2}, {3, 3})},
          {type.Output(PLINTH_FLOAT32)});
  ExpectRunError(type, "size has unsupported type INT64");
}

}  // namespace
}  // namespace plinth::testing
