// AVERAGE_POOL_2D, MAX_POOL_2D (float32, uint8, int8, int16) and L2_POOL_2D (float32) against a
// direct reference that averages only in-bounds elements; paddings, strides, window sizes,
// activations; TFLite's integer rounding of averages; invalid models.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Window {
  std::vector<int32_t> input;
  bool same;
  int32_t stride_h, stride_w, filter_h, filter_w;
};

const std::vector<Window>& Windows() {
  static const std::vector<Window> w = {
      {{1, 5, 5, 2}, true, 1, 1, 3, 3},  {{2, 7, 6, 3}, false, 2, 2, 2, 3},
      {{1, 6, 9, 1}, true, 2, 3, 4, 2},  {{1, 1, 1, 4}, true, 1, 1, 1, 1},
      {{1, 3, 3, 2}, false, 1, 1, 3, 3}, {{0, 4, 4, 1}, true, 2, 2, 2, 2},
  };
  return w;
}

Options PoolOptions(const Window& w, const std::string& activation) {
  return {{"padding", w.same ? "SAME" : "VALID"},
          {"stride_h", w.stride_h},
          {"stride_w", w.stride_w},
          {"filter_height", w.filter_h},
          {"filter_width", w.filter_w},
          {"fused_activation_function", activation}};
}

// Calls f(sum-or-max over in-bounds elements, count) per output in row-major order.
enum class Kind { kAverage, kMax, kL2 };
template <class T>
std::vector<double> RefPool(const std::vector<T>& x, const Window& w, Kind kind,
                            std::vector<int32_t>* shape, std::vector<int32_t>* counts) {
  const int32_t n = w.input[0], h = w.input[1], wd = w.input[2], c = w.input[3];
  const RefDim dy = RefWindow(w.same, h, w.filter_h, w.stride_h, 1);
  const RefDim dx = RefWindow(w.same, wd, w.filter_w, w.stride_w, 1);
  *shape = {n, dy.out, dx.out, c};
  std::vector<double> out;
  counts->clear();
  for (int32_t b = 0; b < n; ++b)
    for (int32_t y = 0; y < dy.out; ++y)
      for (int32_t xx = 0; xx < dx.out; ++xx)
        for (int32_t ch = 0; ch < c; ++ch) {
          double acc = kind == Kind::kMax ? -1e300 : 0;
          int32_t count = 0;
          for (int32_t i = 0; i < w.filter_h; ++i)
            for (int32_t j = 0; j < w.filter_w; ++j) {
              const int32_t iy = y * w.stride_h - dy.pad + i, ix = xx * w.stride_w - dx.pad + j;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              const double v = x[((b * h + iy) * wd + ix) * c + ch];
              acc = kind == Kind::kMax ? std::max(acc, v) : acc + (kind == Kind::kL2 ? v * v : v);
              ++count;
            }
          out.push_back(acc);
          counts->push_back(count);
        }
  return out;
}

TEST(Pooling, FloatMatchesReference) {
  uint32_t seed = 1;
  const std::pair<const char*, Kind> ops[] = {
      {"AVERAGE_POOL_2D", Kind::kAverage}, {"MAX_POOL_2D", Kind::kMax}, {"L2_POOL_2D", Kind::kL2}};
  for (const auto& [op, kind] : ops) {
    for (const Window& w : Windows()) {
      for (const std::string act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH"}) {
        auto x = RandomValues<float>(NumElementsOf(w.input), -4, 8, seed++);
        OpTest t;
        int in = t.Input<float>(w.input, x);
        int y = t.Output(PLINTH_FLOAT32);
        t.Op(op, {in}, {y}, PoolOptions(w, act));
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        std::vector<int32_t> shape, counts;
        auto ref = RefPool(x, w, kind, &shape, &counts);
        for (size_t i = 0; i < ref.size(); ++i) {
          if (kind == Kind::kAverage) ref[i] /= counts[i];
          if (kind == Kind::kL2) ref[i] = std::sqrt(ref[i] / counts[i]);
          ref[i] = RefClamp(ref[i], act);
        }
        EXPECT_EQ(t.Shape(y), shape) << op;
        ExpectNear(t.Values<float>(y), ref, 1e-6, std::string(op) + " " + act);
      }
    }
  }
}

// Quantized pools work on raw values; averages round half away from zero.
template <class T>
void CheckQuantized(const char* op, Kind kind, float scale, int64_t zero_point, uint32_t seed) {
  for (const Window& w : Windows()) {
    for (const std::string act : {"NONE", "RELU", "RELU6"}) {
      auto x = FullRange<T>(NumElementsOf(w.input), seed++);
      OpTest t;
      int in = t.Input<T>(w.input, x, PerTensorQ(scale, zero_point));
      int y = t.Output(TypeOf<T>::value, {}, PerTensorQ(scale, zero_point));
      t.Op(op, {in}, {y}, PoolOptions(w, act));
      ASSERT_TRUE(t.Run().ok()) << t.Run().message();
      std::vector<int32_t> shape, counts;
      auto ref = RefPool(x, w, kind, &shape, &counts);
      const auto [lo, hi] =
          RefActivationRange(act, scale, static_cast<int32_t>(zero_point),
                             std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
      std::vector<T> expect;
      for (size_t i = 0; i < ref.size(); ++i) {
        int32_t v = static_cast<int32_t>(ref[i]);
        if (kind == Kind::kAverage) {
          const double avg = ref[i] / counts[i];
          v = static_cast<int32_t>(avg < 0 ? -std::floor(-avg + 0.5) : std::floor(avg + 0.5));
        }
        expect.push_back(static_cast<T>(std::clamp(v, lo, hi)));
      }
      EXPECT_EQ(t.Values<T>(y), expect) << op << " " << act;
    }
  }
}

TEST(Pooling, QuantizedIsBitExact) {
  CheckQuantized<int8_t>("AVERAGE_POOL_2D", Kind::kAverage, 0.05f, -128, 100);
  CheckQuantized<int8_t>("MAX_POOL_2D", Kind::kMax, 0.05f, 127, 200);
  CheckQuantized<int8_t>("AVERAGE_POOL_2D", Kind::kAverage, 0.03f, 7, 250);
  CheckQuantized<uint8_t>("AVERAGE_POOL_2D", Kind::kAverage, 0.1f, 128, 300);
  CheckQuantized<uint8_t>("MAX_POOL_2D", Kind::kMax, 0.1f, 0, 400);
  CheckQuantized<int16_t>("AVERAGE_POOL_2D", Kind::kAverage, 0.001f, 0, 500);
  CheckQuantized<int16_t>("MAX_POOL_2D", Kind::kMax, 0.001f, 0, 600);
}

TEST(Pooling, AverageRoundsHalvesAwayFromZero) {
  OpTest t;
  int in = t.Input<int8_t>({1, 1, 4, 1}, {-3, -2, 1, 2}, PerTensorQ(1.f, 0));
  int y = t.Output(PLINTH_INT8, {}, PerTensorQ(1.f, 0));
  t.Op("AVERAGE_POOL_2D", {in}, {y},
       {{"padding", "VALID"},
        {"stride_h", 1},
        {"stride_w", 2},
        {"filter_height", 1},
        {"filter_width", 2}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int8_t>(y), (std::vector<int8_t>{-3, 2}));  // -2.5 -> -3, 1.5 -> 2
}

TEST(Pooling, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  auto run = [](const char* op, PlinthType type, std::vector<int32_t> shape, Options options,
                QuantSpec q = {}) {
    OpTest t;
    int in =
        t.InputBytes(type, shape, std::vector<uint8_t>(NumElementsOf(shape) * TypeSize(type)), q);
    int y = t.Output(type, {}, q);
    t.Op(op, {in}, {y}, options);
    return std::string(t.Run().message());
  };
  const Options ok = {{"stride_h", 1}, {"stride_w", 1}, {"filter_height", 2}, {"filter_width", 2}};
  EXPECT_THAT(run("MAX_POOL_2D", PLINTH_FLOAT32, {4, 4, 2}, ok), HasSubstr("4-D"));
  EXPECT_THAT(run("L2_POOL_2D", PLINTH_INT8, {1, 4, 4, 2}, ok, PerTensorQ(0.1f, 0)),
              HasSubstr("unsupported type INT8"));
  EXPECT_THAT(run("AVERAGE_POOL_2D", PLINTH_INT16, {1, 4, 4, 2}, ok, PerTensorQ(0.1f, 2)),
              HasSubstr("zero point 0"));
  EXPECT_THAT(run("AVERAGE_POOL_2D", PLINTH_FLOAT32, {1, 4, 4, 2},
                  {{"stride_h", 1}, {"stride_w", 1}, {"filter_height", 0}, {"filter_width", 2}}),
              HasSubstr("filter sizes must be positive"));
  EXPECT_THAT(run("AVERAGE_POOL_2D", PLINTH_FLOAT32, {1, 4, 4, 2},
                  {{"stride_h", 0}, {"stride_w", 1}, {"filter_height", 2}, {"filter_width", 2}}),
              HasSubstr("stride"));
  EXPECT_THAT(run("MAX_POOL_2D", PLINTH_INT32, {1, 4, 4, 2}, ok),
              HasSubstr("unsupported type INT32"));
}

}  // namespace
}  // namespace plinth::testing
