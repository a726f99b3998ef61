// MIRROR_PAD: REFLECT and SYMMETRIC against a reference that folds each output index back into
// the input.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

// Folds index i (relative to the input's start) into [0, size): REFLECT mirrors around the
// edge elements, SYMMETRIC around the edges.
int64_t Fold(int64_t i, int64_t size, bool reflect) {
  if (i < 0) return reflect ? -i : -i - 1;
  if (i >= size) return reflect ? 2 * (size - 1) - i : 2 * size - 1 - i;
  return i;
}

std::vector<int64_t> ReferenceMirrorPad(const std::vector<int32_t>& shape,
                                        const std::vector<int32_t>& paddings, bool reflect,
                                        std::vector<int32_t>* out_shape) {
  out_shape->clear();
  for (size_t d = 0; d < shape.size(); ++d) {
    out_shape->push_back(shape[d] + paddings[2 * d] + paddings[2 * d + 1]);
  }
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    std::vector<int64_t> in(c.size());
    for (size_t d = 0; d < c.size(); ++d) in[d] = Fold(c[d] - paddings[2 * d], shape[d], reflect);
    src[o] = FlatIndex(in, shape);
  }
  return src;
}

TEST(MirrorPad, BothModesEveryTypeUpToTheLargestPaddings) {
  const std::vector<int32_t> shape = {2, 3, 4};
  for (bool reflect : {true, false}) {
    const int m = reflect ? 1 : 0;
    const std::vector<std::vector<int32_t>> paddings = {
        {0, 0, 1, 1, 2, 0}, {1 - m, 0, 2 - m, 3 - m, 4 - m, 4 - m}, {0, 0, 0, 0, 0, 0}};
    for (const ElementType& e : MovableElementTypes()) {
      for (const auto& p : paddings) {
        OpTest t;
        auto bytes = RandomElementBytes(e, NumElementsOf(shape), 90);
        int x = t.InputBytes(e.type, shape, bytes, e.quant);
        int y = t.Output(e.type, {}, e.quant);
        t.Op("MIRROR_PAD", {x, t.Const<int32_t>({3, 2}, p)}, {y},
             {{"mode", reflect ? "REFLECT" : "SYMMETRIC"}});
        ASSERT_TRUE(t.Run().ok()) << e.name;
        std::vector<int32_t> out_shape;
        auto src = ReferenceMirrorPad(shape, p, reflect, &out_shape);
        EXPECT_EQ(t.Shape(y), out_shape);
        ExpectGathered(t.Out(y), bytes, e.size, src, {}, e.name);
      }
    }
  }
}

TEST(MirrorPad, KnownValuesAndRuntimePaddings) {
  OpTest t;
  int x = t.Input<int32_t>({3}, {1, 2, 3});
  int p = t.Input<int64_t>({1, 2}, {2, 2});
  int y = t.Output(PLINTH_INT32);
  t.Op("MIRROR_PAD", {x, p}, {y}, {{"mode", "REFLECT"}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{3, 2, 1, 2, 3, 2, 1}));

  OpTest s;
  int sx = s.Input<int32_t>({3}, {1, 2, 3});
  int sy = s.Output(PLINTH_INT32);
  s.Op("MIRROR_PAD", {sx, s.Const<int32_t>({1, 2}, {2, 3})}, {sy}, {{"mode", "SYMMETRIC"}});
  ASSERT_TRUE(s.Run().ok());
  EXPECT_EQ(s.Values<int32_t>(sy), (std::vector<int32_t>{2, 1, 1, 2, 3, 3, 2, 1}));
}

TEST(MirrorPad, InvalidPaddingsFail) {
  const std::vector<std::tuple<const char*, std::vector<int32_t>, std::string>> bad = {
      {"REFLECT", {3, 0}, "must lie in [0, 2] for REFLECT"},
      {"SYMMETRIC", {0, 4}, "must lie in [0, 3] for SYMMETRIC"},
      {"SYMMETRIC", {-1, 0}, "must lie in"}};
  for (const auto& [mode, p, message] : bad) {
    OpTest t;
    int x = t.Input<float>({3}, {1, 2, 3});
    t.Op("MIRROR_PAD", {x, t.Const<int32_t>({1, 2}, p)}, {t.Output(PLINTH_FLOAT32)},
         {{"mode", mode}});
    ExpectRunError(t, message);
  }
  OpTest shape;
  int x = shape.Input<float>({3}, {1, 2, 3});
  shape.Op("MIRROR_PAD", {x, shape.Const<int32_t>({2}, {1, 1})}, {shape.Output(PLINTH_FLOAT32)});
  ExpectRunError(shape, "paddings must have shape [1, 2]");
}

}  // namespace
}  // namespace plinth::testing
