// RESHAPE, SQUEEZE and EXPAND_DIMS: the data is copied unchanged; the tests check the shapes
// (every way of giving them) and the invalid ones.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

std::vector<int64_t> Identity(size_t n) {
  std::vector<int64_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<int64_t>(i);
  return v;
}

TEST(Reshape, EveryTypeKeepsItsBytes) {
  for (const ElementType& e : MovableElementTypes()) {
    OpTest t;
    auto bytes = RandomElementBytes(e, 24, 1);
    int x = t.InputBytes(e.type, {2, 3, 4}, bytes, e.quant);
    int y = t.Output(e.type, {}, e.quant);
    t.Op("RESHAPE", {x, t.Const<int32_t>({3}, {4, -1, 2})}, {y});
    ASSERT_TRUE(t.Run().ok()) << e.name;
    EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{4, 3, 2})) << e.name;
    ExpectGathered(t.Out(y), bytes, e.size, Identity(24), {}, e.name);
  }
}

TEST(Reshape, ShapeSources) {
  struct Case {
    const char* what;
    std::vector<int32_t> tensor_shape;  // shape of the shape tensor; empty: no tensor
    std::vector<int32_t> tensor;
    std::vector<int32_t> option;
    std::vector<int32_t> expect;
  };
  const std::vector<Case> cases = {
      {"tensor", {2}, {3, 2}, {}, {3, 2}},
      {"tensor wins over option", {2}, {2, 3}, {6, 1}, {2, 3}},
      {"option", {}, {}, {1, 6}, {1, 6}},
      {"legacy [0] option is a scalar", {}, {}, {0}, {}},
      {"scalar placeholder tensor falls back to the option", {1, 1}, {7}, {3, 2}, {3, 2}},
  };
  for (const Case& c : cases) {
    const bool scalar = c.expect.empty();
    OpTest t;
    std::vector<float> data(scalar ? 1 : 6, 1.5f);
    int x = t.Input<float>({scalar ? 1 : 6}, data);
    std::vector<int32_t> inputs = {x};
    if (!c.tensor_shape.empty()) inputs.push_back(t.Const<int32_t>(c.tensor_shape, c.tensor));
    int y = t.Output(PLINTH_FLOAT32);
    Options options;
    if (!c.option.empty()) options.push_back({"new_shape", c.option});
    t.Op("RESHAPE", inputs, {y}, options);
    absl::Status status = t.Run();
    ASSERT_TRUE(status.ok()) << c.what << ": " << status.message();
    EXPECT_EQ(t.Shape(y), c.expect) << c.what;
  }
}

TEST(Reshape, EmptyShapeTensorMakesAScalar) {
  // An empty buffer is no constant in the format, so the shape is a (dynamic) model input here.
  OpTest t;
  int x = t.Input<float>({1, 1}, {2.5f});
  int s = t.Input<int32_t>({0}, {});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("RESHAPE", {x, s}, {y}, {{"new_shape", std::vector<int32_t>{1, 1}}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), std::vector<int32_t>{});
  EXPECT_EQ(t.Values<float>(y), std::vector<float>{2.5f});
}

TEST(Reshape, Int64ShapeAndEmptyTensors) {
  OpTest t;
  int x = t.Input<float>({2, 0, 3}, {});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("RESHAPE", {x, t.Const<int64_t>({2}, {-1, 3})}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{0, 3}));
}

TEST(Reshape, RuntimeShapeIsResolvedEachInvoke) {
  OpTest t;
  std::vector<float> data(12);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i);
  int x = t.Input<float>({12}, data);
  int s = t.Input<int32_t>({2}, {3, -1});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("RESHAPE", {x, s}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{3, 4}));
  EXPECT_EQ(t.Values<float>(y), data);
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int32_t>{-1, 6})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{2, 6}));
  EXPECT_EQ(t.Values<float>(y), data);
}

TEST(Reshape, InvalidShapesFailInPrepare) {
  const std::vector<std::pair<std::vector<int32_t>, std::string>> bad = {
      {{-1, -1}, "more than one -1"},
      {{5, 5}, "cannot reshape"},
      {{-2, 12}, "bad dimension"},
      {{-1, 5}, "cannot infer"},
  };
  for (const auto& [shape, message] : bad) {
    OpTest t;
    int x = t.Input<float>({2, 6}, std::vector<float>(12));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("RESHAPE", {x, t.Const<int32_t>({static_cast<int32_t>(shape.size())}, shape)}, {y});
    ExpectRunError(t, message);
  }
  OpTest zero;
  int x = zero.Input<float>({0, 3}, {});
  int y = zero.Output(PLINTH_FLOAT32);
  zero.Op("RESHAPE", {x, zero.Const<int32_t>({2}, {-1, 0})}, {y});
  ExpectRunError(zero, "cannot infer");

  OpTest type;
  int a = type.Input<float>({2}, {1, 2});
  int b = type.Output(PLINTH_INT32);
  type.Op("RESHAPE", {a, type.Const<int32_t>({1}, {2})}, {b});
  ExpectRunError(type, "differs from the input");
}

TEST(Squeeze, DropsSizeOneDimensions) {
  struct Case {
    std::vector<int32_t> in;
    std::vector<int32_t> dims;
    std::vector<int32_t> expect;
  };
  const std::vector<Case> cases = {
      {{1, 3, 1, 2, 1}, {}, {3, 2}},
      {{1, 3, 1, 2, 1}, {0}, {3, 1, 2, 1}},
      {{1, 3, 1, 2, 1}, {-1, 2}, {1, 3, 2}},
      {{1, 1}, {}, {}},
      {{3, 0, 1}, {}, {3, 0}},
  };
  for (const ElementType& e : MovableElementTypes()) {
    for (const Case& c : cases) {
      OpTest t;
      const size_t n = NumElementsOf(c.in);
      auto bytes = RandomElementBytes(e, n, 2);
      int x = t.InputBytes(e.type, c.in, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      Options options;
      if (!c.dims.empty()) options.push_back({"squeeze_dims", c.dims});
      t.Op("SQUEEZE", {x}, {y}, options);
      ASSERT_TRUE(t.Run().ok()) << e.name;
      EXPECT_EQ(t.Shape(y), c.expect) << e.name;
      ExpectGathered(t.Out(y), bytes, e.size, Identity(n), {}, e.name);
    }
  }
}

TEST(Squeeze, InvalidDimensionsFailInPrepare) {
  for (const auto& [dims, message] : std::vector<std::pair<std::vector<int32_t>, std::string>>{
           {{1}, "cannot squeeze dimension 1 of size 3"},
           {{3}, "out of range"},
           {{-4}, "out of range"}}) {
    OpTest t;
    int x = t.Input<float>({1, 3, 1}, std::vector<float>(3));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("SQUEEZE", {x}, {y}, {{"squeeze_dims", dims}});
    ExpectRunError(t, message);
  }
}

TEST(ExpandDims, EveryAxis) {
  const std::vector<int32_t> in = {2, 3};
  for (int axis = -3; axis <= 2; ++axis) {
    std::vector<int32_t> expect = in;
    expect.insert(expect.begin() + (axis < 0 ? axis + 3 : axis), 1);
    for (const ElementType& e : MovableElementTypes()) {
      OpTest t;
      auto bytes = RandomElementBytes(e, 6, 3);
      int x = t.InputBytes(e.type, in, bytes, e.quant);
      int y = t.Output(e.type, {}, e.quant);
      t.Op("EXPAND_DIMS", {x, t.Const<int32_t>({1}, {axis})}, {y});
      ASSERT_TRUE(t.Run().ok()) << axis << " " << e.name;
      EXPECT_EQ(t.Shape(y), expect) << axis << " " << e.name;
      ExpectGathered(t.Out(y), bytes, e.size, Identity(6), {}, e.name);
    }
  }
}

TEST(ExpandDims, ScalarsInt64AndRuntimeAxes) {
  OpTest scalar;
  int s = scalar.Input<float>({}, {4.f});
  int sy = scalar.Output(PLINTH_FLOAT32);
  scalar.Op("EXPAND_DIMS", {s, scalar.Const<int64_t>({}, {-1})}, {sy});
  ASSERT_TRUE(scalar.Run().ok());
  EXPECT_EQ(scalar.Shape(sy), (std::vector<int32_t>{1}));

  OpTest runtime;
  int x = runtime.Input<float>({2, 3}, std::vector<float>(6, 1.f));
  int axis = runtime.Input<int32_t>({1}, {1});
  int y = runtime.Output(PLINTH_FLOAT32);
  runtime.Op("EXPAND_DIMS", {x, axis}, {y});
  ASSERT_TRUE(runtime.Run().ok());
  EXPECT_EQ(runtime.Shape(y), (std::vector<int32_t>{2, 1, 3}));
  ASSERT_TRUE(runtime.interpreter().SetInput(1, Bytes(std::vector<int32_t>{0})).ok());
  ASSERT_TRUE(runtime.interpreter().Invoke().ok());
  EXPECT_EQ(runtime.Shape(y), (std::vector<int32_t>{1, 2, 3}));
}

TEST(ExpandDims, InvalidAxesFail) {
  OpTest range;
  int x = range.Input<float>({2, 3}, std::vector<float>(6));
  int y = range.Output(PLINTH_FLOAT32);
  range.Op("EXPAND_DIMS", {x, range.Const<int32_t>({1}, {3})}, {y});
  ExpectRunError(range, "out of range");

  OpTest two;
  int a = two.Input<float>({2}, {1, 2});
  int b = two.Output(PLINTH_FLOAT32);
  two.Op("EXPAND_DIMS", {a, two.Const<int32_t>({2}, {0, 1})}, {b});
  ExpectRunError(two, "one value");

  OpTest type;
  int c = type.Input<float>({2}, {1, 2});
  int d = type.Output(PLINTH_FLOAT32);
  type.Op("EXPAND_DIMS", {c, type.Const<float>({1}, {0.f})}, {d});
  ExpectRunError(type, "unsupported type FLOAT32");
}

}  // namespace
}  // namespace plinth::testing
