// SOFTMAX over the last dimension for any rank: float with beta, int8/uint8 -> 8-bit or int16
// outputs and int16, against the real softmax.
#include <cmath>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

std::vector<double> SoftmaxRef(const std::vector<double>& x, int depth, double beta) {
  std::vector<double> out(x.size());
  for (size_t r = 0; r < x.size() / depth; ++r) {
    double max = -1e300, sum = 0;
    for (int i = 0; i < depth; ++i) max = std::max(max, x[r * depth + i]);
    for (int i = 0; i < depth; ++i) sum += std::exp(beta * (x[r * depth + i] - max));
    for (int i = 0; i < depth; ++i)
      out[r * depth + i] = std::exp(beta * (x[r * depth + i] - max)) / sum;
  }
  return out;
}

TEST(Softmax, FloatAnyRankAndBeta) {
  for (const std::vector<int32_t>& shape :
       std::vector<std::vector<int32_t>>{{5}, {3, 7}, {2, 2, 3, 4}, {1, 2, 1, 2, 3}, {0, 4}}) {
    for (float beta : {1.f, 0.37f, 2.5f}) {
      const auto x = RandomValues<float>(NumElementsOf(shape), -6, 6, 101);
      OpResult r = RunOp("SOFTMAX", {Make<float>(shape, x)}, PLINTH_FLOAT32, {}, {{"beta", beta}});
      ASSERT_TRUE(r.status.ok()) << r.message();
      EXPECT_EQ(r.shape, shape);
      const auto ref = SoftmaxRef(std::vector<double>(x.begin(), x.end()), shape.back(), beta);
      ExpectNearFloat(r.Values<float>(), std::vector<float>(ref.begin(), ref.end()), 1e-6, 1e-9);
    }
  }
}

template <class In, class Out>
void CheckQuantizedSoftmax(PlinthType in_type, PlinthType out_type, const QuantSpec& qi,
                           const QuantSpec& qo, float beta, int lsb) {
  const int depth = 20, rows = 30;
  std::vector<In> x = RandomValues<In>(depth * rows, std::numeric_limits<In>::min(),
                                       std::numeric_limits<In>::max(), 102);
  OpResult r =
      RunOp("SOFTMAX", {Make<In>({rows, depth}, x, qi, in_type)}, out_type, qo, {{"beta", beta}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  std::vector<double> real;
  for (In v : x) real.push_back(DequantizeRef(v, qi.scales[0], qi.zero_points[0]));
  std::vector<Out> expect;
  for (double p : SoftmaxRef(real, depth, beta))
    expect.push_back(QuantizeRef<Out>(p, qo.scales[0], qo.zero_points[0]));
  ExpectNearLsb(r.Values<Out>(), expect, lsb, "SOFTMAX");
}

TEST(Softmax, Quantized) {
  CheckQuantizedSoftmax<int8_t, int8_t>(PLINTH_INT8, PLINTH_INT8, {{0.1f}, {-3}},
                                        {{1.f / 256}, {-128}}, 1.f, 1);
  CheckQuantizedSoftmax<int8_t, int8_t>(PLINTH_INT8, PLINTH_INT8, {{0.02f}, {127}},
                                        {{1.f / 256}, {-128}}, 2.f, 1);
  CheckQuantizedSoftmax<uint8_t, uint8_t>(PLINTH_UINT8, PLINTH_UINT8, {{0.13f}, {96}},
                                          {{1.f / 256}, {0}}, 1.f, 1);
  CheckQuantizedSoftmax<int8_t, int16_t>(PLINTH_INT8, PLINTH_INT16, {{0.1f}, {5}},
                                         {{1.f / 65536}, {-32768}}, 1.f, 4);
  CheckQuantizedSoftmax<uint8_t, int16_t>(PLINTH_UINT8, PLINTH_INT16, {{0.05f}, {0}},
                                          {{1.f / 65536}, {-32768}}, 0.5f, 4);
  // int16 interpolates exp and 1 / (1 + x) tables: about 1e-3 relative.
  CheckQuantizedSoftmax<int16_t, int16_t>(PLINTH_INT16, PLINTH_INT16, {{0.0003f}, {0}},
                                          {{1.f / 32768}, {0}}, 1.f, 40);
}

TEST(Softmax, InvalidInputs) {
  ExpectFailure(RunOp("SOFTMAX", {Make<float>({}, {1.f})}, PLINTH_FLOAT32, {}, {{"beta", 1.f}}),
                "at least one dimension");
  ExpectFailure(RunOp("SOFTMAX", {Make<int8_t>({4}, {1, 2, 3, 4}, {{0.1f}, {0}})}, PLINTH_INT8,
                      {{1.f / 256}, {0}}, {{"beta", 1.f}}),
                "-128");
  ExpectFailure(RunOp("SOFTMAX", {Make<int8_t>({4}, {1, 2, 3, 4}, {{0.1f}, {0}})}, PLINTH_UINT8,
                      {{1.f / 256}, {0}}, {{"beta", 1.f}}),
                "not supported");
  // Quantized softmax needs beta * input_scale * 2^26 above one.
  ExpectFailure(RunOp("SOFTMAX", {Make<int8_t>({4}, {1, 2, 3, 4}, {{0.1f}, {0}})}, PLINTH_INT8,
                      {{1.f / 256}, {-128}}, {{"beta", 0.f}}),
                "beta");
  ExpectFailure(RunOp("SOFTMAX", {Make<int16_t>({1, 1, 1, 1, 2}, {1, 2}, {{0.1f}, {0}})},
                      PLINTH_INT16, {{1.f / 32768}, {0}}, {{"beta", 1.f}}),
                "4 dimensions");
}

}  // namespace
}  // namespace plinth::testing
