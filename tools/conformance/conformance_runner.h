// Runs the conformance catalog through a delegate and through the built-in kernels, and reports
// per op x type: pass/fail, max absolute and relative error, max ULP (float) or LSB (quantized)
// distance, and how many cases ran or the delegate declined.
#ifndef PLINTH_TOOLS_CONFORMANCE_CONFORMANCE_RUNNER_H_
#define PLINTH_TOOLS_CONFORMANCE_CONFORMANCE_RUNNER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/interpreter_options.h"
#include "core/op_registry.h"
#include "plinth/plugin.hpp"

namespace plinth::conformance {

// How far a delegate's output may be from the built-in kernels' output.
struct Tolerance {
  enum class Kind { kRelative, kAbsolute, kUlp, kLsb };
  Kind kind = Kind::kRelative;
  double value = 0;  // kRelative: x max|reference|
};

// "rel:1e-4", "abs:0.001", "ulp:16", "lsb:1".
absl::StatusOr<Tolerance> ParseTolerance(const std::string& text);
std::string ToString(const Tolerance& t);
// Applies "TYPE=KIND:VALUE" overrides (TYPE like float32 or FLOAT32) to the defaults.
absl::StatusOr<std::map<PlinthType, Tolerance>> ParseTolerances(
    const std::vector<std::string>& specs);
// Whether max |diff| of `got` vs `reference` (same type and shape) is within `tol`; fills the
// distances.
struct Distance {
  double max_abs = 0;
  double max_rel = 0;
  int64_t max_ulp = 0;
  bool within = true;
};
Distance Compare(const Tensor& reference, const Tensor& got, const Tolerance& tol);
// Defaults: float32 rel 1e-4, float16 rel 1e-2, int8/uint8/int16 1 LSB, int32 exact.
std::map<PlinthType, Tolerance> DefaultTolerances();

struct Options {
  DelegateRequest delegate;
  std::map<PlinthType, Tolerance> tolerances = DefaultTolerances();
  std::string op_filter;
  // Called after each case: (done, total, op).
  std::function<void(size_t, size_t, const std::string&)> progress;
};

struct Row {
  std::string op;
  PlinthType type = PLINTH_FLOAT32;
  int cases = 0;  // run on the delegate and compared
  int failed = 0;
  int unsupported = 0;  // the delegate declined the node
  double max_abs = 0;
  double max_rel = 0;                 // max |diff| / max |reference|
  int64_t max_ulp = 0;                // float outputs
  int64_t max_lsb = 0;                // integer outputs
  std::vector<std::string> failures;  // "case description: why"
};

struct Report {
  std::string delegate;
  std::vector<Row> rows;
  int failed_cases = 0;
  int compared_cases = 0;
};

absl::StatusOr<Report> Run(std::shared_ptr<const OpRegistry> registry, const Options& options);

std::string FormatTable(const Report& report, const std::map<PlinthType, Tolerance>& tolerances);
std::string FormatJson(const Report& report, const std::map<PlinthType, Tolerance>& tolerances);

}  // namespace plinth::conformance

#endif  // PLINTH_TOOLS_CONFORMANCE_CONFORMANCE_RUNNER_H_
