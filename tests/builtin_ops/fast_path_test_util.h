// Helpers of the fast-path tests: forcing a kernel level (PLINTH_BUILTIN_ISA) or fused
// multiply-adds (PLINTH_BUILTIN_FMA) for one scope, running one op at every level and thread
// count, and comparing float outputs bit for bit or within a tolerance.
#ifndef PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"

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

// The levels every fast-path test runs: the reference kernels first (the expected output). On
// ARM "" is the best level (neon+dotprod where the CPU has the dot products) and "neon" the plain
// NEON kernels.
inline const std::vector<const char*>& AllIsaLevels() {
#if defined(__aarch64__) || defined(__ARM_NEON)
  static const std::vector<const char*> levels = {"reference", "portable", "neon", ""};
#else
  // "avx2": the AVX2 kernels alone; "": the best, with AVX512-VNNI's int8 GEMM where the CPU has
  // it.
  static const std::vector<const char*> levels = {"reference", "portable", "avx2", ""};
#endif
  return levels;
}

// Builds a model with `build` (which adds inputs, the op and returns the output tensor), runs it
// under every ISA level on 1 and 2 threads and returns the outputs, reference first.
template <class T>
std::vector<std::vector<T>> RunAtEveryLevel(const std::function<int(OpTest&)>& build) {
  std::vector<std::vector<T>> results;
  for (const char* isa : AllIsaLevels()) {
    for (int threads : {1, 2}) {
      ScopedIsa scoped(isa);
      OpTest t;
      const int y = build(t);
      InterpreterOptions options;
      options.num_threads = threads;
      const absl::Status s = t.Run(options);
      EXPECT_TRUE(s.ok()) << "isa '" << isa << "': " << s.message();
      if (!s.ok()) return results;
      results.push_back(t.Values<T>(y));
    }
  }
  return results;
}

// Float outputs equal bit for bit (any NaN equals any NaN).
inline bool SameFloatBits(const std::vector<float>& x, const std::vector<float>& y,
                          std::string* where) {
  if (x.size() != y.size()) {
    *where = "sizes " + std::to_string(x.size()) + " and " + std::to_string(y.size());
    return false;
  }
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) && std::isnan(y[i])) continue;
    if (std::memcmp(&x[i], &y[i], sizeof(float)) != 0) {
      *where = "element " + std::to_string(i) + ": " + std::to_string(x[i]) + " vs " +
               std::to_string(y[i]);
      return false;
    }
  }
  return true;
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_
