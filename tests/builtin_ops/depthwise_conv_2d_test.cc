// DEPTHWISE_CONV_2D against a direct reference: float32, uint8, int8 per-channel (dimension 3),
// 16x8, hybrid int8 weights; depth multipliers, paddings, strides, dilations, activations, batches;
// invalid models.
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
      {{1, 5, 5, 3}, {1, 3, 3, 3}, true, 1, 1, 1, 1},
      {{2, 7, 6, 2}, {1, 3, 2, 6}, false, 2, 2, 1, 1},  // multiplier 3
      {{1, 9, 8, 4}, {1, 3, 3, 8}, true, 2, 1, 2, 3},   // multiplier 2, dilated
      {{1, 1, 1, 1}, {1, 1, 1, 4}, true, 1, 1, 1, 1},   // single pixel, multiplier 4
      {{3, 4, 5, 2}, {1, 4, 5, 2}, false, 1, 1, 1, 1},  // window covers the input
  };
  return g;
}

Options DwOptions(const Geometry& g, const std::string& activation) {
  return {{"padding", g.same ? "SAME" : "VALID"},
          {"stride_h", g.stride_h},
          {"stride_w", g.stride_w},
          {"dilation_h_factor", g.dil_h},
          {"dilation_w_factor", g.dil_w},
          {"depth_multiplier", g.filter[3] / g.input[3]},
          {"fused_activation_function", activation}};
}

RefConvParams Params(const Geometry& g) {
  return {g.same, g.stride_h, g.stride_w, g.dil_h, g.dil_w};
}

TEST(DepthwiseConv2D, FloatMatchesReference) {
  uint32_t seed = 1;
  for (const Geometry& g : Geometries()) {
    for (const std::string act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH"}) {
      const int32_t oc = g.filter[3];
      auto x = RandomValues<float>(NumElementsOf(g.input), -2, 2, seed++);
      auto w = RandomValues<float>(NumElementsOf(g.filter), -1, 1, seed++);
      auto bias = RandomValues<float>(oc, -1, 1, seed++);
      OpTest t;
      int in = t.Input<float>(g.input, x);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("DEPTHWISE_CONV_2D", {in, t.Const<float>(g.filter, w), t.Const<float>({oc}, bias)}, {y},
           DwOptions(g, act));
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      std::vector<int32_t> shape;
      auto ref = RefDepthwise<double>(Centered<double>(x), g.input, Centered<double>(w), g.filter,
                                      Params(g), &shape);
      for (size_t i = 0; i < ref.size(); ++i) ref[i] = RefClamp(ref[i] + bias[i % oc], act);
      EXPECT_EQ(t.Shape(y), shape);
      ExpectNear(t.Values<float>(y), ref, 1e-5, act);
    }
  }
}

TEST(DepthwiseConv2D, DepthMultiplierOptionIsRedundant) {
  // TFLite takes the multiplier from the shapes; a stale option does not change the result.
  const Geometry& g = Geometries()[1];
  auto x = RandomValues<float>(NumElementsOf(g.input), -2, 2, 3);
  auto w = RandomValues<float>(NumElementsOf(g.filter), -1, 1, 4);
  std::vector<std::vector<float>> results;
  for (int multiplier : {3, 0, 7}) {
    Options options = DwOptions(g, "NONE");
    for (auto& option : options) {
      if (option.first == "depth_multiplier") option.second = multiplier;
    }
    OpTest t;
    int in = t.Input<float>(g.input, x);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("DEPTHWISE_CONV_2D", {in, t.Const<float>(g.filter, w), -1}, {y}, options);
    ASSERT_TRUE(t.Run().ok());
    results.push_back(t.Values<float>(y));
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
}

TEST(DepthwiseConv2D, Int8PerChannelIsBitExact) {
  uint32_t seed = 100;
  for (const Geometry& g : Geometries()) {
    for (const auto& [in_zp, out_zp] :
         std::vector<std::pair<int64_t, int64_t>>{{-128, 127}, {127, -128}, {2, 0}}) {
      for (const std::string act : {"NONE", "RELU6"}) {
        const int32_t oc = g.filter[3];
        std::vector<float> scales;
        for (int32_t c = 0; c < oc; ++c) scales.push_back(0.001f * std::pow(6.f, c % 4));
        const float in_scale = 0.07f, out_scale = 0.03f;
        auto x = FullRange<int8_t>(NumElementsOf(g.input), seed++);
        auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, seed++);
        auto bias = RandomValues<int32_t>(oc, -3000, 3000, seed++);
        OpTest t;
        int in = t.Input<int8_t>(g.input, x, PerTensorQ(in_scale, in_zp));
        int f = t.Const<int8_t>(g.filter, w, PerChannelQ(scales, 3));
        int b = t.Const<int32_t>({oc}, bias);
        int y = t.Output(PLINTH_INT8, {}, PerTensorQ(out_scale, out_zp));
        t.Op("DEPTHWISE_CONV_2D", {in, f, b}, {y}, DwOptions(g, act));
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        std::vector<int32_t> shape;
        auto acc = RefDepthwise<int64_t>(Centered<int64_t>(x, in_zp), g.input, Centered<int64_t>(w),
                                         g.filter, Params(g), &shape);
        const auto [lo, hi] = RefActivationRange(act, out_scale, out_zp, -128, 127);
        std::vector<int8_t> expect;
        for (size_t i = 0; i < acc.size(); ++i) {
          const int32_t c = static_cast<int32_t>(i % oc);
          const RefMultiplier m = RefQuantizeMultiplier(double{in_scale} * scales[c] / out_scale);
          const int32_t v = RefScale32(static_cast<int32_t>(acc[i] + bias[c]), m) + out_zp;
          expect.push_back(static_cast<int8_t>(std::clamp(v, lo, hi)));
        }
        EXPECT_EQ(t.Values<int8_t>(y), expect) << act;
      }
    }
  }
}

TEST(DepthwiseConv2D, Uint8IsBitExact) {
  uint32_t seed = 200;
  for (const Geometry& g : Geometries()) {
    const int32_t oc = g.filter[3];
    const float in_scale = 0.02f, w_scale = 0.01f, out_scale = 0.015f;
    auto x = FullRange<uint8_t>(NumElementsOf(g.input), seed++);
    auto w = FullRange<uint8_t>(NumElementsOf(g.filter), seed++);
    auto bias = RandomValues<int32_t>(oc, -3000, 3000, seed++);
    OpTest t;
    int in = t.Input<uint8_t>(g.input, x, PerTensorQ(in_scale, 0));
    int f = t.Const<uint8_t>(g.filter, w, PerTensorQ(w_scale, 255));
    int b = t.Const<int32_t>({oc}, bias, PerTensorQ(in_scale * w_scale, 0));
    int y = t.Output(PLINTH_UINT8, {}, PerTensorQ(out_scale, 130));
    t.Op("DEPTHWISE_CONV_2D", {in, f, b}, {y}, DwOptions(g, "RELU"));
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    std::vector<int32_t> shape;
    auto acc = RefDepthwise<int64_t>(Centered<int64_t>(x), g.input, Centered<int64_t>(w, 255),
                                     g.filter, Params(g), &shape);
    const RefMultiplier m =
        RefQuantizeMultiplier(static_cast<double>(in_scale * w_scale) / out_scale);
    std::vector<uint8_t> expect;
    for (size_t i = 0; i < acc.size(); ++i) {
      const int32_t v = RefScaleOnce(static_cast<int32_t>(acc[i] + bias[i % oc]), m) +
                        130;  // uint8: one rounding
      expect.push_back(static_cast<uint8_t>(std::clamp(v, 130, 255)));
    }
    EXPECT_EQ(t.Values<uint8_t>(y), expect);
  }
}

TEST(DepthwiseConv2D, Int16x8IsBitExact) {
  uint32_t seed = 300;
  for (const Geometry& g : Geometries()) {
    const int32_t oc = g.filter[3];
    std::vector<float> scales;
    for (int32_t c = 0; c < oc; ++c) scales.push_back(0.002f * (1 + 5 * (c % 3)));
    const float in_scale = 0.0007f, out_scale = 0.0004f;
    auto x = FullRange<int16_t>(NumElementsOf(g.input), seed++);
    auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, seed++);
    auto bias = RandomValues<int64_t>(oc, -1000000, 1000000, seed++);
    OpTest t;
    int in = t.Input<int16_t>(g.input, x, PerTensorQ(in_scale, 0));
    int f = t.Const<int8_t>(g.filter, w, PerChannelQ(scales, 3));
    int y = t.Output(PLINTH_INT16, {}, PerTensorQ(out_scale, 0));
    t.Op("DEPTHWISE_CONV_2D", {in, f, t.Const<int64_t>({oc}, bias)}, {y}, DwOptions(g, "NONE"));
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    std::vector<int32_t> shape;
    auto acc = RefDepthwise<int64_t>(Centered<int64_t>(x), g.input, Centered<int64_t>(w), g.filter,
                                     Params(g), &shape);
    std::vector<int16_t> expect;
    for (size_t i = 0; i < acc.size(); ++i) {
      const int32_t c = static_cast<int32_t>(i % oc);
      const RefMultiplier m = RefQuantizeMultiplier(double{in_scale} * scales[c] / out_scale);
      expect.push_back(
          static_cast<int16_t>(std::clamp(RefScale64(acc[i] + bias[c], m), -32768, 32767)));
    }
    EXPECT_EQ(t.Values<int16_t>(y), expect);
  }
}

TEST(DepthwiseConv2D, HybridApproximatesTheDequantizedConvolution) {
  uint32_t seed = 400;
  for (const Geometry& g : Geometries()) {
    const int32_t oc = g.filter[3];
    std::vector<float> scales;
    for (int32_t c = 0; c < oc; ++c) scales.push_back(0.003f * (c + 1));
    auto x = RandomValues<float>(NumElementsOf(g.input), -3, 2, seed++);
    auto w = RandomValues<int8_t>(NumElementsOf(g.filter), -127, 127, seed++);
    OpTest t;
    int in = t.Input<float>(g.input, x);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("DEPTHWISE_CONV_2D", {in, t.Const<int8_t>(g.filter, w, PerChannelQ(scales, 3)), -1}, {y},
         DwOptions(g, "NONE"));
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    std::vector<double> wd(w.size()), wabs(w.size());
    for (size_t i = 0; i < w.size(); ++i) {
      wd[i] = w[i] * double{scales[i % oc]};
      wabs[i] = std::abs(wd[i]);
    }
    std::vector<int32_t> shape;
    auto ref = RefDepthwise<double>(Centered<double>(x), g.input, wd, g.filter, Params(g), &shape);
    auto bound = RefDepthwise<double>(std::vector<double>(x.size(), 5.0 / 255), g.input, wabs,
                                      g.filter, Params(g), &shape);
    auto ours = t.Values<float>(y);
    for (size_t i = 0; i < ref.size(); ++i) EXPECT_NEAR(ours[i], ref[i], bound[i] + 1e-5) << i;
  }
}

std::string RunError(OpTest& t) { return std::string(t.Run().message()); }

TEST(DepthwiseConv2D, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  const Options unit = {{"stride_h", 1}, {"stride_w", 1}};
  {
    OpTest t;
    int in = t.Input<float>({1, 4, 4, 2}, std::vector<float>(32));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("DEPTHWISE_CONV_2D", {in, t.Const<float>({2, 1, 1, 2}, {1, 1, 1, 1}), -1}, {y}, unit);
    EXPECT_THAT(RunError(t), HasSubstr("[1, KH, KW, C*M]"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 4, 4, 2}, std::vector<float>(32));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("DEPTHWISE_CONV_2D", {in, t.Const<float>({1, 1, 1, 3}, {1, 1, 1}), -1}, {y}, unit);
    EXPECT_THAT(RunError(t), HasSubstr("not a multiple"));
  }
  {
    OpTest t;
    int in = t.Input<int8_t>({1, 2, 2, 2}, std::vector<int8_t>(8), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("DEPTHWISE_CONV_2D",
         {in, t.Const<int8_t>({1, 2, 1, 2}, {1, 2, 3, 4}, PerChannelQ({0.1f, 0.2f}, 1)), -1}, {y},
         unit);
    EXPECT_THAT(RunError(t), HasSubstr("along dimension 3"));
  }
  {  // 16x8 depthwise takes an int64 bias
    OpTest t;
    int in = t.Input<int16_t>({1, 2, 2, 1}, std::vector<int16_t>(4), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT16, {}, PerTensorQ(0.1f, 0));
    t.Op("DEPTHWISE_CONV_2D",
         {in, t.Const<int8_t>({1, 1, 1, 1}, {1}, PerTensorQ(0.1f, 0)), t.Const<int32_t>({1}, {1})},
         {y}, unit);
    EXPECT_THAT(RunError(t), HasSubstr("bias has unsupported type INT32"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 4, 4}, std::vector<float>(16));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("DEPTHWISE_CONV_2D", {in, t.Const<float>({1, 1, 1, 4}, {1, 1, 1, 1}), -1}, {y}, unit);
    EXPECT_THAT(RunError(t), HasSubstr("input must be 4-D"));
  }
}

}  // namespace
}  // namespace plinth::testing
