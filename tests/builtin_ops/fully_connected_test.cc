// FULLY_CONNECTED against a direct reference: float32 (keep_num_dims, flattening, optional bias),
// uint8 (uint8 and int16 outputs), int8 per-tensor and per-channel weights, 16x8 with int64 and
// int32 bias, hybrid (symmetric and asymmetric inputs, every fused activation); invalid models.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

// out[b, u] = sum_k x[b, k] * w[u, k] over rows of `depth`.
template <class V>
std::vector<V> RefMatMul(const std::vector<V>& x, const std::vector<V>& w, int64_t batches,
                         int32_t units, int32_t depth) {
  std::vector<V> out(static_cast<size_t>(batches) * units);
  for (int64_t b = 0; b < batches; ++b)
    for (int32_t u = 0; u < units; ++u) {
      V acc = 0;
      for (int32_t k = 0; k < depth; ++k) acc += x[b * depth + k] * w[u * depth + k];
      out[b * units + u] = acc;
    }
  return out;
}

TEST(FullyConnected, FloatShapesAndActivations) {
  struct Case {
    std::vector<int32_t> input;
    int32_t units, depth;
    bool keep_num_dims, bias;
    std::vector<int32_t> output;
  };
  const std::vector<Case> cases = {
      {{3, 10}, 7, 10, false, true, {3, 7}},   {{2, 3, 6}, 5, 6, true, true, {2, 3, 5}},
      {{2, 3, 4}, 5, 6, false, false, {4, 5}},  // flattened to rows of the depth
      {{1, 1}, 1, 1, false, true, {1, 1}},     {{0, 4}, 3, 4, true, true, {0, 3}},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    for (const std::string act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"}) {
      const int64_t batches = static_cast<int64_t>(NumElementsOf(c.input)) / c.depth;
      auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
      auto w = RandomValues<float>(static_cast<size_t>(c.units) * c.depth, -1, 1, seed++);
      auto bias = RandomValues<float>(c.units, -1, 1, seed++);
      OpTest t;
      int in = t.Input<float>(c.input, x);
      int b = c.bias ? t.Const<float>({c.units}, bias) : -1;
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("FULLY_CONNECTED", {in, t.Const<float>({c.units, c.depth}, w), b}, {y},
           {{"keep_num_dims", c.keep_num_dims}, {"fused_activation_function", act}});
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      auto ref =
          RefMatMul<double>(Centered<double>(x), Centered<double>(w), batches, c.units, c.depth);
      for (size_t i = 0; i < ref.size(); ++i) {
        ref[i] = RefClamp(ref[i] + (c.bias ? bias[i % c.units] : 0.0), act);
      }
      EXPECT_EQ(t.Shape(y), c.output);
      ExpectNear(t.Values<float>(y), ref, 1e-5, act);
    }
  }
}

TEST(FullyConnected, ZeroDepthGivesZeros) {
  OpTest t;
  int in = t.Input<float>({2, 0}, {});
  int y = t.Output(PLINTH_FLOAT32);
  // An empty constant has no buffer in the file, so the empty weights are an input here.
  int w = t.Input<float>({3, 0}, {});
  t.Op("FULLY_CONNECTED", {in, w, t.Const<float>({3}, {1, 2, 3})}, {y});
  ASSERT_TRUE(t.Run().ok()) << t.Run().message();
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(t.Values<float>(y), std::vector<float>(6, 0.f));
}

// Integer kernels: acc = sum (w - w_zp) * (x - x_zp) + bias, requantized per unit.
template <class TIn, class TW, class TOut, class TBias>
void CheckInteger(const std::vector<int32_t>& input, int32_t units, QuantSpec in_q, QuantSpec w_q,
                  QuantSpec out_q, const std::string& act, bool bias64, uint32_t seed,
                  Options extra = {}) {
  const int32_t depth = input.back();
  const int64_t batches = static_cast<int64_t>(NumElementsOf(input)) / depth;
  auto x = FullRange<TIn>(NumElementsOf(input), seed);
  auto w = std::is_same_v<TW, int8_t>
               ? RandomValues<TW>(static_cast<size_t>(units) * depth, -127, 127, seed + 1)
               : FullRange<TW>(static_cast<size_t>(units) * depth, seed + 1);
  auto bias = RandomValues<TBias>(units, -20000, 20000, seed + 2);
  OpTest t;
  int in = t.Input<TIn>(input, x, in_q);
  int f = t.Const<TW>({units, depth}, w, w_q);
  int b = t.Const<TBias>({units}, bias, PerTensorQ(in_q.scales[0] * w_q.scales[0], 0));
  int y = t.Output(TypeOf<TOut>::value, {}, out_q);
  Options options = {{"fused_activation_function", act}};
  for (auto& o : extra) options.push_back(o);
  t.Op("FULLY_CONNECTED", {in, f, b}, {y}, options);
  ASSERT_TRUE(t.Run().ok()) << t.Run().message();
  const bool per_channel = w_q.scales.size() > 1;
  auto acc = RefMatMul<int64_t>(Centered<int64_t>(x, in_q.zero_points[0]),
                                Centered<int64_t>(w, per_channel ? 0 : w_q.zero_points[0]), batches,
                                units, depth);
  const auto [lo, hi] =
      RefActivationRange(act, out_q.scales[0], out_q.zero_points[0],
                         std::numeric_limits<TOut>::min(), std::numeric_limits<TOut>::max());
  std::vector<TOut> expect;
  for (size_t i = 0; i < acc.size(); ++i) {
    const int32_t u = static_cast<int32_t>(i % units);
    // Per-tensor: TFLite multiplies the scales in float first; per-channel in double.
    const double real = per_channel
                            ? double{in_q.scales[0]} * w_q.scales[u] / out_q.scales[0]
                            : static_cast<double>(in_q.scales[0] * w_q.scales[0]) / out_q.scales[0];
    const RefMultiplier m = RefQuantizeMultiplier(real);
    const int64_t a = acc[i] + bias[u];
    // Legacy uint8 outputs round once (docs/quantization.md).
    const int32_t scaled = bias64 ? RefScale64(a, m)
                           : std::is_same_v<TOut, uint8_t>
                               ? RefScaleOnce(static_cast<int32_t>(a), m)
                               : RefScale32(static_cast<int32_t>(a), m);
    const int32_t v = scaled + static_cast<int32_t>(out_q.zero_points[0]);
    expect.push_back(static_cast<TOut>(std::clamp(v, lo, hi)));
  }
  EXPECT_EQ(t.Values<TOut>(y), expect) << act;
}

TEST(FullyConnected, Int8IsBitExact) {
  uint32_t seed = 100;
  for (const std::string act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"}) {
    // Per-tensor weights keep their zero point; multipliers below and above one.
    CheckInteger<int8_t, int8_t, int8_t, int32_t>({4, 12}, 6, PerTensorQ(0.05f, -128),
                                                  PerTensorQ(0.01f, 3), PerTensorQ(0.2f, 127), act,
                                                  false, seed += 3);
    CheckInteger<int8_t, int8_t, int8_t, int32_t>({2, 3, 9}, 5, PerTensorQ(0.5f, 127),
                                                  PerTensorQ(0.09f, 0), PerTensorQ(0.01f, -128),
                                                  act, false, seed += 3, {{"keep_num_dims", true}});
    CheckInteger<int8_t, int8_t, int8_t, int32_t>({3, 16}, 4, PerTensorQ(0.05f, 4),
                                                  PerChannelQ({0.0004f, 0.01f, 0.3f, 2.f}, 0),
                                                  PerTensorQ(0.1f, -5), act, false, seed += 3);
  }
}

TEST(FullyConnected, Uint8IsBitExact) {
  CheckInteger<uint8_t, uint8_t, uint8_t, int32_t>({3, 20}, 5, PerTensorQ(0.02f, 128),
                                                   PerTensorQ(0.01f, 120), PerTensorQ(0.05f, 100),
                                                   "RELU6", false, 200);
  CheckInteger<uint8_t, uint8_t, uint8_t, int32_t>({2, 7}, 3, PerTensorQ(0.02f, 0),
                                                   PerTensorQ(0.3f, 255), PerTensorQ(0.001f, 255),
                                                   "NONE", false, 203);
  // The legacy uint8 -> int16 output.
  CheckInteger<uint8_t, uint8_t, int16_t, int32_t>({3, 8}, 4, PerTensorQ(0.02f, 128),
                                                   PerTensorQ(0.01f, 128), PerTensorQ(0.0001f, 0),
                                                   "NONE", false, 206);
}

TEST(FullyConnected, Int16x8IsBitExact) {
  CheckInteger<int16_t, int8_t, int16_t, int64_t>({3, 9}, 4, PerTensorQ(0.001f, 0),
                                                  PerTensorQ(0.01f, 0), PerTensorQ(0.003f, 0),
                                                  "NONE", true, 300);
  CheckInteger<int16_t, int8_t, int16_t, int64_t>({5, 7}, 3, PerTensorQ(0.001f, 0),
                                                  PerChannelQ({0.001f, 0.02f, 0.4f}, 0),
                                                  PerTensorQ(0.002f, 0), "RELU", true, 303);
  CheckInteger<int16_t, int8_t, int16_t, int32_t>(
      {3, 9}, 4, PerTensorQ(0.001f, 0), PerTensorQ(0.01f, 0), PerTensorQ(0.003f, 0), "RELU6", false,
      306, {{"quantized_bias_type", "INT32"}});
}

// Hybrid: rows quantized to int8 at run time; every fused activation applies, TANH and SIGN_BIT
// included.
TEST(FullyConnected, HybridApproximatesTheDequantizedProduct) {
  uint32_t seed = 400;
  const int32_t units = 6, depth = 13, batches = 3;
  for (bool asymmetric : {false, true}) {
    for (bool per_channel : {false, true}) {
      for (const std::string act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH", "SIGN_BIT"}) {
        std::vector<float> scales(units, 0.02f);
        if (per_channel) {
          for (int32_t u = 0; u < units; ++u) scales[u] = 0.004f * (u + 1);
        }
        auto x = RandomValues<float>(batches * depth, -3, 2, seed++);
        auto w = RandomValues<int8_t>(units * depth, -127, 127, seed++);
        auto bias = RandomValues<float>(units, -1, 1, seed++);
        OpTest t;
        int in = t.Input<float>({batches, depth}, x);
        int f = t.Const<int8_t>({units, depth}, w,
                                per_channel ? PerChannelQ(scales, 0) : PerTensorQ(0.02f, 0));
        int y = t.Output(PLINTH_FLOAT32);
        t.Op("FULLY_CONNECTED", {in, f, t.Const<float>({units}, bias)}, {y},
             {{"fused_activation_function", act}, {"asymmetric_quantize_inputs", asymmetric}});
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        std::vector<double> wd(w.size()), wabs(w.size());
        for (size_t i = 0; i < w.size(); ++i) {
          wd[i] = w[i] * double{scales[i / depth]};
          wabs[i] = std::abs(wd[i]);
        }
        auto ref = RefMatMul<double>(Centered<double>(x), wd, batches, units, depth);
        auto bound =
            RefMatMul<double>(std::vector<double>(x.size(), asymmetric ? 5.0 / 255 : 3.0 / 127),
                              wabs, batches, units, depth);
        auto ours = t.Values<float>(y);
        for (size_t i = 0; i < ref.size(); ++i) {
          const double pre = ref[i] + bias[i % units];
          if (act == "SIGN_BIT") {
            if (std::abs(pre) > bound[i]) {
              EXPECT_EQ(ours[i], pre < 0 ? 1.f : 0.f) << i;
            }
          } else if (act == "TANH") {
            EXPECT_NEAR(ours[i], std::tanh(pre), bound[i] + 1e-5) << i;
          } else {
            EXPECT_NEAR(ours[i], RefClamp(pre, act), bound[i] + 1e-5) << act << " " << i;
          }
        }
      }
    }
  }
}

TEST(FullyConnected, HybridAllZeroInputGivesTheBias) {
  OpTest t;
  int in = t.Input<float>({2, 3}, std::vector<float>(6, 0.f));
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("FULLY_CONNECTED",
       {in, t.Const<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6}, PerTensorQ(0.1f, 0)),
        t.Const<float>({2}, {0.5f, -2.f})},
       {y}, {{"fused_activation_function", "RELU"}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{0.5f, 0.f, 0.5f, 0.f}));
}

std::string RunError(OpTest& t) { return std::string(t.Run().message()); }

TEST(FullyConnected, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  {
    OpTest t;
    int in = t.Input<float>({2, 5}, std::vector<float>(10));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("FULLY_CONNECTED", {in, t.Const<float>({3, 4}, std::vector<float>(12)), -1}, {y});
    EXPECT_THAT(RunError(t), HasSubstr("does not split into rows"));
  }
  {
    OpTest t;
    int in = t.Input<float>({2, 6}, std::vector<float>(12));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("FULLY_CONNECTED", {in, t.Const<float>({3, 4}, std::vector<float>(12)), -1}, {y},
         {{"keep_num_dims", true}});
    EXPECT_THAT(RunError(t), HasSubstr("keep_num_dims"));
  }
  {
    OpTest t;
    int in = t.Input<float>({2, 4}, std::vector<float>(8));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("FULLY_CONNECTED", {in, t.Const<float>({12}, std::vector<float>(12)), -1}, {y});
    EXPECT_THAT(RunError(t), HasSubstr("weights must be 2-D"));
  }
  {  // TANH needs hybrid weights (TFLite refuses it for float and integer kernels)
    OpTest t;
    int in = t.Input<float>({2, 4}, std::vector<float>(8));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("FULLY_CONNECTED", {in, t.Const<float>({3, 4}, std::vector<float>(12)), -1}, {y},
         {{"fused_activation_function", "TANH"}});
    EXPECT_THAT(RunError(t), HasSubstr("needs hybrid weights"));
  }
  {
    OpTest t;
    int in = t.Input<float>({2, 4}, std::vector<float>(8));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("FULLY_CONNECTED", {in, t.Const<float>({3, 4}, std::vector<float>(12)), -1}, {y},
         {{"weights_format", "SHUFFLED4x16INT8"}});
    EXPECT_THAT(RunError(t), HasSubstr("shuffled"));
  }
  {  // int8 input with a uint8 output is not a TFLite combination
    OpTest t;
    int in = t.Input<int8_t>({1, 4}, std::vector<int8_t>(4), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_UINT8, {}, PerTensorQ(0.1f, 0));
    t.Op("FULLY_CONNECTED", {in, t.Const<int8_t>({1, 4}, {1, 1, 1, 1}, PerTensorQ(0.1f, 0)), -1},
         {y});
    EXPECT_THAT(RunError(t), HasSubstr("output of an int8 input"));
  }
  {  // uint8 weights cannot be per-channel
    OpTest t;
    int in = t.Input<uint8_t>({1, 2}, std::vector<uint8_t>(2), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_UINT8, {}, PerTensorQ(0.1f, 0));
    t.Op("FULLY_CONNECTED",
         {in, t.Const<uint8_t>({2, 2}, {1, 1, 1, 1}, PerChannelQ({0.1f, 0.2f}, 0)), -1}, {y});
    EXPECT_THAT(RunError(t), HasSubstr("per-channel"));
  }
  {  // the bias scale must agree with input x weights for per-tensor kernels
    OpTest t;
    int in = t.Input<int8_t>({1, 2}, std::vector<int8_t>(2), PerTensorQ(1.f, 0));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.01f, 0));
    t.Op("FULLY_CONNECTED",
         {in, t.Const<int8_t>({1, 2}, {1, 1}, PerTensorQ(1.f, 0)),
          t.Const<int32_t>({1}, {1}, PerTensorQ(0.5f, 0))},
         {y});
    EXPECT_THAT(RunError(t), HasSubstr("bias scale"));
  }
  {
    OpTest t;
    int in = t.Input<float>({2, 4}, std::vector<float>(8));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("FULLY_CONNECTED",
         {in, t.Const<float>({3, 4}, std::vector<float>(12)), t.Const<float>({2}, {1, 2})}, {y});
    EXPECT_THAT(RunError(t), HasSubstr("bias has 2 elements"));
  }
}

}  // namespace
}  // namespace plinth::testing
