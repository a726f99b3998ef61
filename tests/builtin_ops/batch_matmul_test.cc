// BATCH_MATMUL against a reference that indexes every output through NumPy broadcasting of the
// batch dimensions: float32, int8 (int8 and int32 outputs), int16, hybrid; adj_x / adj_y; ranks 2
// to 5; constant and non-constant rhs; invalid models.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> lhs, rhs;
  bool adj_x, adj_y;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> c = {
      {{5, 7}, {7, 3}, false, false},
      {{4, 5, 7}, {7, 6}, false, false},         // rhs broadcast
      {{2, 1, 7, 5}, {1, 3, 6, 7}, true, true},  // both broadcast, both adjoint
      {{2, 1, 2, 3, 4}, {1, 2, 1, 5, 4}, false, true},
      {{3, 4, 2}, {3, 4, 5}, true, false},
      {{1, 1}, {1, 1}, false, false},
      {{0, 3, 2}, {2, 4}, false, false},  // empty batch
  };
  return c;
}

// out[..., i, j] = sum_k f(lhs[..., i, k], rhs[..., k, j]) with broadcasting and adjoints.
template <class V, class A, class B>
std::vector<V> RefBatchMatMul(const std::vector<A>& lhs, const std::vector<B>& rhs, const Case& c,
                              std::vector<int32_t>* shape) {
  const size_t rank = std::max(c.lhs.size(), c.rhs.size());
  std::vector<int32_t> l = c.lhs, r = c.rhs;
  l.insert(l.begin(), rank - l.size(), 1);
  r.insert(r.begin(), rank - r.size(), 1);
  const int32_t rows = c.adj_x ? l[rank - 1] : l[rank - 2];
  const int32_t depth = c.adj_x ? l[rank - 2] : l[rank - 1];
  const int32_t cols = c.adj_y ? r[rank - 2] : r[rank - 1];
  shape->clear();
  for (size_t i = 0; i + 2 < rank; ++i) shape->push_back(l[i] == 1 ? r[i] : l[i]);
  shape->push_back(rows);
  shape->push_back(cols);
  std::vector<V> out(NumElementsOf(*shape));
  const std::vector<size_t> ls = StridesOf(l), rs = StridesOf(r);
  for (size_t o = 0; o < out.size(); ++o) {
    const std::vector<int32_t> at = Unravel(o, *shape);
    size_t lb = 0, rb = 0;
    for (size_t i = 0; i + 2 < rank; ++i) {
      lb += (l[i] == 1 ? 0 : at[i]) * ls[i];
      rb += (r[i] == 1 ? 0 : at[i]) * rs[i];
    }
    const int32_t i = at[rank - 2], j = at[rank - 1];
    V acc = 0;
    for (int32_t k = 0; k < depth; ++k) {
      const size_t li = lb + (c.adj_x ? k * ls[rank - 2] + i : i * ls[rank - 2] + k);
      const size_t ri = rb + (c.adj_y ? j * rs[rank - 2] + k : k * rs[rank - 2] + j);
      acc += static_cast<V>(lhs[li]) * static_cast<V>(rhs[ri]);
    }
    out[o] = acc;
  }
  return out;
}

Options MatMulOptions(const Case& c, bool asymmetric = false) {
  return {{"adj_x", c.adj_x}, {"adj_y", c.adj_y}, {"asymmetric_quantize_inputs", asymmetric}};
}

TEST(BatchMatMul, FloatMatchesReference) {
  uint32_t seed = 1;
  for (const Case& c : Cases()) {
    for (bool constant : {false, true}) {
      auto a = RandomValues<float>(NumElementsOf(c.lhs), -2, 2, seed++);
      auto b = RandomValues<float>(NumElementsOf(c.rhs), -2, 2, seed++);
      OpTest t;
      int lhs = t.Input<float>(c.lhs, a);
      int rhs = constant ? t.Const<float>(c.rhs, b) : t.Input<float>(c.rhs, b);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("BATCH_MATMUL", {lhs, rhs}, {y}, MatMulOptions(c));
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      std::vector<int32_t> shape;
      auto ref = RefBatchMatMul<double>(a, b, c, &shape);
      EXPECT_EQ(t.Shape(y), shape);
      ExpectNear(t.Values<float>(y), ref, 1e-5, "float");
    }
  }
}

TEST(BatchMatMul, Int8IsBitExact) {
  uint32_t seed = 100;
  for (const Case& c : Cases()) {
    const float ls = 0.05f, rs = 0.03f, os = 0.04f;  // multiplier above one
    auto a = FullRange<int8_t>(NumElementsOf(c.lhs), seed++);
    auto b = FullRange<int8_t>(NumElementsOf(c.rhs), seed++);
    OpTest t;
    int lhs = t.Input<int8_t>(c.lhs, a, PerTensorQ(ls, -128));
    int rhs = t.Input<int8_t>(c.rhs, b, PerTensorQ(rs, 127));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(os, 3));
    t.Op("BATCH_MATMUL", {lhs, rhs}, {y}, MatMulOptions(c));
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    std::vector<int32_t> shape;
    auto acc =
        RefBatchMatMul<int64_t>(Centered<int64_t>(a, -128), Centered<int64_t>(b, 127), c, &shape);
    const RefMultiplier m = RefQuantizeMultiplier(static_cast<double>(ls * rs) / os);
    std::vector<int8_t> expect;
    for (int64_t v : acc) {
      expect.push_back(
          static_cast<int8_t>(std::clamp(RefScale32(static_cast<int32_t>(v), m) + 3, -128, 127)));
    }
    EXPECT_EQ(t.Values<int8_t>(y), expect);
  }
}

TEST(BatchMatMul, Int8ToInt32SumsRawProducts) {
  // TFLite's int8 x int8 -> int32 kernel ignores the zero points.
  uint32_t seed = 150;
  for (const Case& c : Cases()) {
    auto a = FullRange<int8_t>(NumElementsOf(c.lhs), seed++);
    auto b = FullRange<int8_t>(NumElementsOf(c.rhs), seed++);
    OpTest t;
    int lhs = t.Input<int8_t>(c.lhs, a, PerTensorQ(0.1f, 5));
    int rhs = t.Const<int8_t>(c.rhs, b, PerTensorQ(0.1f, -3));
    int y = t.Output(PLINTH_INT32);
    t.Op("BATCH_MATMUL", {lhs, rhs}, {y}, MatMulOptions(c));
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    std::vector<int32_t> shape;
    auto acc = RefBatchMatMul<int64_t>(a, b, c, &shape);
    EXPECT_EQ(t.Values<int32_t>(y), std::vector<int32_t>(acc.begin(), acc.end()));
  }
}

TEST(BatchMatMul, Int16IsBitExact) {
  uint32_t seed = 200;
  for (const Case& c : Cases()) {
    const float ls = 0.001f, rs = 0.002f, os = 0.05f;
    auto a = FullRange<int16_t>(NumElementsOf(c.lhs), seed++);
    auto b = FullRange<int16_t>(NumElementsOf(c.rhs), seed++);
    OpTest t;
    int lhs = t.Input<int16_t>(c.lhs, a, PerTensorQ(ls, 0));
    int rhs = t.Input<int16_t>(c.rhs, b, PerTensorQ(rs, 0));
    int y = t.Output(PLINTH_INT16, {}, PerTensorQ(os, 0));
    t.Op("BATCH_MATMUL", {lhs, rhs}, {y}, MatMulOptions(c));
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    std::vector<int32_t> shape;
    auto acc = RefBatchMatMul<int64_t>(a, b, c, &shape);
    const RefMultiplier m = RefQuantizeMultiplier(static_cast<double>(ls * rs) / os);
    std::vector<int16_t> expect;
    for (int64_t v : acc)
      expect.push_back(static_cast<int16_t>(std::clamp(RefScale64(v, m), -32768, 32767)));
    EXPECT_EQ(t.Values<int16_t>(y), expect);
  }
}

TEST(BatchMatMul, HybridApproximatesTheDequantizedProduct) {
  uint32_t seed = 300;
  for (const Case& c : Cases()) {
    for (bool asymmetric : {false, true}) {
      for (bool per_channel : {false, true}) {
        const int32_t cols = c.adj_y ? c.rhs[c.rhs.size() - 2] : c.rhs.back();
        std::vector<float> scales(cols, 0.02f);
        if (per_channel) {
          for (int32_t j = 0; j < cols; ++j) scales[j] = 0.005f * (j + 1);
        }
        const int axis = static_cast<int>(c.rhs.size()) - (c.adj_y ? 2 : 1);
        auto a = RandomValues<float>(NumElementsOf(c.lhs), -3, 2, seed++);
        auto b = RandomValues<int8_t>(NumElementsOf(c.rhs), -127, 127, seed++);
        OpTest t;
        int lhs = t.Input<float>(c.lhs, a);
        int rhs = t.Const<int8_t>(c.rhs, b,
                                  per_channel ? PerChannelQ(scales, axis) : PerTensorQ(0.02f, 0));
        int y = t.Output(PLINTH_FLOAT32);
        t.Op("BATCH_MATMUL", {lhs, rhs}, {y}, MatMulOptions(c, asymmetric));
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        // Dequantized weights: scale of column j.
        std::vector<double> bd(b.size()), babs(b.size());
        const std::vector<size_t> strides = StridesOf(c.rhs);
        for (size_t i = 0; i < b.size(); ++i) {
          const size_t j = (i / strides[axis]) % c.rhs[axis];
          bd[i] = b[i] * double{scales[per_channel ? j : 0]};
          babs[i] = std::abs(bd[i]);
        }
        std::vector<int32_t> shape;
        auto ref = RefBatchMatMul<double>(a, bd, c, &shape);
        auto bound = RefBatchMatMul<double>(
            std::vector<double>(a.size(), asymmetric ? 5.0 / 255 : 3.0 / 127), babs, c, &shape);
        auto ours = t.Values<float>(y);
        ASSERT_EQ(ours.size(), ref.size());
        for (size_t i = 0; i < ref.size(); ++i) EXPECT_NEAR(ours[i], ref[i], bound[i] + 1e-5) << i;
      }
    }
  }
}

std::string RunError(OpTest& t) { return std::string(t.Run().message()); }

TEST(BatchMatMul, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  auto run = [](std::vector<int32_t> a, std::vector<int32_t> b, Options options = {}) {
    OpTest t;
    int lhs = t.Input<float>(a, std::vector<float>(NumElementsOf(a)));
    int rhs = t.Input<float>(b, std::vector<float>(NumElementsOf(b)));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("BATCH_MATMUL", {lhs, rhs}, {y}, options);
    return RunError(t);
  };
  EXPECT_THAT(run({2, 3, 4}, {2, 5, 3}), HasSubstr("contracted dimension"));
  EXPECT_THAT(run({2, 3, 4}, {3, 4, 3}), HasSubstr("do not broadcast"));
  EXPECT_THAT(run({4}, {4, 3}), HasSubstr("rank 2 to 5"));
  EXPECT_THAT(run({1, 1, 1, 1, 1, 2, 2}, {2, 2}), HasSubstr("rank 2 to 5"));
  {
    OpTest t;
    int lhs = t.Input<int8_t>({2, 2}, std::vector<int8_t>(4), PerTensorQ(0.1f, 0));
    int rhs = t.Input<int16_t>({2, 2}, std::vector<int16_t>(4), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("BATCH_MATMUL", {lhs, rhs}, {y});
    EXPECT_THAT(RunError(t), HasSubstr("same type"));
  }
  {
    OpTest t;
    int lhs = t.Input<int16_t>({2, 2}, std::vector<int16_t>(4), PerTensorQ(0.1f, 1));
    int rhs = t.Input<int16_t>({2, 2}, std::vector<int16_t>(4), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT16, {}, PerTensorQ(0.1f, 0));
    t.Op("BATCH_MATMUL", {lhs, rhs}, {y});
    EXPECT_THAT(RunError(t), HasSubstr("zero point 0"));
  }
}

}  // namespace
}  // namespace plinth::testing
