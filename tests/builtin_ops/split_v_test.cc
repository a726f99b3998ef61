// SPLIT_V: parts of given sizes (one may be -1) along an axis.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

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

TEST(SplitV, EveryTypeAxisAndSizes) {
  const std::vector<int32_t> shape = {3, 7, 2};
  struct Case {
    int axis;
    std::vector<int32_t> given, resolved;
  };
  const std::vector<Case> cases = {{1, {2, -1, 4}, {2, 1, 4}},
                                   {-2, {0, 7, 0}, {0, 7, 0}},
                                   {0, {-1}, {3}},
                                   {2, {1, 1}, {1, 1}},
                                   {-3, {1, -1}, {1, 2}}};
  for (const ElementType& e : MovableElementTypes()) {
    for (const Case& c : cases) {
      const int a = c.axis < 0 ? c.axis + 3 : c.axis;
      const int n = static_cast<int>(c.given.size());
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 30);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      std::vector<int32_t> outs;
      for (int i = 0; i < n; ++i) outs.push_back(t.Output(e.type, {}, e.quant));
      t.Op("SPLIT_V", {x, t.Const<int32_t>({n}, c.given), t.Const<int32_t>({}, {c.axis})}, outs,
           {{"num_splits", n}});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      for (int i = 0; i < n; ++i) {
        std::vector<int32_t> part = shape;
        part[a] = c.resolved[i];
        EXPECT_EQ(t.Shape(outs[i]), part);
        ExpectGathered(t.Out(outs[i]), bytes, e.size, ReferencePart(shape, a, c.resolved, i), {},
                       e.name);
      }
    }
  }
}

TEST(SplitV, RuntimeSizes) {
  OpTest t;
  int x = t.Input<float>({5}, {0, 1, 2, 3, 4});
  int sizes = t.Input<int64_t>({2}, {-1, 2});
  std::vector<int32_t> outs = {t.Output(PLINTH_FLOAT32), t.Output(PLINTH_FLOAT32)};
  t.Op("SPLIT_V", {x, sizes, t.Const<int32_t>({}, {0})}, outs, {{"num_splits", 2}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(outs[0]), (std::vector<float>{0, 1, 2}));
  EXPECT_EQ(t.Values<float>(outs[1]), (std::vector<float>{3, 4}));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int64_t>{4, -1})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Values<float>(outs[0]), (std::vector<float>{0, 1, 2, 3}));
  EXPECT_EQ(t.Values<float>(outs[1]), (std::vector<float>{4}));
}

TEST(SplitV, InvalidSizesFail) {
  const std::vector<std::pair<std::vector<int32_t>, std::string>> bad = {
      {{-1, -1}, "more than one -1"},
      {{2, 2}, "sum to 4 but dimension 0 has 5"},
      {{6, -1}, "more than the 5"},
      {{-2, 7}, "negative"}};
  for (const auto& [sizes, message] : bad) {
    OpTest t;
    int x = t.Input<float>({5}, std::vector<float>(5));
    std::vector<int32_t> outs = {t.Output(PLINTH_FLOAT32), t.Output(PLINTH_FLOAT32)};
    t.Op("SPLIT_V", {x, t.Const<int32_t>({2}, sizes), t.Const<int32_t>({}, {0})}, outs,
         {{"num_splits", 2}});
    ExpectRunError(t, message);
  }
  OpTest count;
  int x = count.Input<float>({5}, std::vector<float>(5));
  std::vector<int32_t> outs = {count.Output(PLINTH_FLOAT32)};
  count.Op("SPLIT_V", {x, count.Const<int32_t>({2}, {2, 3}), count.Const<int32_t>({}, {0})}, outs,
           {{"num_splits", 1}});
  ExpectRunError(count, "size_splits must be 1-D with 1 entries");
}

}  // namespace
}  // namespace plinth::testing
