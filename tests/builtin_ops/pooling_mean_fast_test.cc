// The AVERAGE_POOL_2D / MAX_POOL_2D fast paths (float32, int8, uint8) and the MEAN fast path
// (float32, int8, uint8 over a block of middle axes such as [1, 2] of NHWC), run with the
// reference kernels, the portable and the best ISA's kernels on 1 and 2 threads: every output must
// be identical to the reference kernels' (float bit for bit: the fast paths keep the reference's
// order of additions). Channel counts below, at and off the vector width and over one channel
// block (64), windows larger than the input, strides, SAME / VALID, fused activations, values at
// the integer ranges' edges, reductions the fast path does not serve (fallback) and empty inputs.
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

struct PoolCase {
  std::vector<int32_t> input;
  bool same;
  int32_t stride, filter_h, filter_w;
  const char* activation;
};

const std::vector<PoolCase>& PoolCases() {
  static const std::vector<PoolCase> c = {
      {{1, 9, 9, 8}, true, 2, 3, 3, "NONE"},     {{2, 7, 6, 19}, false, 1, 2, 3, "RELU"},
      {{1, 5, 5, 1}, true, 1, 3, 3, "RELU6"},    {{1, 6, 7, 70}, true, 2, 2, 2, "NONE"},
      {{1, 4, 4, 130}, false, 1, 4, 4, "NONE"},  {{1, 3, 3, 7}, true, 1, 5, 5, "RELU_N1_TO_1"},
      {{1, 14, 14, 32}, false, 2, 2, 2, "RELU"}, {{0, 4, 4, 3}, true, 1, 2, 2, "NONE"},
  };
  return c;
}

Options PoolOptions(const PoolCase& c) {
  return {{"padding", c.same ? "SAME" : "VALID"},
          {"stride_h", c.stride},
          {"stride_w", c.stride},
          {"filter_height", c.filter_h},
          {"filter_width", c.filter_w},
          {"fused_activation_function", c.activation}};
}

TEST(PoolingFast, FloatMatchesReferenceBits) {
  uint32_t seed = 40;
  for (const char* op : {"AVERAGE_POOL_2D", "MAX_POOL_2D"}) {
    for (const PoolCase& c : PoolCases()) {
      std::vector<float> x = RandomValues<float>(NumElementsOf(c.input), -10.0, 10.0, ++seed);
      for (size_t i = 0; i < x.size(); i += 29) x[i] = -0.f;
      auto results = RunAtEveryLevel<float>([&](OpTest& t) {
        const int in = t.Input<float>(c.input, x);
        const int y = t.Output(PLINTH_FLOAT32);
        t.Op(op, {in}, {y}, PoolOptions(c));
        return y;
      });
      ASSERT_EQ(results.size(), 2 * AllIsaLevels().size());
      std::string where;
      for (size_t i = 1; i < results.size(); ++i) {
        ASSERT_TRUE(SameFloatBits(results[i], results[0], &where))
            << op << " run " << i << " input " << ::testing::PrintToString(c.input) << ": "
            << where;
      }
    }
  }
}

template <class T>
void QuantizedPoolSweep(PlinthType type) {
  const double lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  uint32_t seed = 80;
  for (const char* op : {"AVERAGE_POOL_2D", "MAX_POOL_2D"}) {
    for (const PoolCase& c : PoolCases()) {
      for (int64_t zp : {static_cast<int64_t>(lo), static_cast<int64_t>(hi), int64_t{3}}) {
        std::vector<T> x = RandomValues<T>(NumElementsOf(c.input), lo, hi, ++seed);
        for (size_t i = 0; i < x.size(); i += 5) x[i] = static_cast<T>(i % 2 ? lo : hi);
        const QuantSpec q{{0.1f}, {zp}, 0};
        auto results = RunAtEveryLevel<T>([&](OpTest& t) {
          const int in = t.Input<T>(c.input, x, q);
          const int y = t.Output(type, {}, q);
          t.Op(op, {in}, {y}, PoolOptions(c));
          return y;
        });
        ASSERT_EQ(results.size(), 2 * AllIsaLevels().size());
        for (size_t i = 1; i < results.size(); ++i) {
          ASSERT_EQ(results[i], results[0])
              << op << " " << TypeName(type) << " run " << i << " input "
              << ::testing::PrintToString(c.input) << " zero point " << zp;
        }
      }
    }
  }
}

TEST(PoolingFast, Int8BitExactUnderEveryIsa) { QuantizedPoolSweep<int8_t>(PLINTH_INT8); }
TEST(PoolingFast, Uint8BitExactUnderEveryIsa) { QuantizedPoolSweep<uint8_t>(PLINTH_UINT8); }

struct MeanCase {
  std::vector<int32_t> shape, axes;
  bool keep_dims;
};

const std::vector<MeanCase>& MeanCases() {
  static const std::vector<MeanCase> c = {
      {{1, 7, 7, 16}, {1, 2}, false},
      {{2, 7, 7, 19}, {1, 2}, true},
      {{1, 33, 33, 70}, {2, 1}, true},
      {{3, 5, 6, 1}, {-3, -2}, false},
      {{2, 3, 4}, {0}, false},
      {{2, 3, 4, 5}, {1}, true},
      {{2, 3, 4, 5}, {1, 3}, false},  // not a middle block: the reference walk
      {{2, 3, 4, 5}, {0, 1, 2, 3}, true},
      {{1, 0, 4, 3}, {1, 2}, false},  // empty
  };
  return c;
}

TEST(MeanFast, FloatMatchesReferenceBits) {
  uint32_t seed = 300;
  for (const MeanCase& c : MeanCases()) {
    const std::vector<float> x = RandomValues<float>(NumElementsOf(c.shape), -50.0, 70.0, ++seed);
    auto results = RunAtEveryLevel<float>([&](OpTest& t) {
      const int in = t.Input<float>(c.shape, x);
      const int axes = t.Const<int32_t>({static_cast<int32_t>(c.axes.size())}, c.axes);
      const int y = t.Output(PLINTH_FLOAT32);
      t.Op("MEAN", {in, axes}, {y}, {{"keep_dims", c.keep_dims}});
      return y;
    });
    ASSERT_EQ(results.size(), 2 * AllIsaLevels().size());
    std::string where;
    for (size_t i = 1; i < results.size(); ++i) {
      ASSERT_TRUE(SameFloatBits(results[i], results[0], &where))
          << "run " << i << " shape " << ::testing::PrintToString(c.shape) << ": " << where;
    }
  }
}

template <class T>
void QuantizedMeanSweep(PlinthType type) {
  const double lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  // Input / output scales giving multipliers below and above one; zero points at the edges.
  const std::vector<std::pair<QuantSpec, QuantSpec>> quants = {
      {{{0.1f}, {static_cast<int64_t>(lo)}, 0}, {{0.1f}, {static_cast<int64_t>(hi)}, 0}},
      {{{0.02f}, {5}, 0}, {{0.3f}, {static_cast<int64_t>(lo)}, 0}},
      {{{0.5f}, {static_cast<int64_t>(hi)}, 0}, {{0.01f}, {0}, 0}},
  };
  uint32_t seed = 500;
  for (const MeanCase& c : MeanCases()) {
    for (const auto& q : quants) {
      const std::vector<T> x = RandomValues<T>(NumElementsOf(c.shape), lo, hi, ++seed);
      auto results = RunAtEveryLevel<T>([&](OpTest& t) {
        const int in = t.Input<T>(c.shape, x, q.first);
        const int axes = t.Const<int32_t>({static_cast<int32_t>(c.axes.size())}, c.axes);
        const int y = t.Output(type, {}, q.second);
        t.Op("MEAN", {in, axes}, {y}, {{"keep_dims", c.keep_dims}});
        return y;
      });
      ASSERT_EQ(results.size(), 2 * AllIsaLevels().size());
      for (size_t i = 1; i < results.size(); ++i) {
        ASSERT_EQ(results[i], results[0])
            << TypeName(type) << " run " << i << " shape " << ::testing::PrintToString(c.shape);
      }
    }
  }
}

TEST(MeanFast, Int8BitExactUnderEveryIsa) { QuantizedMeanSweep<int8_t>(PLINTH_INT8); }
TEST(MeanFast, Uint8BitExactUnderEveryIsa) { QuantizedMeanSweep<uint8_t>(PLINTH_UINT8); }

}  // namespace
}  // namespace plinth::testing
