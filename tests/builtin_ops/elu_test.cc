// ELU: float and int8 (lookup table).
#include <cmath>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

double EluRef(double x) { return x < 0 ? std::expm1(x) : x; }

TEST(Elu, Float) {
  const auto x = RandomValues<float>(100, -10, 10, 61);
  OpResult r = RunOp("ELU", {Make<float>({100}, x)}, PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok()) << r.message();
  std::vector<float> expect;
  for (float v : x) expect.push_back(static_cast<float>(EluRef(v)));
  ExpectNearFloat(r.Values<float>(), expect, 2e-7);
}

TEST(Elu, QuantizedInt8) {
  CheckQuantizedUnary<int8_t>("ELU", EluRef, {{0.05f}, {0}}, {{0.05f}, {0}}, 1);
  CheckQuantizedUnary<int8_t>("ELU", EluRef, {{0.1f}, {127}}, {{0.02f}, {30}}, 1);
}

TEST(Elu, InvalidInputs) {
  ExpectFailure(RunOp("ELU", {Make<uint8_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_UINT8, {{0.1f}, {0}}),
                "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
