#include "core/interpreter.h"

#include <cstring>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/interpreter_state.h"
#include "core/subgraph_executor.h"

namespace plinth {

std::string PlacementReport::Summary() const {
  std::vector<std::string> parts;
  // Delegates first, in the order they were applied.
  std::vector<std::pair<std::string, std::pair<int, int>>>
      delegated;  // name -> (nodes, partitions)
  for (const Partition& p : partitions) {
    auto it = std::find_if(delegated.begin(), delegated.end(),
                           [&](const auto& d) { return d.first == p.delegate; });
    if (it == delegated.end()) {
      delegated.push_back({p.delegate, {0, 0}});
      it = delegated.end() - 1;
    }
    it->second.first += static_cast<int>(p.nodes.size());
    it->second.second += 1;
  }
  for (const auto& [name, counts] : delegated) {
    parts.push_back(absl::StrCat(name, ": ", counts.first, counts.first == 1 ? " node" : " nodes",
                                 " in ", counts.second,
                                 counts.second == 1 ? " partition" : " partitions"));
  }
  struct CpuCount {
    std::string runner;
    int nodes = 0, fused = 0;
  };
  std::vector<CpuCount> cpu;
  for (const Node& n : nodes) {
    if (n.partition >= 0) continue;
    auto it =
        std::find_if(cpu.begin(), cpu.end(), [&](const auto& c) { return c.runner == n.runner; });
    if (it == cpu.end()) it = cpu.insert(cpu.end(), CpuCount{n.runner});
    ++it->nodes;
    if (n.fused_into >= 0) ++it->fused;
  }
  for (const CpuCount& c : cpu) {
    parts.push_back(absl::StrCat(
        "cpu (", c.runner, "): ", c.nodes, c.nodes == 1 ? " node" : " nodes",
        c.fused == 0 ? "" : absl::StrCat(" (", c.fused, " fused into their readers)")));
  }
  return parts.empty() ? std::string("no nodes") : absl::StrJoin(parts, "; ");
}

absl::StatusOr<std::unique_ptr<Interpreter>> Interpreter::Create(
    std::shared_ptr<const Model> model, std::shared_ptr<const OpRegistry> registry,
    const InterpreterOptions& options) {
  if (model == nullptr || registry == nullptr) {
    return absl::InvalidArgumentError("Interpreter::Create needs a model and a registry");
  }
  std::unique_ptr<Interpreter> interp(new Interpreter());
  interp->registry_ = std::move(registry);
  interp->state_ = std::make_unique<InterpreterState>();
  InterpreterState& state = *interp->state_;
  state.model = std::move(model);
  state.options = options;
  state.pool = std::make_unique<ThreadPool>(options.num_threads);
  for (const std::string& w : state.model->warnings()) {
    state.Warn(absl::StrCat(state.model->name(), ": ", w));
  }
  const size_t n = state.model->graph().subgraphs.size();
  for (size_t i = 0; i < n; ++i) {
    state.subgraphs.push_back(std::make_unique<SubgraphExecutor>(&state, static_cast<int32_t>(i)));
    state.subgraphs.back()->ResolveKernels(*interp->registry_);
  }
  if (auto s = interp->ApplyDelegates(); !s.ok()) return s;
  for (auto& s : state.subgraphs) {
    if (auto st = s->InitKernels(*interp->registry_); !st.ok()) return st;
    s->AbsorbProducers();
  }
  return interp;
}

absl::Status Interpreter::ApplyDelegates() {
  InterpreterState& state = *state_;
  SubgraphExecutor& main = *state.subgraphs[0];
  for (const DelegateRequest& request : state.options.delegates) {
    auto unavailable = [&](const std::string& why) -> absl::Status {
      std::string message = absl::StrCat("delegate '", request.name, "' is unavailable: ", why);
      if (!state.options.delegate_fallback) {
        return absl::FailedPreconditionError(absl::StrCat(message, " (CPU fallback is disabled)"));
      }
      state.Warn(absl::StrCat(message, "; running on the CPU"));
      return absl::OkStatus();
    };
    const DelegateEntry* entry = registry_->FindDelegate(request.name);
    if (entry == nullptr) {
      std::vector<std::string> known;
      for (const DelegateEntry* d : registry_->delegates()) known.push_back(d->name);
      if (auto s = unavailable(
              absl::StrCat("no loaded plugin registers it (delegates loaded: ",
                           known.empty() ? std::string("none") : absl::StrJoin(known, ", "), ")"));
          !s.ok()) {
        return s;
      }
      continue;
    }
    auto binding = std::make_unique<DelegateBinding>();
    binding->entry = *entry;
    std::vector<const char*> keys, values;
    for (const auto& [key, value] : request.options) {
      keys.push_back(key.c_str());
      values.push_back(value.c_str());
    }
    main.TakeError();
    PlinthStatus status = entry->fns.create(main.context(), keys.data(), values.data(),
                                            static_cast<int32_t>(keys.size()), &binding->instance);
    std::string why = main.TakeError();
    if (status != PLINTH_OK || binding->instance == nullptr) {
      binding->instance = nullptr;
      if (why.empty()) why = status == PLINTH_UNSUPPORTED ? "not available here" : "create failed";
      if (auto s = unavailable(why); !s.ok()) return s;
      continue;
    }
    state.delegates.push_back(std::move(binding));
    if (auto s = main.ApplyDelegate(state.delegates.back().get()); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<Interpreter::StepTime> Interpreter::profile() const {
  std::vector<StepTime> out;
  const SubgraphExecutor& main = *state_->subgraphs[0];
  const auto& nanos = main.step_nanos();
  for (size_t s = 0; s < main.plan().size() && s < nanos.size(); ++s) {
    const PlanStep& step = main.plan()[s];
    StepTime t;
    t.nanos = nanos[s];
    if (step.is_partition) {
      const DelegatedPartition& p = main.partitions()[step.index];
      t.nodes = p.nodes;
      t.runner = absl::StrCat("delegate:", p.delegate->entry.name);
      t.op_name = "DELEGATE";
    } else {
      t.nodes = {step.index};
      t.runner = main.placement(step.index).runner;
      t.op_name = main.placement(step.index).op_name;
    }
    out.push_back(std::move(t));
  }
  return out;
}

PlacementReport Interpreter::placement() const {
  PlacementReport report;
  const SubgraphExecutor& main = *state_->subgraphs[0];
  std::vector<int32_t> partition_of(main.num_nodes(), -1);
  for (const PlanStep& step : main.plan()) {
    if (!step.is_partition) continue;
    const DelegatedPartition& p = main.partitions()[step.index];
    for (int32_t k : p.nodes) partition_of[k] = static_cast<int32_t>(report.partitions.size());
    report.partitions.push_back({p.delegate->entry.name, p.nodes, p.inputs, p.outputs});
  }
  for (size_t k = 0; k < main.num_nodes(); ++k) {
    const NodePlacement& np = main.placement(k);
    report.nodes.push_back({static_cast<int32_t>(k), np.op_name, np.version, np.runner, np.reason,
                            partition_of[k], np.fused_into});
  }
  return report;
}

Interpreter::~Interpreter() {
  // Executors free kernel state through plugins the registry may no longer hold: tear them down
  // first, while the executors' kernel copies keep those plugins loaded.
  if (state_) state_->subgraphs.clear();
}

absl::Status Interpreter::AllocateTensors() {
  allocated_ = false;
  if (auto s = state_->subgraphs[0]->Prepare(); !s.ok()) return s;
  allocated_ = true;
  return absl::OkStatus();
}

absl::Status Interpreter::Invoke() {
  SubgraphExecutor& main = *state_->subgraphs[0];
  if (!allocated_ || !main.prepared()) {
    return absl::FailedPreconditionError(
        "Invoke before AllocateTensors: call AllocateTensors() first (and again after "
        "ResizeInput)");
  }
  return main.Invoke();
}

size_t Interpreter::num_inputs() const { return state_->subgraphs[0]->inputs().size(); }
size_t Interpreter::num_outputs() const { return state_->subgraphs[0]->outputs().size(); }

Tensor Interpreter::input(size_t i) const {
  SubgraphExecutor& main = *state_->subgraphs[0];
  if (i >= main.inputs().size()) return Tensor();
  return Tensor(main.tensor(main.inputs()[i]));
}

Tensor Interpreter::output(size_t i) const {
  SubgraphExecutor& main = *state_->subgraphs[0];
  if (i >= main.outputs().size()) return Tensor();
  return Tensor(main.tensor(main.outputs()[i]));
}

size_t Interpreter::num_tensors() const { return state_->subgraphs[0]->num_tensors(); }

Tensor Interpreter::tensor(size_t index) const {
  SubgraphExecutor& main = *state_->subgraphs[0];
  if (index >= main.num_tensors()) return Tensor();
  return Tensor(main.tensor(static_cast<int32_t>(index)));
}

namespace {

absl::StatusOr<size_t> FindByName(const SubgraphExecutor& main, const Graph& graph,
                                  const std::vector<int32_t>& list, const std::string& name,
                                  bool outputs) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (main.def().tensors[list[i]].name == name) return i;
  }
  for (const SignatureDef& sig : graph.signatures) {
    if (sig.subgraph_index != 0) continue;
    for (const auto& [alias, tensor] : outputs ? sig.outputs : sig.inputs) {
      if (alias != name) continue;
      for (size_t i = 0; i < list.size(); ++i) {
        if (list[i] == tensor) return i;
      }
    }
  }
  std::vector<std::string> names;
  for (int32_t t : list) names.push_back(absl::StrCat("'", main.def().tensors[t].name, "'"));
  return absl::NotFoundError(
      absl::StrCat("the model has no ", outputs ? "output" : "input", " named '", name, "'; its ",
                   outputs ? "outputs" : "inputs", " are ", absl::StrJoin(names, ", ")));
}

}  // namespace

absl::StatusOr<size_t> Interpreter::FindInput(const std::string& name) const {
  const SubgraphExecutor& main = *state_->subgraphs[0];
  return FindByName(main, state_->model->graph(), main.inputs(), name, false);
}

absl::StatusOr<size_t> Interpreter::FindOutput(const std::string& name) const {
  const SubgraphExecutor& main = *state_->subgraphs[0];
  return FindByName(main, state_->model->graph(), main.outputs(), name, true);
}

absl::Status Interpreter::SetInput(size_t i, absl::Span<const uint8_t> bytes) {
  if (i >= num_inputs()) {
    return absl::OutOfRangeError(
        absl::StrCat("input ", i, " does not exist (the model has ", num_inputs(), " inputs)"));
  }
  if (!allocated_) {
    return absl::FailedPreconditionError("SetInput before AllocateTensors");
  }
  Tensor t = input(i);
  if (bytes.size() != t.bytes()) {
    size_t elem = TypeSize(t.type());
    return absl::InvalidArgumentError(absl::StrCat(
        "input ", i, " ('", t.name(), "') is ", TypeName(t.type()), " ", ShapeString(t), " = ",
        t.bytes(), " bytes, but ", bytes.size(), " bytes were given",
        elem && bytes.size() % elem == 0
            ? absl::StrCat(" (", bytes.size() / elem, " elements instead of ", t.num_elements(),
                           ")")
            : std::string()));
  }
  if (!bytes.empty()) std::memcpy(t.raw_data(), bytes.data(), bytes.size());
  return absl::OkStatus();
}

absl::Status Interpreter::ResizeInput(size_t i, const std::vector<int32_t>& dims) {
  if (i >= num_inputs()) {
    return absl::OutOfRangeError(
        absl::StrCat("input ", i, " does not exist (the model has ", num_inputs(), " inputs)"));
  }
  SubgraphExecutor& main = *state_->subgraphs[0];
  if (auto s = main.ResizeInput(main.inputs()[i], dims); !s.ok()) return s;
  if (!main.prepared()) allocated_ = false;
  return absl::OkStatus();
}

void Interpreter::ResetVariables() {
  for (auto& s : state_->subgraphs) s->ResetVariables();
}

size_t Interpreter::arena_bytes() const { return state_->subgraphs[0]->arena_bytes(); }
size_t Interpreter::arena_lower_bound() const { return state_->subgraphs[0]->arena_lower_bound(); }
size_t Interpreter::model_shared_bytes() const {
  return state_->model->shared_cache().total_bytes();
}
const Model& Interpreter::model() const { return *state_->model; }
int Interpreter::num_threads() const { return state_->pool->num_threads(); }

}  // namespace plinth
