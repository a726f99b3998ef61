// MaxUnpooling2D (plugins/mediapipe): scatter by argmax indices against a reference written here,
// the pool -> unpool round trip of SegNet-style models, out-of-range indices, errors.
#include <algorithm>
#include <cmath>
#include <limits>

#include "tests/plugins/plugin_test_util.h"

namespace plinth::testing {
namespace {

std::vector<uint8_t> PoolOptions(int padding, int stride_w, int stride_h, int filter_w,
                                 int filter_h) {
  return Int32Words({padding, stride_w, stride_h, filter_w, filter_h, 0});
}

// Output [N, H * fh, W * fw, C], zero but for each input value written at
// (y * sh - pad_t + idx / fw, x * sw - pad_l + idx % fw), idx = trunc(index); later inputs win,
// positions outside the output are dropped.
std::vector<float> ReferenceUnpool(const std::vector<float>& values,
                                   const std::vector<float>& indices, int batch, int h, int w,
                                   int c, int sw, int sh, int fw, int fh) {
  const int oh = h * fh, ow = w * fw;
  const int pad_t = std::max(0, ((h - 1) * sh + fh - oh) / 2);
  const int pad_l = std::max(0, ((w - 1) * sw + fw - ow) / 2);
  std::vector<float> out(static_cast<size_t>(batch) * oh * ow * c, 0.f);
  for (int b = 0; b < batch; ++b) {
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        for (int ch = 0; ch < c; ++ch) {
          const int i = ((b * h + y) * w + x) * c + ch;
          if (!std::isfinite(indices[i]) || std::fabs(indices[i]) > 1e9f) continue;
          const int idx = static_cast<int>(indices[i]);
          const int oy = y * sh - pad_t + idx / fw, ox = x * sw - pad_l + idx % fw;
          if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
          out[((b * oh + oy) * ow + ox) * c + ch] = values[i];
        }
      }
    }
  }
  return out;
}

struct UnpoolModel {
  PluginOpTest t{MediapipePluginPath()};
  int y = -1;
  UnpoolModel(std::vector<int32_t> shape, const std::vector<float>& values,
              const std::vector<float>& indices, std::vector<uint8_t> options) {
    int v = t.Input<float>(shape, values);
    int i = t.Input<float>(shape, indices);
    y = t.Output();
    t.CustomOp("MaxUnpooling2D", {v, i}, {y}, std::move(options));
  }
};

TEST(MaxUnpooling2D, HandComputed) {
  // Every value back to the bottom-right of its 2x2 block.
  UnpoolModel m({1, 2, 2, 1}, {5, 7, 13, 15}, {3.1f, 3.1f, 3.1f, 3.1f}, PoolOptions(1, 2, 2, 2, 2));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Shape(m.y), (std::vector<int32_t>{1, 4, 4, 1}));
  EXPECT_EQ(m.t.Values<float>(m.y),
            (std::vector<float>{0, 0, 0, 0, 0, 5, 0, 7, 0, 0, 0, 0, 0, 13, 0, 15}));
}

TEST(MaxUnpooling2D, MatchesReference) {
  int cases = 0;
  for (auto [sw, sh] : {std::pair{2, 2}, {1, 1}, {3, 2}, {3, 3}}) {
    for (auto [fw, fh] : {std::pair{2, 2}, {3, 2}, {2, 3}}) {
      for (auto [h, w] : {std::pair{3, 3}, {2, 5}}) {
        const int batch = 2, c = 2, n = batch * h * w * c;
        std::vector<float> values = RandomFloats(n, -3, 3, static_cast<uint32_t>(cases + 1));
        std::vector<float> indices = RandomFloats(n, 0, static_cast<float>(fw * fh) - 0.01f,
                                                  static_cast<uint32_t>(cases + 100));
        UnpoolModel m({batch, h, w, c}, values, indices, PoolOptions(1, sw, sh, fw, fh));
        SCOPED_TRACE(::testing::Message() << "stride " << sw << "x" << sh << " filter " << fw << "x"
                                          << fh << " input " << h << "x" << w);
        PLINTH_ASSERT_OK(m.t.Run());
        EXPECT_EQ(m.t.Shape(m.y), (std::vector<int32_t>{batch, h * fh, w * fw, c}));
        EXPECT_EQ(m.t.Values<float>(m.y),
                  ReferenceUnpool(values, indices, batch, h, w, c, sw, sh, fw, fh));
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 24);
}

TEST(MaxUnpooling2D, StrideLargerThanFilterIsPadded) {
  // H = 3, stride 3, filter 2: pad_t = ((3 - 1) * 3 + 2 - 6) / 2 = 1, so index 0 of row 0 lands
  // on row -1 and is dropped, while row 1 lands on row 2.
  UnpoolModel m({1, 3, 1, 1}, {1, 2, 3}, {0.1f, 0.1f, 0.1f}, PoolOptions(1, 1, 3, 1, 2));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Shape(m.y), (std::vector<int32_t>{1, 6, 1, 1}));
  EXPECT_EQ(m.t.Values<float>(m.y), (std::vector<float>{0, 0, 2, 0, 0, 3}));
}

TEST(MaxUnpooling2D, LaterValuesOverwriteEarlierOnes) {
  // Stride 1, filter 2: pixel 0 points right (index 1), pixel 1 points at itself (index 0).
  UnpoolModel m({1, 1, 2, 1}, {4, 9}, {1.1f, 0.1f}, PoolOptions(1, 1, 1, 2, 1));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.y), (std::vector<float>{0, 9, 0, 0}));
}

TEST(MaxUnpooling2D, OutOfRangeIndicesAreDropped) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  UnpoolModel m({1, 2, 2, 1}, {1, 2, 3, 4}, {-1.f, 100.f, nan, 3e9f}, PoolOptions(1, 2, 2, 2, 2));
  PLINTH_ASSERT_OK(m.t.Run());
  EXPECT_EQ(m.t.Values<float>(m.y), (std::vector<float>(16, 0.f)));
}

TEST(MaxUnpooling2D, PoolThenUnpoolKeepsTheMaxima) {
  // The encoder/decoder pair of SegNet-style segmentation models, in one model.
  const int h = 6, w = 8, c = 3;
  std::vector<float> in = RandomFloats(h * w * c, -1, 1, 42);
  PluginOpTest t(MediapipePluginPath());
  int x = t.Input<float>({1, h, w, c}, in);
  int pooled = t.Internal(), indices = t.Internal();
  int y = t.Output();
  t.CustomOp("MaxPoolingWithArgmax2D", {x}, {pooled, indices}, PoolOptions(1, 2, 2, 2, 2));
  t.CustomOp("MaxUnpooling2D", {pooled, indices}, {y}, PoolOptions(1, 2, 2, 2, 2));
  PLINTH_ASSERT_OK(t.Run());
  ASSERT_EQ(t.Shape(y), (std::vector<int32_t>{1, h, w, c}));
  std::vector<float> out = t.Values<float>(y);
  for (int by = 0; by < h; by += 2) {
    for (int bx = 0; bx < w; bx += 2) {
      for (int ch = 0; ch < c; ++ch) {
        float best = -2;
        int at = -1;
        for (int i = 0; i < 4; ++i) {
          const int p = ((by + i / 2) * w + bx + i % 2) * c + ch;
          if (in[p] > best) best = in[p], at = p;
        }
        for (int i = 0; i < 4; ++i) {
          const int p = ((by + i / 2) * w + bx + i % 2) * c + ch;
          EXPECT_EQ(out[p], p == at ? in[p] : 0.f) << "at " << p;
        }
      }
    }
  }
}

void ExpectError(const absl::Status& s, const std::string& text) {
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find(text), std::string::npos) << s.message();
}

TEST(MaxUnpooling2D, Errors) {
  std::vector<float> v(4, 1.f);
  ExpectError(UnpoolModel({1, 2, 2, 1}, v, v, Int32Words({1, 2, 2, 2})).t.Run(),
              "TfLitePoolParams (24 bytes or more), got 16 bytes");
  ExpectError(UnpoolModel({1, 2, 2, 1}, v, v, PoolOptions(1, 0, 2, 2, 2)).t.Run(),
              "stride_width must be >= 1, got 0");
  ExpectError(UnpoolModel({2, 2, 1}, v, v, PoolOptions(1, 2, 2, 2, 2)).t.Run(),
              "values must be 4-D (NHWC), got [2, 2, 1]");
  {
    PluginOpTest t(MediapipePluginPath());
    int a = t.Input<float>({1, 2, 2, 1}, v);
    int i = t.Input<float>({1, 2, 1, 2}, v);
    int y = t.Output();
    t.CustomOp("MaxUnpooling2D", {a, i}, {y}, PoolOptions(1, 2, 2, 2, 2));
    ExpectError(t.Run(), "indices [1, 2, 1, 2] must have the shape of values [1, 2, 2, 1]");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int a = t.Input<float>({1, 2, 2, 1}, v);
    int i = t.Input<int32_t>({1, 2, 2, 1}, std::vector<int32_t>(4));
    int y = t.Output();
    t.CustomOp("MaxUnpooling2D", {a, i}, {y}, PoolOptions(1, 2, 2, 2, 2));
    ExpectError(t.Run(), "indices must be FLOAT32, got INT32");
  }
  {
    PluginOpTest t(MediapipePluginPath());
    int a = t.Input<float>({1, 2, 2, 1}, v);
    int y = t.Output();
    t.CustomOp("MaxUnpooling2D", {a}, {y}, PoolOptions(1, 2, 2, 2, 2));
    ExpectError(t.Run(), "takes 2 inputs (values, indices) and 1 output, got 1 and 1");
  }
}

}  // namespace
}  // namespace plinth::testing
