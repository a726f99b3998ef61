// LOG_SOFTMAX over the last dimension: float, and int8/uint8 on the fixed output scale 16/256.
#include <cmath>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

std::vector<double> LogSoftmaxRef(const std::vector<double>& x, int depth) {
  std::vector<double> out(x.size());
  for (size_t r = 0; r < x.size() / depth; ++r) {
    double max = -1e300, sum = 0;
    for (int i = 0; i < depth; ++i) max = std::max(max, x[r * depth + i]);
    for (int i = 0; i < depth; ++i) sum += std::exp(x[r * depth + i] - max);
    for (int i = 0; i < depth; ++i) out[r * depth + i] = x[r * depth + i] - max - std::log(sum);
  }
  return out;
}

TEST(LogSoftmax, Float) {
  for (const std::vector<int32_t>& shape :
       std::vector<std::vector<int32_t>>{{6}, {4, 9}, {2, 3, 5}}) {
    const auto x = RandomValues<float>(NumElementsOf(shape), -10, 10, 111);
    OpResult r = RunOp("LOG_SOFTMAX", {Make<float>(shape, x)}, PLINTH_FLOAT32);
    ASSERT_TRUE(r.status.ok()) << r.message();
    const auto ref = LogSoftmaxRef(std::vector<double>(x.begin(), x.end()), shape.back());
    ExpectNearFloat(r.Values<float>(), std::vector<float>(ref.begin(), ref.end()), 1e-6, 2e-6);
  }
}

template <class T>
void CheckQuantized(PlinthType type, const QuantSpec& qi) {
  const int depth = 16, rows = 40;
  const auto x = RandomValues<T>(depth * rows, std::numeric_limits<T>::min(),
                                 std::numeric_limits<T>::max(), 112);
  const QuantSpec qo = {{16.f / 256}, {std::numeric_limits<T>::max()}};
  OpResult r = RunOp("LOG_SOFTMAX", {Make<T>({rows, depth}, x, qi, type)}, type, qo);
  ASSERT_TRUE(r.status.ok()) << r.message();
  std::vector<double> real;
  for (T v : x) real.push_back(DequantizeRef(v, qi.scales[0], qi.zero_points[0]));
  std::vector<T> expect;
  for (double v : LogSoftmaxRef(real, depth))
    expect.push_back(QuantizeRef<T>(v, qo.scales[0], qo.zero_points[0]));
  ExpectNearLsb(r.Values<T>(), expect, 1, "LOG_SOFTMAX");
}

TEST(LogSoftmax, Quantized) {
  CheckQuantized<int8_t>(PLINTH_INT8, {{0.1f}, {-3}});
  CheckQuantized<int8_t>(PLINTH_INT8, {{0.03f}, {127}});
  CheckQuantized<uint8_t>(PLINTH_UINT8, {{0.2f}, {128}});
}

TEST(LogSoftmax, InvalidInputs) {
  ExpectFailure(RunOp("LOG_SOFTMAX", {Make<int8_t>({2}, {1, 2}, {{0.1f}, {0}})}, PLINTH_INT8,
                      {{0.1f}, {127}}),
                "16/256");
  ExpectFailure(RunOp("LOG_SOFTMAX", {Make<uint8_t>({2}, {1, 2}, {{0.1f}, {0}})}, PLINTH_UINT8,
                      {{16.f / 256}, {127}}),
                "zero point must be 255");
  ExpectFailure(RunOp("LOG_SOFTMAX", {Make<int16_t>({2}, {1, 2}, {{0.1f}, {0}})}, PLINTH_INT16,
                      {{16.f / 256}, {0}}),
                "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
