#include "core/subgraph_executor.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/arena_planner.h"
#include "core/interpreter_state.h"
#include "core/kernel_context.h"
#include "core/schema_reflection.h"
#include "plinth/plugin.hpp"

namespace plinth {
namespace {

constexpr int32_t kMaxRank = 16;

// Most bytes one buffer (and an arena's total) may have: 32-bit targets cap the 64-bit limits so
// sizes stay exact in size_t (half of it, so a sum of two never wraps).
constexpr uint64_t kMaxBufferBytes = std::numeric_limits<size_t>::max() / 2;

// Bytes of a tensor of `type` with `dims`, or nullopt on overflow past `limit`.
std::optional<size_t> TensorBytes(PlinthType type, const int32_t* dims, int32_t rank,
                                  uint64_t limit) {
  limit = std::min(limit, kMaxBufferBytes);
  uint64_t n = 1;
  for (int32_t i = 0; i < rank; ++i) {
    uint64_t d = static_cast<uint64_t>(dims[i]);
    if (d != 0 && n > limit / d) return std::nullopt;
    n *= d;
  }
  uint64_t size = TypeSize(type);
  if (size != 0 && n > limit / size) return std::nullopt;
  return static_cast<size_t>(n * size);
}

std::string ShapeText(const std::vector<int32_t>& dims) {
  return absl::StrCat("[", absl::StrJoin(dims, ", "), "]");
}

}  // namespace

SubgraphExecutor::SubgraphExecutor(InterpreterState* state, int32_t index)
    : state_(state), index_(index), def_(&state->model->graph().subgraphs[index]) {
  context_ = MakeKernelContext(this);
  tensors_.resize(def_->tensors.size());
  for (size_t i = 0; i < tensors_.size(); ++i) {
    const TensorDef& d = def_->tensors[i];
    TensorState& t = tensors_[i];
    t.dims = d.shape;
    t.quant.struct_size = sizeof(t.quant);
    t.quant.num_params = static_cast<int32_t>(d.quant.scales.size());
    t.quant.scales = d.quant.scales.data();
    t.quant.zero_points = d.quant.zero_points.data();
    t.quant.quantized_dimension = d.quant.quantized_dimension;
    PlinthTensor& v = t.view;
    v.struct_size = sizeof(v);
    v.index = static_cast<int32_t>(i);
    v.name = d.name.c_str();
    v.type = d.type;
    v.rank = static_cast<int32_t>(t.dims.size());
    v.dims = t.dims.data();
    v.quantization = &t.quant;
    v.bytes = TensorBytes(d.type, t.dims.data(), v.rank, std::numeric_limits<uint64_t>::max())
                  .value_or(0);
    if (d.data != nullptr && !d.is_variable) {
      v.flags |= PLINTH_TENSOR_CONSTANT;
      v.data = const_cast<uint8_t*>(d.data);  // read-only by contract (PLINTH_TENSOR_CONSTANT)
      v.bytes = d.data_size;
      t.storage = TensorStorage::kConstant;
    }
    if (d.is_variable) {
      v.flags |= PLINTH_TENSOR_VARIABLE;
      t.storage = TensorStorage::kPersistent;
    }
  }
  for (int32_t i : def_->inputs) tensors_[i].view.flags |= PLINTH_TENSOR_INPUT;
  for (int32_t o : def_->outputs) tensors_[o].view.flags |= PLINTH_TENSOR_OUTPUT;

  nodes_.resize(def_->nodes.size());
  auto pointers = [&](const std::vector<int32_t>& indices, std::vector<PlinthTensor*>* out) {
    for (int32_t i : indices) out->push_back(i < 0 ? nullptr : &tensors_[i].view);
  };
  for (size_t k = 0; k < nodes_.size(); ++k) {
    const NodeDef& d = def_->nodes[k];
    NodeState& n = nodes_[k];
    pointers(d.inputs, &n.inputs);
    pointers(d.outputs, &n.outputs);
    pointers(d.intermediates, &n.intermediates);
    n.options.type = d.options_type;
    n.options.table = d.options_table;
    PlinthNode& v = n.view;
    v.struct_size = sizeof(v);
    v.index = static_cast<int32_t>(k);
    v.subgraph_index = index_;
    v.op_name = d.op_name.c_str();
    v.builtin_code = d.builtin_code;
    v.version = d.version;
    v.num_inputs = static_cast<int32_t>(n.inputs.size());
    v.inputs = n.inputs.data();
    v.num_outputs = static_cast<int32_t>(n.outputs.size());
    v.outputs = n.outputs.data();
    v.num_intermediates = static_cast<int32_t>(n.intermediates.size());
    v.intermediates = n.intermediates.data();
    v.custom_options = d.custom_options;
    v.custom_options_size = d.custom_options_size;
    v.options = d.options_table ? &n.options : nullptr;
    n.placement.op_name = d.op_name;
    n.placement.version = d.version;
    plan_.push_back({false, static_cast<int32_t>(k)});
    node_views_.push_back(&n.view);
  }
  for (TensorState& t : tensors_) tensor_views_.push_back(&t.view);
}

SubgraphExecutor::~SubgraphExecutor() {
  for (DelegatedPartition& p : partitions_) FreePartitionKernel(p);
  for (NodeState& n : nodes_) {
    if (n.initialized && n.kernel.fns.free != nullptr) n.kernel.fns.free(n.view.user_data);
  }
}

void SubgraphExecutor::ResolveKernels(const OpRegistry& registry) {
  for (size_t k = 0; k < nodes_.size(); ++k) {
    const NodeDef& d = def_->nodes[k];
    const OpKernel* kernel = registry.Find(d.is_custom, d.builtin_code, d.op_name, d.version);
    if (kernel == nullptr) continue;
    nodes_[k].kernel = *kernel;
    nodes_[k].has_kernel = true;
    nodes_[k].placement.runner = kernel->plugin->name;
  }
}

absl::Status SubgraphExecutor::InitKernels(const OpRegistry& registry) {
  std::vector<std::string> missing;
  for (const PlanStep& step : plan_) {
    if (step.is_partition || nodes_[step.index].has_kernel) continue;
    const NodeDef& d = def_->nodes[step.index];
    std::string offered;
    for (const OpKernel* other : registry.FindAll(d.is_custom, d.builtin_code, d.op_name)) {
      absl::StrAppend(&offered, offered.empty() ? "" : ", ", other->plugin->name, " serves v",
                      other->min_version, "-", other->max_version);
    }
    missing.push_back(absl::StrCat(d.is_custom ? "custom op '" : "", d.op_name,
                                   d.is_custom ? "'" : "", " v", d.version, " (node ", step.index,
                                   offered.empty() ? "" : "; ", offered, ")"));
  }
  if (!missing.empty()) {
    std::string plugins;
    for (const auto& p : registry.plugins()) {
      // The version too: a selective build of the built-in ops says there which ops it holds.
      absl::StrAppend(&plugins, plugins.empty() ? "" : ", ", p->name, p->version.empty() ? "" : " ",
                      p->version);
    }
    return absl::NotFoundError(
        absl::StrCat(state_->model->name(), ": subgraph ", index_, ": no loaded plugin serves ",
                     absl::StrJoin(missing, "; "),
                     ". Loaded plugins: ", plugins.empty() ? std::string("none") : plugins,
                     ". Load a plugin that provides them with --plugin or PLINTH_PLUGIN_PATH."));
  }
  for (TensorState& t : tensors_) {
    if (t.storage != TensorStorage::kPersistent) continue;
    auto bytes = TensorBytes(t.view.type, t.dims.data(), t.view.rank,
                             state_->options.max_dynamic_tensor_bytes);
    if (!bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          state_->model->name(), ": variable tensor ", t.view.index, " ('", t.view.name,
          "') is larger than the limit of ", state_->options.max_dynamic_tensor_bytes, " bytes"));
    }
    if (!t.heap.Reserve(*bytes)) {
      return absl::ResourceExhaustedError(
          absl::StrCat("out of memory for variable tensor ", t.view.name));
    }
    t.view.bytes = *bytes;
    t.view.data = t.heap.data();
  }
  ResetVariables();
  phase_ = Phase::kInit;
  for (size_t k = 0; k < nodes_.size(); ++k) {
    NodeState& n = nodes_[k];
    if (!n.has_kernel || n.kernel.fns.init == nullptr) {
      n.initialized = n.has_kernel;
      continue;
    }
    current_ = static_cast<int64_t>(k);
    error_.clear();
    if (n.kernel.fns.init(&context_, &n.view, &n.view.user_data) != PLINTH_OK) {
      phase_ = Phase::kIdle;
      return NodeError(k, "init");
    }
    n.initialized = true;
  }
  phase_ = Phase::kIdle;
  current_ = -1;
  return absl::OkStatus();
}

void SubgraphExecutor::ResetVariables() {
  for (size_t i = 0; i < tensors_.size(); ++i) {
    TensorState& t = tensors_[i];
    if (t.storage != TensorStorage::kPersistent || t.view.data == nullptr) continue;
    const TensorDef& d = def_->tensors[i];
    if (d.data != nullptr && d.data_size == t.view.bytes) {
      std::memcpy(t.view.data, d.data, d.data_size);
    } else if (d.type == PLINTH_INT8 && !d.quant.zero_points.empty()) {
      // TFLite starts int8 state (e.g. an integer LSTM's output state) at its zero point.
      std::memset(t.view.data, static_cast<int8_t>(d.quant.zero_points[0]), t.view.bytes);
    } else {
      std::memset(t.view.data, 0, t.view.bytes);
    }
  }
}

absl::Status SubgraphExecutor::NodeError(size_t node, const char* stage) const {
  const NodeState& n = nodes_[node];
  std::string why = error_.empty() ? std::string("the kernel reported no reason") : error_;
  return absl::InvalidArgumentError(absl::StrCat(
      state_->model->name(), ": subgraph ", index_, ", node ", node, " (", n.view.op_name, " v",
      n.view.version, ", ", n.placement.runner.empty() ? "no kernel" : n.placement.runner,
      ") failed in ", stage, ": ", why));
}

absl::Status SubgraphExecutor::ResizeInput(int32_t tensor_index, const std::vector<int32_t>& dims) {
  if (tensor_index < 0 || static_cast<size_t>(tensor_index) >= tensors_.size()) {
    return absl::OutOfRangeError(absl::StrCat("tensor index ", tensor_index, " out of range"));
  }
  TensorState& t = tensors_[tensor_index];
  if ((t.view.flags & PLINTH_TENSOR_INPUT) == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("tensor ", tensor_index, " ('", t.view.name, "') is not an input"));
  }
  if (dims.size() > static_cast<size_t>(kMaxRank)) {
    return absl::InvalidArgumentError(absl::StrCat("rank ", dims.size(), " exceeds ", kMaxRank));
  }
  const std::vector<int32_t>& signature = def_->tensors[tensor_index].shape_signature;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("input '", t.view.name, "': negative dimension in ", ShapeText(dims)));
    }
  }
  // The converter's signature says which dimensions may change; others must keep their size.
  if (signature.size() == dims.size()) {
    for (size_t i = 0; i < dims.size(); ++i) {
      if (signature[i] >= 0 && signature[i] != dims[i] && signature != t.dims) {
        return absl::InvalidArgumentError(
            absl::StrCat("input '", t.view.name, "' cannot take shape ", ShapeText(dims),
                         ": the model fixes dimension ", i, " to ", signature[i],
                         " (shape signature ", ShapeText(signature), ")"));
      }
    }
  }
  auto bytes = TensorBytes(t.view.type, dims.data(), static_cast<int32_t>(dims.size()),
                           state_->options.max_dynamic_tensor_bytes);
  if (!bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("input '", t.view.name, "' of shape ",
                                                     ShapeText(dims), " exceeds the size limit"));
  }
  if (t.dims != dims) {
    t.dims = dims;
    t.view.dims = t.dims.data();
    t.view.rank = static_cast<int32_t>(t.dims.size());
    t.view.bytes = *bytes;
    prepared_ = false;
  }
  return absl::OkStatus();
}

absl::Status SubgraphExecutor::Prepare() {
  // A partition that falls back to the CPU changes the plan: prepare again (at most once per
  // partition).
  for (size_t attempt = 0; attempt <= partitions_.size(); ++attempt) {
    bool undelegated = false;
    absl::Status s = PrepareOnce(&undelegated);
    if (!s.ok() || !undelegated) return s;
  }
  return absl::InternalError("prepare did not settle after delegate fallbacks");
}

absl::Status SubgraphExecutor::PrepareOnce(bool* undelegated) {
  prepared_ = false;
  // Dynamic flags are recomputed from scratch by the kernels' prepare.
  for (TensorState& t : tensors_) {
    if (t.storage == TensorStorage::kConstant || t.storage == TensorStorage::kPersistent) continue;
    if ((t.view.flags & PLINTH_TENSOR_INPUT) != 0) {
      t.storage = TensorStorage::kArena;
      continue;
    }
    t.view.flags &= ~PLINTH_TENSOR_DYNAMIC;
    t.storage = TensorStorage::kNone;
    t.view.data = nullptr;
  }
  for (const PlanStep& step : plan_) {
    if (step.is_partition) {
      if (auto s = PreparePartition(step.index, undelegated); !s.ok() || *undelegated) return s;
      continue;
    }
    const size_t k = static_cast<size_t>(step.index);
    NodeState& n = nodes_[k];
    n.deferred = std::any_of(n.inputs.begin(), n.inputs.end(), [](const PlinthTensor* t) {
      return t != nullptr && (t->flags & PLINTH_TENSOR_DYNAMIC) != 0;
    });
    if (n.deferred) {
      // Its input shapes are only known during invoke: prepare it then, into heap memory.
      for (PlinthTensor* o : n.outputs) {
        if (o == nullptr) continue;
        TensorState* t = StateOf(o);
        if (t->storage == TensorStorage::kPersistent) continue;
        o->flags |= PLINTH_TENSOR_DYNAMIC;
        t->storage = TensorStorage::kDynamic;
      }
      continue;
    }
    if (auto s = PrepareNode(k); !s.ok()) return s;
  }
  if (auto s = PlanMemory(); !s.ok()) return s;
  prepared_ = true;
  return absl::OkStatus();
}

absl::Status SubgraphExecutor::PreparePartition(int32_t index, bool* undelegated) {
  DelegatedPartition& p = partitions_[index];
  auto is_dynamic = [](const PlinthTensor* t) {
    return t != nullptr && (t->flags & PLINTH_TENSOR_DYNAMIC) != 0;
  };
  for (int32_t i : p.inputs) {
    if (is_dynamic(&tensors_[i].view)) {
      *undelegated = true;
      return Fallback(index,
                      absl::StrCat("its input tensor ", i, " has a shape known only at run time"));
    }
  }
  // The nodes' CPU kernels compute the shapes (and would run them if the delegate fails). A CPU
  // kernel may refuse what the delegate runs (a type it lacks): the model's shapes stand then, and
  // that partition has no CPU fallback.
  for (int32_t k : p.nodes) {
    nodes_[k].cpu_usable = nodes_[k].has_kernel;
    if (!nodes_[k].has_kernel) continue;
    if (auto s = PrepareNode(static_cast<size_t>(k)); !s.ok()) {
      nodes_[k].cpu_usable = false;
      continue;
    }
    for (PlinthTensor* o : nodes_[k].outputs) {
      if (is_dynamic(o)) {
        *undelegated = true;
        return Fallback(index, absl::StrCat("node ", k, " has an output shaped only at run time"));
      }
    }
  }
  std::vector<std::vector<int32_t>> shapes;
  for (int32_t k : p.nodes) {
    for (const std::vector<int32_t>* list : {&def_->nodes[k].inputs, &def_->nodes[k].outputs}) {
      for (int32_t t : *list) {
        if (t >= 0) shapes.push_back(tensors_[t].dims);
      }
    }
  }
  if (p.kernel != nullptr && shapes == p.built_shapes) return absl::OkStatus();
  FreePartitionKernel(p);
  PlinthGraphView graph{};
  graph.struct_size = sizeof(graph);
  graph.num_nodes = static_cast<int32_t>(node_views_.size());
  graph.nodes = node_views_.data();
  graph.num_tensors = static_cast<int32_t>(tensor_views_.size());
  graph.tensors = tensor_views_.data();
  PlinthPartition part{};
  part.struct_size = sizeof(part);
  part.num_nodes = static_cast<int32_t>(p.nodes.size());
  part.nodes = p.nodes.data();
  part.num_inputs = static_cast<int32_t>(p.inputs.size());
  part.inputs = p.inputs.data();
  part.num_outputs = static_cast<int32_t>(p.outputs.size());
  part.outputs = p.outputs.data();
  error_.clear();
  current_ = -1;
  PlinthStatus status =
      p.delegate->entry.fns.prepare(p.delegate->instance, &context_, &graph, &part, &p.kernel);
  if (status != PLINTH_OK || p.kernel == nullptr) {
    p.kernel = nullptr;
    *undelegated = true;
    return Fallback(index, absl::StrCat("its prepare failed: ",
                                        error_.empty() ? std::string("no reason given") : error_));
  }
  p.built_shapes = std::move(shapes);
  return absl::OkStatus();
}

void SubgraphExecutor::FreePartitionKernel(DelegatedPartition& p) {
  if (p.kernel != nullptr) p.delegate->entry.fns.free_kernel(p.kernel);
  p.kernel = nullptr;
  p.built_shapes.clear();
}

absl::Status SubgraphExecutor::Fallback(int32_t index, const std::string& why) {
  DelegatedPartition& p = partitions_[index];
  const std::string& name = p.delegate->entry.name;
  std::string message =
      absl::StrCat("delegate '", name, "' gave up a partition of ", p.nodes.size(), " node",
                   p.nodes.size() == 1 ? "" : "s", " (first: node ", p.nodes.front(), "): ", why);
  for (int32_t k : p.nodes) {
    if (!nodes_[k].has_kernel || !nodes_[k].cpu_usable) {
      return absl::FailedPreconditionError(absl::StrCat(state_->model->name(), ": ", message,
                                                        "; node ", k, " (", nodes_[k].view.op_name,
                                                        ") has no CPU kernel to fall back to"));
    }
  }
  if (!state_->options.delegate_fallback) {
    return absl::FailedPreconditionError(
        absl::StrCat(state_->model->name(), ": ", message, " (CPU fallback is disabled)"));
  }
  state_->Warn(absl::StrCat(state_->model->name(), ": ", message, "; running it on the CPU"));
  FreePartitionKernel(p);
  p.active = false;
  auto it = std::find_if(plan_.begin(), plan_.end(),
                         [&](const PlanStep& s) { return s.is_partition && s.index == index; });
  std::vector<PlanStep> replacement;
  for (int32_t k : p.nodes) {
    replacement.push_back({false, k});
    nodes_[k].partition = -1;
    nodes_[k].placement.runner = nodes_[k].kernel.plugin->name;
    nodes_[k].placement.reason = absl::StrCat(name, " failed: ", why);
  }
  it = plan_.erase(it);
  plan_.insert(it, replacement.begin(), replacement.end());
  prepared_ = false;
  return absl::OkStatus();
}

absl::Status SubgraphExecutor::ApplyDelegate(DelegateBinding* delegate) {
  const DelegateEntry& entry = delegate->entry;
  PlinthGraphView graph{};
  graph.struct_size = sizeof(graph);
  graph.num_nodes = static_cast<int32_t>(node_views_.size());
  graph.nodes = node_views_.data();
  graph.num_tensors = static_cast<int32_t>(tensor_views_.size());
  graph.tensors = tensor_views_.data();
  // Units of the partition problem: CPU nodes one by one, earlier partitions as single blocks.
  PartitionProblem problem;
  problem.num_tensors = tensors_.size();
  problem.max_partitions = state_->options.max_delegated_partitions;
  problem.min_nodes = state_->options.min_nodes_per_partition;
  std::vector<PlanStep> units = plan_;
  for (const PlanStep& u : units) {
    std::vector<int32_t> in, out;
    bool candidate = false;
    if (u.is_partition) {
      in = partitions_[u.index].inputs;
      out = partitions_[u.index].outputs;
    } else {
      in = def_->nodes[u.index].inputs;
      out = def_->nodes[u.index].outputs;
      char reason[256] = {0};
      error_.clear();
      PlinthStatus status = entry.fns.supports_node(delegate->instance, &context_, &graph, u.index,
                                                    reason, sizeof(reason));
      reason[sizeof(reason) - 1] = '\0';
      candidate = status == PLINTH_OK;
      if (!candidate) {
        nodes_[u.index].placement.reason =
            absl::StrCat(entry.name, ": ", reason[0] ? reason : "not supported");
      }
    }
    problem.node_inputs.push_back(std::move(in));
    problem.node_outputs.push_back(std::move(out));
    problem.candidate.push_back(candidate);
  }
  problem.available.assign(tensors_.size(), false);
  for (size_t t = 0; t < tensors_.size(); ++t) {
    problem.available[t] = tensors_[t].storage == TensorStorage::kConstant ||
                           tensors_[t].storage == TensorStorage::kPersistent ||
                           (tensors_[t].view.flags & PLINTH_TENSOR_INPUT) != 0;
  }
  PartitionPlan result = PlanPartitions(problem);

  // Which tensors are read by whom, to find each partition's border.
  std::vector<int32_t> readers(tensors_.size(), 0);
  std::vector<PlanStep> new_plan;
  std::vector<std::vector<int32_t>> new_partitions_nodes;
  for (const PlanStep& step : result.order) {
    if (!step.is_partition) {
      new_plan.push_back(units[step.index]);  // a CPU node or an earlier partition, unchanged
      continue;
    }
    std::vector<int32_t> nodes;
    for (int32_t u : result.partitions[step.index]) nodes.push_back(units[u].index);
    std::sort(nodes.begin(), nodes.end());
    new_plan.push_back(
        {true, static_cast<int32_t>(partitions_.size() + new_partitions_nodes.size())});
    new_partitions_nodes.push_back(std::move(nodes));
  }
  for (auto& nodes : new_partitions_nodes) {
    DelegatedPartition p;
    p.delegate = delegate;
    p.nodes = std::move(nodes);
    std::vector<char> inside_writes(tensors_.size(), 0), inside(nodes_.size(), 0);
    for (int32_t k : p.nodes) {
      inside[k] = 1;
      for (int32_t o : def_->nodes[k].outputs) {
        if (o >= 0) inside_writes[o] = 1;
      }
    }
    for (int32_t k : p.nodes) {
      for (int32_t i : def_->nodes[k].inputs) {
        if (i >= 0 && !inside_writes[i] &&
            std::find(p.inputs.begin(), p.inputs.end(), i) == p.inputs.end()) {
          p.inputs.push_back(i);
        }
      }
    }
    std::vector<char> needed_outside(tensors_.size(), 0);
    for (size_t k = 0; k < nodes_.size(); ++k) {
      if (inside[k]) continue;
      for (int32_t i : def_->nodes[k].inputs) {
        if (i >= 0) needed_outside[i] = 1;
      }
    }
    for (int32_t o : def_->outputs) needed_outside[o] = 1;
    for (int32_t k : p.nodes) {
      for (int32_t o : def_->nodes[k].outputs) {
        if (o >= 0 && needed_outside[o]) p.outputs.push_back(o);
      }
    }
    for (int32_t i : p.inputs) p.input_views.push_back(&tensors_[i].view);
    for (int32_t o : p.outputs) p.output_views.push_back(&tensors_[o].view);
    const int32_t index = static_cast<int32_t>(partitions_.size());
    for (int32_t k : p.nodes) {
      nodes_[k].partition = index;
      nodes_[k].placement.runner = absl::StrCat("delegate:", entry.name);
      nodes_[k].placement.reason.clear();
    }
    partitions_.push_back(std::move(p));
  }
  plan_ = std::move(new_plan);
  prepared_ = false;
  return absl::OkStatus();
}

absl::Status SubgraphExecutor::PrepareNode(size_t k) {
  NodeState& n = nodes_[k];
  Phase saved = phase_;
  phase_ = Phase::kPrepare;
  current_ = static_cast<int64_t>(k);
  error_.clear();
  n.scratch_sizes.clear();
  PlinthStatus status = n.kernel.fns.prepare(&context_, &n.view);
  phase_ = saved;
  if (status != PLINTH_OK) return NodeError(k, "prepare");
  for (PlinthTensor* o : n.outputs) {
    if (o == nullptr) continue;
    TensorState* t = StateOf(o);
    if ((o->flags & PLINTH_TENSOR_DYNAMIC) != 0 && o->data == nullptr) {
      if (AssignDynamicStorage(*t) != PLINTH_OK) return NodeError(k, "prepare");
    }
  }
  if (n.deferred) {
    n.scratch_heap.resize(n.scratch_sizes.size());
    for (size_t i = 0; i < n.scratch_sizes.size(); ++i) {
      if (!n.scratch_heap[i].Reserve(n.scratch_sizes[i])) {
        return absl::ResourceExhaustedError(absl::StrCat("out of memory for scratch of node ", k));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status SubgraphExecutor::PlanMemory() {
  const int32_t end_step = static_cast<int32_t>(plan_.size());
  std::vector<int32_t> first(tensors_.size(), -1), last(tensors_.size(), -1);
  for (int32_t i : def_->inputs) {
    first[i] = 0;
    last[i] = end_step;  // inputs stay intact across invocations
  }
  auto reads = [&](int32_t t, int32_t step) {
    if (t >= 0) last[t] = std::max(last[t], step);
  };
  auto writes = [&](int32_t t, int32_t step) {
    if (t >= 0 && first[t] < 0) first[t] = step;
  };
  for (size_t s = 0; s < plan_.size(); ++s) {
    const int32_t step = static_cast<int32_t>(s);
    if (plan_[s].is_partition) {
      // Tensors inside a partition live in the delegate; only its border is planned here.
      const DelegatedPartition& p = partitions_[plan_[s].index];
      for (int32_t o : p.outputs) writes(o, step);
      for (int32_t i : p.inputs) reads(i, step);
      continue;
    }
    const NodeDef& d = def_->nodes[plan_[s].index];
    for (int32_t o : d.outputs) writes(o, step);
    for (int32_t m : d.intermediates) {
      writes(m, step);
      reads(m, step);
    }
    // The node's current inputs: an absorbed producer's input replaces the tensor it wrote.
    for (const PlinthTensor* i : nodes_[plan_[s].index].inputs) {
      if (i != nullptr) reads(i->index, step);
    }
  }
  for (int32_t o : def_->outputs) last[o] = end_step;  // readable after invoke
  if (state_->options.preserve_all_tensors && index_ == 0) {
    for (int32_t& l : last) l = end_step;
  }

  std::vector<ArenaRequest> requests;
  std::vector<std::pair<int, size_t>> owners;  // (tensor index or -1 - node, scratch index)
  for (size_t i = 0; i < tensors_.size(); ++i) {
    TensorState& t = tensors_[i];
    if (t.storage == TensorStorage::kConstant || t.storage == TensorStorage::kPersistent ||
        t.storage == TensorStorage::kDynamic || first[i] < 0) {
      continue;
    }
    auto bytes =
        TensorBytes(t.view.type, t.dims.data(), t.view.rank, state_->options.max_arena_bytes);
    if (!bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          state_->model->name(), ": subgraph ", index_, ", tensor ", i, " ('", t.view.name,
          "') of shape ", ShapeText(t.dims), " is larger than the arena limit of ",
          state_->options.max_arena_bytes, " bytes"));
    }
    t.view.bytes = *bytes;
    t.storage = TensorStorage::kArena;
    requests.push_back({*bytes, first[i], std::max(first[i], last[i])});
    owners.emplace_back(static_cast<int>(i), 0);
  }
  for (size_t s = 0; s < plan_.size(); ++s) {
    if (plan_[s].is_partition) continue;
    NodeState& n = nodes_[plan_[s].index];
    if (n.deferred) continue;
    n.scratch_offsets.assign(n.scratch_sizes.size(), 0);
    for (size_t k = 0; k < n.scratch_sizes.size(); ++k) {
      const int32_t step = static_cast<int32_t>(s);
      requests.push_back({n.scratch_sizes[k], step, step});
      owners.emplace_back(-1 - plan_[s].index, k);
    }
  }
  // On 32-bit targets the plan's size_t offsets could wrap: its size is at most the aligned sum.
  uint64_t total = 0;
  for (const ArenaRequest& r : requests) total += uint64_t{r.size} + AlignedBuffer::kAlignment;
  if (total > kMaxBufferBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(state_->model->name(), ": subgraph ", index_, " needs up to ", total,
                     " arena bytes, more than this target's address space allows"));
  }
  ArenaPlan plan = PlanArena(requests, AlignedBuffer::kAlignment);
  arena_lower_bound_ = ArenaLowerBound(requests, AlignedBuffer::kAlignment);
  if (plan.size > state_->options.max_arena_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(state_->model->name(), ": subgraph ", index_, " needs a ", plan.size,
                     "-byte arena, over the limit of ", state_->options.max_arena_bytes,
                     " bytes (InterpreterOptions::max_arena_bytes)"));
  }
  if (!arena_.Reserve(plan.size)) {
    return absl::ResourceExhaustedError(
        absl::StrCat("out of memory: cannot allocate a ", plan.size, "-byte arena"));
  }
  arena_size_ = plan.size;
  for (size_t r = 0; r < requests.size(); ++r) {
    auto [owner, k] = owners[r];
    if (owner >= 0) {
      tensors_[owner].arena_offset = plan.offsets[r];
      tensors_[owner].view.data = arena_.data() + plan.offsets[r];
    } else {
      nodes_[-1 - owner].scratch_offsets[k] = plan.offsets[r];
    }
  }
  return absl::OkStatus();
}

absl::Status SubgraphExecutor::Invoke() {
  if (!prepared_) {
    if (auto s = Prepare(); !s.ok()) return s;
  }
  for (size_t attempt = 0; attempt <= partitions_.size(); ++attempt) {
    bool undelegated = false;
    absl::Status s = InvokeOnce(&undelegated);
    if (!s.ok() || !undelegated) return s;
    // A delegate failed mid-run and its partition moved to the CPU: plan again and rerun from the
    // start, keeping the inputs (a new plan may move them).
    std::vector<std::vector<char>> saved;
    for (int32_t i : def_->inputs) {
      const PlinthTensor& t = tensors_[i].view;
      const char* data = static_cast<const char*>(t.data);
      saved.emplace_back(data, data + (data ? t.bytes : 0));
    }
    if (auto p = Prepare(); !p.ok()) return p;
    for (size_t k = 0; k < def_->inputs.size(); ++k) {
      PlinthTensor& t = tensors_[def_->inputs[k]].view;
      if (!saved[k].empty() && t.data != nullptr)
        std::memcpy(t.data, saved[k].data(), saved[k].size());
    }
  }
  return absl::InternalError("invoke did not settle after delegate fallbacks");
}

absl::Status SubgraphExecutor::InvokeOnce(bool* undelegated) {
  running_ = true;
  const bool profile = state_->options.enable_profiling && index_ == 0;
  if (profile) step_nanos_.assign(plan_.size(), 0);  // no-op after the first run: same size
  auto step_start = std::chrono::steady_clock::now();
  for (size_t s = 0; s < plan_.size(); ++s) {
    if (profile && s > 0) {
      auto now = std::chrono::steady_clock::now();
      step_nanos_[s - 1] =
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - step_start).count();
      step_start = now;
    }
    const PlanStep& step = plan_[s];
    if (step.is_partition) {
      DelegatedPartition& p = partitions_[step.index];
      error_.clear();
      current_ = -1;
      phase_ = Phase::kInvoke;
      PlinthStatus status = p.delegate->entry.fns.invoke(
          p.kernel, &context_, p.input_views.data(), static_cast<int32_t>(p.input_views.size()),
          p.output_views.data(), static_cast<int32_t>(p.output_views.size()));
      phase_ = Phase::kIdle;
      if (status != PLINTH_OK) {
        running_ = false;
        *undelegated = true;
        return Fallback(step.index,
                        absl::StrCat("its invoke failed: ",
                                     error_.empty() ? std::string("no reason given") : error_));
      }
      continue;
    }
    const size_t k = static_cast<size_t>(step.index);
    NodeState& n = nodes_[k];
    if (n.deferred) {
      if (auto s = PrepareNode(k); !s.ok()) {
        running_ = false;
        return s;
      }
    }
    phase_ = Phase::kInvoke;
    current_ = static_cast<int64_t>(k);
    error_.clear();
    PlinthStatus status = n.kernel.fns.invoke(&context_, &n.view);
    phase_ = Phase::kIdle;
    if (status != PLINTH_OK) {
      running_ = false;
      current_ = -1;
      return NodeError(k, "invoke");
    }
  }
  if (profile && !plan_.empty()) {
    step_nanos_.back() = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - step_start)
                             .count();
  }
  running_ = false;
  current_ = -1;
  return absl::OkStatus();
}

TensorState* SubgraphExecutor::StateOf(PlinthTensor* tensor) {
  if (tensor == nullptr || tensor->index < 0 ||
      static_cast<size_t>(tensor->index) >= tensors_.size() ||
      &tensors_[tensor->index].view != tensor) {
    return nullptr;
  }
  return &tensors_[tensor->index];
}

bool SubgraphExecutor::IsOutputOfCurrent(const PlinthTensor* tensor) const {
  if (current_ < 0) return false;
  const NodeState& n = nodes_[current_];
  return std::find(n.outputs.begin(), n.outputs.end(), tensor) != n.outputs.end() ||
         std::find(n.intermediates.begin(), n.intermediates.end(), tensor) != n.intermediates.end();
}

void SubgraphExecutor::ReportError(const char* message) {
  if (!error_.empty()) error_ += "; ";
  error_ += message ? message : "(null message)";
}

void SubgraphExecutor::ReportWarning(const char* message) {
  std::string where = current_ >= 0 ? absl::StrCat(nodes_[current_].view.op_name, ": ") : "";
  state_->Warn(absl::StrCat(state_->model->name(), ": ", where, message ? message : ""));
}

PlinthStatus SubgraphExecutor::AssignDynamicStorage(TensorState& t) {
  auto bytes = TensorBytes(t.view.type, t.dims.data(), t.view.rank,
                           state_->options.max_dynamic_tensor_bytes);
  if (!bytes) {
    ReportError(absl::StrCat("tensor '", t.view.name, "' of shape ", ShapeText(t.dims),
                             " exceeds the dynamic tensor limit of ",
                             state_->options.max_dynamic_tensor_bytes, " bytes")
                    .c_str());
    return PLINTH_ERROR;
  }
  if (!t.heap.Reserve(*bytes)) {
    ReportError("out of memory for a dynamic tensor");
    return PLINTH_ERROR;
  }
  t.storage = TensorStorage::kDynamic;
  t.view.bytes = *bytes;
  t.view.data = t.heap.data();
  return PLINTH_OK;
}

PlinthStatus SubgraphExecutor::ResizeTensor(PlinthTensor* tensor, int32_t rank,
                                            const int32_t* dims) {
  TensorState* t = StateOf(tensor);
  if (t == nullptr) {
    ReportError("resize_tensor: the tensor does not belong to this node's subgraph");
    return PLINTH_ERROR;
  }
  if (t->storage == TensorStorage::kConstant) {
    ReportError(absl::StrCat("resize_tensor: tensor '", tensor->name, "' is a constant").c_str());
    return PLINTH_ERROR;
  }
  if (rank < 0 || rank > kMaxRank || (rank > 0 && dims == nullptr)) {
    ReportError(absl::StrCat("resize_tensor: bad rank ", rank).c_str());
    return PLINTH_ERROR;
  }
  for (int32_t i = 0; i < rank; ++i) {
    if (dims[i] < 0) {
      ReportError(absl::StrCat("resize_tensor: negative dimension ", dims[i], " for tensor '",
                               tensor->name, "'")
                      .c_str());
      return PLINTH_ERROR;
    }
  }
  bool dynamic = (tensor->flags & PLINTH_TENSOR_DYNAMIC) != 0;
  if (phase_ == Phase::kInvoke && !dynamic) {
    ReportError(absl::StrCat("resize_tensor during invoke on tensor '", tensor->name,
                             "', which prepare did not declare dynamic")
                    .c_str());
    return PLINTH_ERROR;
  }
  if (phase_ != Phase::kInvoke && phase_ != Phase::kPrepare) {
    ReportError("resize_tensor is only allowed in prepare and invoke");
    return PLINTH_ERROR;
  }
  if (t->storage == TensorStorage::kPersistent) {
    if (rank != tensor->rank || !std::equal(dims, dims + rank, t->dims.begin())) {
      ReportError(absl::StrCat("variable tensor '", tensor->name, "' cannot change shape").c_str());
      return PLINTH_ERROR;
    }
    return PLINTH_OK;
  }
  if (rank == tensor->rank && std::equal(dims, dims + rank, t->dims.begin()) &&
      (!dynamic || tensor->data != nullptr)) {
    return PLINTH_OK;
  }
  t->dims.assign(dims, dims + rank);
  tensor->dims = t->dims.data();
  tensor->rank = rank;
  if (dynamic) return AssignDynamicStorage(*t);
  auto bytes = TensorBytes(tensor->type, dims, rank, state_->options.max_arena_bytes);
  if (!bytes) {
    ReportError(absl::StrCat("tensor '", tensor->name, "' of shape ", ShapeText(t->dims),
                             " is larger than the arena limit")
                    .c_str());
    return PLINTH_ERROR;
  }
  tensor->bytes = *bytes;
  return PLINTH_OK;
}

PlinthStatus SubgraphExecutor::SetDynamic(PlinthTensor* tensor) {
  TensorState* t = StateOf(tensor);
  if (t == nullptr || phase_ != Phase::kPrepare || !IsOutputOfCurrent(tensor)) {
    ReportError("set_dynamic: only the current node's outputs, during prepare");
    return PLINTH_ERROR;
  }
  if (t->storage == TensorStorage::kPersistent) return PLINTH_OK;
  tensor->flags |= PLINTH_TENSOR_DYNAMIC;
  t->storage = TensorStorage::kDynamic;
  tensor->data = nullptr;
  return PLINTH_OK;
}

PlinthStatus SubgraphExecutor::RequestScratch(size_t bytes, int32_t* handle) {
  if (phase_ != Phase::kPrepare || current_ < 0 || handle == nullptr) {
    ReportError("request_scratch is only allowed in prepare");
    return PLINTH_ERROR;
  }
  if (bytes > state_->options.max_arena_bytes) {
    ReportError(
        absl::StrCat("scratch request of ", bytes, " bytes exceeds the arena limit").c_str());
    return PLINTH_ERROR;
  }
  NodeState& n = nodes_[current_];
  *handle = static_cast<int32_t>(n.scratch_sizes.size());
  n.scratch_sizes.push_back(bytes);
  return PLINTH_OK;
}

void* SubgraphExecutor::GetScratch(int32_t handle) {
  if (current_ < 0) return nullptr;
  NodeState& n = nodes_[current_];
  if (handle < 0 || static_cast<size_t>(handle) >= n.scratch_sizes.size()) return nullptr;
  if (n.deferred) return n.scratch_heap[handle].data();
  return arena_.data() + n.scratch_offsets[handle];
}

PlinthStatus SubgraphExecutor::GetOption(const PlinthNode* node, const char* name,
                                         PlinthOptionValue* value) {
  if (value == nullptr ||
      value->struct_size < offsetof(PlinthOptionValue, string) + sizeof(char*)) {
    ReportError("get_option: value struct too small");
    return PLINTH_ERROR;
  }
  if (node == nullptr || node->options == nullptr) {
    value->kind = PLINTH_OPTION_ABSENT;
    return PLINTH_OK;
  }
  ReadOption(node->options->type, node->options->table, name, value);
  return PLINTH_OK;
}

PlinthStatus SubgraphExecutor::InvokeSubgraph(int32_t subgraph, PlinthTensor* const* inputs,
                                              int32_t num_inputs, PlinthTensor* const* outputs,
                                              int32_t num_outputs) {
  auto& all = state_->subgraphs;
  if (subgraph < 0 || static_cast<size_t>(subgraph) >= all.size()) {
    ReportError(absl::StrCat("invoke_subgraph: subgraph ", subgraph,
                             " does not exist (the model has ", all.size(), ")")
                    .c_str());
    return PLINTH_ERROR;
  }
  SubgraphExecutor& callee = *all[subgraph];
  if (callee.running_) {
    ReportError(absl::StrCat("invoke_subgraph: subgraph ", subgraph,
                             " is already running: the model's subgraph calls form a cycle")
                    .c_str());
    return PLINTH_ERROR;
  }
  if (state_->call_depth >= state_->options.max_subgraph_depth) {
    ReportError(absl::StrCat("invoke_subgraph: nesting deeper than ",
                             state_->options.max_subgraph_depth, " subgraph calls")
                    .c_str());
    return PLINTH_ERROR;
  }
  if (static_cast<size_t>(num_inputs) != callee.inputs().size() ||
      static_cast<size_t>(num_outputs) != callee.outputs().size()) {
    ReportError(absl::StrCat("invoke_subgraph: subgraph ", subgraph, " takes ",
                             callee.inputs().size(), " inputs and ", callee.outputs().size(),
                             " outputs, got ", num_inputs, " and ", num_outputs)
                    .c_str());
    return PLINTH_ERROR;
  }
  for (int32_t i = 0; i < num_inputs; ++i) {
    const PlinthTensor* src = inputs[i];
    PlinthTensor* dst = callee.tensor(callee.inputs()[i]);
    if (src == nullptr || src->type != dst->type) {
      ReportError(absl::StrCat("invoke_subgraph: input ", i, " type mismatch").c_str());
      return PLINTH_ERROR;
    }
    std::vector<int32_t> dims(src->dims, src->dims + src->rank);
    if (dst->rank != src->rank || !std::equal(dims.begin(), dims.end(), dst->dims)) {
      TensorState& t = callee.tensors_[dst->index];
      t.dims = dims;
      dst->dims = t.dims.data();
      dst->rank = src->rank;
      dst->bytes = src->bytes;
      callee.prepared_ = false;
    }
  }
  ++state_->call_depth;
  absl::Status status = absl::OkStatus();
  if (!callee.prepared_) status = callee.Prepare();
  if (status.ok()) {
    for (int32_t i = 0; i < num_inputs; ++i) {
      PlinthTensor* dst = callee.tensor(callee.inputs()[i]);
      if (inputs[i]->bytes > 0 && inputs[i]->data != dst->data) {
        std::memmove(dst->data, inputs[i]->data, inputs[i]->bytes);
      }
    }
    status = callee.Invoke();
  }
  --state_->call_depth;
  if (!status.ok()) {
    ReportError(std::string(status.message()).c_str());
    return PLINTH_ERROR;
  }
  for (int32_t i = 0; i < num_outputs; ++i) {
    const PlinthTensor* src = callee.tensor(callee.outputs()[i]);
    PlinthTensor* dst = outputs[i];
    if (dst == nullptr || dst->type != src->type) {
      ReportError(absl::StrCat("invoke_subgraph: output ", i, " type mismatch").c_str());
      return PLINTH_ERROR;
    }
    if (dst->rank != src->rank || !std::equal(src->dims, src->dims + src->rank, dst->dims)) {
      if (ResizeTensor(dst, src->rank, src->dims) != PLINTH_OK) return PLINTH_ERROR;
    }
    if (src->bytes > 0 && src->data != dst->data) std::memmove(dst->data, src->data, src->bytes);
  }
  return PLINTH_OK;
}

}  // namespace plinth
