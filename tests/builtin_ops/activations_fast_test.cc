// The float LOGISTIC, TANH, HARD_SWISH and SOFTMAX fast paths (activation_f32_fast.h). exp and
// tanh are approximated (in double, rounded once to float): over a dense sweep of inputs (every
// 97th float in [-40, 40], the cut-offs' neighbourhoods, denormal outputs, +-inf, NaN) each level's
// output is measured against the correctly rounded function (computed in double with std::exp /
// std::tanh) and against the reference kernels (glibc's expf / tanhf); the test fails if the
// distance exceeds the bound stated in activation_f32_fast.h. Measured on this machine (printed):
// LOGISTIC <= 2 ulp from the reference kernel and 0 from its formula with a correctly rounded exp;
// TANH <= 2 ulp from the reference kernel (glibc's tanhf) and 0 from the correctly rounded tanh;
// GELU (exact) <= 7 ulp from the reference kernel (glibc's erfcf, which is the less accurate one)
// and 0 from the formula with a correctly rounded erfc; HARD_SWISH is bit-exact; SOFTMAX rows
// within 1 ulp of the reference.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

// Distance in units in the last place (0 for two NaNs or -0 / +0; huge for NaN vs a number).
int64_t UlpDistance(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  auto ordered = [](float f) {
    int32_t i;
    std::memcpy(&i, &f, sizeof(i));
    return i < 0 ? -static_cast<int64_t>(i & 0x7fffffff) : static_cast<int64_t>(i);
  };
  const int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

std::vector<float> DenseSweep() {
  std::vector<float> x;
  const float limit = 40.f;
  uint32_t bits;
  std::memcpy(&bits, &limit, sizeof(bits));
  for (uint32_t u = 0; u <= bits; u += 97) {
    float f;
    std::memcpy(&f, &u, sizeof(f));
    x.push_back(f);
    x.push_back(-f);
  }
  // Around LOGISTIC's cut-offs and TANH's switch between series and exp, and far out.
  for (float c : {16.619047164916992188f, -9.f, 0.125f, -0.125f, 88.f, -88.f, -100.f}) {
    float f = c;
    for (int i = 0; i < 64; ++i) f = std::nextafter(f, 1e30f);
    for (int i = 0; i < 128; ++i) x.push_back(f = std::nextafter(f, -1e30f));
  }
  for (float f : {1e30f, -1e30f, std::numeric_limits<float>::infinity(),
                  -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
                  -0.f, std::numeric_limits<float>::denorm_min()}) {
    x.push_back(f);
  }
  return x;
}

// Runs a unary float op at every level (reference first) on 1 thread.
std::vector<std::vector<float>> RunUnary(const std::string& op, const std::vector<float>& x,
                                         Options options = {}) {
  std::vector<std::vector<float>> results;
  for (const char* isa : AllIsaLevels()) {
    ScopedIsa scoped(isa);
    OpTest t;
    const int in = t.Input<float>({static_cast<int32_t>(x.size())}, x);
    const int y = t.Output(PLINTH_FLOAT32);
    t.Op(op, {in}, {y}, options);
    const absl::Status s = t.Run();
    EXPECT_TRUE(s.ok()) << s.message();
    if (!s.ok()) return {};
    results.push_back(t.Values<float>(y));
  }
  return results;
}

struct Bound {
  int64_t vs_reference, vs_exact;
};

// `exact`: the correctly rounded value of what the kernel approximates; `truth`: the same in double
// (for the absolute and relative errors).
void CheckAgainst(const std::string& op, const std::vector<float>& x,
                  const std::vector<std::vector<float>>& results, float (*exact)(float),
                  double (*truth)(double), Bound b) {
  ASSERT_EQ(results.size(), AllIsaLevels().size());
  const std::vector<float>& ref = results[0];
  for (size_t level = 1; level < results.size(); ++level) {
    int64_t worst_ref = 0, worst_exact = 0, over_one_ulp = 0;
    double worst_rel = 0, worst_abs = 0;
    size_t at_ref = 0, at_exact = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const float got = results[level][i], want = exact(x[i]);
      const int64_t dr = UlpDistance(got, ref[i]), de = UlpDistance(got, want);
      if (dr > worst_ref) worst_ref = dr, at_ref = i;
      if (dr > 1) ++over_one_ulp;
      if (de > worst_exact) worst_exact = de, at_exact = i;
      const double real = truth(static_cast<double>(x[i]));
      if (std::isfinite(real) && std::isfinite(got)) {
        const double abs_err = std::fabs(static_cast<double>(got) - real);
        worst_abs = std::max(worst_abs, abs_err);
        // Relative error where the value is a normal float (denormals have fewer digits).
        if (std::fabs(real) >= std::numeric_limits<float>::min()) {
          worst_rel = std::max(worst_rel, abs_err / std::fabs(real));
        }
      }
    }
    std::cout << op << " level '" << AllIsaLevels()[level] << "' over " << x.size()
              << " inputs: max " << worst_ref << " ulp from the reference kernel (" << over_one_ulp
              << " inputs over 1 ulp), " << worst_exact
              << " ulp from the correctly rounded value; error vs the exact function: abs "
              << worst_abs << ", rel " << worst_rel << "\n";
    EXPECT_LE(worst_ref, b.vs_reference)
        << op << " at x = " << x[at_ref] << ": " << results[level][at_ref] << " vs " << ref[at_ref];
    // A level that runs the reference kernel (LOGISTIC at the portable level, or every level
    // without the fast path) has glibc's accuracy, not the fast path's.
    std::string unused;
    if (SameFloatBits(results[level], ref, &unused)) continue;
    EXPECT_LE(worst_exact, b.vs_exact) << op << " at x = " << x[at_exact] << ": "
                                       << results[level][at_exact] << " vs " << exact(x[at_exact]);
  }
}

// TFLite's reference formula (its cut-offs and float steps) with a correctly rounded exp: what the
// fast path computes, up to the rounding of its exp.
float ExactLogistic(float x) {
  if (x > 16.619047164916992188f) return 1.f;
  if (x < -9.f) return static_cast<float>(std::exp(static_cast<double>(x)));
  const float e = static_cast<float>(std::exp(-static_cast<double>(x)));
  return 1.f / (1.f + e);
}
double TruthLogistic(double x) {
  if (x > 16.619047164916992188) return 1.0;
  if (x < -9.0) return std::exp(x);
  return 1.0 / (1.0 + std::exp(-x));
}
float ExactTanh(float x) { return static_cast<float>(std::tanh(static_cast<double>(x))); }
double TruthTanh(double x) { return std::tanh(x); }

TEST(ActivationsFast, LogisticErrorBound) {
  const std::vector<float> x = DenseSweep();
  CheckAgainst("LOGISTIC", x, RunUnary("LOGISTIC", x), ExactLogistic, TruthLogistic, {2, 1});
}

TEST(ActivationsFast, TanhErrorBound) {
  const std::vector<float> x = DenseSweep();
  CheckAgainst("TANH", x, RunUnary("TANH", x), ExactTanh, TruthTanh, {2, 1});
}

// GELU with approximate = true: the reference's float formula around the fast tanh. Absolute
// difference from the reference kernel (TFLite's own kernel, with Eigen's tanh, is allowed 1e-6 by
// the differential cases; measured 4.8e-7, one ulp of outputs near 4) and from the formula
// evaluated in double.
TEST(ActivationsFast, GeluApproximateErrorBound) {
  const std::vector<float> x = DenseSweep();
  auto results = RunUnary("GELU", x, {{"approximate", true}});
  ASSERT_EQ(results.size(), AllIsaLevels().size());
  for (size_t level = 1; level < results.size(); ++level) {
    double worst_ref = 0, worst_exact = 0;
    size_t at = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const double got = results[level][i], ref = results[0][i];
      const double v = x[i];
      const double exact =
          0.5 * v * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (v + 0.044715 * v * v * v)));
      if (std::isfinite(exact)) worst_exact = std::max(worst_exact, std::fabs(got - exact));
      if ((std::isnan(got) && std::isnan(ref)) || got == ref) continue;
      const double d = std::fabs(got - ref);  // NaN (fails below) if only one is NaN or inf
      if (!(d <= worst_ref)) worst_ref = d, at = i;
      if (std::isnan(d)) break;
    }
    std::cout << "GELU (approximate) level '" << AllIsaLevels()[level] << "': max abs " << worst_ref
              << " from the reference kernel, " << worst_exact << " from the formula in double\n";
    EXPECT_LE(worst_ref, 1e-6) << "at x = " << x[at] << ": " << results[level][at] << " vs "
                               << results[0][at];
  }
}

// GELU with approximate = false: the reference's float steps around erfc, here with a correctly
// rounded erfc (glibc's double erfc, rounded once to float). The fast path measured 0 ulp from it;
// the reference kernel's glibc erfcf is itself up to 4 ulp off in GELU's output for x >= -13 and
// 7 below, where erfc is subnormal, which sets the bound against the reference kernel.
constexpr float kMinusSqrtHalf = static_cast<float>(-M_SQRT1_2);
float ExactGeluErf(float x) {
  return 0.5f * x * static_cast<float>(std::erfc(static_cast<double>(x * kMinusSqrtHalf)));
}
double TruthGeluErf(double x) { return 0.5 * x * std::erfc(-x * M_SQRT1_2); }

TEST(ActivationsFast, GeluExactErrorBound) {
  const std::vector<float> x = DenseSweep();
  CheckAgainst("GELU (exact)", x, RunUnary("GELU", x, {{"approximate", false}}), ExactGeluErf,
               TruthGeluErf, {7, 1});
}

TEST(ActivationsFast, HardSwishIsExact) {
  const std::vector<float> x = DenseSweep();
  auto results = RunUnary("HARD_SWISH", x);
  ASSERT_EQ(results.size(), AllIsaLevels().size());
  std::string where;
  for (size_t i = 1; i < results.size(); ++i) {
    EXPECT_TRUE(SameFloatBits(results[i], results[0], &where)) << where;
  }
}

TEST(ActivationsFast, SoftmaxWithinOneUlpOfReference) {
  struct Case {
    std::vector<int32_t> shape;
    float beta;
  };
  const std::vector<Case> cases = {{{1, 1001}, 1.f}, {{3, 10}, 0.5f}, {{2, 3, 4, 5}, 2.7f},
                                   {{7}, 1.f},       {{4, 1}, 1.f},   {{2, 64}, 100.f},
                                   {{1, 21}, 1e-3f}, {{5, 17}, -1.f}};
  uint32_t seed = 70;
  int64_t worst = 0;
  for (const Case& c : cases) {
    std::vector<float> x = RandomValues<float>(NumElementsOf(c.shape), -20.0, 20.0, ++seed);
    if (x.size() > 9) x[9] = -std::numeric_limits<float>::infinity();
    std::vector<std::vector<float>> results;
    for (const char* isa : AllIsaLevels()) {
      for (int threads : {1, 2}) {
        ScopedIsa scoped(isa);
        OpTest t;
        const int in = t.Input<float>(c.shape, x);
        const int y = t.Output(PLINTH_FLOAT32);
        t.Op("SOFTMAX", {in}, {y}, {{"beta", c.beta}});
        InterpreterOptions options;
        options.num_threads = threads;
        ASSERT_TRUE(t.Run(options).ok());
        results.push_back(t.Values<float>(y));
      }
    }
    for (size_t level = 1; level < results.size(); ++level) {
      for (size_t i = 0; i < x.size(); ++i) {
        worst = std::max(worst, UlpDistance(results[level][i], results[0][i]));
      }
    }
  }
  std::cout << "SOFTMAX: max " << worst << " ulp from the reference kernel\n";
  EXPECT_LE(worst, 1);
}

}  // namespace
}  // namespace plinth::testing
