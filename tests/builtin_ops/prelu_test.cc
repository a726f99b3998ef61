// PRELU: alpha broadcast against the input (output keeps the input's shape), float and int8/uint8.
#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(Prelu, FloatBroadcastsAlpha) {
  const std::vector<int32_t> sx = {2, 3, 4};
  const auto x = RandomValues<float>(24, -5, 5, 51);
  for (const std::vector<int32_t>& sa :
       std::vector<std::vector<int32_t>>{{4}, {1, 1, 4}, {3, 1}, {2, 3, 4}, {}}) {
    const auto a = RandomValues<float>(NumElementsOf(sa), -1, 1, 52);
    OpResult r = RunOp("PRELU", {Make<float>(sx, x), Make<float>(sa, a)}, PLINTH_FLOAT32);
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<int32_t> shape;
    auto expect = ReferenceBroadcast<float>(x, sx, a, sa, &shape,
                                            [](float v, float al) { return v >= 0 ? v : v * al; });
    EXPECT_EQ(r.shape, sx);
    EXPECT_EQ(r.Values<float>(), expect);
  }
}

template <class T>
void CheckQuantizedPrelu(PlinthType type, const QuantSpec& qx, const QuantSpec& qa,
                         const QuantSpec& qo) {
  const std::vector<T> x = All8<T>(), a = All8<T>();
  OpResult r =
      RunOp("PRELU", {Make<T>({256, 1}, x, qx, type), Make<T>({1, 256}, a, qa, type)}, type, qo);
  // alpha [1, 256] would widen the input's [256, 1]: not allowed; use a column of alphas per row.
  ExpectFailure(r, "change the input's shape");
  std::vector<T> xs, as;
  for (T v : x) {
    for (T al : a) xs.push_back(v), as.push_back(al);
  }
  OpResult ok = RunOp(
      "PRELU", {Make<T>({256, 256}, xs, qx, type), Make<T>({256, 256}, as, qa, type)}, type, qo);
  ASSERT_TRUE(ok.status.ok()) << ok.message();
  std::vector<T> expect;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double v = DequantizeRef(xs[i], qx.scales[0], qx.zero_points[0]);
    const double al = DequantizeRef(as[i], qa.scales[0], qa.zero_points[0]);
    expect.push_back(QuantizeRef<T>(v >= 0 ? v : v * al, qo.scales[0], qo.zero_points[0]));
  }
  ExpectNearLsb(ok.Values<T>(), expect, 1, "PRELU");
}

TEST(Prelu, Quantized) {
  CheckQuantizedPrelu<int8_t>(PLINTH_INT8, {{0.05f}, {0}}, {{0.01f}, {0}}, {{0.05f}, {0}});
  CheckQuantizedPrelu<int8_t>(PLINTH_INT8, {{0.02f}, {-128}}, {{0.004f}, {127}}, {{0.07f}, {3}});
  CheckQuantizedPrelu<uint8_t>(PLINTH_UINT8, {{0.3f}, {145}}, {{0.02f}, {98}}, {{0.002f}, {0}});
}

TEST(Prelu, InvalidInputs) {
  ExpectFailure(
      RunOp("PRELU", {Make<float>({2, 3}, std::vector<float>(6)), Make<float>({4}, {1, 2, 3, 4})},
            PLINTH_FLOAT32),
      "does not broadcast");
  ExpectFailure(
      RunOp("PRELU", {Make<float>({2}, {1, 2}), Make<int32_t>({2}, {1, 2})}, PLINTH_FLOAT32),
      "same type");
  ExpectFailure(
      RunOp("PRELU", {Make<int16_t>({2}, {1, 2}), Make<int16_t>({2}, {1, 2})}, PLINTH_INT16),
      "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
