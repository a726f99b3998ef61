// Producer absorption: a kernel may take over the node that feeds one of its inputs when nothing
// else reads that node's output (a convolution doing an explicit PAD as its own padding). The
// core only rewires tensors and drops the absorbed node from the plan; which producers a kernel
// can absorb is the plugin's knowledge (PlinthOpRegistration.absorb_producer).
#include <algorithm>
#include <vector>

#include "core/interpreter_state.h"
#include "core/subgraph_executor.h"

namespace plinth {

void SubgraphExecutor::AbsorbProducers() {
  if (!state_->options.fuse_producers) return;
  // `plinth run --compare` and debugging read every intermediate tensor of the main subgraph.
  if (state_->options.preserve_all_tensors && index_ == 0) return;

  // Readers of each tensor over the whole subgraph (delegated nodes too), and the CPU node that
  // writes it.
  std::vector<int32_t> readers(tensors_.size(), 0), writer(tensors_.size(), -1);
  for (const NodeDef& d : def_->nodes) {
    for (int32_t i : d.inputs) {
      if (i >= 0) ++readers[i];
    }
  }
  for (const PlanStep& step : plan_) {
    if (step.is_partition) continue;
    for (int32_t o : def_->nodes[step.index].outputs) {
      if (o >= 0) writer[o] = step.index;
    }
  }

  constexpr uint32_t kVisible =
      PLINTH_TENSOR_INPUT | PLINTH_TENSOR_OUTPUT | PLINTH_TENSOR_VARIABLE | PLINTH_TENSOR_CONSTANT;
  std::vector<bool> absorbed(nodes_.size(), false), absorber(nodes_.size(), false);
  phase_ = Phase::kInit;
  for (const PlanStep& step : plan_) {
    if (step.is_partition) continue;
    NodeState& n = nodes_[step.index];
    // (No absorbed node comes by here: the plan is in dependency order, so a producer is visited
    // before the reader that absorbs it.)
    if (!n.initialized || n.kernel.fns.absorb_producer == nullptr) continue;
    for (size_t i = 0; i < n.inputs.size(); ++i) {
      const PlinthTensor* t = n.inputs[i];
      if (t == nullptr || (t->flags & kVisible) != 0 || readers[t->index] != 1) continue;
      const int32_t p = writer[t->index];
      // A producer that absorbed a node itself would take that node's work away with it.
      if (p < 0 || absorbed[p] || absorber[p]) continue;
      NodeState& producer = nodes_[p];
      if (producer.outputs.size() != 1 || producer.inputs.empty() ||
          producer.inputs[0] == nullptr) {
        continue;
      }
      current_ = step.index;
      error_.clear();
      if (n.kernel.fns.absorb_producer(&context_, &n.view, static_cast<int32_t>(i),
                                       &producer.view) != PLINTH_OK) {
        continue;  // declining is normal; a message it reported is not an error of the model
      }
      n.inputs[i] = producer.inputs[0];
      absorbed[p] = true;
      absorber[step.index] = true;
      producer.placement.fused_into = step.index;
      producer.placement.runner = n.placement.runner;
    }
  }
  phase_ = Phase::kIdle;
  current_ = -1;
  error_.clear();
  plan_.erase(
      std::remove_if(plan_.begin(), plan_.end(),
                     [&](const PlanStep& s) { return !s.is_partition && absorbed[s.index]; }),
      plan_.end());
}

}  // namespace plinth
