// Single-op kernel tests: declare inputs (with the values to feed), constants and outputs, add
// one op, run it through the built-in plugin, read the outputs.
//
//   OpTest t;
//   int a = t.Input<float>({2, 2}, {1, 2, 3, 4});
//   int b = t.Const<float>({2}, {10, 20});
//   int y = t.Output(PLINTH_FLOAT32);
//   t.Op("ADD", {a, b}, {y}, {{"fused_activation_function", "RELU"}});
//   ASSERT_TRUE(t.Run().ok());
//   EXPECT_EQ(t.Values<float>(y), (std::vector<float>{11, 22, 13, 24}));
#ifndef PLINTH_TESTS_BUILTIN_OPS_OP_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_OP_TEST_UTIL_H_

#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/interpreter.h"
#include "tests/testing/test_util.h"
#include "tools/model_builder/model_builder.h"

namespace plinth::testing {

class OpTest {
 public:
  // A model input with the bytes to feed it.
  int InputBytes(PlinthType type, std::vector<int32_t> shape, std::vector<uint8_t> bytes,
                 QuantSpec quant = {}) {
    int t = builder_.AddTensor(type, std::move(shape), "", std::move(quant));
    inputs_.push_back(t);
    feeds_.push_back(std::move(bytes));
    return t;
  }
  template <class T>
  int Input(std::vector<int32_t> shape, const std::vector<T>& values, QuantSpec quant = {},
            PlinthType type = TypeOf<T>::value) {
    return InputBytes(type, std::move(shape), Bytes(values), std::move(quant));
  }
  // A constant tensor.
  template <class T>
  int Const(std::vector<int32_t> shape, const std::vector<T>& values, QuantSpec quant = {},
            PlinthType type = TypeOf<T>::value) {
    return builder_.AddConstant(type, std::move(shape), values, "", std::move(quant));
  }
  // An output (or intermediate) tensor; its shape is what prepare computes.
  int Output(PlinthType type, std::vector<int32_t> shape = {}, QuantSpec quant = {}) {
    int t = builder_.AddTensor(type, std::move(shape), "", std::move(quant));
    outputs_.push_back(t);
    return t;
  }
  // A tensor that is neither fed nor read (an op's internal output, or a variable via builder()).
  int Internal(PlinthType type, std::vector<int32_t> shape = {}, QuantSpec quant = {}) {
    return builder_.AddTensor(type, std::move(shape), "", std::move(quant));
  }
  void Op(const std::string& name, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
          Options options = {}, int version = 1) {
    builder_.AddOperator(name, std::move(inputs), std::move(outputs), std::move(options), version);
  }
  void CustomOp(const std::string& name, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                std::vector<uint8_t> custom_options = {}) {
    builder_.AddCustomOperator(name, std::move(inputs), std::move(outputs),
                               std::move(custom_options));
  }
  ModelBuilder& builder() { return builder_; }

  // Builds, prepares and invokes; errors carry the interpreter's message.
  absl::Status Run(const InterpreterOptions& options = {}) {
    builder_.SetInputs(inputs_);
    builder_.SetOutputs(outputs_);
    auto interp = RunModel(builder_, feeds_, options);
    if (!interp.ok()) return interp.status();
    interp_ = *std::move(interp);
    return absl::OkStatus();
  }
  // Invokes again (after changing inputs through interpreter()).
  Interpreter& interpreter() { return *interp_; }

  // Output tensor `tensor` (an index returned by Output()).
  Tensor Out(int tensor) const {
    for (size_t i = 0; i < outputs_.size(); ++i) {
      if (outputs_[i] == tensor) return interp_->output(i);
    }
    return Tensor();
  }
  template <class T>
  std::vector<T> Values(int tensor) const {
    return testing::Values<T>(Out(tensor));
  }
  std::vector<int32_t> Shape(int tensor) const { return Out(tensor).shape(); }

 private:
  ModelBuilder builder_;
  std::vector<int32_t> inputs_, outputs_;
  std::vector<std::vector<uint8_t>> feeds_;
  std::unique_ptr<Interpreter> interp_;
};

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_OP_TEST_UTIL_H_
