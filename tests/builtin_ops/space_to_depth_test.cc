// SPACE_TO_DEPTH: output (b, y, x, (dy * bs + dx) * C + c) = input (b, y * bs + dy, x * bs + dx,
// c).
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceSpaceToDepth(const std::vector<int32_t>& shape, int bs,
                                           std::vector<int32_t>* out_shape) {
  *out_shape = {shape[0], shape[1] / bs, shape[2] / bs, shape[3] * bs * bs};
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    const int group = c[3] / shape[3], channel = c[3] % shape[3];
    src[o] = FlatIndex({c[0], c[1] * bs + group / bs, c[2] * bs + group % bs, channel}, shape);
  }
  return src;
}

TEST(SpaceToDepth, EveryTypeAndBlockSize) {
  for (const ElementType& e : MovableElementTypes()) {
    for (int bs : {1, 2, 3}) {
      const std::vector<int32_t> shape = {2, 2 * bs, 3 * bs, 3};
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 140);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("SPACE_TO_DEPTH", {x}, {y}, {{"block_size", bs}});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceSpaceToDepth(shape, bs, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
    }
  }
}

TEST(SpaceToDepth, InvalidParametersFail) {
  for (const auto& [shape, bs, message] :
       std::vector<std::tuple<std::vector<int32_t>, int, std::string>>{
           {{1, 3, 4, 1}, 2, "multiples of block_size"},
           {{1, 2, 2, 1}, 0, "must be positive"},
           {{2, 2, 1}, 2, "must be 4-D"}}) {
    OpTest t;
    int x = t.Input<float>(shape, std::vector<float>(NumElementsOf(shape)));
    t.Op("SPACE_TO_DEPTH", {x}, {t.Output(PLINTH_FLOAT32)}, {{"block_size", bs}});
    ExpectRunError(t, message);
  }
}

}  // namespace
}  // namespace plinth::testing
