// Writes TFL3 model files: single-op models for tests and the conformance kit, and the sample
// model of the README. Builtin options are given by schema field name, like kernels read them:
//
//   plinth::ModelBuilder b;
//   int in = b.AddTensor(PLINTH_FLOAT32, {1, 8, 8, 3}, "input");
//   int w = b.AddConstant<float>({4, 3, 3, 3}, weights, "w");
//   int out = b.AddTensor(PLINTH_FLOAT32, {1, 8, 8, 4}, "output");
//   b.AddOperator("CONV_2D", {in, w, -1}, {out}, {{"padding", "SAME"}, {"stride_w", 1}});
//   b.SetInputs({in}); b.SetOutputs({out});
//   absl::StatusOr<std::vector<uint8_t>> bytes = b.Build();
//
// The builder checks names (ops, option fields), not graph validity: tests use it to write
// deliberately broken models too.
#ifndef PLINTH_TOOLS_MODEL_BUILDER_MODEL_BUILDER_H_
#define PLINTH_TOOLS_MODEL_BUILDER_MODEL_BUILDER_H_

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "plinth/plugin.h"

namespace plinth {

// Value of one builtin option: integers (also bools and enums), floats, arrays, or a string
// (for enum fields, the enum value's name, e.g. "VALID" or "RELU6").
class OptionValue {
 public:
  using Storage =
      std::variant<int64_t, double, std::string, std::vector<int64_t>, std::vector<double>>;
  OptionValue(int v) : v_(int64_t{v}) {}
  OptionValue(int64_t v) : v_(v) {}
  OptionValue(bool v) : v_(int64_t{v}) {}
  OptionValue(float v) : v_(double{v}) {}
  OptionValue(double v) : v_(v) {}
  OptionValue(const char* v) : v_(std::string(v)) {}
  OptionValue(std::string v) : v_(std::move(v)) {}
  OptionValue(std::vector<int32_t> v) : v_(std::vector<int64_t>(v.begin(), v.end())) {}
  OptionValue(std::vector<int64_t> v) : v_(std::move(v)) {}
  OptionValue(std::vector<float> v) : v_(std::vector<double>(v.begin(), v.end())) {}
  const Storage& storage() const { return v_; }

 private:
  Storage v_;
};

using Options = std::vector<std::pair<std::string, OptionValue>>;

struct QuantSpec {
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int32_t quantized_dimension = 0;
};

class ModelBuilder {
 public:
  ModelBuilder();

  // Adds a subgraph and returns its index (subgraph 0 exists from the start).
  int AddSubgraph(const std::string& name = "");

  // A tensor without data (activations). Returns its index in `subgraph`.
  int AddTensor(PlinthType type, std::vector<int32_t> shape, const std::string& name = "",
                QuantSpec quant = {}, int subgraph = 0);
  // A constant tensor holding `bytes` raw little-endian bytes.
  int AddConstantBytes(PlinthType type, std::vector<int32_t> shape, const void* data, size_t bytes,
                       const std::string& name = "", QuantSpec quant = {}, int subgraph = 0);
  template <class T>
  int AddConstant(PlinthType type, std::vector<int32_t> shape, const std::vector<T>& values,
                  const std::string& name = "", QuantSpec quant = {}, int subgraph = 0) {
    return AddConstantBytes(type, std::move(shape), values.data(), values.size() * sizeof(T), name,
                            std::move(quant), subgraph);
  }
  // A variable tensor (state kept across invocations), optionally with initial bytes.
  int AddVariable(PlinthType type, std::vector<int32_t> shape, const std::string& name = "",
                  QuantSpec quant = {}, std::vector<uint8_t> initial = {}, int subgraph = 0);
  // Sets a tensor's shape_signature (-1 marks dimensions that may be resized).
  void SetShapeSignature(int tensor, std::vector<int32_t> signature, int subgraph = 0);

  // Adds a builtin op by schema name ("CONV_2D"); options by field name of its option table.
  // -1 in `inputs` marks an omitted optional input. Returns the node index.
  int AddOperator(const std::string& op, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                  Options options = {}, int version = 1, int subgraph = 0);
  // Adds a custom op with raw option bytes (usually a FlexBuffer).
  int AddCustomOperator(const std::string& name, std::vector<int32_t> inputs,
                        std::vector<int32_t> outputs, std::vector<uint8_t> custom_options = {},
                        int version = 1, int subgraph = 0);
  // Adds intermediate tensors to a node (quantized LSTM uses them).
  void SetIntermediates(int node, std::vector<int32_t> intermediates, int subgraph = 0);

  void SetInputs(std::vector<int32_t> inputs, int subgraph = 0);
  void SetOutputs(std::vector<int32_t> outputs, int subgraph = 0);
  void AddSignature(const std::string& key, std::vector<std::pair<std::string, int32_t>> inputs,
                    std::vector<std::pair<std::string, int32_t>> outputs, int subgraph = 0);
  void AddMetadata(const std::string& name, std::vector<uint8_t> bytes);
  void SetDescription(const std::string& description) { description_ = description; }

  // Serializes the model. Fails on unknown op or option names and mistyped option values.
  absl::StatusOr<std::vector<uint8_t>> Build() const;
  // Build() and write to `path`.
  absl::Status WriteFile(const std::string& path) const;

 private:
  struct TensorSpec {
    PlinthType type;
    std::vector<int32_t> shape;
    std::vector<int32_t> shape_signature;
    std::string name;
    QuantSpec quant;
    int buffer = 0;
    bool is_variable = false;
  };
  struct OpSpec {
    bool is_custom = false;
    std::string name;
    int version = 1;
    std::vector<int32_t> inputs, outputs, intermediates;
    Options options;
    std::vector<uint8_t> custom_options;
  };
  struct SubgraphSpec {
    std::string name;
    std::vector<TensorSpec> tensors;
    std::vector<OpSpec> ops;
    std::vector<int32_t> inputs, outputs;
  };
  struct SignatureSpec {
    std::string key;
    int subgraph;
    std::vector<std::pair<std::string, int32_t>> inputs, outputs;
  };
  int AddBuffer(const void* data, size_t bytes);

  std::vector<SubgraphSpec> subgraphs_;
  std::vector<std::vector<uint8_t>> buffers_;  // buffer 0 is the empty sentinel
  std::vector<SignatureSpec> signatures_;
  std::vector<std::pair<std::string, int>> metadata_;
  std::string description_ = "Plinth ModelBuilder";
};

}  // namespace plinth

#endif  // PLINTH_TOOLS_MODEL_BUILDER_MODEL_BUILDER_H_
