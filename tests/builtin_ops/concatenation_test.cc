// CONCATENATION: placement against a reference that finds each output element's input, the
// uint8/int8 requantization of inputs with other quantization, and the invalid parameters.
#include <cmath>

#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

// Source of every output element as (input, flat index in that input).
std::vector<std::pair<int, int64_t>> ReferenceConcat(
    const std::vector<std::vector<int32_t>>& shapes, int axis, std::vector<int32_t>* out_shape) {
  *out_shape = shapes[0];
  (*out_shape)[axis] = 0;
  for (const auto& s : shapes) (*out_shape)[axis] += s[axis];
  std::vector<std::pair<int, int64_t>> src(NumElementsOf(*out_shape));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    int input = 0;
    while (c[axis] >= shapes[input][axis]) c[axis] -= shapes[input++][axis];
    src[o] = {input, FlatIndex(std::vector<int64_t>(c.begin(), c.end()), shapes[input])};
  }
  return src;
}

TEST(Concatenation, EveryTypeAndAxis) {
  const std::vector<std::vector<int32_t>> shapes = {{2, 3, 4}, {2, 1, 4}, {2, 2, 4}};
  for (const ElementType& e : MovableElementTypes()) {
    for (int axis : {1, -2}) {
      OpTest t;
      std::vector<std::vector<uint8_t>> data;
      std::vector<int32_t> inputs;
      for (size_t i = 0; i < shapes.size(); ++i) {
        data.push_back(RandomElementBytes(e, NumElementsOf(shapes[i]), 10 + i));
        inputs.push_back(t.InputBytes(e.type, shapes[i], data.back(), e.quant));
      }
      int y = t.Output(e.type, {}, e.quant);
      t.Op("CONCATENATION", inputs, {y}, {{"axis", axis}});
      ASSERT_TRUE(t.Run().ok()) << e.name;
      std::vector<int32_t> out_shape;
      auto src = ReferenceConcat(shapes, 1, &out_shape);
      ASSERT_EQ(t.Shape(y), out_shape);
      // Gather from the concatenated inputs: offset each input's indices.
      std::vector<uint8_t> all;
      std::vector<int64_t> base;
      for (const auto& d : data) {
        base.push_back(static_cast<int64_t>(all.size() / e.size));
        all.insert(all.end(), d.begin(), d.end());
      }
      std::vector<int64_t> flat;
      for (const auto& [input, index] : src) flat.push_back(base[input] + index);
      ExpectGathered(t.Out(y), all, e.size, flat, {}, e.name);
    }
  }
}

TEST(Concatenation, FirstAndLastAxesEmptyInputsAndOneInput) {
  for (int axis : {0, 2}) {
    OpTest t;
    int a = t.Input<float>({1, 2, 2}, {1, 2, 3, 4});
    int b = t.Input<float>({1, 2, 2}, {5, 6, 7, 8});
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONCATENATION", {a, b}, {y}, {{"axis", axis}});
    ASSERT_TRUE(t.Run().ok());
    EXPECT_EQ(t.Values<float>(y), axis == 0 ? (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8})
                                            : (std::vector<float>{1, 2, 5, 6, 3, 4, 7, 8}));
  }
  OpTest empty;
  int a = empty.Input<int32_t>({2, 0}, {});
  int b = empty.Input<int32_t>({2, 1}, {7, 8});
  int y = empty.Output(PLINTH_INT32);
  empty.Op("CONCATENATION", {a, b, a}, {y}, {{"axis", 1}});
  ASSERT_TRUE(empty.Run().ok());
  EXPECT_EQ(empty.Shape(y), (std::vector<int32_t>{2, 1}));
  EXPECT_EQ(empty.Values<int32_t>(y), (std::vector<int32_t>{7, 8}));

  OpTest one;
  int c = one.Input<int8_t>({3}, {1, -2, 3}, {{0.5f}, {0}});
  int z = one.Output(PLINTH_INT8, {}, {{0.5f}, {0}});
  one.Op("CONCATENATION", {c}, {z}, {{"axis", 0}});
  ASSERT_TRUE(one.Run().ok());
  EXPECT_EQ(one.Values<int8_t>(z), (std::vector<int8_t>{1, -2, 3}));
}

TEST(Concatenation, ScalarsBecomeAVector) {
  OpTest t;
  int a = t.Input<float>({}, {1.5f});
  int b = t.Input<float>({}, {-2.f});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("CONCATENATION", {a, b}, {y}, {{"axis", 0}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{2}));
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{1.5f, -2.f}));
}

// TFLite's requantization (reference ConcatenationWithScaling), restated: float scale and bias,
// rounded half away from zero.
template <class T>
T TfliteRescale(T q, float in_scale, int32_t in_zp, float out_scale, int32_t out_zp) {
  const float scale = in_scale * (1.f / out_scale);
  const float bias = static_cast<float>(-in_zp) * scale;
  const int32_t v = static_cast<int32_t>(std::round(static_cast<float>(q) * scale + bias)) + out_zp;
  return static_cast<T>(std::min<int32_t>(std::numeric_limits<T>::max(),
                                          std::max<int32_t>(std::numeric_limits<T>::min(), v)));
}

template <class T>
void CheckRequantization(PlinthType type) {
  struct Params {
    float scale;
    int32_t zero_point;
  };
  const Params out = {0.5f, type == PLINTH_UINT8 ? 128 : 0};
  const std::vector<Params> ins = {{0.5f, out.zero_point},
                                   {0.1f, 3},
                                   {2.f, type == PLINTH_UINT8 ? 255 : 127},
                                   {0.37f, type == PLINTH_UINT8 ? 0 : -128},
                                   {0.5f, out.zero_point + 1}};
  std::vector<T> all;
  for (int q = std::numeric_limits<T>::min(); q <= std::numeric_limits<T>::max(); ++q) {
    all.push_back(static_cast<T>(q));
  }
  const int32_t n = static_cast<int32_t>(all.size());
  OpTest t;
  std::vector<int32_t> inputs;
  for (const Params& p : ins) {
    inputs.push_back(t.Input<T>({1, n}, all, {{p.scale}, {p.zero_point}}, type));
  }
  int y = t.Output(type, {}, {{out.scale}, {out.zero_point}});
  t.Op("CONCATENATION", inputs, {y}, {{"axis", 0}}, 2);
  ASSERT_TRUE(t.Run().ok());
  std::vector<T> got = t.template Values<T>(y);
  ASSERT_EQ(got.size(), ins.size() * all.size());
  for (size_t i = 0; i < ins.size(); ++i) {
    for (int32_t j = 0; j < n; ++j) {
      const T q = all[j];
      const T expect = TfliteRescale(q, ins[i].scale, ins[i].zero_point, out.scale, out.zero_point);
      ASSERT_EQ(got[i * n + j], expect) << "input " << i << " value " << int{q};
      // Within one step of the exact real-number requantization.
      const double real = ins[i].scale * (q - ins[i].zero_point);
      const double exact =
          std::clamp(real / out.scale + out.zero_point, double{std::numeric_limits<T>::min()},
                     double{std::numeric_limits<T>::max()});
      EXPECT_LE(std::abs(got[i * n + j] - exact), 1.0) << "input " << i << " value " << int{q};
    }
  }
}

TEST(Concatenation, RequantizesUint8AndInt8InputsToTheOutput) {
  CheckRequantization<uint8_t>(PLINTH_UINT8);
  CheckRequantization<int8_t>(PLINTH_INT8);
}

TEST(Concatenation, Int16CopiesValuesOfSymmetricTensors) {
  OpTest t;
  int a = t.Input<int16_t>({2}, {-300, 300}, {{0.5f}, {0}});
  int b = t.Input<int16_t>({1}, {7}, {{0.25f}, {0}});
  int y = t.Output(PLINTH_INT16, {}, {{0.5f}, {0}});
  t.Op("CONCATENATION", {a, b}, {y}, {{"axis", 0}}, 3);
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int16_t>(y), (std::vector<int16_t>{-300, 300, 7}));

  OpTest zp;
  int c = zp.Input<int16_t>({2}, {1, 2}, {{0.5f}, {3}});
  int z = zp.Output(PLINTH_INT16, {}, {{0.5f}, {0}});
  zp.Op("CONCATENATION", {c}, {z}, {{"axis", 0}}, 3);
  ExpectRunError(zp, "zero point of 0");
}

TEST(Concatenation, FloatActivation) {
  OpTest t;
  int a = t.Input<float>({3}, {-2, 0.5f, 9});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("CONCATENATION", {a, a}, {y}, {{"axis", 0}, {"fused_activation_function", "RELU6"}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{0, 0.5f, 6, 0, 0.5f, 6}));
}

TEST(Concatenation, InvalidParametersFail) {
  auto run = [](auto build, const std::string& message) {
    OpTest t;
    build(t);
    ExpectRunError(t, message);
  };
  run(
      [](OpTest& t) {
        int a = t.Input<float>({2, 3}, std::vector<float>(6));
        int b = t.Input<float>({3, 3}, std::vector<float>(9));
        t.Op("CONCATENATION", {a, b}, {t.Output(PLINTH_FLOAT32)}, {{"axis", 1}});
      },
      "does not match");
  run(
      [](OpTest& t) {
        int a = t.Input<float>({2, 3}, std::vector<float>(6));
        int b = t.Input<float>({2, 3, 1}, std::vector<float>(6));
        t.Op("CONCATENATION", {a, b}, {t.Output(PLINTH_FLOAT32)}, {{"axis", 0}});
      },
      "rank 3, expected 2");
  run(
      [](OpTest& t) {
        int a = t.Input<float>({2}, {1, 2});
        int b = t.Input<int32_t>({2}, {1, 2});
        t.Op("CONCATENATION", {a, b}, {t.Output(PLINTH_FLOAT32)}, {{"axis", 0}});
      },
      "input 1 is INT32");
  run(
      [](OpTest& t) {
        int a = t.Input<float>({2}, {1, 2});
        t.Op("CONCATENATION", {a}, {t.Output(PLINTH_FLOAT32)}, {{"axis", 1}});
      },
      "out of range");
  run(
      [](OpTest& t) {
        int a = t.Input<int32_t>({2}, {1, 2});
        t.Op("CONCATENATION", {a}, {t.Output(PLINTH_INT32)},
             {{"axis", 0}, {"fused_activation_function", "RELU"}});
      },
      "needs float32");
  run(
      [](OpTest& t) {
        int a = t.Input<uint8_t>({2}, {1, 2});
        t.Op("CONCATENATION", {a}, {t.Output(PLINTH_UINT8, {}, {{0.5f}, {3}})}, {{"axis", 0}});
      },
      "must both be quantized");
}

}  // namespace
}  // namespace plinth::testing
