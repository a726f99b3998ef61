// BATCH_TO_SPACE_ND against TensorFlow's definition: output (b, s, r) before cropping reads input
// batch (offset * N + b) at (s / block, r) with offset = s % block per spatial dimension; and
// the round trip with SPACE_TO_BATCH_ND.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> ReferenceBatchToSpace(const std::vector<int32_t>& shape,
                                           const std::vector<int32_t>& block,
                                           const std::vector<int32_t>& crops,
                                           std::vector<int32_t>* out_shape) {
  const size_t m = block.size();
  int32_t blocks = 1;
  for (int32_t b : block) blocks *= b;
  *out_shape = shape;
  (*out_shape)[0] = shape[0] / blocks;
  for (size_t k = 0; k < m; ++k) {
    (*out_shape)[k + 1] = shape[k + 1] * block[k] - crops[2 * k] - crops[2 * k + 1];
  }
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    std::vector<int64_t> in(c.begin(), c.end());
    std::vector<int64_t> offsets(m);
    for (size_t k = 0; k < m; ++k) {
      const int64_t full = c[k + 1] + crops[2 * k];  // position before cropping
      offsets[k] = full % block[k];
      in[k + 1] = full / block[k];
    }
    int64_t offset_index = 0;
    for (size_t k = 0; k < m; ++k) offset_index = offset_index * block[k] + offsets[k];
    in[0] = offset_index * (*out_shape)[0] + c[0];
    src[o] = FlatIndex(in, shape);
  }
  return src;
}

TEST(BatchToSpaceNd, EveryTypeAndLayout) {
  struct Case {
    std::vector<int32_t> shape, block, crops;
  };
  const std::vector<Case> cases = {{{12, 2, 3, 2}, {2, 3}, {1, 0, 2, 1}},
                                   {{4, 2, 2, 1}, {2, 2}, {0, 0, 0, 0}},
                                   {{6, 2, 3}, {3}, {1, 1}},
                                   {{12, 1, 2, 1, 2}, {2, 3, 2}, {0, 1, 0, 0, 1, 1}},
                                   {{4, 2, 2, 3}, {2}, {0, 2}},
                                   {{4, 1, 1, 1}, {2, 2}, {1, 1, 0, 0}}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const Case& c : cases) {
      const int32_t m = static_cast<int32_t>(c.block.size());
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(c.shape), 170);
      int x = t.InputBytes(e.type, c.shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("BATCH_TO_SPACE_ND",
           {x, t.Const<int32_t>({m}, c.block), t.Const<int32_t>({m, 2}, c.crops)}, {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceBatchToSpace(c.shape, c.block, c.crops, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
    }
  }
}

TEST(BatchToSpaceNd, UndoesSpaceToBatchNd) {
  std::vector<float> data(2 * 5 * 4 * 3);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i);
  OpTest t;
  int x = t.Input<float>({2, 5, 4, 3}, data);
  int mid = t.Internal(PLINTH_FLOAT32);
  int y = t.Output(PLINTH_FLOAT32);
  int block = t.Const<int32_t>({2}, {3, 2});
  int pads = t.Const<int32_t>({2, 2}, {1, 0, 2, 2});
  t.Op("SPACE_TO_BATCH_ND", {x, block, pads}, {mid});
  t.Op("BATCH_TO_SPACE_ND", {mid, block, pads}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{2, 5, 4, 3}));
  EXPECT_EQ(t.Values<float>(y), data);
}

TEST(BatchToSpaceNd, RuntimeCrops) {
  OpTest t;
  int x = t.Input<float>({4, 1, 1, 1}, {1, 2, 3, 4});
  int crops = t.Input<int32_t>({2, 2}, {0, 0, 0, 0});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("BATCH_TO_SPACE_ND", {x, t.Const<int32_t>({2}, {2, 2}), crops}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1, 2, 3, 4}));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int32_t>{1, 0, 0, 1})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{1, 1, 1, 1}));
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{3}));
}

TEST(BatchToSpaceNd, InvalidParametersFail) {
  auto fails = [](std::vector<int32_t> shape, std::vector<int32_t> block,
                  std::vector<int32_t> crops, const std::string& message) {
    OpTest t;
    const int32_t m = static_cast<int32_t>(block.size());
    int x = t.Input<float>(shape, std::vector<float>(NumElementsOf(shape)));
    t.Op("BATCH_TO_SPACE_ND",
         {x, t.Const<int32_t>({m}, block),
          t.Const<int32_t>({static_cast<int32_t>(crops.size() / 2), 2}, crops)},
         {t.Output(PLINTH_FLOAT32)});
    ExpectRunError(t, message);
  };
  fails({3, 2, 2, 1}, {2, 2}, {0, 0, 0, 0}, "is not a multiple of the block size 4");
  fails({4, 2, 2, 1}, {2, 2}, {3, 2, 0, 0}, "exceed dimension 1");
  fails({4, 2, 2, 1}, {2, 2}, {-1, 0, 0, 0}, "must not be negative");
  fails({4, 2, 2, 1}, {2, 0}, {0, 0, 0, 0}, "must be positive");
}

}  // namespace
}  // namespace plinth::testing
