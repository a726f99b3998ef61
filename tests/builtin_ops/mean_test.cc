// MEAN (float32, int32, int64, int8/uint8/int16 quantized) against references in the test:
// axes negative, repeated, empty and fed at run time, keep_dims, scalars, empty inputs, and the
// quantized formula of TFLite's reference kernels (checked against the real-valued mean too).
#include <cmath>
#include <limits>

#include "builtin_ops/common/quantization_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reduce_reference.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

using builtin::MultiplyByQuantizedMultiplier;
using builtin::QuantizedMultiplier;
using builtin::QuantizeMultiplier;

QuantSpec Q(float scale, int64_t zero_point) { return QuantSpec{{scale}, {zero_point}}; }

struct Geometry {
  std::vector<int32_t> shape;
  std::vector<int32_t> axes;
  bool keep_dims;
};

const std::vector<Geometry>& Geometries() {
  static const std::vector<Geometry> kGeometries = {
      {{2, 3, 4}, {1}, false},
      {{2, 3, 4}, {-1}, true},
      {{2, 3, 4}, {0, 2}, false},
      {{2, 3, 4}, {2, 0, -1, 2}, true},
      {{2, 3, 4}, {0, 1, 2}, false},
      {{1, 7, 7, 16}, {1, 2}, false},
      {{1, 7, 7, 16}, {2, 1}, true},
      {{3, 1, 5}, {1}, false},
      {{5}, {0}, false},
      {{4, 1, 2, 3, 2}, {-4, 3}, true},
  };
  return kGeometries;
}

TEST(Mean, Float32MatchesTheAverage) {
  for (const Geometry& g : Geometries()) {
    for (bool fed : {false, true}) {
      auto values = RandomValues<float>(NumElementsOf(g.shape), -10, 10, 1);
      OpTest t;
      int x = t.Input<float>(g.shape, values);
      const std::vector<int32_t> axis_shape = {static_cast<int32_t>(g.axes.size())};
      int a = fed ? t.Input<int32_t>(axis_shape, g.axes) : t.Const<int32_t>(axis_shape, g.axes);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("MEAN", {x, a}, {y}, {{"keep_dims", g.keep_dims}});
      ASSERT_TRUE(t.Run().ok());
      ReferenceReduction r = ReduceReference(g.shape, g.axes, g.keep_dims);
      ASSERT_EQ(t.Shape(y), r.output_shape);
      std::vector<float> got = t.Values<float>(y);
      ASSERT_EQ(got.size(), r.members.size());
      for (size_t o = 0; o < got.size(); ++o) {
        double sum = 0;
        for (size_t i : r.members[o]) sum += values[i];
        EXPECT_NEAR(got[o], sum / static_cast<double>(r.members[o].size()), 1e-5) << o;
      }
    }
  }
}

template <class T>
void CheckIntegerMean(uint32_t seed) {
  for (const Geometry& g : Geometries()) {
    auto values = RandomValues<T>(NumElementsOf(g.shape), -1000000, 1000000, seed);
    OpTest t;
    int x = t.Input<T>(g.shape, values);
    int a = t.Const<int32_t>({static_cast<int32_t>(g.axes.size())}, g.axes);
    int y = t.Output(TypeOf<T>::value);
    t.Op("MEAN", {x, a}, {y}, {{"keep_dims", g.keep_dims}});
    ASSERT_TRUE(t.Run().ok());
    ReferenceReduction r = ReduceReference(g.shape, g.axes, g.keep_dims);
    ASSERT_EQ(t.Shape(y), r.output_shape);
    std::vector<T> got = t.Values<T>(y);
    for (size_t o = 0; o < got.size(); ++o) {
      int64_t sum = 0;
      for (size_t i : r.members[o]) sum += values[i];
      // C++ division: truncation toward zero, as TFLite's integer mean.
      EXPECT_EQ(got[o], static_cast<T>(sum / static_cast<int64_t>(r.members[o].size()))) << o;
    }
  }
}

TEST(Mean, Int32AndInt64TruncateTowardZero) {
  CheckIntegerMean<int32_t>(2);
  CheckIntegerMean<int64_t>(3);
  OpTest t;
  int x = t.Input<int32_t>({2, 2}, {-3, -4, 3, 4});
  int a = t.Const<int32_t>({1}, {1});
  int y = t.Output(PLINTH_INT32);
  t.Op("MEAN", {x, a}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{-3, 3}));
}

// TFLite's quantized mean, spelled out: sum the raw values, remove the zero point once, fold 1/n
// into the input/output rescale (a shift of floor(log2 n), capped), requantize and clamp.
template <class T>
T QuantizedMeanReference(const std::vector<T>& values, const std::vector<size_t>& members,
                         float in_scale, int32_t in_zp, float out_scale, int32_t out_zp) {
  int64_t sum = 0;
  for (size_t i : members) sum += values[i];
  const int64_t n = static_cast<int64_t>(members.size());
  QuantizedMultiplier m = QuantizeMultiplier(static_cast<double>(in_scale) / out_scale);
  int shift = static_cast<int>(std::floor(std::log2(static_cast<double>(n))));
  shift = std::min(std::min(shift, 32), 31 + m.shift);
  const int32_t multiplier =
      static_cast<int32_t>((static_cast<int64_t>(m.multiplier) << shift) / n);
  const int32_t q = MultiplyByQuantizedMultiplier(static_cast<int32_t>(sum - in_zp * n), multiplier,
                                                  m.shift - shift) +
                    out_zp;
  return static_cast<T>(std::min<int32_t>(std::max<int32_t>(q, std::numeric_limits<T>::min()),
                                          std::numeric_limits<T>::max()));
}

template <class T>
void CheckQuantizedMean(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp,
                        uint32_t seed) {
  for (const Geometry& g : Geometries()) {
    auto values = RandomValues<T>(NumElementsOf(g.shape), std::numeric_limits<T>::min(),
                                  std::numeric_limits<T>::max(), seed);
    OpTest t;
    int x = t.Input<T>(g.shape, values, Q(in_scale, in_zp));
    int a = t.Const<int32_t>({static_cast<int32_t>(g.axes.size())}, g.axes);
    int y = t.Output(TypeOf<T>::value, {}, Q(out_scale, out_zp));
    t.Op("MEAN", {x, a}, {y}, {{"keep_dims", g.keep_dims}});
    ASSERT_TRUE(t.Run().ok());
    ReferenceReduction r = ReduceReference(g.shape, g.axes, g.keep_dims);
    ASSERT_EQ(t.Shape(y), r.output_shape);
    std::vector<T> got = t.Values<T>(y);
    for (size_t o = 0; o < got.size(); ++o) {
      EXPECT_EQ(+got[o],
                +QuantizedMeanReference(values, r.members[o], in_scale, in_zp, out_scale, out_zp))
          << "output " << o;
      // Independently: within one step of the real-valued mean (unless it saturates).
      double real = 0;
      for (size_t i : r.members[o]) real += in_scale * (static_cast<double>(values[i]) - in_zp);
      real /= static_cast<double>(r.members[o].size());
      const double ideal = std::round(real / out_scale) + out_zp;
      if (ideal > std::numeric_limits<T>::min() && ideal < std::numeric_limits<T>::max()) {
        EXPECT_LE(std::abs(got[o] - ideal), 1.0) << "output " << o;
      }
    }
  }
}

TEST(Mean, Int8RescalesBetweenDifferentScales) {
  CheckQuantizedMean<int8_t>(0.0235f, -128, 0.0107f, -128, 4);  // multiplier above one
  CheckQuantizedMean<int8_t>(0.0107f, -3, 0.0311f, 7, 5);       // below one
  CheckQuantizedMean<int8_t>(0.05f, -10, 0.05f, -10, 6);        // same parameters
  CheckQuantizedMean<int8_t>(0.1f, 127, 0.013f, -128, 7);       // zero points at the edges
}

TEST(Mean, Uint8AndInt16) {
  CheckQuantizedMean<uint8_t>(0.02f, 128, 0.01f, 100, 8);
  CheckQuantizedMean<uint8_t>(0.05f, 0, 0.2f, 255, 9);
  CheckQuantizedMean<int16_t>(0.001f, 0, 0.0007f, 0, 10);
  CheckQuantizedMean<int16_t>(0.001f, 0, 0.003f, 0, 11);
}

// mobilenet_v2_100_224_int8_nchw_pytorch's MEAN: [1, 7, 7, 1280] over H and W. The model's node
// keeps dims with equal parameters (0.07054789, -9); also without keep_dims and rescaling.
TEST(Mean, Int8GlobalAveragePoolOfMobileNetV2) {
  struct Config {
    bool keep_dims;
    float in_scale;
    int32_t in_zp;
    float out_scale;
    int32_t out_zp;
  };
  const std::vector<int32_t> shape = {1, 7, 7, 1280};
  for (const Config& c :
       {Config{true, 0.07054789f, -9, 0.07054789f, -9}, Config{false, 0.0235f, -128, 0.0107f, -128},
        Config{false, 0.0107f, 5, 0.0311f, -7}}) {
    auto values = RandomValues<int8_t>(NumElementsOf(shape), -128, 127, 12);
    OpTest t;
    int x = t.Input<int8_t>(shape, values, Q(c.in_scale, c.in_zp));
    int a = t.Const<int32_t>({2}, {1, 2});
    int y = t.Output(PLINTH_INT8, {}, Q(c.out_scale, c.out_zp));
    t.Op("MEAN", {x, a}, {y}, {{"keep_dims", c.keep_dims}});
    ASSERT_TRUE(t.Run().ok());
    ReferenceReduction r = ReduceReference(shape, {1, 2}, c.keep_dims);
    EXPECT_EQ(t.Shape(y), r.output_shape);
    std::vector<int8_t> got = t.Values<int8_t>(y);
    for (size_t o = 0; o < got.size(); ++o) {
      ASSERT_EQ(got[o], QuantizedMeanReference(values, r.members[o], c.in_scale, c.in_zp,
                                               c.out_scale, c.out_zp))
          << "output " << o;
    }
  }
}

TEST(Mean, LargeReductionsCapTheShift) {
  // 2^18 elements per output: the folded shift is 18.
  const std::vector<int32_t> shape = {2, 512, 512};
  auto values = RandomValues<int8_t>(NumElementsOf(shape), -128, 127, 13);
  OpTest t;
  int x = t.Input<int8_t>(shape, values, Q(0.02f, 3));
  int a = t.Const<int32_t>({2}, {1, 2});
  int y = t.Output(PLINTH_INT8, {}, Q(0.0004f, -1));
  t.Op("MEAN", {x, a}, {y}, {{"keep_dims", true}});
  ASSERT_TRUE(t.Run().ok());
  ReferenceReduction r = ReduceReference(shape, {1, 2}, true);
  std::vector<int8_t> got = t.Values<int8_t>(y);
  for (size_t o = 0; o < got.size(); ++o) {
    EXPECT_EQ(got[o], QuantizedMeanReference(values, r.members[o], 0.02f, 3, 0.0004f, -1));
  }
}

TEST(Mean, NoAxesRequantizesEveryElement) {
  const std::vector<int8_t> values = {-128, -50, 0, 1, 77, 127};
  OpTest t;
  int x = t.Input<int8_t>({2, 3}, values, Q(0.02f, 3));
  int a = t.Input<int32_t>({0}, {});
  int y = t.Output(PLINTH_INT8, {}, Q(0.03f, -9));
  t.Op("MEAN", {x, a}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{2, 3}));
  std::vector<int8_t> got = t.Values<int8_t>(y);
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(got[i], QuantizedMeanReference(values, {i}, 0.02f, 3, 0.03f, -9));
  }
}

TEST(Mean, ScalarInputIgnoresTheAxes) {
  OpTest t;
  int x = t.Input<float>({}, {2.5f});
  int a = t.Const<int32_t>({1}, {0});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("MEAN", {x, a}, {y}, {{"keep_dims", true}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), std::vector<int32_t>{});
  EXPECT_EQ(t.Values<float>(y), std::vector<float>{2.5f});
}

TEST(Mean, EmptyInputGivesNaN) {
  OpTest t;
  int x = t.Input<float>({0, 3}, {});
  int a = t.Const<int32_t>({1}, {0});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("MEAN", {x, a}, {y});
  ASSERT_TRUE(t.Run().ok());
  ASSERT_EQ(t.Shape(y), std::vector<int32_t>{3});
  for (float v : t.Values<float>(y)) EXPECT_TRUE(std::isnan(v));

  OpTest q;
  int qx = q.Input<int8_t>({0, 3}, {}, Q(0.1f, 4));
  int qa = q.Const<int32_t>({1}, {0});
  int qy = q.Output(PLINTH_INT8, {}, Q(0.1f, 4));
  q.Op("MEAN", {qx, qa}, {qy});
  ASSERT_TRUE(q.Run().ok());
  EXPECT_EQ(q.Values<int8_t>(qy), (std::vector<int8_t>{0, 0, 0}));
}

TEST(Mean, FedAxesResizeTheOutputOnEveryRun) {
  OpTest t;
  int x = t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  int a = t.Input<int32_t>({1}, {1});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("MEAN", {x, a}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), std::vector<int32_t>{2});
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{2, 5}));
  std::vector<int32_t> axis0 = {0};
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(axis0)).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Shape(y), std::vector<int32_t>{3});
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{2.5f, 3.5f, 4.5f}));
}

std::string PrepareError(OpTest& t) { return std::string(t.Run().message()); }

TEST(Mean, InvalidParametersFailInPrepare) {
  {
    OpTest t;
    int x = t.Input<float>({2, 3}, std::vector<float>(6));
    int a = t.Const<int32_t>({1}, {2});
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("MEAN", {x, a}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("axis 2 is out of range"));
  }
  {
    OpTest t;
    int x = t.Input<float>({2, 3}, std::vector<float>(6));
    int a = t.Const<int32_t>({1}, {-3});
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("MEAN", {x, a}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("axis -3 is out of range"));
  }
  {
    OpTest t;
    int x = t.Input<float>({2, 3}, std::vector<float>(6));
    int a = t.Const<int64_t>({1}, {1});
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("MEAN", {x, a}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("axis has unsupported type INT64"));
  }
  {
    OpTest t;
    int x = t.Input<uint8_t>({2}, {1, 0}, {}, PLINTH_BOOL);
    int a = t.Const<int32_t>({1}, {0});
    int y = t.Output(PLINTH_BOOL);
    t.Op("MEAN", {x, a}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("input has unsupported type BOOL"));
  }
  {
    OpTest t;
    int x = t.Input<float>({2}, {1, 2});
    int a = t.Const<int32_t>({1}, {0});
    int y = t.Output(PLINTH_INT32);
    t.Op("MEAN", {x, a}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("output type must be FLOAT32"));
  }
  {
    OpTest t;
    int x = t.Input<int8_t>({2}, {1, 2});
    int a = t.Const<int32_t>({1}, {0});
    int y = t.Output(PLINTH_INT8);
    t.Op("MEAN", {x, a}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("quantization parameters"));
  }
  {
    OpTest t;
    int x = t.Input<int16_t>({2}, {1, 2}, Q(0.1f, 3));
    int a = t.Const<int32_t>({1}, {0});
    int y = t.Output(PLINTH_INT16, {}, Q(0.1f, 0));
    t.Op("MEAN", {x, a}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("zero points of 0"));
  }
  {
    OpTest t;
    int x = t.Input<float>({2}, {1, 2});
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("MEAN", {x}, {y});
    EXPECT_THAT(PrepareError(t), ::testing::HasSubstr("takes 2 inputs"));
  }
}

TEST(Mean, FedAxisOutOfRangeFailsInInvoke) {
  OpTest t;
  int x = t.Input<float>({2, 3}, std::vector<float>(6));
  int a = t.Input<int32_t>({1}, {5});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("MEAN", {x, a}, {y});
  absl::Status s = t.Run();
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("failed in invoke"));
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("axis 5 is out of range"));
}

}  // namespace
}  // namespace plinth::testing
