// Runs a loaded model: the public entry point of the Plinth runtime.
//
//   auto model = plinth::Model::Load("model.tflite");
//   auto registry = std::make_shared<plinth::OpRegistry>();
//   plinth::LoadPlugins({}, /*discover=*/true, registry.get());
//   auto interp = plinth::Interpreter::Create(*model, registry);
//   (*interp)->AllocateTensors(); (*interp)->SetInput(0, bytes); (*interp)->Invoke();
//
// One interpreter is used by one thread at a time; many interpreters may share one Model.
#ifndef PLINTH_CORE_INTERPRETER_H_
#define PLINTH_CORE_INTERPRETER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/interpreter_options.h"
#include "core/model.h"
#include "core/op_registry.h"
#include "plinth/plugin.hpp"

namespace plinth {

struct InterpreterState;

// Where each node of subgraph 0 runs, with the summary line the CLI prints.
struct PlacementReport {
  struct Node {
    int32_t index = 0;
    std::string op_name;
    int32_t version = 1;
    std::string runner;       // plugin name, or "delegate:<name>"
    std::string reason;       // why no delegate took it, when one was asked
    int32_t partition = -1;   // index into partitions, when delegated
    int32_t fused_into = -1;  // the node whose kernel does this node's work (e.g. a PAD a
                              // convolution absorbed), or -1
  };
  struct Partition {
    std::string delegate;
    std::vector<int32_t> nodes;
    std::vector<int32_t> inputs;   // tensors it reads from outside
    std::vector<int32_t> outputs;  // tensors it hands back
  };
  std::vector<Node> nodes;
  std::vector<Partition> partitions;
  // e.g. "cpu (builtin_ops): 31 nodes" or "gpu: 27 nodes in 1 partition; cpu (builtin_ops): 4
  // nodes"; fused nodes are counted with their runner: "84 nodes (18 fused into their readers)".
  std::string Summary() const;
};

class Interpreter {
 public:
  // Finds a kernel for every node (all subgraphs), applies the requested delegates to the main
  // subgraph, and initializes the kernels. Fails listing every op that nothing serves; a delegate
  // that is missing or unavailable is a warning (or an error without delegate_fallback).
  static absl::StatusOr<std::unique_ptr<Interpreter>> Create(
      std::shared_ptr<const Model> model, std::shared_ptr<const OpRegistry> registry,
      const InterpreterOptions& options = {});
  ~Interpreter();

  // Prepares every node of the main subgraph and plans its memory. Needed before the first
  // Invoke and after ResizeInput.
  absl::Status AllocateTensors();
  // Runs the main subgraph. Inputs must be set; outputs are valid until the next call.
  absl::Status Invoke();

  size_t num_inputs() const;
  size_t num_outputs() const;
  // Views of the main subgraph's inputs and outputs (data valid after AllocateTensors).
  Tensor input(size_t i) const;
  Tensor output(size_t i) const;
  // Any tensor of the main subgraph by index (data valid after Invoke only for inputs, outputs,
  // constants, variables, or everything with InterpreterOptions::preserve_all_tensors).
  size_t num_tensors() const;
  Tensor tensor(size_t index) const;
  // Position of an input/output by tensor name or signature alias.
  absl::StatusOr<size_t> FindInput(const std::string& name) const;
  absl::StatusOr<size_t> FindOutput(const std::string& name) const;
  // Copies `bytes` into input i; the size must match exactly.
  absl::Status SetInput(size_t i, absl::Span<const uint8_t> bytes);
  // Copies typed values into input i; the element type and count must match exactly.
  template <class T>
  absl::Status SetInputValues(size_t i, absl::Span<const T> values) {
    if (i < num_inputs() && input(i).type() != TypeOf<T>::value) {
      return absl::InvalidArgumentError(
          std::string("input ") + std::to_string(i) + " ('" + input(i).name() + "') is " +
          TypeName(input(i).type()) + ", but " + TypeName(TypeOf<T>::value) + " values were given");
    }
    return SetInput(i, absl::Span<const uint8_t>(reinterpret_cast<const uint8_t*>(values.data()),
                                                 values.size() * sizeof(T)));
  }
  // Changes input i's shape (dimensions the model leaves open, see shape_signature).
  absl::Status ResizeInput(size_t i, const std::vector<int32_t>& dims);
  // Restores variable tensors (LSTM state, ...) to their initial values.
  void ResetVariables();

  // Arena bytes planned for the main subgraph, and the lower bound no plan can beat.
  size_t arena_bytes() const;
  size_t arena_lower_bound() const;
  // Bytes of data kernels share per model (packed weights).
  size_t model_shared_bytes() const;
  // Per-step times of the last Invoke (InterpreterOptions::enable_profiling): one entry per CPU
  // node or delegated partition, in execution order.
  struct StepTime {
    std::vector<int32_t> nodes;  // one node, or a partition's nodes
    std::string runner;          // plugin or "delegate:<name>"
    std::string op_name;         // the node's op, or "DELEGATE"
    int64_t nanos = 0;
  };
  std::vector<StepTime> profile() const;
  // Where each node runs now (delegate fallbacks included).
  PlacementReport placement() const;
  const Model& model() const;
  int num_threads() const;

 private:
  Interpreter() = default;
  absl::Status ApplyDelegates();
  std::unique_ptr<InterpreterState> state_;
  std::shared_ptr<const OpRegistry> registry_;
  bool allocated_ = false;
};

}  // namespace plinth

#endif  // PLINTH_CORE_INTERPRETER_H_
