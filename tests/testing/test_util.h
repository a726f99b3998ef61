// Helpers shared by Plinth's tests: where the built-in plugin and the shared models are, and a
// runner for small models made with the model builder.
#ifndef PLINTH_TESTS_TESTING_TEST_UTIL_H_
#define PLINTH_TESTS_TESTING_TEST_UTIL_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "core/interpreter.h"
#include "core/model.h"
#include "core/op_registry.h"
#include "tools/model_builder/model_builder.h"

namespace plinth::testing {

// Path of the built-in plugin in the build tree.
std::string BuiltinPluginPath();
// Directory of a test plugin target by file name (build tree).
std::string TestPluginPath(const std::string& file_name);
// A registry holding only the built-in plugin (loaded once per process).
std::shared_ptr<OpRegistry> BuiltinRegistry();
// ../shared/models next to the checkout (or $PLINTH_SHARED_MODELS); nullopt when absent.
std::optional<std::string> SharedModelsDir();
// True when a missing ../shared/models must fail instead of skip (CI sets PLINTH_REQUIRE_GOLDEN).
bool GoldenRequired();

// Loads `bytes` as a model and prepares an interpreter on the built-in plugin.
absl::StatusOr<std::unique_ptr<Interpreter>> PrepareModel(const std::vector<uint8_t>& bytes,
                                                          const InterpreterOptions& options = {});
// Builds, prepares, sets inputs (raw bytes, one per model input) and invokes.
absl::StatusOr<std::unique_ptr<Interpreter>> RunModel(
    const ModelBuilder& builder, const std::vector<std::vector<uint8_t>>& inputs,
    const InterpreterOptions& options = {});

template <class T>
std::vector<uint8_t> Bytes(const std::vector<T>& values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

template <class T>
std::vector<T> Values(const Tensor& t) {
  std::vector<T> out(static_cast<size_t>(t.num_elements()));
  if (!out.empty()) std::memcpy(out.data(), t.raw_data(), out.size() * sizeof(T));
  return out;
}

// Deterministic random values for tests.
template <class T>
std::vector<T> RandomValues(size_t n, double lo, double hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<T> v(n);
  if constexpr (std::is_floating_point_v<T>) {
    std::uniform_real_distribution<double> d(lo, hi);
    for (T& x : v) x = static_cast<T>(d(rng));
  } else {
    std::uniform_int_distribution<int64_t> d(static_cast<int64_t>(lo), static_cast<int64_t>(hi));
    for (T& x : v) x = static_cast<T>(d(rng));
  }
  return v;
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_TESTING_TEST_UTIL_H_
