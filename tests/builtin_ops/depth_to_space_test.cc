// DEPTH_TO_SPACE: output (b, y * bs + dy, x * bs + dx, c) = input (b, y, x, (dy * bs + dx) * C +
// c), and the round trip with SPACE_TO_DEPTH.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceDepthToSpace(const std::vector<int32_t>& shape, int bs,
                                           std::vector<int32_t>* out_shape) {
  const int c_out = shape[3] / (bs * bs);
  *out_shape = {shape[0], shape[1] * bs, shape[2] * bs, c_out};
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    const int dy = c[1] % bs, dx = c[2] % bs;
    src[o] = FlatIndex({c[0], c[1] / bs, c[2] / bs, (dy * bs + dx) * c_out + c[3]}, shape);
  }
  return src;
}

TEST(DepthToSpace, EveryTypeAndBlockSize) {
  for (const ElementType& e : MovableElementTypes()) {
    for (int bs : {1, 2, 3}) {
      const std::vector<int32_t> shape = {2, 2, 3, 2 * bs * bs};
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 150);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("DEPTH_TO_SPACE", {x}, {y}, {{"block_size", bs}});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceDepthToSpace(shape, bs, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
    }
  }
}

TEST(DepthToSpace, UndoesSpaceToDepth) {
  std::vector<float> data(2 * 4 * 6 * 3);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i);
  OpTest t;
  int x = t.Input<float>({2, 4, 6, 3}, data);
  int mid = t.Internal(PLINTH_FLOAT32);
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("SPACE_TO_DEPTH", {x}, {mid}, {{"block_size", 2}});
  t.Op("DEPTH_TO_SPACE", {mid}, {y}, {{"block_size", 2}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), data);
}

TEST(DepthToSpace, InvalidParametersFail) {
  for (const auto& [shape, bs, message] :
       std::vector<std::tuple<std::vector<int32_t>, int, std::string>>{
           {{1, 2, 2, 6}, 2, "multiple of block_size^2 = 4"},
           {{1, 2, 2, 4}, -1, "must be positive"},
           {{1, 2, 2, 4, 1}, 2, "must be 4-D"}}) {
    OpTest t;
    int x = t.Input<float>(shape, std::vector<float>(NumElementsOf(shape)));
    t.Op("DEPTH_TO_SPACE", {x}, {t.Output(PLINTH_FLOAT32)}, {{"block_size", bs}});
    ExpectRunError(t, message);
  }
}

}  // namespace
}  // namespace plinth::testing
