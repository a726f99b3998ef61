// Helpers for the control-flow kernel tests: small subgraphs and running multi-subgraph models.
#ifndef PLINTH_TESTS_BUILTIN_OPS_CONTROL_FLOW_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_CONTROL_FLOW_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "tests/builtin_ops/op_test_util.h"

namespace plinth::testing {

// Subgraph `sg` computing op(a, b) of two float tensors of `shape`.
inline void AddBinarySubgraph(ModelBuilder& b, int sg, const char* op,
                              std::vector<int32_t> shape = {2, 3}) {
  const int a = b.AddTensor(PLINTH_FLOAT32, shape, "a", {}, sg);
  const int c = b.AddTensor(PLINTH_FLOAT32, shape, "b", {}, sg);
  const int out = b.AddTensor(PLINTH_FLOAT32, shape, "out", {}, sg);
  b.AddOperator(op, {a, c}, {out}, {}, 1, sg);
  b.SetInputs({a, c}, sg);
  b.SetOutputs({out}, sg);
}

// Subgraph `sg` with inputs (i: int32 scalar, extra...) returning i != limit.
inline void AddCounterCond(ModelBuilder& b, int sg, int limit,
                           std::vector<std::pair<PlinthType, std::vector<int32_t>>> extra = {}) {
  std::vector<int32_t> inputs = {b.AddTensor(PLINTH_INT32, {}, "i", {}, sg)};
  for (const auto& [type, shape] : extra) inputs.push_back(b.AddTensor(type, shape, "v", {}, sg));
  const int l = b.AddConstant<int32_t>(PLINTH_INT32, {}, {limit}, "limit", {}, sg);
  const int d = b.AddTensor(PLINTH_INT32, {}, "d", {}, sg);
  const int out = b.AddTensor(PLINTH_BOOL, {}, "more", {}, sg);
  b.AddOperator("SUB", {l, inputs[0]}, {d}, {}, 1, sg);
  b.AddOperator("CAST", {d}, {out}, {}, 1, sg);
  b.SetInputs(inputs, sg);
  b.SetOutputs({out}, sg);
}

inline std::vector<uint8_t> BoolBytes(bool v) { return {static_cast<uint8_t>(v)}; }

// Prepares `b`; the error message, or "" and the interpreter in `out`.
inline std::string Prepare(const ModelBuilder& b, std::unique_ptr<Interpreter>* out) {
  auto bytes = b.Build();
  if (!bytes.ok()) return std::string(bytes.status().message());
  auto interp = PrepareModel(*bytes);
  if (!interp.ok()) return std::string(interp.status().message());
  *out = *std::move(interp);
  return "";
}

// Sets all inputs and invokes; the error message or "".
inline std::string InvokeWith(Interpreter& interp, const std::vector<std::vector<uint8_t>>& feeds) {
  for (size_t i = 0; i < feeds.size(); ++i) {
    auto s = interp.SetInput(i, feeds[i]);
    if (!s.ok()) return std::string(s.message());
  }
  auto s = interp.Invoke();
  return s.ok() ? "" : std::string(s.message());
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_CONTROL_FLOW_TEST_UTIL_H_
