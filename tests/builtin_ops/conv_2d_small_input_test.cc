// CONV_2D float on inputs of 1-4 channels (first layers: RGB images), which the AVX2 small-input
// kernel serves where the output channels are a multiple of 8 (and the AVX-512 one where they are a
// multiple of 16): at every kernel level and on 1 and 2 threads, every output bit-identical to the
// reference kernel over windows 1x1 to 5x5, strides 1-3, dilations, SAME and VALID (rows and
// columns of border pixels, tiny images that are all border), 8 to 96 output channels (channel
// blocks of 8 to 64 and their mixes), with and without bias, every activation, batches; with fused
// multiply-adds allowed, within 1e-5 of a double reference. Output channels off the multiple of 8
// keep the GEMM path and must agree too.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> input;   // [N, H, W, C]
  std::vector<int32_t> filter;  // [O, KH, KW, C]
  bool same;
  int32_t stride_h, stride_w;
  int32_t dil_h, dil_w;
  bool bias;
  const char* activation;
};

std::string Describe(const Case& c) {
  std::string s = "input";
  for (int32_t d : c.input) s += " " + std::to_string(d);
  s += " filter";
  for (int32_t d : c.filter) s += " " + std::to_string(d);
  return s + (c.same ? " SAME" : " VALID") + " stride " + std::to_string(c.stride_h) + "x" +
         std::to_string(c.stride_w) + " dilation " + std::to_string(c.dil_h) + "x" +
         std::to_string(c.dil_w) + (c.bias ? " bias " : " no bias ") + c.activation;
}

int Build(OpTest& t, const Case& c, const std::vector<float>& x, const std::vector<float>& w,
          const std::vector<float>& bias) {
  const int in = t.Input<float>(c.input, x);
  const int y = t.Output(PLINTH_FLOAT32);
  t.Op("CONV_2D",
       {in, t.Const<float>(c.filter, w), c.bias ? t.Const<float>({c.filter[0]}, bias) : -1}, {y},
       {{"padding", c.same ? "SAME" : "VALID"},
        {"stride_h", c.stride_h},
        {"stride_w", c.stride_w},
        {"dilation_h_factor", c.dil_h},
        {"dilation_w_factor", c.dil_w},
        {"fused_activation_function", c.activation}});
  return y;
}

std::vector<Case> Cases() {
  const char* activations[] = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"};
  const int32_t outputs[] = {8, 16, 24, 32, 40, 56, 64, 72, 12};
  std::vector<Case> cases;
  int i = 0;
  for (int32_t channels : {1, 2, 3, 4}) {
    for (int32_t k : {1, 3, 5}) {
      for (int32_t stride : {1, 2, 3}) {
        for (bool same : {true, false}) {
          const int32_t h = 5 + i % 7, w = 4 + (i * 5) % 23;
          if (!same && (h < k || w < k)) continue;
          cases.push_back({{1 + i % 2, h, w, channels},
                           {outputs[i % 9], k, k, channels},
                           same,
                           stride,
                           stride == 3 ? 1 : stride,
                           1,
                           1,
                           i % 3 != 0,
                           activations[i % 4]});
          ++i;
        }
      }
    }
  }
  // MobileNet-like first layers (3x3 stride 2 on RGB to 8 and 32 channels), dilated windows,
  // windows wider than the image (all border), and windows of other shapes.
  cases.push_back({{1, 25, 31, 3}, {8, 3, 3, 3}, true, 2, 2, 1, 1, true, "RELU6"});
  cases.push_back({{1, 17, 33, 3}, {32, 3, 3, 3}, true, 2, 2, 1, 1, true, "RELU6"});
  cases.push_back({{1, 13, 21, 3}, {16, 3, 3, 3}, true, 1, 1, 2, 3, true, "NONE"});
  cases.push_back({{1, 15, 19, 2}, {24, 3, 3, 2}, false, 1, 1, 3, 2, false, "RELU"});
  cases.push_back({{1, 2, 3, 3}, {16, 5, 5, 3}, true, 1, 1, 1, 1, true, "NONE"});
  cases.push_back({{2, 9, 12, 4}, {40, 2, 4, 4}, true, 1, 2, 1, 1, true, "RELU_N1_TO_1"});
  // The AVX-512 kernel's blocks of 16-channel vectors: 3 (48), 4 + 1 (80), 4 + 2 (96), with 1-4
  // input channels, interior blocks of 16 / 5 / 4 pixels and their remainders.
  cases.push_back({{1, 9, 37, 3}, {48, 3, 3, 3}, true, 1, 1, 1, 1, true, "RELU"});
  cases.push_back({{1, 7, 41, 1}, {80, 3, 3, 1}, true, 1, 1, 1, 1, false, "NONE"});
  cases.push_back({{2, 11, 29, 4}, {96, 3, 3, 4}, true, 2, 2, 1, 1, true, "RELU6"});
  cases.push_back({{1, 8, 45, 2}, {16, 5, 5, 2}, false, 1, 1, 1, 2, true, "NONE"});
  return cases;
}

TEST(Conv2DSmallInput, EveryLevelBitIdenticalToReference) {
  uint32_t seed = 300;
  for (const Case& c : Cases()) {
    const auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
    const auto w = RandomValues<float>(NumElementsOf(c.filter), -1, 1, seed++);
    const auto bias = RandomValues<float>(c.filter[0], -1, 1, seed++);
    const auto results = RunAtEveryLevel<float>([&](OpTest& t) { return Build(t, c, x, w, bias); });
    ASSERT_EQ(results.size(), 2 * AllIsaLevels().size()) << Describe(c);
    for (size_t r = 1; r < results.size(); ++r) {
      EXPECT_EQ(Bits(results[r]), Bits(results[0])) << Describe(c) << " run " << r;
    }
  }
}

TEST(Conv2DSmallInput, FusedWithinToleranceOfDoubleReference) {
  ScopedFma fma(true);
  uint32_t seed = 7000;
  for (const Case& c : Cases()) {
    const auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
    const auto w = RandomValues<float>(NumElementsOf(c.filter), -1, 1, seed++);
    const auto bias = RandomValues<float>(c.filter[0], -1, 1, seed++);
    std::vector<int32_t> shape;
    auto ref = RefConv2D<double>(Centered<double>(x), c.input, Centered<double>(w), c.filter,
                                 {c.same, c.stride_h, c.stride_w, c.dil_h, c.dil_w}, &shape);
    for (size_t i = 0; i < ref.size(); ++i) {
      ref[i] = RefClamp(ref[i] + (c.bias ? bias[i % c.filter[0]] : 0.0), c.activation);
    }
    ExpectNearOnOneAndTwoThreads([&](OpTest& t) { return Build(t, c, x, w, bias); }, ref, shape,
                                 1e-5, Describe(c));
  }
}

}  // namespace
}  // namespace plinth::testing
