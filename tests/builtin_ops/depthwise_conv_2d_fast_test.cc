// DEPTHWISE_CONV_2D's float fast path (depth multiplier 1: portable and AVX2+FMA row kernels) and
// the reference kernel it replaces, forced in turn with PLINTH_BUILTIN_ISA, on 1 and 2 threads:
// 3x3 and 5x5 windows, strides 1 and 2, SAME and VALID padding, dilation, channel counts below, at
// and off the vector width (1, 7, 16, 19, 40), multiplier 2 (reference kernel), fused activations,
// against a double reference and bit-identical to the reference kernel.
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

TEST(DepthwiseConv2DFast, EveryIsaMatchesReference) {
  struct Case {
    std::vector<int32_t> input, filter;  // filter [1, KH, KW, C * M]
    bool same;
    int32_t stride, dilation;
    const char* activation;
  };
  const std::vector<Case> cases = {
      {{1, 9, 8, 16}, {1, 3, 3, 16}, true, 1, 1, "RELU6"},
      {{2, 9, 11, 19}, {1, 3, 3, 19}, true, 2, 1, "NONE"},
      {{1, 7, 7, 40}, {1, 5, 5, 40}, true, 1, 1, "RELU"},
      {{1, 10, 9, 7}, {1, 5, 5, 7}, true, 2, 1, "RELU_N1_TO_1"},
      {{1, 6, 7, 1}, {1, 3, 3, 1}, false, 1, 1, "NONE"},
      {{1, 11, 10, 24}, {1, 3, 3, 24}, true, 1, 2, "RELU6"},  // dilated
      {{1, 8, 8, 17}, {1, 3, 3, 17}, false, 2, 1, "NONE"},    // VALID, stride 2
      {{1, 2, 2, 16}, {1, 5, 5, 16}, true, 1, 1, "NONE"},     // window larger than the input
      {{1, 5, 6, 3}, {1, 3, 3, 6}, true, 1, 1, "RELU6"},      // multiplier 2
  };
  uint32_t seed = 300;
  for (const Case& c : cases) {
    auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
    auto w = RandomValues<float>(NumElementsOf(c.filter), -1, 1, seed++);
    auto bias = RandomValues<float>(c.filter[3], -1, 1, seed++);
    std::vector<int32_t> shape;
    auto ref = RefDepthwise<double>(Centered<double>(x), c.input, Centered<double>(w), c.filter,
                                    {c.same, c.stride, c.stride, c.dilation, c.dilation}, &shape);
    for (size_t i = 0; i < ref.size(); ++i) {
      ref[i] = RefClamp(ref[i] + bias[i % c.filter[3]], c.activation);
    }
    std::vector<std::vector<float>> results;
    for (const char* isa : {"reference", "portable", ""}) {
      for (int threads : {1, 2}) {
        ScopedIsa scoped(isa);
        OpTest t;
        int in = t.Input<float>(c.input, x);
        int y = t.Output(PLINTH_FLOAT32);
        t.Op("DEPTHWISE_CONV_2D",
             {in, t.Const<float>(c.filter, w), t.Const<float>({c.filter[3]}, bias)}, {y},
             {{"padding", c.same ? "SAME" : "VALID"},
              {"stride_h", c.stride},
              {"stride_w", c.stride},
              {"dilation_h_factor", c.dilation},
              {"dilation_w_factor", c.dilation},
              {"depth_multiplier", c.filter[3] / c.input[3]},
              {"fused_activation_function", c.activation}});
        InterpreterOptions options;
        options.num_threads = threads;
        ASSERT_TRUE(t.Run(options).ok()) << t.Run(options).message();
        EXPECT_EQ(t.Shape(y), shape);
        ExpectNear(t.Values<float>(y), ref, 1e-5,
                   std::string("isa '") + isa + "' threads " + std::to_string(threads) + " case " +
                       std::to_string(seed));
        // Same products, same order, no fused multiply-add: the reference kernel's bits.
        results.push_back(t.Values<float>(y));
        EXPECT_EQ(results.back(), results.front()) << "isa '" << isa << "'";
      }
    }
  }
}

// Without a bias the fast path adds nothing (the reference adds zero): same results.
TEST(DepthwiseConv2DFast, NoBiasMatchesReferenceKernel) {
  const std::vector<int32_t> in_shape = {1, 6, 6, 20}, f_shape = {1, 3, 3, 20};
  auto x = RandomValues<float>(NumElementsOf(in_shape), -2, 2, 1);
  auto w = RandomValues<float>(NumElementsOf(f_shape), -1, 1, 2);
  std::vector<int32_t> shape;
  auto ref = RefDepthwise<double>(Centered<double>(x), in_shape, Centered<double>(w), f_shape,
                                  {true, 2, 2, 1, 1}, &shape);
  for (const char* isa : {"reference", "portable", ""}) {
    ScopedIsa scoped(isa);
    OpTest t;
    int in = t.Input<float>(in_shape, x);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("DEPTHWISE_CONV_2D", {in, t.Const<float>(f_shape, w), -1}, {y},
         {{"padding", "SAME"}, {"stride_h", 2}, {"stride_w", 2}, {"depth_multiplier", 1}});
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    ExpectNear(t.Values<float>(y), ref, 1e-5, isa);
  }
}

}  // namespace
}  // namespace plinth::testing
