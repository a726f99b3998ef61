// L2_NORMALIZATION: float32 against x / max(||x||, 1e-6); uint8 and int8 within one step of the
// exact value (the bit-exact fixed-point inverse square root is checked against TFLite by the
// differential cases), with exact zero rows and symmetric outputs; invalid models.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

TEST(L2Normalization, FloatMatchesReference) {
  const std::vector<std::vector<int32_t>> shapes = {{7}, {3, 5}, {2, 3, 4}, {2, 1, 3, 6}, {0, 4}};
  uint32_t seed = 1;
  for (const auto& shape : shapes) {
    auto x = RandomValues<float>(NumElementsOf(shape), -3, 3, seed++);
    if (!x.empty()) std::fill(x.begin(), x.begin() + shape.back(), 0.f);  // a zero row stays zero
    OpTest t;
    int in = t.Input<float>(shape, x);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("L2_NORMALIZATION", {in}, {y});
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    const int32_t depth = shape.back();
    std::vector<double> ref(x.size());
    for (size_t r = 0; depth > 0 && r < x.size() / depth; ++r) {
      double sq = 0;
      for (int32_t c = 0; c < depth; ++c)
        sq += static_cast<double>(x[r * depth + c]) * x[r * depth + c];
      const double norm = std::max(std::sqrt(sq), 1e-6);
      for (int32_t c = 0; c < depth; ++c) ref[r * depth + c] = x[r * depth + c] / norm;
    }
    EXPECT_EQ(t.Shape(y), shape);
    ExpectNear(t.Values<float>(y), ref, 1e-6, "float");
  }
}

template <class T>
void CheckQuantized(int32_t input_zero_point, int32_t output_zero_point, uint32_t seed) {
  const int32_t depth = 9;
  auto x = FullRange<T>(4 * depth, seed);
  for (int32_t c = 0; c < depth; ++c) x[c] = static_cast<T>(input_zero_point);  // zero row
  x[depth] = static_cast<T>(input_zero_point + 1);                              // one-hot row
  for (int32_t c = 1; c < depth; ++c) x[depth + c] = static_cast<T>(input_zero_point);
  OpTest t;
  int in = t.Input<T>({4, depth}, x, PerTensorQ(0.05f, input_zero_point));
  int y = t.Output(TypeOf<T>::value, {}, PerTensorQ(1.f / 128, output_zero_point));
  t.Op("L2_NORMALIZATION", {in}, {y});
  ASSERT_TRUE(t.Run().ok()) << t.Run().message();
  auto ours = t.Values<T>(y);
  for (int32_t c = 0; c < depth; ++c) EXPECT_EQ(ours[c], output_zero_point) << "zero row";
  EXPECT_EQ(ours[depth],
            std::min(127 + output_zero_point, static_cast<int32_t>(std::numeric_limits<T>::max())));
  for (int32_t r = 2; r < 4; ++r) {
    double sq = 0;
    for (int32_t c = 0; c < depth; ++c) {
      const double d = static_cast<double>(x[r * depth + c]) - input_zero_point;
      sq += d * d;
    }
    for (int32_t c = 0; c < depth; ++c) {
      const double exact =
          (static_cast<double>(x[r * depth + c]) - input_zero_point) / std::sqrt(sq) * 128 +
          output_zero_point;
      const double clamped = std::clamp(exact, double{std::numeric_limits<T>::min()},
                                        double{std::numeric_limits<T>::max()});
      EXPECT_NEAR(ours[r * depth + c], clamped, 1.0) << r << "," << c;
    }
  }
}

TEST(L2Normalization, Uint8WithinOneStep) { CheckQuantized<uint8_t>(100, 128, 10); }
TEST(L2Normalization, Int8WithinOneStep) { CheckQuantized<int8_t>(-20, 0, 20); }

TEST(L2Normalization, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  {
    OpTest t;
    int in = t.Input<int8_t>({2, 3}, std::vector<int8_t>(6), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.01f, 0));
    t.Op("L2_NORMALIZATION", {in}, {y});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("scale 1/128"));
  }
  {
    OpTest t;
    int in = t.Input<uint8_t>({2, 3}, std::vector<uint8_t>(6), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_UINT8, {}, PerTensorQ(1.f / 128, 0));
    t.Op("L2_NORMALIZATION", {in}, {y});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("zero point 128"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 1, 1, 2, 3}, std::vector<float>(6));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("L2_NORMALIZATION", {in}, {y});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("rank 1 to 4"));
  }
  {
    OpTest t;
    int in = t.Input<float>({2, 3}, std::vector<float>(6));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("L2_NORMALIZATION", {in}, {y}, {{"fused_activation_function", "RELU"}});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("no fused activation"));
  }
}

}  // namespace
}  // namespace plinth::testing
