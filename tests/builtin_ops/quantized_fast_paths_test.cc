// The uint8 / int8 fast paths (CONV_2D through the int16-pair GEMM, DEPTHWISE_CONV_2D) must be
// bit-exact: each geometry runs with the reference kernels
// (PLINTH_BUILTIN_ISA=reference), the portable fast path and the best ISA, on 1 and 2 threads, and
// every output must be identical. Full-range inputs, zero points at the type's edges, per-channel
// scales giving multipliers below and above one (saturating outputs), fused activations, channel
// counts off the vector width, of 8 and over one channel block, windows of 1x1 to 5x5, strides 1
// and 2, dilation, SAME and VALID padding, batches. (The reference kernels themselves are checked
// against a slow reference and TFLite by the op tests and differential cases.)
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> input;
  int32_t out_c, kernel;
  bool same;
  int32_t stride, dilation;
  const char* activation;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> c = {
      {{1, 9, 8, 16}, 16, 3, true, 1, 1, "RELU6"},
      {{2, 9, 11, 19}, 19, 3, true, 2, 1, "NONE"},
      {{1, 7, 7, 40}, 33, 5, true, 1, 1, "RELU"},
      {{1, 10, 9, 7}, 7, 5, false, 2, 1, "RELU_N1_TO_1"},
      {{1, 6, 7, 1}, 1, 3, true, 1, 1, "NONE"},
      {{1, 11, 10, 24}, 24, 3, true, 1, 2, "RELU6"},
      {{1, 5, 5, 300}, 300, 3, true, 1, 1, "NONE"},  // more channels than one block
      {{1, 6, 5, 37}, 70, 1, true, 1, 1, "NONE"},    // 1x1
      {{1, 2, 2, 16}, 16, 5, true, 1, 1, "NONE"},    // window larger than the input
      // Long rows of whole windows (the AVX2 interior kernel), stride 2, a dilated 5x5.
      {{1, 7, 21, 32}, 32, 3, true, 2, 1, "RELU6"},
      {{1, 12, 15, 20}, 20, 5, false, 1, 2, "NONE"},
      // 8 channels (0.25-width MobileNets): the half-group / half-panel kernels alone (rows of
      // an odd and an even number of interior pixels: two pixels share a register).
      {{1, 9, 11, 8}, 8, 3, true, 1, 1, "NONE"},
      {{1, 10, 13, 8}, 8, 3, false, 2, 1, "RELU6"},
      {{1, 8, 12, 8}, 8, 3, true, 1, 1, "RELU6"},
      // 24 channels: a group of 16 and a half group; a 2x2 window (even tap count, no lone tap).
      {{1, 9, 10, 24}, 24, 2, true, 1, 1, "NONE"},
      // 1x1 over whole quads of channels, two images: the indirect path's in-place rows.
      {{2, 5, 6, 24}, 40, 1, true, 1, 1, "RELU6"},
      // A first layer: 3 channels (taps padded to a quad; the last taps read through a copy).
      {{1, 13, 14, 3}, 8, 3, true, 2, 1, "RELU6"},
  };
  return c;
}

// Runs `op` on `c` with the given element type under every ISA level and thread count; all
// outputs must equal the reference kernels'.
// Quantization of a run: kSaturating puts zero points at the type's edges and makes most
// outputs saturate; kSpread centres zero points and scales so that most outputs land inside the
// range, with per-channel multipliers that differ in their mantissas (not only their shifts).
enum class Quant { kSaturating, kSpread };

template <class T>
void ExpectAllLevelsEqual(const std::string& op, const Case& c, PlinthType type, uint32_t seed,
                          bool with_bias = true, Quant quant = Quant::kSaturating) {
  const bool depthwise = op == "DEPTHWISE_CONV_2D";
  const int32_t in_c = c.input[3];
  const std::vector<int32_t> filter_shape =
      depthwise ? std::vector<int32_t>{1, c.kernel, c.kernel, in_c}
                : std::vector<int32_t>{c.out_c, c.kernel, c.kernel, in_c};
  const int32_t out_c = depthwise ? in_c : c.out_c;
  const bool is_uint8 = type == PLINTH_UINT8;
  auto x = FullRange<T>(NumElementsOf(c.input), seed);
  auto w = FullRange<T>(NumElementsOf(filter_shape), seed + 1);
  if (!is_uint8) {
    for (T& v : w) v = v == -128 ? static_cast<T>(-127) : v;  // symmetric int8 weights
  }
  auto bias = RandomValues<int32_t>(out_c, -30000, 30000, seed + 2);
  const bool spread = quant == Quant::kSpread;
  QuantSpec in_q = PerTensorQ(0.05f, is_uint8 ? (spread ? 128 : 255) : (spread ? -5 : -128));
  QuantSpec out_q = spread ? PerTensorQ(is_uint8 ? 1.f : 0.4f, is_uint8 ? 128 : 0)
                           : PerTensorQ(0.4f, is_uint8 ? 3 : 127);
  QuantSpec w_q;
  if (is_uint8) {
    w_q = PerTensorQ(0.02f, spread ? 128 : 200);
  } else {
    std::vector<float> scales(static_cast<size_t>(out_c));
    // Saturating: multipliers from ~0.002 to ~20, below and above one. Spread: eleven mantissas.
    for (size_t i = 0; i < scales.size(); ++i) {
      scales[i] = spread ? 0.0005f * (1.f + 0.37f * static_cast<float>(i % 11))
                         : 0.0005f * static_cast<float>(1 << (i % 15));
    }
    w_q = PerChannelQ(scales, depthwise ? 3 : 0);
  }
  std::vector<std::vector<T>> results;
  for (const char* isa : AllIsaLevels()) {
    for (int threads : {1, 2}) {
      ScopedIsa scoped(isa);
      OpTest t;
      int in = t.Input<T>(c.input, x, in_q);
      int y = t.Output(type, {}, out_q);
      Options options = {{"padding", c.same ? "SAME" : "VALID"},
                         {"stride_h", c.stride},
                         {"stride_w", c.stride},
                         {"dilation_h_factor", c.dilation},
                         {"dilation_w_factor", c.dilation},
                         {"fused_activation_function", c.activation}};
      if (depthwise) options.push_back({"depth_multiplier", 1});
      t.Op(op,
           {in, t.Const<T>(filter_shape, w, w_q), with_bias ? t.Const<int32_t>({out_c}, bias) : -1},
           {y}, options);
      InterpreterOptions io;
      io.num_threads = threads;
      ASSERT_TRUE(t.Run(io).ok()) << op << " " << t.Run(io).message();
      results.push_back(t.Values<T>(y));
      ASSERT_EQ(results.back(), results.front()) << op << " isa '" << isa << "' threads " << threads
                                                 << " differs from the reference, seed " << seed;
    }
  }
}

TEST(QuantizedFastPaths, DepthwiseIsBitExactUnderEveryIsa) {
  uint32_t seed = 500;
  for (const Case& c : Cases()) {
    ExpectAllLevelsEqual<int8_t>("DEPTHWISE_CONV_2D", c, PLINTH_INT8, seed += 3);
    ExpectAllLevelsEqual<uint8_t>("DEPTHWISE_CONV_2D", c, PLINTH_UINT8, seed += 3);
  }
}

// Without a bias the interior kernel's folded term is the input offset's alone.
TEST(QuantizedFastPaths, DepthwiseWithoutBiasIsBitExactUnderEveryIsa) {
  uint32_t seed = 900;
  for (size_t i : {0u, 2u, 9u}) {
    ExpectAllLevelsEqual<int8_t>("DEPTHWISE_CONV_2D", Cases()[i], PLINTH_INT8, seed += 3, false);
    ExpectAllLevelsEqual<uint8_t>("DEPTHWISE_CONV_2D", Cases()[i], PLINTH_UINT8, seed += 3, false);
  }
}

// Outputs mostly inside the range, so that every channel's bias, multiplier and shift shows (the
// interior kernels requantize 16 channels, or two pixels of 8, per register).
TEST(QuantizedFastPaths, DepthwiseWithSpreadOutputsIsBitExactUnderEveryIsa) {
  uint32_t seed = 1300;
  for (const Case& c : Cases()) {
    ExpectAllLevelsEqual<int8_t>("DEPTHWISE_CONV_2D", c, PLINTH_INT8, seed += 3, true,
                                 Quant::kSpread);
    ExpectAllLevelsEqual<uint8_t>("DEPTHWISE_CONV_2D", c, PLINTH_UINT8, seed += 3, true,
                                  Quant::kSpread);
  }
}

// An empty window (a 0x0 filter, which a hostile model may carry: WindowPadding accepts it) sums
// nothing: bias alone, on every path, and the interior kernel must not be picked for it.
TEST(QuantizedFastPaths, DepthwiseEmptyWindowGivesBiasAlone) {
  const Case c = {{1, 5, 6, 16}, 16, 0, true, 1, 1, "NONE"};
  ExpectAllLevelsEqual<int8_t>("DEPTHWISE_CONV_2D", c, PLINTH_INT8, 950);
  ExpectAllLevelsEqual<uint8_t>("DEPTHWISE_CONV_2D", c, PLINTH_UINT8, 953);
}

TEST(QuantizedFastPaths, ConvIsBitExactUnderEveryIsa) {
  uint32_t seed = 700;
  for (const Case& c : Cases()) {
    ExpectAllLevelsEqual<int8_t>("CONV_2D", c, PLINTH_INT8, seed += 3);
    ExpectAllLevelsEqual<uint8_t>("CONV_2D", c, PLINTH_UINT8, seed += 3);
  }
}

// Outputs mostly inside the range: each channel's bias, multiplier and shift shows in them (the
// GEMM's requantizing kernels handle 16 channels per tile, the last rows of a tile apart).
TEST(QuantizedFastPaths, ConvWithSpreadOutputsIsBitExactUnderEveryIsa) {
  uint32_t seed = 1700;
  for (const Case& c : Cases()) {
    for (bool with_bias : {true, false}) {
      ExpectAllLevelsEqual<int8_t>("CONV_2D", c, PLINTH_INT8, seed += 3, with_bias, Quant::kSpread);
      ExpectAllLevelsEqual<uint8_t>("CONV_2D", c, PLINTH_UINT8, seed += 3, with_bias,
                                    Quant::kSpread);
    }
  }
}

}  // namespace
}  // namespace plinth::testing
