// DEPTHWISE_CONV_2D's dedicated 3x3 and 5x5 float row kernels (depth multiplier 1, any dilation,
// horizontal stride 1 or 2): at every kernel level and on 1 and 2 threads, every output
// bit-identical to the reference kernel over shapes whose rows are all border, part border and part
// blocks of 8, 4 and 1 pixels (widths 1..30, heights 1..13), channel counts off the vector widths,
// SAME and VALID, strides 1 and 2 (and vertical strides the kernel does not block on), with and
// without bias, every activation, dilations 1, 2 and 4 (DeepLab's atrous blocks); with fused
// multiply-adds allowed, within 1e-5 of a double reference.
#include <array>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> input;  // [N, H, W, C]
  int32_t kernel;              // 3 or 5
  bool same;
  int32_t stride_h, stride_w;
  bool bias;
  const char* activation;
  int32_t dil_h = 1, dil_w = 1;
};

std::string Describe(const Case& c) {
  std::string s = std::to_string(c.kernel) + "x" + std::to_string(c.kernel) + " input";
  for (int32_t d : c.input) s += " " + std::to_string(d);
  return s + (c.same ? " SAME" : " VALID") + " stride " + std::to_string(c.stride_h) + "x" +
         std::to_string(c.stride_w) + " dilation " + std::to_string(c.dil_h) + "x" +
         std::to_string(c.dil_w) + (c.bias ? " bias " : " no bias ") + c.activation;
}

int Build(OpTest& t, const Case& c, const std::vector<float>& x, const std::vector<float>& w,
          const std::vector<float>& bias) {
  const int32_t ch = c.input[3];
  const int in = t.Input<float>(c.input, x);
  const int y = t.Output(PLINTH_FLOAT32);
  t.Op("DEPTHWISE_CONV_2D",
       {in, t.Const<float>({1, c.kernel, c.kernel, ch}, w),
        c.bias ? t.Const<float>({ch}, bias) : -1},
       {y},
       {{"padding", c.same ? "SAME" : "VALID"},
        {"stride_h", c.stride_h},
        {"stride_w", c.stride_w},
        {"depth_multiplier", 1},
        {"dilation_h_factor", c.dil_h},
        {"dilation_w_factor", c.dil_w},
        {"fused_activation_function", c.activation}});
  return y;
}

std::vector<Case> Cases() {
  const char* activations[] = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"};
  const int32_t channels[] = {1, 3, 17, 40, 8, 16, 33};
  std::vector<Case> cases;
  int i = 0;
  for (int32_t kernel : {3, 5}) {
    for (int32_t h : {1, 2, 3, 4, 7}) {
      for (int32_t w = 1; w <= (kernel == 3 ? 9 : 11); ++w) {
        for (int32_t stride : {1, 2}) {
          for (bool same : {true, false}) {
            // VALID needs the window inside the input.
            if (!same && (h < kernel || w < kernel)) continue;
            cases.push_back({{1, h, w, channels[i % 7]},
                             kernel,
                             same,
                             stride,
                             stride,
                             i % 3 != 0,
                             activations[i % 4]});
            ++i;
          }
        }
      }
    }
  }
  // Wider rows (several blocks), batches, and vertical strides other than the horizontal.
  cases.push_back({{2, 9, 23, 48}, 3, true, 1, 1, true, "RELU6"});
  cases.push_back({{1, 12, 22, 35}, 3, true, 2, 2, true, "NONE"});
  cases.push_back({{1, 8, 19, 24}, 3, false, 1, 2, false, "RELU"});
  cases.push_back({{1, 10, 17, 9}, 3, true, 3, 1, true, "RELU_N1_TO_1"});
  // Multiples of 16 channels (the AVX-512 kernel's groups) and one off them: rows of 8-pixel,
  // 4-pixel and single-pixel blocks, vertical strides other than the horizontal.
  cases.push_back({{1, 7, 30, 16}, 3, true, 2, 1, true, "RELU6"});
  cases.push_back({{1, 9, 29, 24}, 3, true, 2, 2, false, "NONE"});
  cases.push_back({{1, 9, 27, 32}, 3, true, 2, 2, true, "RELU"});
  cases.push_back({{2, 6, 15, 64}, 3, false, 1, 1, true, "RELU"});
  // 16 channels and more with dilated windows, as in DeepLab's atrous blocks.
  for (const auto& [dil_h, dil_w, stride, width] : std::vector<std::array<int32_t, 4>>{
           {2, 2, 1, 30}, {4, 4, 1, 37}, {1, 2, 2, 31}, {3, 4, 2, 41}, {2, 3, 1, 29}}) {
    Case d{{1, 11, width, 16 + 8 * (width % 3)}, 3, width % 2 == 0, stride, stride, true, "RELU6"};
    d.dil_h = dil_h;
    d.dil_w = dil_w;
    cases.push_back(d);
  }
  cases.push_back({{1, 9, 21, 40}, 5, true, 1, 1, true, "RELU6"});
  cases.push_back({{2, 11, 20, 17}, 5, true, 2, 2, false, "NONE"});
  cases.push_back({{1, 9, 16, 32}, 5, false, 2, 1, true, "RELU"});
  // Dilated windows: rows with no interior, some, and many blocks; dilations equal and not.
  for (int32_t kernel : {3, 5}) {
    for (int32_t dil : {2, 4}) {
      for (int32_t w : {5, 9, 14, 23}) {
        for (int32_t stride : {1, 2}) {
          for (bool same : {true, false}) {
            const int32_t span = (kernel - 1) * dil + 1;
            if (!same && (w < span || 11 < span)) continue;
            Case c{{1, 11, w, channels[i % 7]}, kernel, same, stride, stride, i % 2 == 0,
                   activations[i % 4]};
            c.dil_h = i % 3 == 0 ? 1 : dil;
            c.dil_w = dil;
            cases.push_back(c);
            ++i;
          }
        }
      }
    }
  }
  Case vertical{{2, 13, 12, 20}, 3, true, 1, 1, true, "NONE"};
  vertical.dil_h = 3;  // vertical dilation only
  cases.push_back(vertical);
  return cases;
}

TEST(Depthwise3x3Fast, EveryLevelBitIdenticalToReference) {
  uint32_t seed = 900;
  for (const Case& c : Cases()) {
    const auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
    const auto w = RandomValues<float>(c.kernel * c.kernel * c.input[3], -1, 1, seed++);
    const auto bias = RandomValues<float>(c.input[3], -1, 1, seed++);
    const auto results = RunAtEveryLevel<float>([&](OpTest& t) { return Build(t, c, x, w, bias); });
    ASSERT_EQ(results.size(), 2 * AllIsaLevels().size()) << Describe(c);
    for (size_t r = 1; r < results.size(); ++r) {
      EXPECT_EQ(Bits(results[r]), Bits(results[0])) << Describe(c) << " run " << r;
    }
  }
}

TEST(Depthwise3x3Fast, FusedWithinToleranceOfDoubleReference) {
  ScopedFma fma(true);
  uint32_t seed = 5000;
  for (const Case& c : Cases()) {
    const auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
    const auto w = RandomValues<float>(c.kernel * c.kernel * c.input[3], -1, 1, seed++);
    const auto bias = RandomValues<float>(c.input[3], -1, 1, seed++);
    std::vector<int32_t> shape;
    auto ref = RefDepthwise<double>(Centered<double>(x), c.input, Centered<double>(w),
                                    {1, c.kernel, c.kernel, c.input[3]},
                                    {c.same, c.stride_h, c.stride_w, c.dil_h, c.dil_w}, &shape);
    for (size_t i = 0; i < ref.size(); ++i) {
      ref[i] = RefClamp(ref[i] + (c.bias ? bias[i % c.input[3]] : 0.0), c.activation);
    }
    ExpectNearOnOneAndTwoThreads([&](OpTest& t) { return Build(t, c, x, w, bias); }, ref, shape,
                                 1e-5, Describe(c));
  }
}

}  // namespace
}  // namespace plinth::testing
