// CONV_2D against a direct reference: float32, uint8, int8 (per-channel and per-tensor weights),
// 16x8 with int64 and int32 bias, hybrid int8 weights; paddings, strides, dilations, groups,
// fused activations, batches and empty batches; invalid models.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Geometry {
  std::vector<int32_t> input, filter;
  bool same;
  int32_t stride_h, stride_w, dil_h, dil_w;
};

const std::vector<Geometry>& Geometries() {
  static const std::vector<Geometry> g = {
      {{1, 5, 5, 3}, {4, 3, 3, 3}, true, 1, 1, 1, 1},
      {{2, 7, 6, 2}, {3, 3, 2, 2}, false, 2, 2, 1, 1},
      {{1, 9, 8, 4}, {5, 3, 3, 4}, true, 2, 1, 2, 3},
      {{1, 6, 6, 6}, {4, 2, 2, 3}, true, 1, 1, 1, 1},   // 2 groups
      {{1, 5, 7, 4}, {8, 3, 1, 1}, false, 1, 2, 2, 1},  // 4 groups, dilated
      {{1, 1, 1, 1}, {1, 1, 1, 1}, true, 1, 1, 1, 1},
      {{3, 4, 4, 2}, {2, 4, 4, 2}, false, 3, 3, 1, 1},
  };
  return g;
}

Options ConvOptions(const Geometry& g, const std::string& activation) {
  return {{"padding", g.same ? "SAME" : "VALID"},
          {"stride_h", g.stride_h},
          {"stride_w", g.stride_w},
          {"dilation_h_factor", g.dil_h},
          {"dilation_w_factor", g.dil_w},
          {"fused_activation_function", activation}};
}

RefConvParams Params(const Geometry& g) {
  return {g.same, g.stride_h, g.stride_w, g.dil_h, g.dil_w};
}

TEST(Conv2D, FloatMatchesReference) {
  uint32_t seed = 1;
  for (const Geometry& g : Geometries()) {
    for (const std::string act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"}) {
      for (bool with_bias : {true, false}) {
        auto x = RandomValues<float>(NumElementsOf(g.input), -2, 2, seed++);
        auto w = RandomValues<float>(NumElementsOf(g.filter), -1, 1, seed++);
        auto bias = RandomValues<float>(g.filter[0], -1, 1, seed++);
        OpTest t;
        int in = t.Input<float>(g.input, x);
        int f = t.Const<float>(g.filter, w);
        int b = with_bias ? t.Const<float>({g.filter[0]}, bias) : -1;
        int y = t.Output(PLINTH_FLOAT32);
        t.Op("CONV_2D", {in, f, b}, {y}, ConvOptions(g, act));
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        std::vector<int32_t> shape;
        auto ref = RefConv2D<double>(Centered<double>(x), g.input, Centered<double>(w), g.filter,
                                     Params(g), &shape);
        for (size_t i = 0; i < ref.size(); ++i) {
          ref[i] = RefClamp(ref[i] + (with_bias ? bias[i % g.filter[0]] : 0.0), act);
        }
        EXPECT_EQ(t.Shape(y), shape);
        ExpectNear(t.Values<float>(y), ref, 1e-5, act);
      }
    }
  }
}

TEST(Conv2D, TanhAndSignBitDoNotClampAsInTflite) {
  const Geometry& g = Geometries()[0];
  auto x = RandomValues<float>(NumElementsOf(g.input), -2, 2, 7);
  auto w = RandomValues<float>(NumElementsOf(g.filter), -1, 1, 8);
  std::vector<std::vector<float>> results;
  for (const char* act : {"NONE", "TANH", "SIGN_BIT"}) {
    OpTest t;
    int in = t.Input<float>(g.input, x);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D", {in, t.Const<float>(g.filter, w), -1}, {y}, ConvOptions(g, act));
    ASSERT_TRUE(t.Run().ok());
    results.push_back(t.Values<float>(y));
  }
  EXPECT_EQ(results[1], results[0]);
  EXPECT_EQ(results[2], results[0]);
}

TEST(Conv2D, EmptyBatch) {
  OpTest t;
  int in = t.Input<float>({0, 4, 4, 2}, {});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("CONV_2D", {in, t.Const<float>({3, 2, 2, 2}, std::vector<float>(24, 1.f)), -1}, {y},
       {{"padding", "SAME"}, {"stride_h", 1}, {"stride_w", 1}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{0, 4, 4, 3}));
}

// int8 activations, symmetric per-channel weights with multipliers from ~0.01 to ~20 (saturating
// many outputs), zero points at the type's edges.
TEST(Conv2D, Int8PerChannelIsBitExact) {
  uint32_t seed = 100;
  const std::vector<std::pair<int64_t, int64_t>> zero_points = {{-128, 127}, {127, -128}, {3, -5}};
  for (const Geometry& g : Geometries()) {
    for (const auto& [in_zp, out_zp] : zero_points) {
      for (const std::string act : {"NONE", "RELU", "RELU6"}) {
        const int32_t oc = g.filter[0];
        std::vector<float> scales;
        for (int32_t c = 0; c < oc; ++c) scales.push_back(0.0005f * std::pow(8.f, c % 5));
        const float in_scale = 0.05f, out_scale = 0.02f;
        auto x = FullRange<int8_t>(NumElementsOf(g.input), seed++);
        auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, seed++);
        auto bias = RandomValues<int32_t>(oc, -5000, 5000, seed++);
        OpTest t;
        int in = t.Input<int8_t>(g.input, x, PerTensorQ(in_scale, in_zp));
        int f = t.Const<int8_t>(g.filter, w, PerChannelQ(scales, 0));
        std::vector<float> bias_scales;
        for (float s : scales) bias_scales.push_back(s * in_scale);
        int b = t.Const<int32_t>({oc}, bias, PerChannelQ(bias_scales, 0));
        int y = t.Output(PLINTH_INT8, {}, PerTensorQ(out_scale, out_zp));
        t.Op("CONV_2D", {in, f, b}, {y}, ConvOptions(g, act));
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        std::vector<int32_t> shape;
        auto acc = RefConv2D<int64_t>(Centered<int64_t>(x, in_zp), g.input, Centered<int64_t>(w),
                                      g.filter, Params(g), &shape);
        const auto [lo, hi] = RefActivationRange(act, out_scale, out_zp, -128, 127);
        std::vector<int8_t> expect(acc.size());
        for (size_t i = 0; i < acc.size(); ++i) {
          const int32_t c = static_cast<int32_t>(i % oc);
          const RefMultiplier m = RefQuantizeMultiplier(double{in_scale} * scales[c] / out_scale);
          const int32_t v = RefScale32(static_cast<int32_t>(acc[i] + bias[c]), m) + out_zp;
          expect[i] = static_cast<int8_t>(std::clamp(v, lo, hi));
        }
        EXPECT_EQ(t.Values<int8_t>(y), expect) << act << " zp " << in_zp << "/" << out_zp;
      }
    }
  }
}

TEST(Conv2D, Int8PerTensorWeights) {
  const Geometry& g = Geometries()[1];
  auto x = FullRange<int8_t>(NumElementsOf(g.input), 11);
  auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, 12);
  OpTest t;
  int in = t.Input<int8_t>(g.input, x, PerTensorQ(0.1f, -1));
  int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.3f, 2));
  t.Op("CONV_2D", {in, t.Const<int8_t>(g.filter, w, PerTensorQ(0.02f, 0)), -1}, {y},
       ConvOptions(g, "NONE"));
  ASSERT_TRUE(t.Run().ok());
  std::vector<int32_t> shape;
  auto acc = RefConv2D<int64_t>(Centered<int64_t>(x, -1), g.input, Centered<int64_t>(w), g.filter,
                                Params(g), &shape);
  const RefMultiplier m = RefQuantizeMultiplier(0.1 * double{0.02f} / double{0.3f});
  std::vector<int8_t> expect;
  for (int64_t a : acc) {
    expect.push_back(
        static_cast<int8_t>(std::clamp(RefScale32(static_cast<int32_t>(a), m) + 2, -128, 127)));
  }
  EXPECT_EQ(t.Values<int8_t>(y), expect);
}

// uint8: asymmetric per-tensor weights; TFLite multiplies the scales in float first.
// Legacy uint8 requantizes with one rounding (see docs/quantization.md).
TEST(Conv2D, Uint8IsBitExact) {
  uint32_t seed = 200;
  for (const Geometry& g : Geometries()) {
    if (g.input[3] != g.filter[3]) continue;  // TFLite's uint8 models are not grouped
    for (const std::string act : {"NONE", "RELU6", "RELU_N1_TO_1"}) {
      const float in_scale = 0.04f, w_scale = 0.006f, out_scale = act == "NONE" ? 0.01f : 0.05f;
      const int64_t in_zp = 128, w_zp = 117, out_zp = 125;
      const int32_t oc = g.filter[0];
      auto x = FullRange<uint8_t>(NumElementsOf(g.input), seed++);
      auto w = FullRange<uint8_t>(NumElementsOf(g.filter), seed++);
      auto bias = RandomValues<int32_t>(oc, -3000, 3000, seed++);
      OpTest t;
      int in = t.Input<uint8_t>(g.input, x, PerTensorQ(in_scale, in_zp));
      int f = t.Const<uint8_t>(g.filter, w, PerTensorQ(w_scale, w_zp));
      int b = t.Const<int32_t>({oc}, bias, PerTensorQ(in_scale * w_scale, 0));
      int y = t.Output(PLINTH_UINT8, {}, PerTensorQ(out_scale, out_zp));
      t.Op("CONV_2D", {in, f, b}, {y}, ConvOptions(g, act));
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      std::vector<int32_t> shape;
      auto acc = RefConv2D<int64_t>(Centered<int64_t>(x, in_zp), g.input,
                                    Centered<int64_t>(w, w_zp), g.filter, Params(g), &shape);
      const RefMultiplier m =
          RefQuantizeMultiplier(static_cast<double>(in_scale * w_scale) / out_scale);
      const auto [lo, hi] = RefActivationRange(act, out_scale, out_zp, 0, 255);
      std::vector<uint8_t> expect;
      for (size_t i = 0; i < acc.size(); ++i) {
        const int32_t v = RefScaleOnce(static_cast<int32_t>(acc[i] + bias[i % oc]), m) + out_zp;
        expect.push_back(static_cast<uint8_t>(std::clamp(v, lo, hi)));
      }
      EXPECT_EQ(t.Values<uint8_t>(y), expect) << act;
    }
  }
}

// int16 activations with int8 weights: the int64 bias uses the 64-bit requantization, the int32
// bias the 32-bit one.
TEST(Conv2D, Int16x8IsBitExact) {
  uint32_t seed = 300;
  for (const Geometry& g : Geometries()) {
    for (bool bias64 : {true, false}) {
      const int32_t oc = g.filter[0];
      std::vector<float> scales;
      for (int32_t c = 0; c < oc; ++c) scales.push_back(0.001f * (1 + 7 * (c % 3)));
      const float in_scale = 0.0008f, out_scale = 0.0011f;
      auto x = FullRange<int16_t>(NumElementsOf(g.input), seed++);
      auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, seed++);
      auto bias = RandomValues<int64_t>(oc, -100000, 100000, seed++);
      OpTest t;
      int in = t.Input<int16_t>(g.input, x, PerTensorQ(in_scale, 0));
      int f = t.Const<int8_t>(g.filter, w, PerChannelQ(scales, 0));
      int b = bias64 ? t.Const<int64_t>({oc}, bias)
                     : t.Const<int32_t>({oc}, std::vector<int32_t>(bias.begin(), bias.end()));
      int y = t.Output(PLINTH_INT16, {}, PerTensorQ(out_scale, 0));
      Options options = ConvOptions(g, "RELU");
      if (!bias64) options.push_back({"quantized_bias_type", "INT32"});
      t.Op("CONV_2D", {in, f, b}, {y}, options, 8);
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      std::vector<int32_t> shape;
      auto acc = RefConv2D<int64_t>(Centered<int64_t>(x), g.input, Centered<int64_t>(w), g.filter,
                                    Params(g), &shape);
      std::vector<int16_t> expect;
      for (size_t i = 0; i < acc.size(); ++i) {
        const int32_t c = static_cast<int32_t>(i % oc);
        const RefMultiplier m = RefQuantizeMultiplier(double{in_scale} * scales[c] / out_scale);
        const int64_t a = acc[i] + bias[c];
        const int32_t v = bias64 ? RefScale64(a, m) : RefScale32(static_cast<int32_t>(a), m);
        expect.push_back(static_cast<int16_t>(std::clamp(v, 0, 32767)));
      }
      EXPECT_EQ(t.Values<int16_t>(y), expect) << (bias64 ? "int64 bias" : "int32 bias");
    }
  }
}

// Hybrid: the int8 weights dequantized give the float answer up to the input's quantization
// error (half an input step times the weights' absolute sum).
TEST(Conv2D, HybridApproximatesTheDequantizedConvolution) {
  uint32_t seed = 400;
  for (const Geometry& g : Geometries()) {
    for (bool per_channel : {false, true}) {
      const int32_t oc = g.filter[0];
      std::vector<float> scales(oc, 0.01f);
      if (per_channel) {
        for (int32_t c = 0; c < oc; ++c) scales[c] = 0.002f * (c + 1);
      }
      auto x = RandomValues<float>(NumElementsOf(g.input), -3, 2, seed++);
      auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, seed++);
      auto bias = RandomValues<float>(oc, -1, 1, seed++);
      OpTest t;
      int in = t.Input<float>(g.input, x);
      int f =
          t.Const<int8_t>(g.filter, w, per_channel ? PerChannelQ(scales, 0) : PerTensorQ(0.01f, 0));
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("CONV_2D", {in, f, t.Const<float>({oc}, bias)}, {y}, ConvOptions(g, "NONE"));
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      std::vector<double> wd(w.size()), wabs(w.size());
      const size_t per_filter = w.size() / oc;
      for (size_t i = 0; i < w.size(); ++i) {
        wd[i] = w[i] * double{scales[i / per_filter]};
        wabs[i] = std::abs(wd[i]);
      }
      std::vector<int32_t> shape;
      auto ref = RefConv2D<double>(Centered<double>(x), g.input, wd, g.filter, Params(g), &shape);
      auto ones = RefConv2D<double>(std::vector<double>(x.size(), 1.0), g.input, wabs, g.filter,
                                    Params(g), &shape);
      // One input quantization step (twice the rounding error): symmetric over max|x| = 3,
      // asymmetric over [-3, 2].
      const double step = per_channel ? 5.0 / 255 : 3.0 / 127;
      auto ours = t.Values<float>(y);
      ASSERT_EQ(ours.size(), ref.size());
      for (size_t i = 0; i < ref.size(); ++i) {
        EXPECT_NEAR(ours[i], ref[i] + bias[i % oc], ones[i] * step + 1e-5) << i;
      }
    }
  }
}

std::string RunError(OpTest& t) { return std::string(t.Run().message()); }

const Options kUnit = {{"stride_h", 1}, {"stride_w", 1}};

TEST(Conv2D, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  {
    OpTest t;
    int in = t.Input<float>({1, 4, 4}, std::vector<float>(16));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D", {in, t.Const<float>({1, 1, 1, 4}, {1, 1, 1, 1}), -1}, {y}, kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("input must be 4-D"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 4, 4, 3}, std::vector<float>(48));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D", {in, t.Const<float>({2, 1, 1, 2}, {1, 1, 1, 1}), -1}, {y}, kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("not a multiple"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 4, 4, 2}, std::vector<float>(32));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D",
         {in, t.Const<float>({2, 1, 1, 2}, {1, 1, 1, 1}), t.Const<float>({3}, {0, 0, 0})}, {y},
         kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("bias has 3 elements"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 4, 4, 2}, std::vector<float>(32));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D", {in, t.Const<float>({2, 1, 1, 2}, {1, 1, 1, 1}), -1}, {y},
         {{"stride_h", 0}, {"stride_w", 1}});
    EXPECT_THAT(RunError(t), HasSubstr("stride"));
  }
  {
    OpTest t;
    // TFLite's VALID size (in + stride - window) / stride is negative here.
    int in = t.Input<float>({1, 1, 1, 1}, std::vector<float>(1));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D", {in, t.Const<float>({1, 3, 3, 1}, std::vector<float>(9)), -1}, {y},
         {{"padding", "VALID"}, {"stride_h", 1}, {"stride_w", 1}});
    EXPECT_THAT(RunError(t), HasSubstr("larger than the input"));
  }
  {  // int16 activations need zero point 0
    OpTest t;
    int in = t.Input<int16_t>({1, 2, 2, 1}, std::vector<int16_t>(4), PerTensorQ(0.1f, 3));
    int y = t.Output(PLINTH_INT16, {}, PerTensorQ(0.1f, 0));
    t.Op("CONV_2D", {in, t.Const<int8_t>({1, 1, 1, 1}, {1}, PerTensorQ(0.1f, 0)), -1}, {y}, kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("zero point 0"));
  }
  {  // per-channel scales need int8 or int16 activations
    OpTest t;
    int in = t.Input<uint8_t>({1, 2, 2, 1}, std::vector<uint8_t>(4), PerTensorQ(0.1f, 3));
    int y = t.Output(PLINTH_UINT8, {}, PerTensorQ(0.1f, 0));
    t.Op("CONV_2D", {in, t.Const<uint8_t>({2, 1, 1, 1}, {1, 2}, PerChannelQ({0.1f, 0.2f}, 0)), -1},
         {y}, kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("per-channel"));
  }
  {  // int8 weights are symmetric
    OpTest t;
    int in = t.Input<int8_t>({1, 2, 2, 1}, std::vector<int8_t>(4), PerTensorQ(0.1f, 3));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("CONV_2D", {in, t.Const<int8_t>({1, 1, 1, 1}, {1}, PerTensorQ(0.1f, 4)), -1}, {y}, kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("zero point 0"));
  }
  {  // scales along the wrong dimension
    OpTest t;
    int in = t.Input<int8_t>({1, 2, 2, 2}, std::vector<int8_t>(8), PerTensorQ(0.1f, 3));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("CONV_2D",
         {in, t.Const<int8_t>({2, 1, 1, 2}, {1, 2, 3, 4}, PerChannelQ({0.1f, 0.2f}, 3)), -1}, {y},
         kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("scales along dimension 3"));
  }
  {  // quantized activations need quantization parameters
    OpTest t;
    int in = t.Input<int8_t>({1, 2, 2, 1}, std::vector<int8_t>(4));
    int y = t.Output(PLINTH_INT8);
    t.Op("CONV_2D", {in, t.Const<int8_t>({1, 1, 1, 1}, {1}, PerTensorQ(0.1f, 0)), -1}, {y}, kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("needs one quantization scale"));
  }
  {  // the declared bias type must match
    OpTest t;
    int in = t.Input<int16_t>({1, 2, 2, 1}, std::vector<int16_t>(4), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT16, {}, PerTensorQ(0.1f, 0));
    t.Op("CONV_2D",
         {in, t.Const<int8_t>({1, 1, 1, 1}, {1}, PerTensorQ(0.1f, 0)), t.Const<int64_t>({1}, {5})},
         {y}, {{"stride_h", 1}, {"stride_w", 1}, {"quantized_bias_type", "INT32"}}, 8);
    EXPECT_THAT(RunError(t), HasSubstr("quantized_bias_type"));
  }
  {  // uint8 hybrid weights are not a TFLite format
    OpTest t;
    int in = t.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D", {in, t.Const<uint8_t>({1, 1, 1, 1}, {1}, PerTensorQ(0.1f, 0)), -1}, {y}, kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("int8 (hybrid) weights"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_2D", {in, t.Const<float>({1, 1, 1, 1}, {1}), t.Const<int32_t>({1}, {1})}, {y},
         kUnit);
    EXPECT_THAT(RunError(t), HasSubstr("bias has unsupported type INT32"));
  }
}

TEST(Conv2D, MultithreadedRunMatchesSingleThreaded) {
  const Geometry g = {{2, 17, 13, 5}, {7, 3, 3, 5}, true, 1, 1, 1, 1};
  auto x = FullRange<int8_t>(NumElementsOf(g.input), 91);
  auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, 92);
  std::vector<std::vector<int8_t>> results;
  for (int threads : {1, 4}) {
    OpTest t;
    int in = t.Input<int8_t>(g.input, x, PerTensorQ(0.05f, 1));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("CONV_2D", {in, t.Const<int8_t>(g.filter, w, PerTensorQ(0.01f, 0)), -1}, {y},
         ConvOptions(g, "NONE"));
    InterpreterOptions options;
    options.num_threads = threads;
    ASSERT_TRUE(t.Run(options).ok());
    results.push_back(t.Values<int8_t>(y));
  }
  EXPECT_EQ(results[0], results[1]);
}

}  // namespace
}  // namespace plinth::testing
