// SPACE_TO_BATCH_ND against TensorFlow's definition: output batch (offset * N + b), spatial s,
// rest r reads padded input (b, s * block + offset, r), where offsets number the block positions
// with the last spatial dimension fastest.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceSpaceToBatch(const std::vector<int32_t>& shape,
                                           const std::vector<int32_t>& block,
                                           const std::vector<int32_t>& pads,
                                           std::vector<int32_t>* out_shape) {
  const size_t m = block.size();
  int32_t blocks = 1;
  for (int32_t b : block) blocks *= b;
  *out_shape = shape;
  (*out_shape)[0] = shape[0] * blocks;
  for (size_t k = 0; k < m; ++k) {
    (*out_shape)[k + 1] = (shape[k + 1] + pads[2 * k] + pads[2 * k + 1]) / block[k];
  }
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    const int b = c[0] % shape[0];
    std::vector<int32_t> offsets = Unravel(c[0] / shape[0], block);
    std::vector<int64_t> in(c.begin(), c.end());
    in[0] = b;
    bool inside = true;
    for (size_t k = 0; k < m; ++k) {
      in[k + 1] = static_cast<int64_t>(c[k + 1]) * block[k] + offsets[k] - pads[2 * k];
      inside = inside && in[k + 1] >= 0 && in[k + 1] < shape[k + 1];
    }
    src[o] = inside ? FlatIndex(in, shape) : -1;
  }
  return src;
}

std::vector<uint8_t> ZeroPointBytes(const ElementType& e) {
  std::vector<uint8_t> pad(e.size, 0);
  const bool pads_with_zp =
      e.type == PLINTH_UINT8 || e.type == PLINTH_INT8 || e.type == PLINTH_INT16;
  if (pads_with_zp && !e.quant.zero_points.empty()) {
    const int64_t zp = e.quant.zero_points[0];
    std::memcpy(pad.data(), &zp, e.size);
  }
  return pad;
}

TEST(SpaceToBatchNd, EveryTypeAndLayout) {
  struct Case {
    std::vector<int32_t> shape, block, pads;
  };
  const std::vector<Case> cases = {
      {{2, 3, 5, 2}, {2, 3}, {1, 0, 2, 2}},  // 4-D, TFLite's layout
      {{1, 4, 4, 1}, {2, 2}, {0, 0, 0, 0}},
      {{2, 5, 3}, {3}, {0, 1}},                          // 3-D
      {{1, 2, 3, 2, 2}, {2, 3, 2}, {0, 0, 1, 2, 0, 0}},  // 3 spatial dimensions
      {{1, 4, 2, 3}, {2}, {1, 1}},  // fewer spatial dimensions than TFLite's rank - 2
      {{0, 2, 2, 1}, {2, 2}, {0, 0, 0, 0}}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const Case& c : cases) {
      const int32_t m = static_cast<int32_t>(c.block.size());
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(c.shape), 160);
      int x = t.InputBytes(e.type, c.shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("SPACE_TO_BATCH_ND",
           {x, t.Const<int32_t>({m}, c.block), t.Const<int32_t>({m, 2}, c.pads)}, {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceSpaceToBatch(c.shape, c.block, c.pads, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, ZeroPointBytes(e), e.name);
    }
  }
}

TEST(SpaceToBatchNd, RuntimeBlockAndPaddings) {
  const std::vector<int32_t> shape = {1, 4, 4, 1};
  const ElementType f32 = MovableElementTypes()[0];
  auto bytes = RandomElementBytes(f32, 16, 161);
  OpTest t;
  int x = t.InputBytes(PLINTH_FLOAT32, shape, bytes);
  int block = t.Input<int32_t>({2}, {2, 2});
  int pads = t.Input<int64_t>({2, 2}, {0, 2, 1, 1});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("SPACE_TO_BATCH_ND", {x, block, pads}, {y});
  ASSERT_TRUE(t.Run().ok());
  std::vector<int32_t> out_shape;
  auto src = ReferenceSpaceToBatch(shape, {2, 2}, {0, 2, 1, 1}, &out_shape);
  EXPECT_EQ(t.Shape(y), out_shape);
  ExpectGathered(t.Out(y), bytes, 4, src, std::vector<uint8_t>(4, 0));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int32_t>{1, 3})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  src = ReferenceSpaceToBatch(shape, {1, 3}, {0, 2, 1, 1}, &out_shape);
  EXPECT_EQ(t.Shape(y), out_shape);
  ExpectGathered(t.Out(y), bytes, 4, src, std::vector<uint8_t>(4, 0));
}

TEST(SpaceToBatchNd, InvalidParametersFail) {
  auto fails = [](std::vector<int32_t> shape, std::vector<int32_t> block, std::vector<int32_t> pads,
                  const std::string& message, QuantSpec out_quant = {}) {
    OpTest t;
    const int32_t m = static_cast<int32_t>(block.size());
    int x = t.Input<int8_t>(shape, std::vector<int8_t>(NumElementsOf(shape)), {{0.5f}, {1}});
    t.Op(
        "SPACE_TO_BATCH_ND",
        {x, t.Const<int32_t>({m}, block),
         t.Const<int32_t>({static_cast<int32_t>(pads.size() / 2), 2}, pads)},
        {t.Output(PLINTH_INT8, {}, out_quant.scales.empty() ? QuantSpec{{0.5f}, {1}} : out_quant)});
    ExpectRunError(t, message);
  };
  fails({1, 3, 4, 1}, {2, 2}, {0, 0, 0, 0}, "is not a multiple of block_shape[0]");
  fails({1, 4, 4, 1}, {0, 2}, {0, 0, 0, 0}, "must be positive");
  fails({1, 4, 4, 1}, {2, 2}, {0, -2, 0, 0}, "must not be negative");
  fails({1, 4, 4, 1}, {2, 2, 2, 2}, {0, 0, 0, 0, 0, 0, 0, 0}, "allows 1 to 3");
  fails({1, 4, 4, 1}, {2, 2}, {0, 0}, "paddings must have shape [2, 2]");
  fails({1, 4, 4, 1}, {2, 2}, {0, 0, 0, 0}, "same quantization", {{0.25f}, {1}});
}

}  // namespace
}  // namespace plinth::testing
