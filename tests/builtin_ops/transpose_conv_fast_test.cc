// The float TRANSPOSE_CONV fast path (phases of the output through the packed GEMM) sums each
// output's products in the reference kernel's order, bias last, so it must give the reference's
// bits: each geometry runs with the reference kernels (PLINTH_BUILTIN_ISA=reference), the
// portable fast path and the best ISA, on 1 and 2 threads, and every output bit pattern must be
// the reference's (a tolerance of zero; the reference itself is checked against a double scatter
// reference within 1e-5 by transpose_conv_test.cc). Strides below, equal to and above the kernel
// size, unequal strides, SAME and VALID, outputs larger than the input's reach (pixels with no
// taps), channels off the micro-kernel tiles, batches, with and without bias, fused activations,
// constant and run-time output shapes.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> input, weights, output;
  bool same;
  int32_t stride_h, stride_w;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> c = {
      {{1, 3, 3, 2}, {3, 3, 3, 2}, {1, 6, 6, 3}, true, 2, 2},
      {{2, 4, 3, 3}, {2, 3, 3, 3}, {2, 9, 7, 2}, false, 2, 2},
      {{1, 5, 4, 2}, {4, 2, 4, 2}, {1, 6, 13, 4}, false, 1, 3},
      {{1, 2, 2, 1}, {1, 1, 1, 1}, {1, 2, 2, 1}, true, 1, 1},
      {{1, 3, 2, 4}, {3, 5, 3, 4}, {1, 9, 4, 3}, true, 3, 2},
      {{1, 7, 9, 19}, {33, 4, 4, 19}, {1, 14, 18, 33}, true, 2, 2},  // the usual 4x4 stride 2
      {{2, 5, 5, 16}, {17, 3, 3, 16}, {2, 11, 11, 17}, false, 2, 2},
      {{1, 6, 5, 8}, {20, 3, 3, 8}, {1, 6, 5, 20}, true, 1, 1},
      {{1, 3, 4, 5}, {7, 2, 2, 5}, {1, 9, 12, 7}, true, 3, 3},    // stride above the kernel
      {{1, 4, 4, 3}, {6, 1, 1, 3}, {1, 12, 10, 6}, false, 3, 2},  // pixels without taps
      {{1, 8, 8, 40}, {24, 3, 3, 40}, {1, 16, 16, 24}, true, 2, 2},
  };
  return c;
}

void ExpectAllLevelsEqual(const Case& c, const std::string& act, bool bias, bool dynamic,
                          uint32_t seed) {
  const int32_t oc = c.weights[0];
  auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed);
  auto w = RandomValues<float>(NumElementsOf(c.weights), -1, 1, seed + 1);
  auto b = RandomValues<float>(oc, -1, 1, seed + 2);
  std::vector<uint32_t> first;
  std::vector<float> reference;
  // The last level allows fused multiply-adds: other rounding, compared within a tolerance.
  for (const char* isa : {"reference", "portable", "", "fma"}) {
    const bool fma = std::string(isa) == "fma";
    for (int threads : {1, 2}) {
      ScopedIsa scoped(fma ? "" : isa);
      ScopedFma scoped_fma(fma);
      OpTest t;
      int shape = dynamic ? t.Input<int32_t>({4}, c.output) : t.Const<int32_t>({4}, c.output);
      int in = t.Input<float>(c.input, x);
      int y = t.Output(PLINTH_FLOAT32);
      std::vector<int> inputs = {shape, t.Const<float>(c.weights, w), in};
      if (bias) inputs.push_back(t.Const<float>({oc}, b));
      t.Op("TRANSPOSE_CONV", inputs, {y},
           {{"padding", c.same ? "SAME" : "VALID"},
            {"stride_h", c.stride_h},
            {"stride_w", c.stride_w},
            {"fused_activation_function", act}},
           4);
      InterpreterOptions io;
      io.num_threads = threads;
      const absl::Status status = t.Run(io);
      ASSERT_TRUE(status.ok()) << status.message();
      ASSERT_EQ(t.Shape(y), c.output);
      if (fma) {
        // Products of values within 2 and 1 summed over at most 16 x 40 terms: a different
        // rounding of each step moves a sum by far less than 1e-4 (relative to max(1, |sum|)).
        ExpectClose(t.Values<float>(y), reference, 1e-4);
        continue;
      }
      const std::vector<uint32_t> bits = Bits(t.Values<float>(y));
      if (first.empty()) first = bits, reference = t.Values<float>(y);
      ASSERT_EQ(bits, first) << "isa '" << isa << "' threads " << threads
                             << " differs from the reference, seed " << seed;
    }
  }
}

TEST(TransposeConvFast, FloatGivesTheReferenceBitsUnderEveryIsa) {
  uint32_t seed = 3000;
  for (const Case& c : Cases()) {
    ExpectAllLevelsEqual(c, "NONE", /*bias=*/true, /*dynamic=*/false, seed += 3);
    ExpectAllLevelsEqual(c, "RELU6", /*bias=*/false, /*dynamic=*/true, seed += 3);
  }
  ExpectAllLevelsEqual(Cases()[5], "RELU", true, true, seed += 3);
  ExpectAllLevelsEqual(Cases()[6], "RELU_N1_TO_1", false, false, seed += 3);
}

}  // namespace
}  // namespace plinth::testing
