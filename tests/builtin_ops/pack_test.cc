// PACK: stacking along a new axis, against a reference that indexes the stacked inputs.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

TEST(Pack, EveryTypeAndAxis) {
  const std::vector<int32_t> shape = {2, 3};
  const int n = 3;
  for (const ElementType& e : MovableElementTypes()) {
    for (int axis = -3; axis <= 2; ++axis) {
      const int a = axis < 0 ? axis + 3 : axis;
      OpTest t;
      std::vector<uint8_t> all;
      std::vector<int32_t> inputs;
      for (int i = 0; i < n; ++i) {
        auto bytes = RandomElementBytes(e, 6, 40 + i);
        inputs.push_back(t.InputBytes(e.type, shape, bytes, e.quant));
        all.insert(all.end(), bytes.begin(), bytes.end());
      }
      int y = t.Output(e.type, {}, e.quant);
      t.Op("PACK", inputs, {y}, {{"values_count", n}, {"axis", axis}});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape = shape;
      out_shape.insert(out_shape.begin() + a, n);
      ASSERT_EQ(t.Shape(y), out_shape);
      // Output coordinate c is input c[a], at c without dimension a.
      std::vector<int64_t> src(NumElementsOf(out_shape));
      for (size_t o = 0; o < src.size(); ++o) {
        std::vector<int32_t> c = Unravel(o, out_shape);
        const int input = c[a];
        c.erase(c.begin() + a);
        src[o] = input * 6 + FlatIndex(std::vector<int64_t>(c.begin(), c.end()), shape);
      }
      ExpectGathered(t.Out(y), all, e.size, src, {}, e.name);
    }
  }
}

TEST(Pack, ScalarsAndEmptyInputs) {
  OpTest t;
  int a = t.Input<int32_t>({}, {4});
  int b = t.Input<int32_t>({}, {-5});
  int y = t.Output(PLINTH_INT32);
  t.Op("PACK", {a, b}, {y}, {{"values_count", 2}, {"axis", 0}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{4, -5}));

  OpTest empty;
  int c = empty.Input<float>({0, 2}, {});
  int z = empty.Output(PLINTH_FLOAT32);
  empty.Op("PACK", {c, c}, {z}, {{"values_count", 2}, {"axis", 1}});
  ASSERT_TRUE(empty.Run().ok());
  EXPECT_EQ(empty.Shape(z), (std::vector<int32_t>{0, 2, 2}));
}

TEST(Pack, InvalidParametersFail) {
  auto run = [](auto build, const std::string& message) {
    OpTest t;
    build(t);
    ExpectRunError(t, message);
  };
  run(
      [](OpTest& t) {
        int a = t.Input<float>({2}, {1, 2});
        int b = t.Input<float>({3}, {1, 2, 3});
        t.Op("PACK", {a, b}, {t.Output(PLINTH_FLOAT32)}, {{"values_count", 2}});
      },
      "input 1 has shape [3]");
  run(
      [](OpTest& t) {
        int a = t.Input<float>({2}, {1, 2});
        t.Op("PACK", {a, a}, {t.Output(PLINTH_FLOAT32)}, {{"values_count", 3}});
      },
      "values_count is 3 but the op has 2 inputs");
  run(
      [](OpTest& t) {
        int a = t.Input<float>({2}, {1, 2});
        t.Op("PACK", {a}, {t.Output(PLINTH_FLOAT32)}, {{"values_count", 1}, {"axis", 2}});
      },
      "out of range");
  run(
      [](OpTest& t) {
        int a = t.Input<int8_t>({2}, {1, 2}, {{0.5f}, {1}});
        t.Op("PACK", {a}, {t.Output(PLINTH_INT8, {}, {{0.5f}, {2}})}, {{"values_count", 1}});
      },
      "output's quantization");
}

}  // namespace
}  // namespace plinth::testing
