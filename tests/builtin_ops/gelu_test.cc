// GELU, exact and tanh-approximated: float and int8/uint8/int16 (lookup tables).
#include <cmath>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

double GeluExactRef(double x) { return 0.5 * x * std::erfc(-x / std::sqrt(2.0)); }
double GeluApproxRef(double x) {
  return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
}

TEST(Gelu, Float) {
  std::vector<float> x = RandomValues<float>(200, -10, 10, 71);
  x.push_back(-30.f);  // the exact form keeps the tiny negative tail
  for (bool approximate : {false, true}) {
    OpResult r =
        RunOp("GELU", {Make<float>({201}, x)}, PLINTH_FLOAT32, {}, {{"approximate", approximate}});
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<float> expect;
    for (float v : x)
      expect.push_back(static_cast<float>(approximate ? GeluApproxRef(v) : GeluExactRef(v)));
    ExpectNearFloat(r.Values<float>(), expect, 1e-6, 1e-7);
  }
}

TEST(Gelu, Quantized) {
  for (bool approximate : {false, true}) {
    auto f = approximate ? GeluApproxRef : GeluExactRef;
    const Options o = {{"approximate", approximate}};
    CheckQuantizedUnary<int8_t>("GELU", f, {{0.05f}, {0}}, {{0.05f}, {0}}, 1, -1e30, o);
    CheckQuantizedUnary<int8_t>("GELU", f, {{0.03f}, {-128}}, {{0.02f}, {-100}}, 1, -1e30, o);
    CheckQuantizedUnary<uint8_t>("GELU", f, {{0.05f}, {128}}, {{0.04f}, {10}}, 1, -1e30, o);
    CheckQuantizedUnary<int16_t>("GELU", f, {{0.0003f}, {0}}, {{0.0003f}, {0}}, 2, -1e30, o);
  }
}

TEST(Gelu, InvalidInputs) {
  ExpectFailure(RunOp("GELU", {Make<int32_t>({1}, {1})}, PLINTH_INT32), "unsupported type");
  ExpectFailure(RunOp("GELU", {Make<int8_t>({1}, {1})}, PLINTH_INT8), "quantization parameters");
}

}  // namespace
}  // namespace plinth::testing
