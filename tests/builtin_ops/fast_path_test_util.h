// Helpers of the fast-path tests: run the same model under each PLINTH_BUILTIN_ISA level and
// compare what comes out bit for bit.
#ifndef PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace plinth::testing {

// Sets PLINTH_BUILTIN_ISA for a scope ("" unsets it: the best kernels) and restores it after.
class ScopedIsa {
 public:
  explicit ScopedIsa(const char* value) {
    if (const char* old = std::getenv("PLINTH_BUILTIN_ISA")) old_ = old, had_ = true;
    if (value[0] == '\0') {
      unsetenv("PLINTH_BUILTIN_ISA");
    } else {
      setenv("PLINTH_BUILTIN_ISA", value, 1);
    }
  }
  ~ScopedIsa() {
    if (had_) {
      setenv("PLINTH_BUILTIN_ISA", old_.c_str(), 1);
    } else {
      unsetenv("PLINTH_BUILTIN_ISA");
    }
  }
  ScopedIsa(const ScopedIsa&) = delete;
  ScopedIsa& operator=(const ScopedIsa&) = delete;

 private:
  bool had_ = false;
  std::string old_;
};

// Sets PLINTH_BUILTIN_FMA for a scope (on: "1", fused multiply-adds allowed; off: unset, the
// reference kernels' rounding) and restores it after.
class ScopedFma {
 public:
  explicit ScopedFma(bool on) {
    if (const char* old = std::getenv("PLINTH_BUILTIN_FMA")) old_ = old, had_ = true;
    if (on) {
      setenv("PLINTH_BUILTIN_FMA", "1", 1);
    } else {
      unsetenv("PLINTH_BUILTIN_FMA");
    }
  }
  ~ScopedFma() {
    if (had_) {
      setenv("PLINTH_BUILTIN_FMA", old_.c_str(), 1);
    } else {
      unsetenv("PLINTH_BUILTIN_FMA");
    }
  }
  ScopedFma(const ScopedFma&) = delete;
  ScopedFma& operator=(const ScopedFma&) = delete;

 private:
  bool had_ = false;
  std::string old_;
};

// The bit patterns of floats: NaN compares equal to itself, -0 differs from +0.
inline std::vector<uint32_t> Bits(const std::vector<float>& v) {
  std::vector<uint32_t> bits(v.size());
  if (!v.empty()) std::memcpy(bits.data(), v.data(), v.size() * sizeof(float));
  return bits;
}

// |got - want| <= tolerance x max(1, |want|) for every element (finite values).
inline void ExpectClose(const std::vector<float>& got, const std::vector<float>& want,
                        double tolerance) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const double bound = tolerance * std::max(1.0, std::abs(double{want[i]}));
    ASSERT_LE(std::abs(double{got[i]} - want[i]), bound) << "at " << i;
  }
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_
