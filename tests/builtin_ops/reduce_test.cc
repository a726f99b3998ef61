// SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN, REDUCE_ANY, REDUCE_ALL against references in the
// test, for every type: axes negative, repeated and fed, keep_dims, empty inputs, integer
// wrap-around, and the quantized SUM / PROD arithmetic of TFLite's reference kernels.
#include <cmath>
#include <functional>
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
      {{2, 3, 4}, {-1, 0}, true},
      {{2, 3, 4}, {2, 2, -1}, false},
      {{2, 3, 4}, {0, 1, 2}, false},
      {{2, 3, 4}, {2, 0, 1}, true},
      {{3, 1, 5, 2}, {1, 3}, false},
      {{6}, {0}, true},
  };
  return kGeometries;
}

// Runs `op` and returns its output values; checks the output shape against the reference.
template <class T>
std::vector<T> RunReduce(const std::string& op, PlinthType type, const Geometry& g,
                         const std::vector<T>& values, QuantSpec in_q = {}, QuantSpec out_q = {},
                         bool fed_axes = false) {
  OpTest t;
  int x = t.Input<T>(g.shape, values, in_q, type);
  const std::vector<int32_t> axis_shape = {static_cast<int32_t>(g.axes.size())};
  int a = fed_axes ? t.Input<int32_t>(axis_shape, g.axes) : t.Const<int32_t>(axis_shape, g.axes);
  int y = t.Output(type, {}, out_q);
  t.Op(op, {x, a}, {y}, {{"keep_dims", g.keep_dims}});
  absl::Status s = t.Run();
  EXPECT_TRUE(s.ok()) << s;
  if (!s.ok()) return {};
  EXPECT_EQ(t.Shape(y), ReduceReference(g.shape, g.axes, g.keep_dims).output_shape);
  return t.Values<T>(y);
}

// Folds the members of each output with `f`, starting from `init`, in the wider type W.
template <class T, class W, class F>
std::vector<W> Fold(const std::vector<T>& values, const Geometry& g, W init, F f) {
  ReferenceReduction r = ReduceReference(g.shape, g.axes, g.keep_dims);
  std::vector<W> out;
  for (const auto& members : r.members) {
    W acc = init;
    for (size_t i : members) acc = f(acc, static_cast<W>(values[i]));
    out.push_back(acc);
  }
  return out;
}

template <class T>
void CheckPlainOps(PlinthType type, double lo, double hi, uint32_t seed) {
  for (const Geometry& g : Geometries()) {
    for (bool fed : {false, true}) {
      auto values = RandomValues<T>(NumElementsOf(g.shape), lo, hi, seed++);
      auto max = Fold<T, T>(values, g, std::numeric_limits<T>::lowest(),
                            [](T a, T b) { return std::max(a, b); });
      auto min = Fold<T, T>(values, g, std::numeric_limits<T>::max(),
                            [](T a, T b) { return std::min(a, b); });
      EXPECT_EQ(RunReduce<T>("REDUCE_MAX", type, g, values, {}, {}, fed), max);
      EXPECT_EQ(RunReduce<T>("REDUCE_MIN", type, g, values, {}, {}, fed), min);
      if constexpr (std::is_floating_point_v<T>) {
        auto sum = Fold<T, double>(values, g, 0.0, std::plus<double>());
        auto prod = Fold<T, double>(values, g, 1.0, std::multiplies<double>());
        auto got_sum = RunReduce<T>("SUM", type, g, values, {}, {}, fed);
        auto got_prod = RunReduce<T>("REDUCE_PROD", type, g, values, {}, {}, fed);
        ASSERT_EQ(got_sum.size(), sum.size());
        ASSERT_EQ(got_prod.size(), prod.size());
        for (size_t o = 0; o < sum.size(); ++o) {
          EXPECT_NEAR(got_sum[o], sum[o], 1e-4 * (1 + std::abs(sum[o])));
          EXPECT_NEAR(got_prod[o], prod[o], 1e-5 * (1 + std::abs(prod[o])));
        }
      } else {
        // Integer sums and products wrap around like two's complement.
        auto wrap = [](int64_t v) { return static_cast<T>(static_cast<uint64_t>(v)); };
        std::vector<T> sum, prod;
        for (int64_t v : Fold<T, int64_t>(values, g, 0, std::plus<int64_t>())) {
          sum.push_back(wrap(v));
        }
        for (uint64_t v : Fold<T, uint64_t>(values, g, 1, std::multiplies<uint64_t>())) {
          prod.push_back(wrap(static_cast<int64_t>(v)));
        }
        EXPECT_EQ(RunReduce<T>("SUM", type, g, values, {}, {}, fed), sum);
        EXPECT_EQ(RunReduce<T>("REDUCE_PROD", type, g, values, {}, {}, fed), prod);
      }
    }
  }
}

TEST(Reduce, Float32) { CheckPlainOps<float>(PLINTH_FLOAT32, -2, 2, 1); }
TEST(Reduce, Int32) { CheckPlainOps<int32_t>(PLINTH_INT32, -20, 20, 20); }
TEST(Reduce, Int64) { CheckPlainOps<int64_t>(PLINTH_INT64, -1e5, 1e5, 40); }

TEST(Reduce, IntegerOverflowWraps) {
  const Geometry g = {{3}, {0}, false};
  const int32_t big = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(RunReduce<int32_t>("SUM", PLINTH_INT32, g, {big, 1, 1}),
            std::vector<int32_t>{std::numeric_limits<int32_t>::min() + 1});
  EXPECT_EQ(RunReduce<int32_t>("REDUCE_PROD", PLINTH_INT32, g, {65536, 65536, 3}),
            std::vector<int32_t>{0});
}

TEST(Reduce, FloatEdgeValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const Geometry g = {{2, 3}, {1}, false};
  // TFLite starts a maximum from the lowest finite float, so a row of -inf gives -FLT_MAX.
  EXPECT_EQ(RunReduce<float>("REDUCE_MAX", PLINTH_FLOAT32, g, {-inf, -inf, -inf, 1, inf, 2}),
            (std::vector<float>{std::numeric_limits<float>::lowest(), inf}));
  EXPECT_EQ(RunReduce<float>("SUM", PLINTH_FLOAT32, g, {-0.f, -0.f, -0.f, 1, 2, 3}),
            (std::vector<float>{0.f, 6.f}));
}

TEST(Reduce, EmptyInputsGiveTheIdentity) {
  const Geometry g = {{0, 3}, {0}, false};
  EXPECT_EQ(RunReduce<float>("SUM", PLINTH_FLOAT32, g, {}), (std::vector<float>{0, 0, 0}));
  EXPECT_EQ(RunReduce<float>("REDUCE_PROD", PLINTH_FLOAT32, g, {}), (std::vector<float>{1, 1, 1}));
  EXPECT_EQ(RunReduce<int32_t>("REDUCE_MAX", PLINTH_INT32, g, {}),
            std::vector<int32_t>(3, std::numeric_limits<int32_t>::lowest()));
  EXPECT_EQ(RunReduce<uint8_t>("REDUCE_ALL", PLINTH_BOOL, g, {}), (std::vector<uint8_t>{1, 1, 1}));
  EXPECT_EQ(RunReduce<uint8_t>("REDUCE_ANY", PLINTH_BOOL, g, {}), (std::vector<uint8_t>{0, 0, 0}));
  // Quantized sums of nothing are raw zeros (TFLite clears the output), also with fed axes.
  for (bool fed : {false, true}) {
    EXPECT_EQ(RunReduce<int8_t>("SUM", PLINTH_INT8, g, {}, Q(0.1f, 2), Q(0.1f, 2), fed),
              (std::vector<int8_t>{0, 0, 0}));
  }
  const Geometry all = {{0, 3}, {0, 1}, false};
  EXPECT_EQ(RunReduce<float>("REDUCE_MIN", PLINTH_FLOAT32, all, {}),
            std::vector<float>{std::numeric_limits<float>::max()});
}

TEST(Reduce, AnyAndAll) {
  for (const Geometry& g : Geometries()) {
    std::vector<uint8_t> values;
    for (int32_t b : RandomValues<int32_t>(NumElementsOf(g.shape), 0, 3, 5)) {
      values.push_back(b == 0);
    }
    auto any = Fold<uint8_t, uint8_t>(values, g, 0, [](uint8_t a, uint8_t b) { return a || b; });
    auto all = Fold<uint8_t, uint8_t>(values, g, 1, [](uint8_t a, uint8_t b) { return a && b; });
    EXPECT_EQ(RunReduce<uint8_t>("REDUCE_ANY", PLINTH_BOOL, g, values), any);
    EXPECT_EQ(RunReduce<uint8_t>("REDUCE_ALL", PLINTH_BOOL, g, values), all);
  }
}

TEST(Reduce, QuantizedMaxMinCompareRawValues) {
  for (const Geometry& g : Geometries()) {
    auto i8 = RandomValues<int8_t>(NumElementsOf(g.shape), -128, 127, 6);
    EXPECT_EQ(
        RunReduce<int8_t>("REDUCE_MAX", PLINTH_INT8, g, i8, Q(0.1f, -128), Q(0.1f, -128)),
        (Fold<int8_t, int8_t>(i8, g, -128, [](int8_t a, int8_t b) { return std::max(a, b); })));
    auto u8 = RandomValues<uint8_t>(NumElementsOf(g.shape), 0, 255, 7);
    EXPECT_EQ(
        RunReduce<uint8_t>("REDUCE_MIN", PLINTH_UINT8, g, u8, Q(0.1f, 255), Q(0.1f, 255)),
        (Fold<uint8_t, uint8_t>(u8, g, 255, [](uint8_t a, uint8_t b) { return std::min(a, b); })));
    auto i16 = RandomValues<int16_t>(NumElementsOf(g.shape), -32768, 32767, 8);
    EXPECT_EQ(RunReduce<int16_t>("REDUCE_MAX", PLINTH_INT16, g, i16, Q(0.01f, 0), Q(0.01f, 0)),
              (Fold<int16_t, int16_t>(i16, g, -32768,
                                      [](int16_t a, int16_t b) { return std::max(a, b); })));
  }
}

// TFLite's quantized sum: raw sum, zero point removed once, one rescale by in/out scale.
template <class T>
T QuantizedSumReference(const std::vector<T>& values, const std::vector<size_t>& members,
                        float in_scale, int32_t in_zp, float out_scale, int32_t out_zp) {
  int64_t sum = 0;
  for (size_t i : members) sum += values[i];
  const int64_t n = static_cast<int64_t>(members.size());
  QuantizedMultiplier m = QuantizeMultiplier(static_cast<double>(in_scale) / out_scale);
  const int32_t q =
      MultiplyByQuantizedMultiplier(static_cast<int32_t>(sum - in_zp * n), m) + out_zp;
  return static_cast<T>(std::min<int32_t>(std::max<int32_t>(q, std::numeric_limits<T>::min()),
                                          std::numeric_limits<T>::max()));
}

template <class T>
void CheckQuantizedSum(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp,
                       uint32_t seed) {
  for (const Geometry& g : Geometries()) {
    auto values = RandomValues<T>(NumElementsOf(g.shape), std::numeric_limits<T>::min(),
                                  std::numeric_limits<T>::max(), seed++);
    auto got =
        RunReduce<T>("SUM", TypeOf<T>::value, g, values, Q(in_scale, in_zp), Q(out_scale, out_zp));
    ReferenceReduction r = ReduceReference(g.shape, g.axes, g.keep_dims);
    ASSERT_EQ(got.size(), r.members.size());
    for (size_t o = 0; o < got.size(); ++o) {
      EXPECT_EQ(+got[o],
                +QuantizedSumReference(values, r.members[o], in_scale, in_zp, out_scale, out_zp));
      double real = 0;
      for (size_t i : r.members[o]) real += in_scale * (static_cast<double>(values[i]) - in_zp);
      const double ideal = std::round(real / out_scale) + out_zp;
      if (ideal > std::numeric_limits<T>::min() && ideal < std::numeric_limits<T>::max()) {
        EXPECT_LE(std::abs(got[o] - ideal), 1.0);
      }
    }
  }
}

TEST(Reduce, QuantizedSum) {
  CheckQuantizedSum<int8_t>(0.02f, -5, 0.1f, 3, 60);      // multiplier below one
  CheckQuantizedSum<int8_t>(0.05f, 0, 0.05f, 0, 70);      // same parameters
  CheckQuantizedSum<int8_t>(0.2f, 127, 0.05f, -128, 80);  // above one, zero points at the edges
  CheckQuantizedSum<uint8_t>(0.02f, 120, 0.3f, 10, 90);
  CheckQuantizedSum<int16_t>(0.001f, 0, 0.004f, 0, 100);
}

// TFLite's quantized product: the first value starts it, each further one multiplies in 64 bits
// and is rescaled by in_scale / out_scale^(1/n); a last rescale.
template <class T>
T QuantizedProdReference(const std::vector<T>& values, const std::vector<size_t>& members,
                         int64_t n, float in_scale, int32_t in_zp, float out_scale,
                         int32_t out_zp) {
  QuantizedMultiplier m =
      QuantizeMultiplier(in_scale / std::pow(static_cast<double>(out_scale), 1.0 / n));
  int32_t acc = values[members[0]] - in_zp;
  for (size_t k = 1; k < members.size(); ++k) {
    acc = MultiplyByQuantizedMultiplier(static_cast<int64_t>(acc) * (values[members[k]] - in_zp),
                                        m.multiplier, m.shift);
  }
  const int32_t q =
      MultiplyByQuantizedMultiplier(static_cast<int64_t>(acc), m.multiplier, m.shift) + out_zp;
  return static_cast<T>(std::min<int32_t>(std::max<int32_t>(q, std::numeric_limits<T>::min()),
                                          std::numeric_limits<T>::max()));
}

template <class T>
void CheckQuantizedProd(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp, double lo,
                        double hi, uint32_t seed) {
  for (const Geometry& g : Geometries()) {
    for (bool fed : {false, true}) {
      auto values = RandomValues<T>(NumElementsOf(g.shape), lo, hi, seed++);
      auto got = RunReduce<T>("REDUCE_PROD", TypeOf<T>::value, g, values, Q(in_scale, in_zp),
                              Q(out_scale, out_zp), fed);
      ReferenceReduction r = ReduceReference(g.shape, g.axes, g.keep_dims);
      ASSERT_EQ(got.size(), r.members.size());
      const int64_t n = static_cast<int64_t>(NumElementsOf(g.shape) / r.members.size());
      for (size_t o = 0; o < got.size(); ++o) {
        EXPECT_EQ(+got[o], +QuantizedProdReference(values, r.members[o], n, in_scale, in_zp,
                                                   out_scale, out_zp))
            << "output " << o;
      }
    }
  }
}

TEST(Reduce, QuantizedProd) {
  CheckQuantizedProd<int8_t>(0.05f, -3, 0.02f, 2, -40, 40, 110);
  CheckQuantizedProd<int8_t>(0.1f, 0, 0.5f, -128, -128, 127, 120);
  CheckQuantizedProd<int16_t>(0.001f, 0, 0.002f, 0, -2000, 2000, 130);
  // A quantized product of one value is a requantization.
  const Geometry one = {{3, 1}, {1}, false};
  EXPECT_EQ(
      RunReduce<int8_t>("REDUCE_PROD", PLINTH_INT8, one, {-10, 0, 20}, Q(0.1f, 0), Q(0.2f, 0)),
      (std::vector<int8_t>{-5, 0, 10}));
}

TEST(Reduce, NonQuantizedSmallIntegersMultiplyPlainly) {
  const Geometry g = {{2, 3}, {1}, false};
  EXPECT_EQ(RunReduce<int8_t>("REDUCE_PROD", PLINTH_INT8, g, {2, 3, -4, 1, 1, 127}),
            (std::vector<int8_t>{-24, 127}));
  EXPECT_EQ(RunReduce<uint8_t>("REDUCE_PROD", PLINTH_UINT8, g, {2, 3, 4, 16, 16, 2}),
            (std::vector<uint8_t>{24, 0}));
}

std::string Error(const std::string& op, PlinthType type, QuantSpec in_q, QuantSpec out_q,
                  std::vector<int32_t> axes = {0}, int out_type = -1) {
  OpTest t;
  int x = t.InputBytes(type, {2, 2}, std::vector<uint8_t>(4 * TypeSize(type)), in_q);
  int a = t.Const<int32_t>({static_cast<int32_t>(axes.size())}, axes);
  int y = t.Output(out_type < 0 ? type : static_cast<PlinthType>(out_type), {}, out_q);
  t.Op(op, {x, a}, {y});
  return std::string(t.Run().message());
}

TEST(Reduce, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  EXPECT_THAT(Error("REDUCE_MAX", PLINTH_INT8, Q(0.1f, 0), Q(0.2f, 0)),
              HasSubstr("same quantization parameters"));
  EXPECT_THAT(Error("REDUCE_MIN", PLINTH_UINT8, Q(0.1f, 3), Q(0.1f, 4)),
              HasSubstr("same quantization parameters"));
  EXPECT_THAT(Error("REDUCE_PROD", PLINTH_UINT8, Q(0.1f, 3), Q(0.1f, 3)), HasSubstr("not UINT8"));
  EXPECT_THAT(Error("SUM", PLINTH_INT8, {}, {}), HasSubstr("quantization parameters"));
  EXPECT_THAT(Error("SUM", PLINTH_INT16, Q(0.1f, 1), Q(0.1f, 0)), HasSubstr("zero points of 0"));
  EXPECT_THAT(Error("SUM", PLINTH_BOOL, {}, {}), HasSubstr("input has unsupported type BOOL"));
  EXPECT_THAT(Error("REDUCE_ANY", PLINTH_FLOAT32, {}, {}),
              HasSubstr("input has unsupported type FLOAT32"));
  EXPECT_THAT(Error("REDUCE_MAX", PLINTH_FLOAT32, {}, {}, {3}),
              HasSubstr("axis 3 is out of range"));
  EXPECT_THAT(Error("SUM", PLINTH_FLOAT32, {}, {}, {0}, PLINTH_INT32),
              HasSubstr("output type must be FLOAT32"));
}

}  // namespace
}  // namespace plinth::testing
