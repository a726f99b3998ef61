// SPLIT: equal parts along an axis, against a reference that places each output element.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

// Input index of every element of part `part` when `shape` is cut into `sizes` along `axis`.
std::vector<int64_t> ReferencePart(const std::vector<int32_t>& shape, int axis,
                                   const std::vector<int32_t>& sizes, int part) {
  std::vector<int32_t> part_shape = shape;
  part_shape[axis] = sizes[part];
  int32_t offset = 0;
  for (int i = 0; i < part; ++i) offset += sizes[i];
  std::vector<int64_t> src(NumElementsOf(part_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, part_shape);
    c[axis] += offset;
    src[o] = FlatIndex(std::vector<int64_t>(c.begin(), c.end()), shape);
  }
  return src;
}

TEST(Split, EveryTypeAxisAndCount) {
  const std::vector<int32_t> shape = {4, 6, 2};
  for (const ElementType& e : MovableElementTypes()) {
    for (int axis = -3; axis < 3; ++axis) {
      const int a = axis < 0 ? axis + 3 : axis;
      for (int n : {1, 2}) {
        OpTest t;
        auto bytes = RandomElementBytes(e, NumElementsOf(shape), 20);
        int ax = t.Const<int32_t>({}, {axis});
        int x = t.InputBytes(e.type, shape, bytes, e.quant);
        std::vector<int32_t> outs;
        for (int i = 0; i < n; ++i) outs.push_back(t.Output(e.type, {}, e.quant));
        t.Op("SPLIT", {ax, x}, outs, {{"num_splits", n}});
        ASSERT_TRUE(t.Run().ok()) << e.name << " axis " << axis;
        std::vector<int32_t> sizes(n, shape[a] / n);
        for (int i = 0; i < n; ++i) {
          std::vector<int32_t> part = shape;
          part[a] = sizes[i];
          EXPECT_EQ(t.Shape(outs[i]), part);
          ExpectGathered(t.Out(outs[i]), bytes, e.size, ReferencePart(shape, a, sizes, i), {},
                         std::string(e.name) + " axis " + std::to_string(axis));
        }
      }
    }
  }
}

TEST(Split, RuntimeAxisAndEmptyDimensions) {
  const std::vector<int32_t> shape = {3, 0, 4};
  OpTest t;
  int ax = t.Input<int32_t>({}, {-1});
  int x = t.Input<float>(shape, {});
  std::vector<int32_t> outs = {t.Output(PLINTH_FLOAT32), t.Output(PLINTH_FLOAT32)};
  t.Op("SPLIT", {ax, x}, outs, {{"num_splits", 2}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(outs[1]), (std::vector<int32_t>{3, 0, 2}));

  OpTest r;
  std::vector<float> data = {0, 1, 2, 3, 4, 5};
  int rax = r.Input<int64_t>({1}, {0});
  int rx = r.Input<float>({2, 3}, data);
  std::vector<int32_t> routs = {r.Output(PLINTH_FLOAT32), r.Output(PLINTH_FLOAT32)};
  r.Op("SPLIT", {rax, rx}, routs, {{"num_splits", 2}});
  ASSERT_TRUE(r.Run().ok());
  EXPECT_EQ(r.Values<float>(routs[1]), (std::vector<float>{3, 4, 5}));
}

TEST(Split, InvalidParametersFail) {
  auto build = [](OpTest& t, int axis, int num_splits, int outputs) {
    int ax = t.Const<int32_t>({}, {axis});
    int x = t.Input<float>({4, 6}, std::vector<float>(24));
    std::vector<int32_t> outs;
    for (int i = 0; i < outputs; ++i) outs.push_back(t.Output(PLINTH_FLOAT32));
    t.Op("SPLIT", {ax, x}, outs, {{"num_splits", num_splits}});
  };
  OpTest uneven, range, count, zero;
  build(uneven, 0, 3, 3);
  ExpectRunError(uneven, "does not split evenly");
  build(range, 2, 2, 2);
  ExpectRunError(range, "out of range");
  build(count, 0, 2, 3);
  ExpectRunError(count, "num_splits is 2 but the op has 3 outputs");
  build(zero, 0, 0, 0);
  ExpectRunError(zero, "must be positive");
}

}  // namespace
}  // namespace plinth::testing
