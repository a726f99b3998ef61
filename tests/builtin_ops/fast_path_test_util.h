// Helpers for the tests of the element-wise, pooling, MEAN and activation fast paths: forcing a
// kernel level with PLINTH_BUILTIN_ISA for one scope, running one op at every level and thread
// count, and comparing float outputs bit for bit (NaN equal to NaN).
#ifndef PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_FAST_PATH_TEST_UTIL_H_

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

// Sets PLINTH_BUILTIN_ISA ("" unsets it: the best level) and restores it at the end of the scope.
class ScopedBuiltinIsa {
 public:
  explicit ScopedBuiltinIsa(const char* value) {
    if (const char* old = std::getenv("PLINTH_BUILTIN_ISA")) old_ = old, had_ = true;
    if (value[0] == '\0') {
      unsetenv("PLINTH_BUILTIN_ISA");
    } else {
      setenv("PLINTH_BUILTIN_ISA", value, 1);
    }
  }
  ~ScopedBuiltinIsa() {
    if (had_) {
      setenv("PLINTH_BUILTIN_ISA", old_.c_str(), 1);
    } else {
      unsetenv("PLINTH_BUILTIN_ISA");
    }
  }
  ScopedBuiltinIsa(const ScopedBuiltinIsa&) = delete;
  ScopedBuiltinIsa& operator=(const ScopedBuiltinIsa&) = delete;

 private:
  bool had_ = false;
  std::string old_;
};

// The levels every fast-path test runs: the reference kernels first (the expected output).
inline const std::vector<const char*>& AllIsaLevels() {
  static const std::vector<const char*> levels = {"reference", "portable", ""};
  return levels;
}

// Builds a model with `build` (which adds inputs, the op and returns the output tensor), runs it
// under every ISA level on 1 and 2 threads and returns the outputs, reference first.
template <class T>
std::vector<std::vector<T>> RunAtEveryLevel(const std::function<int(OpTest&)>& build) {
  std::vector<std::vector<T>> results;
  for (const char* isa : AllIsaLevels()) {
    for (int threads : {1, 2}) {
      ScopedBuiltinIsa scoped(isa);
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
