// PAD and PADV2: placement of the input, the pad value for every type (zero point for quantized
// tensors, PADV2's constant), runtime paddings, and the invalid parameters.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

// Output element -> input element, or -1 for padding.
std::vector<int64_t> ReferencePad(const std::vector<int32_t>& shape,
                                  const std::vector<int32_t>& paddings,
                                  std::vector<int32_t>* out_shape) {
  out_shape->clear();
  for (size_t d = 0; d < shape.size(); ++d) {
    out_shape->push_back(shape[d] + paddings[2 * d] + paddings[2 * d + 1]);
  }
  std::vector<int64_t> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    std::vector<int64_t> in(c.size());
    bool inside = true;
    for (size_t d = 0; d < c.size(); ++d) {
      in[d] = c[d] - paddings[2 * d];
      inside = inside && in[d] >= 0 && in[d] < shape[d];
    }
    src[o] = inside ? FlatIndex(in, shape) : -1;
  }
  return src;
}

// The bytes of one element of `type` holding the integer `v`.
std::vector<uint8_t> ElementBytes(const ElementType& e, int64_t v) {
  std::vector<uint8_t> out(e.size);
  if (e.type == PLINTH_FLOAT32) {
    const float f = static_cast<float>(v);
    std::memcpy(out.data(), &f, 4);
  } else {
    std::memcpy(out.data(), &v, e.size);  // little-endian truncation
  }
  return out;
}

// PADs random values of every movable type and checks each output element against the
// reference's source index; uint8 and quantized int8/int16 pad with the zero point (the tensor's
// 0.0), the others with 0.
void ExpectPadsEveryType(const std::vector<int32_t>& shape, const std::vector<int32_t>& paddings,
                         uint32_t seed) {
  for (const ElementType& e : MovableElementTypes()) {
    OpTest t;
    auto bytes = RandomElementBytes(e, NumElementsOf(shape), seed);
    int x = t.InputBytes(e.type, shape, bytes, e.quant);
    int y = t.Output(e.type, {}, e.quant);
    t.Op("PAD", {x, t.Const<int32_t>({static_cast<int32_t>(shape.size()), 2}, paddings)}, {y});
    ASSERT_TRUE(t.Run().ok()) << e.name;
    std::vector<int32_t> out_shape;
    auto src = ReferencePad(shape, paddings, &out_shape);
    EXPECT_EQ(t.Shape(y), out_shape);
    const int64_t pad = e.quant.zero_points.empty() ? 0 : e.quant.zero_points[0];
    ExpectGathered(t.Out(y), bytes, e.size, src, ElementBytes(e, pad), e.name);
  }
}

TEST(Pad, EveryTypePadsWithZeroOrTheZeroPoint) {
  ExpectPadsEveryType({2, 3, 1, 2}, {0, 1, 2, 0, 1, 1, 0, 2}, 80);
}

// The kernel copies runs that span the unpadded trailing dimensions: padding in H and W only
// (NHWC, the common case), in one leading dimension only, only in the last, and none at all.
TEST(Pad, RunsOverUnpaddedTrailingDimensions) {
  for (const std::vector<int32_t>& paddings :
       std::vector<std::vector<int32_t>>{{0, 0, 1, 1, 2, 1, 0, 0},
                                         {1, 2, 0, 0, 0, 0, 0, 0},
                                         {0, 0, 0, 3, 0, 0, 0, 0},
                                         {0, 0, 0, 0, 0, 0, 2, 1},
                                         {0, 0, 0, 0, 0, 0, 0, 0}}) {
    SCOPED_TRACE(::testing::PrintToString(paddings));
    ExpectPadsEveryType({2, 4, 5, 3}, paddings, 81);
  }
}

TEST(Pad, ZeroPointsAtTheEdgesAndUnquantizedInt8) {
  for (int32_t zp : {-128, -14, 127}) {
    OpTest t;
    int x = t.Input<int8_t>({2}, {5, 6}, {{0.1f}, {zp}});
    int y = t.Output(PLINTH_INT8, {}, {{0.1f}, {zp}});
    t.Op("PAD", {x, t.Const<int32_t>({1, 2}, {1, 1})}, {y}, {}, 2);
    ASSERT_TRUE(t.Run().ok());
    EXPECT_EQ(t.Values<int8_t>(y),
              (std::vector<int8_t>{static_cast<int8_t>(zp), 5, 6, static_cast<int8_t>(zp)}));
  }
  OpTest plain;
  int x = plain.Input<int8_t>({1}, {9});
  int y = plain.Output(PLINTH_INT8);
  plain.Op("PAD", {x, plain.Const<int64_t>({1, 2}, {2, 0})}, {y});
  ASSERT_TRUE(plain.Run().ok());
  EXPECT_EQ(plain.Values<int8_t>(y), (std::vector<int8_t>{0, 0, 9}));

  OpTest u8;
  int a = u8.Input<uint8_t>({1}, {9}, {{0.5f}, {200}});
  int b = u8.Output(PLINTH_UINT8, {}, {{0.5f}, {255}});
  u8.Op("PAD", {a, u8.Const<int32_t>({1, 2}, {0, 1})}, {b});
  ASSERT_TRUE(u8.Run().ok());
  EXPECT_EQ(u8.Values<uint8_t>(b), (std::vector<uint8_t>{9, 255}));  // the output's zero point
}

TEST(PadV2, PadsWithTheConstantForEveryType) {
  const std::vector<int32_t> shape = {3, 2};
  const std::vector<int32_t> paddings = {1, 0, 1, 2};
  for (const ElementType& e : MovableElementTypes()) {
    for (bool runtime_value : {false, true}) {
      OpTest t;
      auto bytes = RandomElementBytes(e, 6, 81);
      auto value = RandomElementBytes(e, 1, 82);
      int x = t.InputBytes(e.type, shape, bytes, e.quant);
      int v = runtime_value ? t.InputBytes(e.type, {}, value, e.quant)
                            : t.builder().AddConstantBytes(e.type, {}, value.data(), value.size(),
                                                           "", e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("PADV2", {x, t.Const<int32_t>({2, 2}, paddings), v}, {y});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferencePad(shape, paddings, &out_shape);
      EXPECT_EQ(t.Shape(y), out_shape);
      ExpectGathered(t.Out(y), bytes, e.size, src, value, e.name);
    }
  }
}

TEST(Pad, HighRankScalarsEmptyAndRuntimePaddings) {
  const std::vector<int32_t> shape = {1, 2, 1, 2, 1, 2};
  const std::vector<int32_t> paddings = {1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 1};
  const ElementType f32 = MovableElementTypes()[0];
  auto bytes = RandomElementBytes(f32, 8, 83);
  OpTest t;
  int x = t.InputBytes(PLINTH_FLOAT32, shape, bytes);
  int p = t.Input<int32_t>({6, 2}, paddings);
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("PAD", {x, p}, {y});
  ASSERT_TRUE(t.Run().ok());
  std::vector<int32_t> out_shape;
  auto src = ReferencePad(shape, paddings, &out_shape);
  EXPECT_EQ(t.Shape(y), out_shape);
  ExpectGathered(t.Out(y), bytes, 4, src, ElementBytes(f32, 0));
  std::vector<int32_t> none(12, 0);
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(none)).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Shape(y), shape);

  OpTest scalar;
  int s = scalar.Input<float>({}, {2.f});
  int sy = scalar.Output(PLINTH_FLOAT32);
  scalar.Op("PAD", {s, scalar.Input<int32_t>({0, 2}, {})}, {sy});
  ASSERT_TRUE(scalar.Run().ok());
  EXPECT_EQ(scalar.Values<float>(sy), std::vector<float>{2.f});

  OpTest empty;
  int e = empty.Input<float>({0, 2}, {});
  int ey = empty.Output(PLINTH_FLOAT32);
  empty.Op("PAD", {e, empty.Const<int32_t>({2, 2}, {1, 1, 0, 0})}, {ey});
  ASSERT_TRUE(empty.Run().ok());
  EXPECT_EQ(empty.Shape(ey), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(empty.Values<float>(ey), (std::vector<float>{0, 0, 0, 0}));
}

TEST(Pad, InvalidParametersFail) {
  auto run = [](auto build, const std::string& message) {
    OpTest t;
    build(t);
    ExpectRunError(t, message);
  };
  run(
      [](OpTest& t) {
        int x = t.Input<float>({2, 2}, std::vector<float>(4));
        t.Op("PAD", {x, t.Const<int32_t>({2, 2}, {0, -1, 0, 0})}, {t.Output(PLINTH_FLOAT32)});
      },
      "must not be negative");
  run(
      [](OpTest& t) {
        int x = t.Input<float>({2, 2}, std::vector<float>(4));
        t.Op("PAD", {x, t.Const<int32_t>({3, 2}, std::vector<int32_t>(6))},
             {t.Output(PLINTH_FLOAT32)});
      },
      "paddings must have shape [2, 2]");
  run(
      [](OpTest& t) {
        int x = t.Input<float>({2}, {1, 2});
        t.Op("PADV2", {x, t.Const<int32_t>({1, 2}, {1, 1}), t.Const<int32_t>({}, {3})},
             {t.Output(PLINTH_FLOAT32)});
      },
      "constant_values is INT32");
  run(
      [](OpTest& t) {
        int x = t.Input<int8_t>({2}, {1, 2}, {{0.5f}, {0}});
        int v = t.Const<int8_t>({}, {3}, {{0.25f}, {0}});
        t.Op("PADV2", {x, t.Const<int32_t>({1, 2}, {1, 1}), v},
             {t.Output(PLINTH_INT8, {}, {{0.5f}, {0}})});
      },
      "output's quantization");
  run(
      [](OpTest& t) {
        int x = t.Input<float>({2}, {1, 2});
        t.Op("PADV2", {x, t.Const<int32_t>({1, 2}, {1, 1}), t.Const<float>({2}, {1, 2})},
             {t.Output(PLINTH_FLOAT32)});
      },
      "one value");
}

}  // namespace
}  // namespace plinth::testing
