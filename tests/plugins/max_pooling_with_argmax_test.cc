// MaxPoolingWithArgmax2D (plugins/mediapipe): values and argmax indices against a reference
// written here, SAME/VALID, strides, activations, ties, MediaPipe's raw-struct options, errors.
#include <algorithm>
#include <limits>

#include "tests/plugins/plugin_test_util.h"

namespace plinth::testing {
namespace {

// TfLitePoolParams bytes: padding (1 SAME, 2 VALID), stride_w, stride_h, filter_w, filter_h,
// activation.
std::vector<uint8_t> PoolOptions(int padding, int stride_w, int stride_h, int filter_w,
                                 int filter_h, int activation = 0) {
  return Int32Words({padding, stride_w, stride_h, filter_w, filter_h, activation});
}

struct PoolResult {
  std::vector<int32_t> shape;
  std::vector<float> values, indices;
};

// For each window: the first maximum in row-major window order and its position in the window,
// fy * filter_w + fx + 0.1; windows are clipped to the image.
PoolResult ReferencePool(const std::vector<float>& in, int batch, int h, int w, int c, bool same,
                         int sw, int sh, int fw, int fh, float lo, float hi) {
  const int oh = same ? (h + sh - 1) / sh : (h - fh + sh) / sh;
  const int ow = same ? (w + sw - 1) / sw : (w - fw + sw) / sw;
  const int pad_t = std::max(0, ((oh - 1) * sh + fh - h) / 2);
  const int pad_l = std::max(0, ((ow - 1) * sw + fw - w) / 2);
  PoolResult r{{batch, oh, ow, c}, {}, {}};
  for (int b = 0; b < batch; ++b) {
    for (int oy = 0; oy < oh; ++oy) {
      for (int ox = 0; ox < ow; ++ox) {
        for (int ch = 0; ch < c; ++ch) {
          float best = std::numeric_limits<float>::lowest();
          int best_pos = 0;
          for (int fy = 0; fy < fh; ++fy) {
            for (int fx = 0; fx < fw; ++fx) {
              const int y = oy * sh - pad_t + fy, x = ox * sw - pad_l + fx;
              if (y < 0 || y >= h || x < 0 || x >= w) continue;
              const float v = in[((b * h + y) * w + x) * c + ch];
              if (v > best) {
                best = v;
                best_pos = fy * fw + fx;
              }
            }
          }
          r.values.push_back(std::min(std::max(best, lo), hi));
          r.indices.push_back(static_cast<float>(best_pos) + 0.1f);
        }
      }
    }
  }
  return r;
}

struct PoolModel {
  PluginOpTest t{MediapipePluginPath()};
  int values = -1, indices = -1;
  PoolModel(std::vector<int32_t> shape, const std::vector<float>& in,
            std::vector<uint8_t> options) {
    int x = t.Input<float>(std::move(shape), in);
    values = t.Output();
    indices = t.Output();
    t.CustomOp("MaxPoolingWithArgmax2D", {x}, {values, indices}, std::move(options));
  }
};

TEST(MaxPoolingWithArgmax2D, HandComputed) {
  // 4x4 ramp, 2x2 windows, stride 2: each maximum is the window's bottom-right (index 3).
  std::vector<float> in(16);
  for (int i = 0; i < 16; ++i) in[i] = static_cast<float>(i);
  PoolModel m({1, 4, 4, 1}, in, PoolOptions(2, 2, 2, 2, 2));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Shape(m.values), (std::vector<int32_t>{1, 2, 2, 1}));
  EXPECT_EQ(m.t.Shape(m.indices), (std::vector<int32_t>{1, 2, 2, 1}));
  EXPECT_EQ(m.t.Values<float>(m.values), (std::vector<float>{5, 7, 13, 15}));
  EXPECT_EQ(m.t.Values<float>(m.indices), (std::vector<float>(4, 3.1f)));
}

TEST(MaxPoolingWithArgmax2D, TiesTakeTheFirstMaximum) {
  PoolModel m({1, 2, 2, 1}, {1, 1, 1, 1}, PoolOptions(2, 2, 2, 2, 2));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.indices), (std::vector<float>{0.1f}));
  PoolModel n({1, 2, 2, 1}, {0, 2, 2, 1}, PoolOptions(2, 2, 2, 2, 2));
  PLINTH_ASSERT_OK(n.t.Run());
  EXPECT_EQ(n.t.Values<float>(n.indices), (std::vector<float>{1.1f}));
}

TEST(MaxPoolingWithArgmax2D, MatchesReference) {
  int cases = 0;
  for (bool same : {true, false}) {
    for (auto [sw, sh] : {std::pair{1, 1}, {2, 2}, {3, 2}}) {
      for (auto [fw, fh] : {std::pair{2, 2}, {3, 3}, {3, 2}, {1, 1}}) {
        for (auto [h, w] : {std::pair{5, 7}, {4, 4}, {6, 3}}) {
          const int batch = 2, c = 3;
          std::vector<float> in =
              RandomFloats(batch * h * w * c, -5, 5, static_cast<uint32_t>(cases + 1));
          PoolModel m({batch, h, w, c}, in, PoolOptions(same ? 1 : 2, sw, sh, fw, fh));
          SCOPED_TRACE(::testing::Message()
                       << (same ? "SAME" : "VALID") << " stride " << sw << "x" << sh << " filter "
                       << fw << "x" << fh << " input " << h << "x" << w);
          PLINTH_ASSERT_OK(m.t.Run());
          PoolResult want = ReferencePool(in, batch, h, w, c, same, sw, sh, fw, fh,
                                          std::numeric_limits<float>::lowest(),
                                          std::numeric_limits<float>::max());
          EXPECT_EQ(m.t.Shape(m.values), want.shape);
          EXPECT_EQ(m.t.Shape(m.indices), want.shape);
          EXPECT_EQ(m.t.Values<float>(m.values), want.values);
          EXPECT_EQ(m.t.Values<float>(m.indices), want.indices);
          ++cases;
        }
      }
    }
  }
  EXPECT_EQ(cases, 72);
}

TEST(MaxPoolingWithArgmax2D, ReluFamilyClampsValuesNotIndices) {
  std::vector<float> in = RandomFloats(2 * 6 * 6 * 2, -8, 8, 7);
  struct Act {
    int code;
    float lo, hi;
  };
  const float lowest = std::numeric_limits<float>::lowest(),
              max = std::numeric_limits<float>::max();
  for (Act a : {Act{1, 0.f, max}, Act{2, -1.f, 1.f}, Act{3, 0.f, 6.f}, Act{4, lowest, max}}) {
    PoolModel m({2, 6, 6, 2}, in, PoolOptions(1, 2, 2, 3, 3, a.code));
    PLINTH_ASSERT_OK(m.t.Run());
    PoolResult want = ReferencePool(in, 2, 6, 6, 2, true, 2, 2, 3, 3, a.lo, a.hi);
    EXPECT_EQ(m.t.Values<float>(m.values), want.values) << "activation " << a.code;
    EXPECT_EQ(m.t.Values<float>(m.indices), want.indices) << "activation " << a.code;
  }
}

TEST(MaxPoolingWithArgmax2D, NewerStructWithComputedPadding) {
  // TFLite headers since 2.x append TfLitePaddingValues (16 bytes) to TfLitePoolParams.
  PoolModel m({1, 2, 2, 1}, {1, 4, 3, 2}, Int32Words({2, 2, 2, 2, 2, 0, 9, 9, 9, 9}));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.values), (std::vector<float>{4}));
  EXPECT_EQ(m.t.Values<float>(m.indices), (std::vector<float>{1.1f}));
}

void ExpectError(const absl::Status& s, const std::string& text) {
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find(text), std::string::npos) << s.message();
}

TEST(MaxPoolingWithArgmax2D, Errors) {
  std::vector<float> in(16, 1.f);
  ExpectError(PoolModel({1, 4, 4, 1}, in, Int32Words({1, 2, 2})).t.Run(),
              "custom options must hold a TfLitePoolParams (24 bytes or more), got 12 bytes");
  ExpectError(PoolModel({1, 4, 4, 1}, in, PoolOptions(3, 2, 2, 2, 2)).t.Run(),
              "padding must be 1 (SAME) or 2 (VALID), got 3");
  ExpectError(PoolModel({1, 4, 4, 1}, in, PoolOptions(1, 2, 2, 0, 2)).t.Run(),
              "filter_width must be >= 1, got 0");
  ExpectError(PoolModel({1, 4, 4, 1}, in, PoolOptions(1, 2, 2, 2, 2, 7)).t.Run(),
              "activation must be a TfLiteFusedActivation (0..6), got 7");
  ExpectError(PoolModel({1, 2, 2, 1}, std::vector<float>(4), PoolOptions(2, 1, 1, 9, 9)).t.Run(),
              "a 9x9 VALID window does not fit the input [1, 2, 2, 1]");
  ExpectError(PoolModel({4, 4, 1}, in, PoolOptions(1, 2, 2, 2, 2)).t.Run(),
              "input must be 4-D (NHWC), got [4, 4, 1]");
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<uint8_t>({1, 2, 2, 1}, std::vector<uint8_t>(4), QuantSpec{{1.f}, {0}});
    int v = t.Output(), i = t.Output();
    t.CustomOp("MaxPoolingWithArgmax2D", {x}, {v, i}, PoolOptions(1, 2, 2, 2, 2));
    ExpectError(t.Run(), "input must be FLOAT32, got UINT8");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
    int v = t.Output();
    t.CustomOp("MaxPoolingWithArgmax2D", {x}, {v}, PoolOptions(1, 2, 2, 2, 2));
    ExpectError(t.Run(), "takes 1 input and 2 outputs (values, indices), got 1 and 1");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int x = t.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
    int v = t.Output(), i = t.Output(PLINTH_INT32);
    t.CustomOp("MaxPoolingWithArgmax2D", {x}, {v, i}, PoolOptions(1, 2, 2, 2, 2));
    ExpectError(t.Run(), "output 1 must be FLOAT32, got INT32");
  }
}

}  // namespace
}  // namespace plinth::testing
