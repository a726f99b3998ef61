// RESIZE_BILINEAR: float32 against a double-precision bilinear reference; uint8 within one step
// of it; int8/int16 exactly against TFLite's integer algorithm restated here (10-bit source
// coordinates, 20-bit weighted sums) and close to the double reference.
#include <algorithm>
#include <bit>
#include <cmath>

#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

struct Mode {
  bool align_corners;
  bool half_pixel_centers;
};
const Mode kModes[] = {{false, false}, {true, false}, {false, true}};

// Source coordinate of output index v and its neighbours, in double precision.
void SourceCoordinate(int v, int in, int out, Mode m, double* s, int* lo, int* hi) {
  double scale = static_cast<double>(in) / out;
  if (m.align_corners && out > 1) scale = static_cast<double>(in - 1) / (out - 1);
  *s = m.half_pixel_centers ? (v + 0.5) * scale - 0.5 : v * scale;
  *lo = std::max(static_cast<int>(std::floor(*s)), 0);
  *hi = std::min(static_cast<int>(std::ceil(*s)), in - 1);
}

std::vector<double> ReferenceBilinear(const std::vector<double>& in,
                                      const std::vector<int32_t>& shape, int oh, int ow, Mode m) {
  const int n = shape[0], h = shape[1], w = shape[2], c = shape[3];
  std::vector<double> out;
  for (int b = 0; b < n; ++b) {
    for (int y = 0; y < oh; ++y) {
      double sy;
      int y0, y1;
      SourceCoordinate(y, h, oh, m, &sy, &y0, &y1);
      for (int x = 0; x < ow; ++x) {
        double sx;
        int x0, x1;
        SourceCoordinate(x, w, ow, m, &sx, &x0, &x1);
        const double dy = sy - y0, dx = sx - x0;
        for (int k = 0; k < c; ++k) {
          auto at = [&](int yy, int xx) { return in[((b * h + yy) * w + xx) * c + k]; };
          out.push_back(at(y0, x0) * (1 - dy) * (1 - dx) + at(y1, x0) * dy * (1 - dx) +
                        at(y0, x1) * (1 - dy) * dx + at(y1, x1) * dy * dx);
        }
      }
    }
  }
  return out;
}

// TFLite's integer resize (reference ResizeBilinearInteger), restated.
template <class T>
std::vector<T> ReferenceInteger(const std::vector<T>& in, const std::vector<int32_t>& shape, int oh,
                                int ow, Mode m) {
  const int n = shape[0], h = shape[1], w = shape[2], c = shape[3];
  auto scale10 = [&](int in_size, int out_size) {
    if (m.align_corners && out_size > 1) {
      return (1024 * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
    }
    return (1024 * in_size + out_size / 2) / out_size;
  };
  auto source = [&](int v, int scale, int in_size, int* s, int* lo, int* hi) {
    *s = m.half_pixel_centers ? v * scale + scale / 2 - 512 : v * scale;
    *lo = std::max(*s / 1024, 0);
    *hi = std::min((*s + 1023) / 1024, in_size - 1);
  };
  const int sh = scale10(h, oh), sw = scale10(w, ow);
  std::vector<T> out;
  for (int b = 0; b < n; ++b) {
    for (int y = 0; y < oh; ++y) {
      int sy, y0, y1;
      source(y, sh, h, &sy, &y0, &y1);
      for (int x = 0; x < ow; ++x) {
        int sx, x0, x1;
        source(x, sw, w, &sx, &x0, &x1);
        for (int k = 0; k < c; ++k) {
          auto at = [&](int yy, int xx) -> int64_t { return in[((b * h + yy) * w + xx) * c + k]; };
          const int64_t fy = sy - 1024 * y0, fx = sx - 1024 * x0;
          const int64_t sum = at(y0, x0) * (1024 - fy) * (1024 - fx) +
                              at(y1, x0) * fy * (1024 - fx) + at(y0, x1) * (1024 - fy) * fx +
                              at(y1, x1) * fy * fx;
          const int64_t rounded = (sum + (sum > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20);
          out.push_back(static_cast<T>(rounded));
        }
      }
    }
  }
  return out;
}

const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> kSizes = {
    {{2, 3, 4, 2}, {5, 7}},
    {{1, 7, 9, 1}, {3, 4}},
    {{1, 1, 4, 2}, {3, 1}},
    {{1, 4, 4, 3}, {8, 8}},
    {{1, 5, 3, 1}, {5, 3}}};

TEST(ResizeBilinear, Float32MatchesBilinearInterpolation) {
  for (const Mode& m : kModes) {
    for (const auto& [shape, size] : kSizes) {
      auto data = RandomValues<float>(NumElementsOf(shape), -5, 5, 3);
      OpTest t;
      int x = t.Input<float>(shape, data);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, size)}, {y},
           {{"align_corners", m.align_corners}, {"half_pixel_centers", m.half_pixel_centers}});
      ASSERT_TRUE(t.Run().ok());
      EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{shape[0], size[0], size[1], shape[3]}));
      auto expect = ReferenceBilinear(std::vector<double>(data.begin(), data.end()), shape, size[0],
                                      size[1], m);
      auto got = t.Values<float>(y);
      ASSERT_EQ(got.size(), expect.size());
      for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expect[i], 2e-5) << i;
    }
  }
}

// TFLite's float kernel restated: float source coordinates and the four weighted terms in its
// order. Plinth's float path must give these bits on any number of threads (rows are split
// between them; column weights are computed once).
std::vector<float> TfliteFloatFormula(const std::vector<float>& in,
                                      const std::vector<int32_t>& shape, int out_h, int out_w,
                                      Mode m) {
  const int batches = shape[0], in_h = shape[1], in_w = shape[2], depth = shape[3];
  float scale_h = static_cast<float>(in_h) / out_h, scale_w = static_cast<float>(in_w) / out_w;
  if (m.align_corners && out_h > 1) scale_h = static_cast<float>(in_h - 1) / (out_h - 1);
  if (m.align_corners && out_w > 1) scale_w = static_cast<float>(in_w - 1) / (out_w - 1);
  auto source = [&](int v, float scale, int size, float* f, int* lo, int* hi) {
    *f = m.half_pixel_centers ? (static_cast<float>(v) + 0.5f) * scale - 0.5f
                              : static_cast<float>(v) * scale;
    *lo = std::max(static_cast<int>(std::floor(*f)), 0);
    *hi = std::min(static_cast<int>(std::ceil(*f)), size - 1);
  };
  std::vector<float> out;
  for (int b = 0; b < batches; ++b) {
    for (int y = 0; y < out_h; ++y) {
      float fy;
      int y0, y1;
      source(y, scale_h, in_h, &fy, &y0, &y1);
      const float dy = fy - static_cast<float>(y0);
      for (int x = 0; x < out_w; ++x) {
        float fx;
        int x0, x1;
        source(x, scale_w, in_w, &fx, &x0, &x1);
        const float dx = fx - static_cast<float>(x0);
        auto at = [&](int yy, int xx, int c) {
          return in[((static_cast<size_t>(b) * in_h + yy) * in_w + xx) * depth + c];
        };
        for (int c = 0; c < depth; ++c) {
          out.push_back(at(y0, x0, c) * (1 - dy) * (1 - dx) + at(y1, x0, c) * dy * (1 - dx) +
                        at(y0, x1, c) * (1 - dy) * dx + at(y1, x1, c) * dy * dx);
        }
      }
    }
  }
  return out;
}

TEST(ResizeBilinear, FloatIsTflitesFormulaBitForBitOnAnyThreadCount) {
  const std::vector<int32_t> shape = {2, 6, 7, 5};
  auto data = RandomValues<float>(NumElementsOf(shape), -5, 5, 11);
  for (const Mode& m : kModes) {
    const auto expect = TfliteFloatFormula(data, shape, 13, 17, m);
    for (int threads : {1, 3}) {
      OpTest t;
      int x = t.Input<float>(shape, data);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, {13, 17})}, {y},
           {{"align_corners", m.align_corners}, {"half_pixel_centers", m.half_pixel_centers}});
      InterpreterOptions options;
      options.num_threads = threads;
      ASSERT_TRUE(t.Run(options).ok());
      const auto got = t.Values<float>(y);
      ASSERT_EQ(got.size(), expect.size());
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(std::bit_cast<uint32_t>(got[i]), std::bit_cast<uint32_t>(expect[i]))
            << i << " threads " << threads;
      }
    }
  }
}

TEST(ResizeBilinear, KnownValues) {
  OpTest t;
  int x = t.Input<float>({1, 2, 2, 1}, {0, 4, 8, 12});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, {3, 3})}, {y}, {{"align_corners", true}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{0, 2, 4, 4, 6, 8, 8, 10, 12}));
}

TEST(ResizeBilinear, Uint8RoundsTheFloatInterpolation) {
  for (const Mode& m : kModes) {
    for (const auto& [shape, size] : kSizes) {
      auto data = RandomValues<uint8_t>(NumElementsOf(shape), 0, 255, 4);
      OpTest t;
      int x = t.Input<uint8_t>(shape, data, {{0.5f}, {128}});
      int y = t.Output(PLINTH_UINT8, {}, {{0.5f}, {128}});
      t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, size)}, {y},
           {{"align_corners", m.align_corners}, {"half_pixel_centers", m.half_pixel_centers}}, 3);
      ASSERT_TRUE(t.Run().ok());
      auto expect = ReferenceBilinear(std::vector<double>(data.begin(), data.end()), shape, size[0],
                                      size[1], m);
      auto got = t.Values<uint8_t>(y);
      ASSERT_EQ(got.size(), expect.size());
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_LE(std::abs(got[i] - std::round(expect[i])), 1) << i;
      }
    }
  }
}

template <class T>
void CheckInteger(PlinthType type, int version) {
  for (const Mode& m : kModes) {
    for (const auto& [shape, size] : kSizes) {
      auto data = RandomValues<T>(NumElementsOf(shape), std::numeric_limits<T>::min(),
                                  std::numeric_limits<T>::max(), 5);
      OpTest t;
      int x = t.Input<T>(shape, data, {{0.25f}, {0}}, type);
      int y = t.Output(type, {}, {{0.25f}, {0}});
      t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, size)}, {y},
           {{"align_corners", m.align_corners}, {"half_pixel_centers", m.half_pixel_centers}},
           version);
      ASSERT_TRUE(t.Run().ok());
      auto got = t.template Values<T>(y);
      EXPECT_EQ(got, ReferenceInteger(data, shape, size[0], size[1], m));
      // The 10-bit coordinates keep the result near true bilinear interpolation.
      auto expect = ReferenceBilinear(std::vector<double>(data.begin(), data.end()), shape, size[0],
                                      size[1], m);
      const double range = double{std::numeric_limits<T>::max()} - std::numeric_limits<T>::min();
      for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expect[i], 0.01 * range) << i;
    }
  }
}

TEST(ResizeBilinear, Int8AndInt16UseTheIntegerAlgorithm) {
  CheckInteger<int8_t>(PLINTH_INT8, 2);
  CheckInteger<int16_t>(PLINTH_INT16, 4);
}

TEST(ResizeBilinear, RuntimeSize) {
  OpTest t;
  int x = t.Input<float>({1, 2, 2, 1}, {0, 4, 8, 12});
  int size = t.Input<int32_t>({2}, {3, 3});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("RESIZE_BILINEAR", {x, size}, {y}, {{"align_corners", true}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{1, 3, 3, 1}));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int32_t>{1, 2})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{1, 1, 2, 1}));
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{0, 4}));
}

TEST(ResizeBilinear, InvalidParametersFail) {
  auto run = [](auto build, const std::string& message) {
    OpTest t;
    build(t);
    ExpectRunError(t, message);
  };
  run(
      [](OpTest& t) {
        int x = t.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
        t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, {3, 3})}, {t.Output(PLINTH_FLOAT32)},
             {{"align_corners", true}, {"half_pixel_centers", true}});
      },
      "cannot both be set");
  run(
      [](OpTest& t) {
        int x = t.Input<float>({2, 2, 1}, std::vector<float>(4));
        t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, {3, 3})}, {t.Output(PLINTH_FLOAT32)});
      },
      "must be 4-D");
  run(
      [](OpTest& t) {
        int x = t.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
        t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, {0, 3})}, {t.Output(PLINTH_FLOAT32)});
      },
      "must be positive");
  run(
      [](OpTest& t) {
        int x = t.Input<float>({1, 2, 2, 1}, std::vector<float>(4));
        t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({3}, {1, 3, 3})}, {t.Output(PLINTH_FLOAT32)});
      },
      "size must be 1-D [height, width]");
  run(
      [](OpTest& t) {
        int x = t.Input<int32_t>({1, 2, 2, 1}, std::vector<int32_t>(4));
        t.Op("RESIZE_BILINEAR", {x, t.Const<int32_t>({2}, {3, 3})}, {t.Output(PLINTH_INT32)});
      },
      "input has unsupported type INT32");
}

}  // namespace
}  // namespace plinth::testing
