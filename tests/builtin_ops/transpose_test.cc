// TRANSPOSE against a reference that maps each output coordinate back through the permutation.
#include <algorithm>
#include <numeric>

#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

// Output coordinate c reads input coordinate c' with c'[perm[i]] = c[i].
std::vector<int64_t> ReferenceTranspose(const std::vector<int32_t>& in_shape,
                                        const std::vector<int32_t>& perm,
                                        std::vector<int32_t>* out_shape) {
  out_shape->clear();
  for (int32_t p : perm) out_shape->push_back(in_shape[p]);
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    std::vector<int64_t> in_coords(in_shape.size());
    for (size_t i = 0; i < perm.size(); ++i) in_coords[perm[i]] = c[i];
    src[o] = FlatIndex(in_coords, in_shape);
  }
  return src;
}

TEST(Transpose, EveryPermutationUpToRank4AndRandomOnesTo6) {
  std::mt19937 rng(5);
  for (int rank = 1; rank <= 6; ++rank) {
    std::vector<int32_t> shape, perm(rank);
    for (int d = 0; d < rank; ++d) shape.push_back(2 + d % 3);
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<std::vector<int32_t>> perms;
    if (rank <= 4) {
      do perms.push_back(perm);
      while (std::next_permutation(perm.begin(), perm.end()));
    } else {
      for (int i = 0; i < 6; ++i) {
        std::shuffle(perm.begin(), perm.end(), rng);
        perms.push_back(perm);
      }
    }
    for (const auto& p : perms) {
      const ElementType e = MovableElementTypes()[p.size() % MovableElementTypes().size()];
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), rank);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("TRANSPOSE", {x, t.Const<int32_t>({rank}, p)}, {y});
      ASSERT_TRUE(t.Run().ok()) << rank;
      std::vector<int32_t> out_shape;
      auto src = ReferenceTranspose(shape, p, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, "rank " + std::to_string(rank));
    }
  }
}

// NCHW to NHWC and back at sizes past the exhaustive test's, every element size: the channel loop
// walks whole input rows (a short last dimension after one contiguous in the input; 3 and 4
// channels interleave their planes in one pass).
TEST(Transpose, ImageLayoutsOfLongRows) {
  for (const auto& [shape, perm] :
       std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>{
           {{2, 3, 17, 19}, {0, 2, 3, 1}},
           {{1, 4, 9, 23}, {0, 2, 3, 1}},
           {{1, 5, 7, 33}, {0, 2, 3, 1}},
           {{1, 15, 33, 3}, {0, 3, 1, 2}},
           {{4, 40}, {1, 0}},
           {{40, 4}, {1, 0}},
           {{40, 3}, {1, 0}}}) {
    for (const ElementType& e : MovableElementTypes()) {
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 7);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("TRANSPOSE", {x, t.Const<int32_t>({static_cast<int32_t>(perm.size())}, perm)}, {y});
      ASSERT_TRUE(t.Run().ok());
      std::vector<int32_t> out_shape;
      auto src = ReferenceTranspose(shape, perm, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
    }
  }
}

// Tensors of 16K values or more are walked on the interpreter's threads, each tile starting
// mid-walk: every split must land every value where one thread puts it.
TEST(Transpose, LargeTensorsOnTwoThreads) {
  for (const auto& [shape, perm] :
       std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>{
           {{1, 3, 97, 101}, {0, 2, 3, 1}},  // NCHW to NHWC: the paired walk
           {{2, 5, 41, 43}, {3, 0, 2, 1}},   // element by element
           {{3, 7, 11, 13, 17}, {4, 2, 0, 3, 1}},
           {{130, 129}, {1, 0}}}) {
    const ElementType e = MovableElementTypes()[shape.size() % MovableElementTypes().size()];
    OpTest t;
    auto bytes = RandomElementBytes(e, NumElementsOf(shape), 11);
    int x = t.InputBytes(e.type, shape, bytes, e.quant);
    int y = t.Output(e.type, {}, e.quant);
    t.Op("TRANSPOSE", {x, t.Const<int32_t>({static_cast<int32_t>(perm.size())}, perm)}, {y});
    InterpreterOptions options;
    options.num_threads = 2;
    ASSERT_TRUE(t.Run(options).ok());
    std::vector<int32_t> out_shape;
    auto src = ReferenceTranspose(shape, perm, &out_shape);
    EXPECT_EQ(t.Shape(y), out_shape);
    ExpectGathered(t.Out(y), bytes, e.size, src, {}, "two threads");
  }
}

TEST(Transpose, Scalar) {
  OpTest t;
  int x = t.Input<float>({}, {3.f});
  int p = t.Input<int32_t>({0}, {});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("TRANSPOSE", {x, p}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), std::vector<int32_t>{});
  EXPECT_EQ(t.Values<float>(y), std::vector<float>{3.f});
}

TEST(Transpose, EveryTypeSizeOneAndEmptyDimensions) {
  for (const ElementType& e : MovableElementTypes()) {
    for (const std::vector<int32_t>& shape :
         {std::vector<int32_t>{1, 3, 1, 4}, std::vector<int32_t>{2, 0, 3, 1}}) {
      const std::vector<int32_t> perm = {3, 1, 0, 2};
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 9);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("TRANSPOSE", {x, t.Const<int64_t>({4}, {3, 1, 0, 2})}, {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceTranspose(shape, perm, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
    }
  }
}

TEST(Transpose, NegativeAndRuntimePermutations) {
  const std::vector<int32_t> shape = {2, 3, 4};
  std::vector<float> data(24);
  std::iota(data.begin(), data.end(), 0.f);
  ElementType f32 = MovableElementTypes()[0];
  std::vector<uint8_t> bytes = Bytes(data);
  std::vector<int32_t> out_shape;
  auto src = ReferenceTranspose(shape, {2, 0, 1}, &out_shape);

  OpTest negative;
  int x = negative.Input<float>(shape, data);
  int y = negative.Output(PLINTH_FLOAT32);
  negative.Op("TRANSPOSE", {x, negative.Const<int32_t>({3}, {-1, 0, -2})}, {y});
  ASSERT_TRUE(negative.Run().ok());
  EXPECT_EQ(negative.Shape(y), out_shape);
  ExpectGathered(negative.Out(y), bytes, f32.size, src);

  OpTest runtime;
  int rx = runtime.Input<float>(shape, data);
  int p = runtime.Input<int32_t>({3}, {2, 0, 1});
  int ry = runtime.Output(PLINTH_FLOAT32);
  runtime.Op("TRANSPOSE", {rx, p}, {ry});
  ASSERT_TRUE(runtime.Run().ok());
  EXPECT_EQ(runtime.Shape(ry), out_shape);
  ExpectGathered(runtime.Out(ry), bytes, f32.size, src);
  ASSERT_TRUE(runtime.interpreter().SetInput(1, Bytes(std::vector<int32_t>{1, 2, 0})).ok());
  ASSERT_TRUE(runtime.interpreter().Invoke().ok());
  auto src2 = ReferenceTranspose(shape, {1, 2, 0}, &out_shape);
  EXPECT_EQ(runtime.Shape(ry), out_shape);
  ExpectGathered(runtime.Out(ry), bytes, f32.size, src2);
}

TEST(Transpose, InvalidPermutationsFail) {
  const std::vector<std::pair<std::vector<int32_t>, std::string>> bad = {
      {{0, 0, 1}, "twice"}, {{0, 1, 3}, "out of range"}, {{0, 1}, "2 entries"}};
  for (const auto& [perm, message] : bad) {
    OpTest t;
    int x = t.Input<float>({2, 3, 4}, std::vector<float>(24));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("TRANSPOSE", {x, t.Const<int32_t>({static_cast<int32_t>(perm.size())}, perm)}, {y});
    ExpectRunError(t, message);
  }
  OpTest type;
  int x = type.Input<float>({2, 3}, std::vector<float>(6));
  int y = type.Output(PLINTH_FLOAT32);
  type.Op("TRANSPOSE", {x, type.Const<float>({2}, {1, 0})}, {y});
  ExpectRunError(type, "perm has unsupported type FLOAT32");
}

}  // namespace
}  // namespace plinth::testing
