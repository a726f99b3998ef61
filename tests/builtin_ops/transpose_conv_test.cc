// TRANSPOSE_CONV against a scatter reference (every input element adds input x weights into its
// output window): float32, uint8, int8 per-channel, 16x8 (int64 and int32 bias); paddings,
// strides, activations, constant and run-time output shapes; invalid models.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Geometry {
  std::vector<int32_t> input, weights, output;
  bool same;
  int32_t stride_h, stride_w;
};

const std::vector<Geometry>& Geometries() {
  static const std::vector<Geometry> g = {
      {{1, 3, 3, 2}, {3, 3, 3, 2}, {1, 6, 6, 3}, true, 2, 2},
      {{2, 4, 3, 3}, {2, 3, 3, 3}, {2, 9, 7, 2}, false, 2, 2},
      {{1, 5, 4, 2}, {4, 2, 4, 2}, {1, 6, 13, 4}, false, 1, 3},
      {{1, 2, 2, 1}, {1, 1, 1, 1}, {1, 2, 2, 1}, true, 1, 1},
      {{1, 3, 2, 4}, {3, 5, 3, 4}, {1, 9, 4, 3}, true, 3, 2},
  };
  return g;
}

// Scatter reference; *pad is TFLite's padding (the forward convolution from the output shape).
template <class V>
std::vector<V> RefTransposeConv(const std::vector<V>& x, const std::vector<V>& w,
                                const Geometry& g) {
  const int32_t n = g.input[0], h = g.input[1], wd = g.input[2], c = g.input[3];
  const int32_t oc = g.weights[0], kh = g.weights[1], kw = g.weights[2];
  const int32_t oh = g.output[1], ow = g.output[2];
  const int32_t pad_h = g.same ? RefWindow(true, oh, kh, g.stride_h, 1).pad : 0;
  const int32_t pad_w = g.same ? RefWindow(true, ow, kw, g.stride_w, 1).pad : 0;
  std::vector<V> out(NumElementsOf(g.output), V(0));
  for (int32_t b = 0; b < n; ++b)
    for (int32_t iy = 0; iy < h; ++iy)
      for (int32_t ix = 0; ix < wd; ++ix)
        for (int32_t ic = 0; ic < c; ++ic)
          for (int32_t ky = 0; ky < kh; ++ky)
            for (int32_t kx = 0; kx < kw; ++kx)
              for (int32_t o = 0; o < oc; ++o) {
                const int32_t oy = iy * g.stride_h - pad_h + ky, ox = ix * g.stride_w - pad_w + kx;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                out[((b * oh + oy) * ow + ox) * oc + o] +=
                    x[((b * h + iy) * wd + ix) * c + ic] * w[((o * kh + ky) * kw + kx) * c + ic];
              }
  return out;
}

Options TransposeOptions(const Geometry& g, const std::string& activation) {
  return {{"padding", g.same ? "SAME" : "VALID"},
          {"stride_h", g.stride_h},
          {"stride_w", g.stride_w},
          {"fused_activation_function", activation}};
}

TEST(TransposeConv, FloatMatchesScatterReference) {
  uint32_t seed = 1;
  for (const Geometry& g : Geometries()) {
    for (const std::string act : {"NONE", "RELU", "RELU6"}) {
      for (bool dynamic : {false, true}) {
        const int32_t oc = g.weights[0];
        auto x = RandomValues<float>(NumElementsOf(g.input), -2, 2, seed++);
        auto w = RandomValues<float>(NumElementsOf(g.weights), -1, 1, seed++);
        auto bias = RandomValues<float>(oc, -1, 1, seed++);
        OpTest t;
        int shape = dynamic ? t.Input<int32_t>({4}, g.output) : t.Const<int32_t>({4}, g.output);
        int in = t.Input<float>(g.input, x);
        int y = t.Output(PLINTH_FLOAT32);
        t.Op("TRANSPOSE_CONV",
             {shape, t.Const<float>(g.weights, w), in, t.Const<float>({oc}, bias)}, {y},
             TransposeOptions(g, act), 4);
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        auto ref = RefTransposeConv<double>(Centered<double>(x), Centered<double>(w), g);
        for (size_t i = 0; i < ref.size(); ++i) ref[i] = RefClamp(ref[i] + bias[i % oc], act);
        EXPECT_EQ(t.Shape(y), g.output);
        ExpectNear(t.Values<float>(y), ref, 1e-5, act);
      }
    }
  }
}

TEST(TransposeConv, WithoutBias) {
  const Geometry& g = Geometries()[1];
  auto x = RandomValues<float>(NumElementsOf(g.input), -2, 2, 50);
  auto w = RandomValues<float>(NumElementsOf(g.weights), -1, 1, 51);
  OpTest t;
  int in = t.Input<float>(g.input, x);
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("TRANSPOSE_CONV", {t.Const<int32_t>({4}, g.output), t.Const<float>(g.weights, w), in}, {y},
       TransposeOptions(g, "NONE"));
  ASSERT_TRUE(t.Run().ok()) << t.Run().message();
  ExpectNear(t.Values<float>(y),
             RefTransposeConv<double>(Centered<double>(x), Centered<double>(w), g), 1e-5,
             "no bias");
}

TEST(TransposeConv, Int8PerChannelIsBitExact) {
  uint32_t seed = 100;
  for (const Geometry& g : Geometries()) {
    for (const auto& [in_zp, out_zp] :
         std::vector<std::pair<int64_t, int64_t>>{{-128, 127}, {127, -128}}) {
      const int32_t oc = g.weights[0];
      std::vector<float> scales;
      for (int32_t c = 0; c < oc; ++c) scales.push_back(0.002f * std::pow(10.f, c % 3));
      const float in_scale = 0.05f, out_scale = 0.04f;
      auto x = FullRange<int8_t>(NumElementsOf(g.input), seed++);
      auto w = RandomValues<int8_t>(NumElementsOf(g.weights), -127, 127, seed++);
      auto bias = RandomValues<int32_t>(oc, -3000, 3000, seed++);
      OpTest t;
      int in = t.Input<int8_t>(g.input, x, PerTensorQ(in_scale, in_zp));
      int y = t.Output(PLINTH_INT8, {}, PerTensorQ(out_scale, out_zp));
      t.Op("TRANSPOSE_CONV",
           {t.Const<int32_t>({4}, g.output), t.Const<int8_t>(g.weights, w, PerChannelQ(scales, 0)),
            in, t.Const<int32_t>({oc}, bias)},
           {y}, TransposeOptions(g, "RELU"), 4);
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      auto acc = RefTransposeConv<int64_t>(Centered<int64_t>(x, in_zp), Centered<int64_t>(w), g);
      const auto [lo, hi] = RefActivationRange("RELU", out_scale, out_zp, -128, 127);
      std::vector<int8_t> expect;
      for (size_t i = 0; i < acc.size(); ++i) {
        const int32_t c = static_cast<int32_t>(i % oc);
        const RefMultiplier m = RefQuantizeMultiplier(double{in_scale} * scales[c] / out_scale);
        const int32_t v = RefScale32(static_cast<int32_t>(acc[i] + bias[c]), m) + out_zp;
        expect.push_back(static_cast<int8_t>(std::clamp(v, lo, hi)));
      }
      EXPECT_EQ(t.Values<int8_t>(y), expect);
    }
  }
}

TEST(TransposeConv, Uint8IsBitExact) {
  const Geometry& g = Geometries()[0];
  const int32_t oc = g.weights[0];
  auto x = FullRange<uint8_t>(NumElementsOf(g.input), 200);
  auto w = FullRange<uint8_t>(NumElementsOf(g.weights), 201);
  auto bias = RandomValues<int32_t>(oc, -3000, 3000, 202);
  OpTest t;
  int in = t.Input<uint8_t>(g.input, x, PerTensorQ(0.03f, 128));
  int y = t.Output(PLINTH_UINT8, {}, PerTensorQ(0.05f, 120));
  t.Op("TRANSPOSE_CONV",
       {t.Const<int32_t>({4}, g.output), t.Const<uint8_t>(g.weights, w, PerTensorQ(0.01f, 131)), in,
        t.Const<int32_t>({oc}, bias, PerTensorQ(0.03f * 0.01f, 0))},
       {y}, TransposeOptions(g, "NONE"));
  ASSERT_TRUE(t.Run().ok()) << t.Run().message();
  auto acc = RefTransposeConv<int64_t>(Centered<int64_t>(x, 128), Centered<int64_t>(w, 131), g);
  const RefMultiplier m = RefQuantizeMultiplier(static_cast<double>(0.03f * 0.01f) / 0.05f);
  std::vector<uint8_t> expect;
  for (size_t i = 0; i < acc.size(); ++i) {
    const int32_t v =
        RefScaleOnce(static_cast<int32_t>(acc[i] + bias[i % oc]), m) + 120;  // uint8: one rounding
    expect.push_back(static_cast<uint8_t>(std::clamp(v, 0, 255)));
  }
  EXPECT_EQ(t.Values<uint8_t>(y), expect);
}

TEST(TransposeConv, Int16x8IsBitExact) {
  uint32_t seed = 300;
  for (const Geometry& g : Geometries()) {
    for (bool bias64 : {true, false}) {
      const int32_t oc = g.weights[0];
      std::vector<float> scales;
      for (int32_t c = 0; c < oc; ++c) scales.push_back(0.003f * (1 + 4 * (c % 2)));
      const float in_scale = 0.001f, out_scale = 0.0015f;
      auto x = FullRange<int16_t>(NumElementsOf(g.input), seed++);
      auto w = RandomValues<int8_t>(NumElementsOf(g.weights), -127, 127, seed++);
      auto bias = RandomValues<int64_t>(oc, -100000, 100000, seed++);
      OpTest t;
      int in = t.Input<int16_t>(g.input, x, PerTensorQ(in_scale, 0));
      int b = bias64 ? t.Const<int64_t>({oc}, bias)
                     : t.Const<int32_t>({oc}, std::vector<int32_t>(bias.begin(), bias.end()));
      int y = t.Output(PLINTH_INT16, {}, PerTensorQ(out_scale, 0));
      t.Op("TRANSPOSE_CONV",
           {t.Const<int32_t>({4}, g.output), t.Const<int8_t>(g.weights, w, PerChannelQ(scales, 0)),
            in, b},
           {y}, TransposeOptions(g, "NONE"), 5);
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      auto acc = RefTransposeConv<int64_t>(Centered<int64_t>(x), Centered<int64_t>(w), g);
      std::vector<int16_t> expect;
      for (size_t i = 0; i < acc.size(); ++i) {
        const int32_t c = static_cast<int32_t>(i % oc);
        const RefMultiplier m = RefQuantizeMultiplier(double{in_scale} * scales[c] / out_scale);
        const int64_t a = acc[i] + bias[c];
        const int32_t v = bias64 ? RefScale64(a, m) : RefScale32(static_cast<int32_t>(a), m);
        expect.push_back(static_cast<int16_t>(std::clamp(v, -32768, 32767)));
      }
      EXPECT_EQ(t.Values<int16_t>(y), expect) << (bias64 ? "int64 bias" : "int32 bias");
    }
  }
}

std::string RunError(OpTest& t) { return std::string(t.Run().message()); }

TEST(TransposeConv, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  const Options unit = {{"padding", "SAME"}, {"stride_h", 1}, {"stride_w", 1}};
  auto run = [&](std::vector<int32_t> out_shape, std::vector<int32_t> weights,
                 std::vector<int32_t> input) {
    OpTest t;
    int in = t.Input<float>(input, std::vector<float>(NumElementsOf(input)));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("TRANSPOSE_CONV",
         {t.Const<int32_t>({static_cast<int32_t>(out_shape.size())}, out_shape),
          t.Const<float>(weights, std::vector<float>(NumElementsOf(weights))), in},
         {y}, unit);
    return RunError(t);
  };
  EXPECT_THAT(run({1, 4, 4}, {2, 3, 3, 2}, {1, 4, 4, 2}), HasSubstr("output_shape must hold 4"));
  EXPECT_THAT(run({2, 4, 4, 2}, {2, 3, 3, 2}, {1, 4, 4, 2}), HasSubstr("batch"));
  EXPECT_THAT(run({1, 4, 4, 3}, {2, 3, 3, 2}, {1, 4, 4, 2}), HasSubstr("channels"));
  EXPECT_THAT(run({1, 4, 4, 2}, {2, 3, 3, 3}, {1, 4, 4, 2}), HasSubstr("weights take 3"));
  {
    OpTest t;
    int in = t.Input<int8_t>({1, 2, 2, 1}, std::vector<int8_t>(4), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("TRANSPOSE_CONV",
         {t.Const<int32_t>({4}, {1, 2, 2, 1}), t.Const<float>({1, 1, 1, 1}, {1.f}), in}, {y}, unit);
    EXPECT_THAT(RunError(t), HasSubstr("weights has unsupported type FLOAT32"));
  }
}

}  // namespace
}  // namespace plinth::testing
