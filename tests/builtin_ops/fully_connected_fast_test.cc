// The uint8 / int8 FULLY_CONNECTED fast paths (the int16-pair GEMM, AVX2; the dot-product and
// indirect kernels, AArch64 SDOT and AVX512-VNNI) must be bit-exact: each
// shape runs with the reference kernels (PLINTH_BUILTIN_ISA=reference), the portable level (which
// keeps the reference kernel for this op) and the best ISA, on 1 and 2 threads, and every output
// must equal the reference kernels'. Batch 1 and
// more (whole and partial tiles of 4 rows), depths off the pair and vector widths, units off and
// over a panel of 16, full-range inputs, zero points at the type's edges, per-tensor and
// per-channel weights with multipliers below and above one (saturating outputs), fused
// activations, the uint8 -> int16 output. (The reference kernels themselves are checked against a
// slow reference by fully_connected_test.cc.)
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> input;  // the last dimension is the depth
  int32_t units;
  const char* activation;
  bool keep_num_dims = false;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> c = {
      {{1, 1}, 1, "NONE"},
      {{1, 37}, 70, "RELU"},   // odd depth, units over four panels
      {{3, 17}, 16, "RELU6"},  // a partial tile, one whole panel
      {{5, 64}, 33, "NONE"},   // a whole tile and one row
      {{2, 300}, 19, "RELU_N1_TO_1"},
      {{8, 15}, 40, "NONE"},         // two whole tiles
      {{1, 1023}, 10, "NONE"},       // a long odd depth
      {{2, 3, 9}, 7, "RELU", true},  // keep_num_dims
      {{4, 2, 8}, 24, "NONE"},       // flattened to rows of the depth
  };
  return c;
}

enum class Weights { kPerTensor, kPerChannel };

// Runs FULLY_CONNECTED on `c` under every ISA level and thread count; all outputs must equal the
// reference kernels'.
template <class T, class TOut>
void ExpectAllLevelsEqual(const Case& c, Weights weights, int64_t in_zp, int64_t w_zp,
                          int64_t out_zp, uint32_t seed, bool spread = false) {
  const int32_t depth = c.input.back();
  const std::vector<int32_t> w_shape = {c.units, depth};
  auto x = FullRange<T>(NumElementsOf(c.input), seed);
  auto w = FullRange<T>(NumElementsOf(w_shape), seed + 1);
  auto bias = RandomValues<int32_t>(c.units, -30000, 30000, seed + 2);
  const QuantSpec in_q = PerTensorQ(0.05f, in_zp);
  const QuantSpec out_q = PerTensorQ(std::is_same_v<TOut, int16_t> ? 0.002f : 0.4f, out_zp);
  QuantSpec w_q;
  if (weights == Weights::kPerTensor) {
    w_q = PerTensorQ(0.02f, w_zp);
  } else {
    for (T& v : w) v = v == -128 ? static_cast<T>(-127) : v;  // symmetric int8 weights
    std::vector<float> scales(static_cast<size_t>(c.units));
    // Multipliers from ~0.002 to ~20: below and above one, many outputs saturate. Spread:
    // eleven mantissas, most outputs inside the range (each channel's parameters show).
    for (size_t i = 0; i < scales.size(); ++i) {
      scales[i] = spread ? 0.0005f * (1.f + 0.37f * static_cast<float>(i % 11))
                         : 0.0005f * static_cast<float>(1 << (i % 15));
    }
    w_q = PerChannelQ(scales, 0);
  }
  std::vector<TOut> first;
  for (const char* isa : AllIsaLevels()) {
    for (int threads : {1, 2}) {
      ScopedIsa scoped(isa);
      OpTest t;
      int in = t.Input<T>(c.input, x, in_q);
      int y = t.Output(TypeOf<TOut>::value, {}, out_q);
      t.Op("FULLY_CONNECTED",
           {in, t.Const<T>(w_shape, w, w_q),
            t.Const<int32_t>({c.units}, bias, PerTensorQ(0.05f * w_q.scales[0], 0))},
           {y}, {{"fused_activation_function", c.activation}, {"keep_num_dims", c.keep_num_dims}});
      InterpreterOptions io;
      io.num_threads = threads;
      const absl::Status status = t.Run(io);
      ASSERT_TRUE(status.ok()) << status.message();
      std::vector<TOut> values = t.Values<TOut>(y);
      if (first.empty()) first = values;
      ASSERT_EQ(values, first) << "isa '" << isa << "' threads " << threads
                               << " differs from the reference, seed " << seed;
    }
  }
}

TEST(FullyConnectedFast, Int8IsBitExactUnderEveryIsa) {
  uint32_t seed = 900;
  for (const Case& c : Cases()) {
    ExpectAllLevelsEqual<int8_t, int8_t>(c, Weights::kPerChannel, -128, 0, 127, seed += 3);
    ExpectAllLevelsEqual<int8_t, int8_t>(c, Weights::kPerChannel, 127, 0, -128, seed += 3);
    // Per-tensor int8 weights may keep a zero point (asymmetric).
    ExpectAllLevelsEqual<int8_t, int8_t>(c, Weights::kPerTensor, -128, 127, 0, seed += 3);
    ExpectAllLevelsEqual<int8_t, int8_t>(c, Weights::kPerTensor, 127, -128, 5, seed += 3);
  }
}

TEST(FullyConnectedFast, Uint8IsBitExactUnderEveryIsa) {
  uint32_t seed = 1300;
  for (const Case& c : Cases()) {
    ExpectAllLevelsEqual<uint8_t, uint8_t>(c, Weights::kPerTensor, 255, 0, 3, seed += 3);
    ExpectAllLevelsEqual<uint8_t, uint8_t>(c, Weights::kPerTensor, 0, 255, 255, seed += 3);
    ExpectAllLevelsEqual<uint8_t, uint8_t>(c, Weights::kPerTensor, 128, 120, 0, seed += 3);
    ExpectAllLevelsEqual<uint8_t, int16_t>(c, Weights::kPerTensor, 255, 0, 0, seed += 3);
  }
}

// Outputs mostly inside the range: a wrong channel's bias, multiplier or shift shows (the
// indirect kernels requantize 16 channels per panel, up to 64 per row in the gemv kernel).
TEST(FullyConnectedFast, SpreadOutputsAreBitExactUnderEveryIsa) {
  uint32_t seed = 2100;
  for (const Case& c : Cases()) {
    ExpectAllLevelsEqual<int8_t, int8_t>(c, Weights::kPerChannel, -3, 0, 2, seed += 3, true);
    ExpectAllLevelsEqual<int8_t, int8_t>(c, Weights::kPerTensor, 4, 3, -1, seed += 3, true);
    ExpectAllLevelsEqual<uint8_t, uint8_t>(c, Weights::kPerTensor, 128, 131, 128, seed += 3, true);
  }
}

// Zero points outside their types (the loader accepts them): the int16 operands would wrap, so the
// reference kernel must serve these nodes under every level.
TEST(FullyConnectedFast, ZeroPointsOutsideTheTypeMatchTheReference) {
  uint32_t seed = 1700;
  for (const Case& c : {Cases()[1], Cases()[3]}) {
    ExpectAllLevelsEqual<uint8_t, uint8_t>(c, Weights::kPerTensor, 40000, 0, 3, seed += 3);
    ExpectAllLevelsEqual<int8_t, int8_t>(c, Weights::kPerTensor, 0, -40000, 0, seed += 3);
  }
}

}  // namespace
}  // namespace plinth::testing
