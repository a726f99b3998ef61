// HARD_SWISH: float, and int8/uint8 through TFLite's 16-bit fixed-point evaluation.
#include <algorithm>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

double HardSwishRef(double x) { return x * std::min(6.0, std::max(0.0, x + 3)) / 6; }

TEST(HardSwish, Float) {
  const auto x = RandomValues<float>(100, -8, 8, 81);
  OpResult r = RunOp("HARD_SWISH", {Make<float>({4, 25}, x)}, PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok()) << r.message();
  std::vector<float> expect;
  for (float v : x) expect.push_back(static_cast<float>(HardSwishRef(v)));
  ExpectNearFloat(r.Values<float>(), expect, 1e-6, 1e-7);
}

TEST(HardSwish, Quantized) {
  // The fixed-point evaluation is within a couple of LSBs of the real function.
  CheckQuantizedUnary<int8_t>("HARD_SWISH", HardSwishRef, {{0.05f}, {0}}, {{0.05f}, {0}}, 1);
  CheckQuantizedUnary<int8_t>("HARD_SWISH", HardSwishRef, {{0.1f}, {-128}}, {{0.06f}, {-20}}, 2);
  CheckQuantizedUnary<uint8_t>("HARD_SWISH", HardSwishRef, {{0.03f}, {128}}, {{0.02f}, {40}}, 2);
}

TEST(HardSwish, InvalidInputs) {
  // The output scale must be at least input_scale / 128.
  ExpectFailure(
      RunOp("HARD_SWISH", {Make<int8_t>({1}, {1}, {{0.5f}, {0}})}, PLINTH_INT8, {{0.001f}, {0}}),
      "output scale");
  ExpectFailure(
      RunOp("HARD_SWISH", {Make<int16_t>({1}, {1}, {{0.5f}, {0}})}, PLINTH_INT16, {{0.5f}, {0}}),
      "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
