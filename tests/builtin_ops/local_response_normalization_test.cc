// LOCAL_RESPONSE_NORMALIZATION (float32) against a reference summing squares over channels
// [c - radius, c + radius) as TFLite's reference kernel does; invalid models.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

TEST(LocalResponseNormalization, MatchesReference) {
  struct Case {
    std::vector<int32_t> shape;
    int radius;
    float bias, alpha, beta;
  };
  const std::vector<Case> cases = {
      {{1, 2, 2, 6}, 2, 1.f, 0.2f, 0.75f},
      {{2, 3, 1, 9}, 0, 2.f, 0.5f, 0.5f},  // empty window: bias^-beta
      {{1, 1, 1, 5}, 10, 1.f, 1.f, 1.f},   // window wider than the channels
      {{1, 2, 3, 1}, 1, 0.5f, 0.1f, 2.f},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    auto x = RandomValues<float>(NumElementsOf(c.shape), -2, 2, seed++);
    OpTest t;
    int in = t.Input<float>(c.shape, x);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("LOCAL_RESPONSE_NORMALIZATION", {in}, {y},
         {{"radius", c.radius}, {"bias", c.bias}, {"alpha", c.alpha}, {"beta", c.beta}});
    ASSERT_TRUE(t.Run().ok()) << t.Run().message();
    const int32_t depth = c.shape.back();
    std::vector<double> ref(x.size());
    for (size_t r = 0; r < x.size() / depth; ++r) {
      for (int32_t ch = 0; ch < depth; ++ch) {
        double sum = 0;
        for (int32_t i = std::max(0, ch - c.radius); i < std::min(depth, ch + c.radius); ++i) {
          sum += double{x[r * depth + i]} * x[r * depth + i];
        }
        ref[r * depth + ch] = x[r * depth + ch] * std::pow(c.bias + c.alpha * sum, -double{c.beta});
      }
    }
    EXPECT_EQ(t.Shape(y), c.shape);
    ExpectNear(t.Values<float>(y), ref, 1e-5, "lrn");
  }
}

TEST(LocalResponseNormalization, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  {
    OpTest t;
    int in = t.Input<float>({2, 3, 4}, std::vector<float>(24));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("LOCAL_RESPONSE_NORMALIZATION", {in}, {y}, {{"radius", 1}});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("4-D"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 1, 1, 4}, std::vector<float>(4));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("LOCAL_RESPONSE_NORMALIZATION", {in}, {y}, {{"radius", -1}});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("radius"));
  }
  {
    OpTest t;
    int in = t.Input<int8_t>({1, 1, 1, 4}, std::vector<int8_t>(4), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("LOCAL_RESPONSE_NORMALIZATION", {in}, {y}, {{"radius", 1}});
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("unsupported type INT8"));
  }
}

}  // namespace
}  // namespace plinth::testing
