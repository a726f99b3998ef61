// Differential cases: single-op (or small) models run through Plinth and through TensorFlow Lite's
// own interpreter with its reference kernels (ai-edge-litert, BUILTIN_REF), compared by
// compare_with_tflite.py. Register cases from any *_cases.cc file in this folder:
//
//   PLINTH_DIFF_CASES(AddCases) {
//     DiffCase c("add_broadcast_f32", "rel 1e-6");
//     int a = c.Input<float>({2, 3}, RandomValues<float>(6, -1, 1, 1)); ...
//     c.builder.AddOperator("ADD", {a, b}, {y}, {});
//     c.Outputs({y});
//     cases->push_back(std::move(c));
//   }
//
// Tolerances: "exact" (bit for bit; quantized kernels), "abs X", "rel X" (X * max|reference|),
// "ulp N" (float32 units in the last place).
#ifndef PLINTH_TESTS_DIFFERENTIAL_DIFF_CASE_H_
#define PLINTH_TESTS_DIFFERENTIAL_DIFF_CASE_H_

#include <string>
#include <utility>
#include <vector>

#include "tests/testing/test_util.h"
#include "tools/model_builder/model_builder.h"

namespace plinth::testing {

struct DiffCase {
  DiffCase(std::string case_name, std::string case_tolerance)
      : name(std::move(case_name)), tolerance(std::move(case_tolerance)) {}

  template <class T>
  int Input(std::vector<int32_t> shape, const std::vector<T>& values, QuantSpec quant = {},
            PlinthType type = TypeOf<T>::value) {
    int t = builder.AddTensor(type, std::move(shape), "", std::move(quant));
    inputs.push_back(t);
    feeds.push_back(Bytes(values));
    return t;
  }
  // Declares the model's outputs and inputs; call once the graph is complete.
  void Outputs(std::vector<int32_t> outputs) {
    builder.SetInputs(inputs);
    builder.SetOutputs(std::move(outputs));
  }

  std::string name;
  std::string tolerance;
  ModelBuilder builder;
  std::vector<int32_t> inputs;
  std::vector<std::vector<uint8_t>> feeds;
};

using DiffCaseFn = void (*)(std::vector<DiffCase>* cases);

// Adds a case generator to the list the runner walks (static registration: test code only).
bool RegisterDiffCases(const char* group, DiffCaseFn fn);
const std::vector<std::pair<std::string, DiffCaseFn>>& DiffCaseGroups();

#define PLINTH_DIFF_CASES(group)                                                              \
  static void group(std::vector<::plinth::testing::DiffCase>* cases);                         \
  static const bool group##_registered = ::plinth::testing::RegisterDiffCases(#group, group); \
  static void group(std::vector<::plinth::testing::DiffCase>* cases)

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_DIFFERENTIAL_DIFF_CASE_H_
