// CONV_3D (float32) against a direct reference: SAME/VALID padding, strides and dilations per
// dimension, optional bias, fused activations; invalid models.
#include <array>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> input, filter;  // NDHWC, DHWIO
  bool same;
  std::array<int32_t, 3> stride, dilation;
};

std::vector<double> RefConv3D(const std::vector<float>& x, const std::vector<float>& w,
                              const Case& c, std::vector<int32_t>* shape) {
  const int32_t n = c.input[0], ic = c.input[4], oc = c.filter[4];
  RefDim d[3];
  for (int i = 0; i < 3; ++i) {
    d[i] = RefWindow(c.same, c.input[1 + i], c.filter[i], c.stride[i], c.dilation[i]);
  }
  *shape = {n, d[0].out, d[1].out, d[2].out, oc};
  std::vector<double> out(NumElementsOf(*shape));
  const std::vector<size_t> xs = StridesOf(c.input), ws = StridesOf(c.filter);
  size_t at = 0;
  for (int32_t b = 0; b < n; ++b)
    for (int32_t z = 0; z < d[0].out; ++z)
      for (int32_t y = 0; y < d[1].out; ++y)
        for (int32_t xx = 0; xx < d[2].out; ++xx)
          for (int32_t o = 0; o < oc; ++o, ++at) {
            double acc = 0;
            for (int32_t kz = 0; kz < c.filter[0]; ++kz)
              for (int32_t ky = 0; ky < c.filter[1]; ++ky)
                for (int32_t kx = 0; kx < c.filter[2]; ++kx) {
                  const int32_t pos[3] = {z * c.stride[0] - d[0].pad + kz * c.dilation[0],
                                          y * c.stride[1] - d[1].pad + ky * c.dilation[1],
                                          xx * c.stride[2] - d[2].pad + kx * c.dilation[2]};
                  bool inside = true;
                  for (int i = 0; i < 3; ++i) inside &= pos[i] >= 0 && pos[i] < c.input[1 + i];
                  if (!inside) continue;
                  for (int32_t k = 0; k < ic; ++k) {
                    acc +=
                        double{
                            x[b * xs[0] + pos[0] * xs[1] + pos[1] * xs[2] + pos[2] * xs[3] + k]} *
                        w[kz * ws[0] + ky * ws[1] + kx * ws[2] + k * ws[3] + o];
                  }
                }
            out[at] = acc;
          }
  return out;
}

TEST(Conv3D, MatchesReference) {
  const std::vector<Case> cases = {
      {{1, 4, 5, 6, 2}, {3, 3, 3, 2, 3}, true, {1, 1, 1}, {1, 1, 1}},
      {{2, 6, 7, 5, 3}, {2, 3, 2, 3, 4}, false, {2, 1, 2}, {1, 1, 1}},
      {{1, 7, 7, 7, 1}, {2, 2, 3, 1, 2}, true, {1, 2, 1}, {2, 1, 3}},
      {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, false, {1, 1, 1}, {1, 1, 1}},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    for (const std::string act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"}) {
      for (bool with_bias : {true, false}) {
        const int32_t oc = c.filter[4];
        auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
        auto w = RandomValues<float>(NumElementsOf(c.filter), -1, 1, seed++);
        auto bias = RandomValues<float>(oc, -1, 1, seed++);
        OpTest t;
        int in = t.Input<float>(c.input, x);
        int y = t.Output(PLINTH_FLOAT32);
        t.Op("CONV_3D",
             {in, t.Const<float>(c.filter, w), with_bias ? t.Const<float>({oc}, bias) : -1}, {y},
             {{"padding", c.same ? "SAME" : "VALID"},
              {"stride_d", c.stride[0]},
              {"stride_h", c.stride[1]},
              {"stride_w", c.stride[2]},
              {"dilation_d_factor", c.dilation[0]},
              {"dilation_h_factor", c.dilation[1]},
              {"dilation_w_factor", c.dilation[2]},
              {"fused_activation_function", act}});
        ASSERT_TRUE(t.Run().ok()) << t.Run().message();
        std::vector<int32_t> shape;
        auto ref = RefConv3D(x, w, c, &shape);
        for (size_t i = 0; i < ref.size(); ++i) {
          ref[i] = RefClamp(ref[i] + (with_bias ? bias[i % oc] : 0.0), act);
        }
        EXPECT_EQ(t.Shape(y), shape);
        ExpectNear(t.Values<float>(y), ref, 1e-5, act);
      }
    }
  }
}

TEST(Conv3D, InvalidModelsFailInPrepare) {
  using ::testing::HasSubstr;
  const Options unit = {{"stride_d", 1}, {"stride_h", 1}, {"stride_w", 1}};
  {
    OpTest t;
    int in = t.Input<float>({1, 2, 2, 2}, std::vector<float>(8));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_3D", {in, t.Const<float>({1, 1, 1, 2, 1}, {1, 1}), -1}, {y}, unit);
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("input must be 5-D"));
  }
  {
    OpTest t;
    int in = t.Input<float>({1, 2, 2, 2, 3}, std::vector<float>(24));
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("CONV_3D", {in, t.Const<float>({1, 1, 1, 2, 1}, {1, 1}), -1}, {y}, unit);
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("filter takes 2"));
  }
  {
    OpTest t;
    int in = t.Input<int8_t>({1, 2, 2, 2, 2}, std::vector<int8_t>(16), PerTensorQ(0.1f, 0));
    int y = t.Output(PLINTH_INT8, {}, PerTensorQ(0.1f, 0));
    t.Op("CONV_3D", {in, t.Const<int8_t>({1, 1, 1, 2, 1}, {1, 1}), -1}, {y}, unit);
    EXPECT_THAT(std::string(t.Run().message()), HasSubstr("unsupported type INT8"));
  }
}

}  // namespace
}  // namespace plinth::testing
