// Convolution2DTransposeBias (plugins/mediapipe): output shapes and values against a gather-form
// reference written here, MediaPipe's raw-struct options, invalid inputs.
#include "tests/plugins/plugin_test_util.h"

namespace plinth::testing {
namespace {

// TfLiteTransposeConvParams bytes: padding (1 SAME, 2 VALID), stride_w, stride_h.
std::vector<uint8_t> ConvOptions(int padding, int stride_w, int stride_h) {
  return Int32Words({padding, stride_w, stride_h});
}

struct ConvShape {
  int batch, h, w, cin, cout, kh, kw;
};

// Gather form: each output starts at its bias and adds every (input pixel, filter tap) pair that
// lands on it, visiting input pixels in row-major order (MediaPipe's order of additions).
std::vector<float> ReferenceTransposeConv(const ConvShape& s, const std::vector<float>& in,
                                          const std::vector<float>& filter,
                                          const std::vector<float>& bias, bool same, int stride_w,
                                          int stride_h, int* out_h, int* out_w) {
  const int pad_h = same ? std::max(0, s.kh - (s.h - 1) % stride_h - 1) : 0;
  const int pad_w = same ? std::max(0, s.kw - (s.w - 1) % stride_w - 1) : 0;
  *out_h = stride_h * (s.h - 1) + s.kh - pad_h;
  *out_w = stride_w * (s.w - 1) + s.kw - pad_w;
  std::vector<float> out;
  for (int b = 0; b < s.batch; ++b) {
    for (int oy = 0; oy < *out_h; ++oy) {
      for (int ox = 0; ox < *out_w; ++ox) {
        for (int co = 0; co < s.cout; ++co) {
          float acc = bias[co];
          for (int y = 0; y < s.h; ++y) {
            for (int x = 0; x < s.w; ++x) {
              const int fy = oy + pad_h / 2 - y * stride_h, fx = ox + pad_w / 2 - x * stride_w;
              if (fy < 0 || fy >= s.kh || fx < 0 || fx >= s.kw) continue;
              for (int ci = 0; ci < s.cin; ++ci) {
                acc += in[((b * s.h + y) * s.w + x) * s.cin + ci] *
                       filter[((co * s.kh + fy) * s.kw + fx) * s.cin + ci];
              }
            }
          }
          out.push_back(acc);
        }
      }
    }
  }
  return out;
}

struct ConvModel {
  PluginOpTest t{MediapipePluginPath()};
  int y = -1;
  ConvModel(const ConvShape& s, const std::vector<float>& in, const std::vector<float>& filter,
            const std::vector<float>& bias, std::vector<uint8_t> options) {
    int x = t.Input<float>({s.batch, s.h, s.w, s.cin}, in);
    int f = t.Const<float>({s.cout, s.kh, s.kw, s.cin}, filter);
    int b = t.Const<float>({s.cout}, bias);
    y = t.Output();
    t.CustomOp("Convolution2DTransposeBias", {x, f, b}, {y}, std::move(options));
  }
};

TEST(Convolution2DTransposeBias, MatchesReferenceForEveryPaddingStrideAndKernel) {
  int cases = 0;
  for (bool same : {true, false}) {
    for (auto [stride_w, stride_h] : {std::pair{1, 1}, {2, 2}, {3, 2}, {1, 3}}) {
      for (auto [kh, kw] : {std::pair{1, 1}, {2, 2}, {3, 3}, {4, 3}}) {
        for (auto [h, w] : {std::pair{1, 1}, {3, 4}, {4, 5}}) {
          const ConvShape s{2, h, w, 3, 2, kh, kw};
          const uint32_t seed = static_cast<uint32_t>(cases);
          std::vector<float> in = RandomFloats(s.batch * h * w * s.cin, -1, 1, seed);
          std::vector<float> filter = RandomFloats(s.cout * kh * kw * s.cin, -1, 1, seed + 1000);
          std::vector<float> bias = RandomFloats(s.cout, -1, 1, seed + 2000);
          ConvModel m(s, in, filter, bias, ConvOptions(same ? 1 : 2, stride_w, stride_h));
          SCOPED_TRACE(::testing::Message()
                       << (same ? "SAME" : "VALID") << " stride " << stride_w << "x" << stride_h
                       << " kernel " << kh << "x" << kw << " input " << h << "x" << w);
          PLINTH_ASSERT_OK(m.t.Run());
          int out_h = 0, out_w = 0;
          std::vector<float> want =
              ReferenceTransposeConv(s, in, filter, bias, same, stride_w, stride_h, &out_h, &out_w);
          ASSERT_EQ(m.t.Shape(m.y), (std::vector<int32_t>{2, out_h, out_w, 2}));
          std::vector<float> got = m.t.Values<float>(m.y);
          ASSERT_EQ(got.size(), want.size());
          for (size_t i = 0; i < got.size(); ++i) EXPECT_FLOAT_EQ(got[i], want[i]) << "at " << i;
          ++cases;
        }
      }
    }
  }
  EXPECT_EQ(cases, 96);
}

TEST(Convolution2DTransposeBias, OutputShapes) {
  // SAME: pad = max(0, K - (H - 1) % stride - 1); OH = stride * (H - 1) + K - pad.
  // H = 3, W = 4, K = 3, stride 2: pad_h = 2, pad_w = 1 -> 5 x 8. VALID: 7 x 9.
  const ConvShape s{1, 3, 4, 1, 1, 3, 3};
  std::vector<float> in(12, 1.f), filter(9, 1.f), bias = {0.f};
  ConvModel same(s, in, filter, bias, ConvOptions(1, 2, 2));
  PLINTH_ASSERT_OK(same.t.Run());
  EXPECT_EQ(same.t.Shape(same.y), (std::vector<int32_t>{1, 5, 8, 1}));
  ConvModel valid(s, in, filter, bias, ConvOptions(2, 2, 2));
  PLINTH_ASSERT_OK(valid.t.Run());
  EXPECT_EQ(valid.t.Shape(valid.y), (std::vector<int32_t>{1, 7, 9, 1}));
  // The 2x2, stride-2 upsampling of MediaPipe's segmentation models doubles even sizes.
  const ConvShape up{1, 4, 6, 1, 1, 2, 2};
  ConvModel m(up, std::vector<float>(24, 1.f), std::vector<float>(4, 1.f), bias,
              ConvOptions(1, 2, 2));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Shape(m.y), (std::vector<int32_t>{1, 8, 12, 1}));
}

TEST(Convolution2DTransposeBias, BiasAndScatterByHand) {
  // One 2x1 input, 2x2 kernel, stride 2, VALID: each input pixel paints its own 2x2 block.
  const ConvShape s{1, 1, 2, 1, 1, 2, 2};
  ConvModel m(s, {1.f, 10.f}, {1.f, 2.f, 3.f, 4.f}, {0.5f}, ConvOptions(2, 2, 2));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Shape(m.y), (std::vector<int32_t>{1, 2, 4, 1}));
  EXPECT_EQ(m.t.Values<float>(m.y),
            (std::vector<float>{1.5f, 2.5f, 10.5f, 20.5f, 3.5f, 4.5f, 30.5f, 40.5f}));
}

TEST(Convolution2DTransposeBias, TrailingActivationFieldIsIgnored) {
  // Newer TfLiteTransposeConvParams append an activation; MediaPipe never applies it.
  const ConvShape s{1, 1, 1, 1, 1, 1, 1};
  ConvModel m(s, {-3.f}, {1.f}, {0.f}, Int32Words({2, 1, 1, /*RELU*/ 1}));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.y), (std::vector<float>{-3.f}));
}

void ExpectError(const absl::Status& s, const std::string& text) {
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find(text), std::string::npos) << s.message();
}

TEST(Convolution2DTransposeBias, Errors) {
  const ConvShape s{1, 2, 2, 1, 1, 2, 2};
  std::vector<float> in(4, 1.f), filter(4, 1.f), bias = {0.f};
  ExpectError(ConvModel(s, in, filter, bias, {}).t.Run(),
              "custom options must hold a TfLiteTransposeConvParams (12 bytes or more), got 0");
  ExpectError(ConvModel(s, in, filter, bias, Int32Words({1, 2})).t.Run(), "got 8 bytes");
  ExpectError(ConvModel(s, in, filter, bias, ConvOptions(0, 2, 2)).t.Run(),
              "padding must be 1 (SAME) or 2 (VALID), got 0");
  ExpectError(ConvModel(s, in, filter, bias, ConvOptions(1, 2, 0)).t.Run(),
              "stride_height must be >= 1, got 0");
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<float>({1, 2, 2, 3}, std::vector<float>(12));
    int f = t.Const<float>({1, 2, 2, 2}, std::vector<float>(8));
    int b = t.Const<float>({1}, bias);
    int y = t.Output();
    t.CustomOp("Convolution2DTransposeBias", {x, f, b}, {y}, ConvOptions(1, 1, 1));
    ExpectError(t.Run(), "weights [Cout, KH, KW, Cin] have 2 input channels, the input has 3");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<float>({1, 2, 2, 1}, in);
    int f = t.Const<float>({2, 2, 2, 1}, std::vector<float>(8));
    int b = t.Const<float>({3}, std::vector<float>(3));
    int y = t.Output();
    t.CustomOp("Convolution2DTransposeBias", {x, f, b}, {y}, ConvOptions(1, 1, 1));
    ExpectError(t.Run(), "bias has 3 values for 2 output channels");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<int8_t>({1, 2, 2, 1}, std::vector<int8_t>(4), QuantSpec{{1.f}, {0}});
    int f = t.Const<float>({1, 2, 2, 1}, filter);
    int b = t.Const<float>({1}, bias);
    int y = t.Output();
    t.CustomOp("Convolution2DTransposeBias", {x, f, b}, {y}, ConvOptions(1, 1, 1));
    ExpectError(t.Run(), "input must be FLOAT32, got INT8");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<float>({2, 2, 1}, in);
    int f = t.Const<float>({1, 2, 2, 1}, filter);
    int b = t.Const<float>({1}, bias);
    int y = t.Output();
    t.CustomOp("Convolution2DTransposeBias", {x, f, b}, {y}, ConvOptions(1, 1, 1));
    ExpectError(t.Run(), "input must be 4-D (NHWC), got [2, 2, 1]");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<float>({1, 2, 2, 1}, in);
    int f = t.Const<float>({1, 2, 2, 1}, filter);
    int y = t.Output();
    t.CustomOp("Convolution2DTransposeBias", {x, f}, {y}, ConvOptions(1, 1, 1));
    ExpectError(t.Run(), "takes 3 inputs (input, weights, bias) and 1 output, got 2 and 1");
  }
}

}  // namespace
}  // namespace plinth::testing
