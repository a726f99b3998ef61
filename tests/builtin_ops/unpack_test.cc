// UNPACK: one output per index of the axis, that dimension removed.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

TEST(Unpack, EveryTypeAndAxis) {
  const std::vector<int32_t> shape = {2, 3, 4};
  for (const ElementType& e : MovableElementTypes()) {
    for (int axis = -3; axis < 3; ++axis) {
      const int a = axis < 0 ? axis + 3 : axis;
      const int n = shape[a];
      OpTest t;
      auto bytes = RandomElementBytes(e, NumElementsOf(shape), 50);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      std::vector<int32_t> outs;
      for (int i = 0; i < n; ++i) outs.push_back(t.Output(e.type, {}, e.quant));
      t.Op("UNPACK", {x}, outs, {{"num", n}, {"axis", axis}});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> part = shape;
      part.erase(part.begin() + a);
      for (int i = 0; i < n; ++i) {
        ASSERT_EQ(t.Shape(outs[i]), part);
        std::vector<int64_t> src(NumElementsOf(part));
        for (size_t o = 0; o < src.size(); ++o) {
          std::vector<int32_t> c = Unravel(o, part);
          c.insert(c.begin() + a, i);
          src[o] = FlatIndex(std::vector<int64_t>(c.begin(), c.end()), shape);
        }
        ExpectGathered(t.Out(outs[i]), bytes, e.size, src, {}, e.name);
      }
    }
  }
}

TEST(Unpack, VectorIntoScalars) {
  OpTest t;
  int x = t.Input<float>({3}, {1, 2, 3});
  std::vector<int32_t> outs = {t.Output(PLINTH_FLOAT32), t.Output(PLINTH_FLOAT32),
                               t.Output(PLINTH_FLOAT32)};
  t.Op("UNPACK", {x}, outs, {{"num", 3}, {"axis", 0}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(outs[2]), std::vector<int32_t>{});
  EXPECT_EQ(t.Values<float>(outs[2]), std::vector<float>{3});
}

TEST(Unpack, InvalidParametersFail) {
  auto build = [](OpTest& t, int num, int axis, int outputs, QuantSpec out_quant = {}) {
    int x = t.Input<int8_t>({2, 3}, std::vector<int8_t>(6), {{0.5f}, {0}});
    std::vector<int32_t> outs;
    for (int i = 0; i < outputs; ++i) {
      outs.push_back(
          t.Output(PLINTH_INT8, {}, out_quant.scales.empty() ? QuantSpec{{0.5f}, {0}} : out_quant));
    }
    t.Op("UNPACK", {x}, outs, {{"num", num}, {"axis", axis}});
  };
  OpTest num, count, axis, quant;
  build(num, 2, 1, 2);
  ExpectRunError(num, "num is 2 but dimension 1 of the input has 3");
  build(count, 3, 1, 2);
  ExpectRunError(count, "num is 3 but the op has 2 outputs");
  build(axis, 2, 2, 2);
  ExpectRunError(axis, "out of range");
  build(quant, 2, 0, 2, {{0.25f}, {0}});
  ExpectRunError(quant, "input's quantization");
}

}  // namespace
}  // namespace plinth::testing
