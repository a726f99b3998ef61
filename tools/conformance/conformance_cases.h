// The conformance kit's catalog: single-op models over a grid of shapes and parameters
// (broadcasts, strides, dilations, paddings, fused activations, per-channel quantization) for each
// op and type a delegate may claim. The kit runs each through the delegate and the built-in
// kernels.
#ifndef PLINTH_TOOLS_CONFORMANCE_CONFORMANCE_CASES_H_
#define PLINTH_TOOLS_CONFORMANCE_CONFORMANCE_CASES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "plinth/plugin.h"
#include "tools/model_builder/model_builder.h"

namespace plinth::conformance {

struct Case {
  std::string op;           // builtin op name
  PlinthType type;          // the op's data type (row of the report)
  std::string description;  // e.g. "3x3 s2 SAME RELU6 [1,9,9,8]"
  ModelBuilder model;       // one op (plus constants); inputs fed from `feeds`
  std::vector<std::vector<uint8_t>> feeds;
};

// Every case, deterministic (seeded), in a stable order. `op_filter` (empty = all) keeps the ops
// whose name contains it.
std::vector<Case> AllCases(const std::string& op_filter = "");

}  // namespace plinth::conformance

#endif  // PLINTH_TOOLS_CONFORMANCE_CONFORMANCE_CASES_H_
