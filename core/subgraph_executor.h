// Runtime state of one subgraph inside one interpreter: tensor views, node views with their
// kernels, the memory plan, and the prepare/invoke loops.
#ifndef PLINTH_CORE_SUBGRAPH_EXECUTOR_H_
#define PLINTH_CORE_SUBGRAPH_EXECUTOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "core/aligned_buffer.h"
#include "core/graph.h"
#include "core/op_registry.h"
#include "core/partitioner.h"
#include "plinth/plugin.h"

// Opaque to plugins (plugin.h declares it); the core's view of a node's builtin options.
struct PlinthOptions {
  uint8_t type = 0;
  const void* table = nullptr;
};

namespace plinth {

struct InterpreterState;
struct DelegateBinding;

// Where a tensor's bytes live.
enum class TensorStorage {
  kNone,        // optional / zero-sized
  kConstant,    // the model's constant data
  kArena,       // planned arena offset
  kDynamic,     // heap, sized during invoke
  kPersistent,  // heap, lives as long as the interpreter (variables)
};

struct TensorState {
  PlinthTensor view{};
  PlinthQuantization quant{};
  std::vector<int32_t> dims;
  TensorStorage storage = TensorStorage::kNone;
  size_t arena_offset = 0;
  AlignedBuffer heap;  // kDynamic / kPersistent
};

// Why a node runs where it runs, for `plinth inspect` and the placement summary.
struct NodePlacement {
  std::string op_name;
  int32_t version = 1;
  std::string runner;       // plugin name serving the node, or "delegate:<name>"
  std::string reason;       // why a delegate did not take it, when one was asked
  int32_t fused_into = -1;  // the node whose kernel does this node's work, or -1
};

struct NodeState {
  PlinthNode view{};
  std::vector<PlinthTensor*> inputs;
  std::vector<PlinthTensor*> outputs;
  std::vector<PlinthTensor*> intermediates;
  PlinthOptions options;
  OpKernel kernel;  // copy: the registry may drop its entry while we run
  bool has_kernel = false;
  bool initialized = false;
  bool deferred = false;  // has dynamic inputs: prepared right before each invoke
  std::vector<size_t> scratch_sizes;
  std::vector<size_t> scratch_offsets;      // arena offsets (planned nodes)
  std::vector<AlignedBuffer> scratch_heap;  // deferred nodes
  NodePlacement placement;
  int32_t partition = -1;  // the delegated partition holding this node, or -1
  // False when the CPU kernel refused the node while a delegate runs it (no CPU fallback then).
  bool cpu_usable = true;
};

// A set of nodes one delegate runs as a single step.
struct DelegatedPartition {
  DelegateBinding* delegate = nullptr;
  std::vector<int32_t> nodes;    // ascending
  std::vector<int32_t> inputs;   // tensors read from outside (constants included)
  std::vector<int32_t> outputs;  // tensors used after it or outputs of the subgraph
  std::vector<PlinthTensor*> input_views, output_views;
  PlinthDelegateKernel* kernel = nullptr;
  std::vector<std::vector<int32_t>> built_shapes;  // shapes the kernel was prepared for
  bool active = true;
};

class SubgraphExecutor {
 public:
  SubgraphExecutor(InterpreterState* state, int32_t index);
  ~SubgraphExecutor();
  SubgraphExecutor(const SubgraphExecutor&) = delete;
  SubgraphExecutor& operator=(const SubgraphExecutor&) = delete;

  // Finds the kernel serving each node (nodes nobody serves are left for delegates).
  void ResolveKernels(const OpRegistry& registry);
  // Lets a delegate take the nodes it supports (main subgraph, before InitKernels).
  absl::Status ApplyDelegate(DelegateBinding* delegate);
  // Fails listing every CPU-run op no plugin serves; then allocates variables and runs each
  // kernel's init.
  absl::Status InitKernels(const OpRegistry& registry);
  // Offers each CPU kernel the single-reader producers of its inputs (PlinthOpRegistration's
  // absorb_producer) and drops the producers it takes from the plan (producer_absorption.cc).
  void AbsorbProducers();
  // Runs each kernel's prepare in order and plans memory. Needed after any input resize.
  absl::Status Prepare();
  // Runs every node in order.
  absl::Status Invoke();

  bool prepared() const { return prepared_; }
  int32_t index() const { return index_; }
  const SubgraphDef& def() const { return *def_; }
  size_t num_tensors() const { return tensors_.size(); }
  PlinthTensor* tensor(int32_t i) { return &tensors_[i].view; }
  const PlinthTensor* tensor(int32_t i) const { return &tensors_[i].view; }
  TensorStorage storage(int32_t i) const { return tensors_[i].storage; }
  const std::vector<int32_t>& inputs() const { return def_->inputs; }
  const std::vector<int32_t>& outputs() const { return def_->outputs; }
  size_t num_nodes() const { return nodes_.size(); }
  const NodePlacement& placement(size_t node) const { return nodes_[node].placement; }
  // Nanoseconds each plan step took in the last Invoke (with profiling enabled), plan order.
  const std::vector<int64_t>& step_nanos() const { return step_nanos_; }
  // The execution plan: CPU nodes and delegated partitions in order.
  const std::vector<PlanStep>& plan() const { return plan_; }
  const std::vector<DelegatedPartition>& partitions() const { return partitions_; }
  size_t arena_bytes() const { return arena_size_; }
  size_t arena_lower_bound() const { return arena_lower_bound_; }
  // Sets an input's shape; the next Invoke prepares again.
  absl::Status ResizeInput(int32_t tensor_index, const std::vector<int32_t>& dims);
  // Re-reads variables' initial values.
  void ResetVariables();
  bool running() const { return running_; }

  // Services behind PlinthContext (kernel_context.cc), acting on the current node.
  void ReportError(const char* message);
  void ReportWarning(const char* message);
  PlinthStatus ResizeTensor(PlinthTensor* tensor, int32_t rank, const int32_t* dims);
  PlinthStatus SetDynamic(PlinthTensor* tensor);
  PlinthStatus RequestScratch(size_t bytes, int32_t* handle);
  void* GetScratch(int32_t handle);
  PlinthStatus GetOption(const PlinthNode* node, const char* name, PlinthOptionValue* value);
  PlinthStatus InvokeSubgraph(int32_t subgraph, PlinthTensor* const* inputs, int32_t num_inputs,
                              PlinthTensor* const* outputs, int32_t num_outputs);
  InterpreterState* state() const { return state_; }
  // The plugin serving `node` (kept alive by whatever holds the pointer).
  std::shared_ptr<const void> KernelPlugin(int32_t node) const {
    if (node < 0 || static_cast<size_t>(node) >= nodes_.size()) return nullptr;
    return nodes_[node].kernel.plugin;
  }
  PlinthContext* context() { return &context_; }
  // The message kernels or delegates reported since the last call, and clears it.
  std::string TakeError() { return std::exchange(error_, std::string()); }

 private:
  enum class Phase { kIdle, kInit, kPrepare, kInvoke };
  absl::Status NodeError(size_t node, const char* stage) const;
  absl::Status PrepareNode(size_t node);
  // Prepares a partition: its nodes' CPU prepare for shapes, then the delegate's kernel when the
  // shapes changed. `undelegated` is set when it fell back to the CPU.
  absl::Status PreparePartition(int32_t p, bool* undelegated);
  absl::Status PrepareOnce(bool* undelegated);
  absl::Status InvokeOnce(bool* undelegated);
  // Moves a partition back to CPU kernels (or fails, per InterpreterOptions::delegate_fallback).
  absl::Status Fallback(int32_t p, const std::string& why);
  void FreePartitionKernel(DelegatedPartition& p);
  absl::Status PlanMemory();
  PlinthStatus AssignDynamicStorage(TensorState& t);
  TensorState* StateOf(PlinthTensor* tensor);
  bool IsOutputOfCurrent(const PlinthTensor* tensor) const;

  InterpreterState* state_;
  int32_t index_;
  const SubgraphDef* def_;
  std::vector<TensorState> tensors_;  // sized once; views' addresses never change
  std::vector<NodeState> nodes_;
  std::vector<PlanStep> plan_;
  std::vector<int64_t> step_nanos_;
  std::vector<DelegatedPartition> partitions_;
  std::vector<const PlinthNode*> node_views_;  // for delegates' graph view
  std::vector<const PlinthTensor*> tensor_views_;
  PlinthContext context_{};
  Phase phase_ = Phase::kIdle;
  int64_t current_ = -1;
  std::string error_;
  AlignedBuffer arena_;
  size_t arena_size_ = 0;
  size_t arena_lower_bound_ = 0;
  bool prepared_ = false;
  bool running_ = false;
};

}  // namespace plinth

#endif  // PLINTH_CORE_SUBGRAPH_EXECUTOR_H_
