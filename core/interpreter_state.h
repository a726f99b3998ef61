// What all subgraph executors of one interpreter share.
#ifndef PLINTH_CORE_INTERPRETER_STATE_H_
#define PLINTH_CORE_INTERPRETER_STATE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/aligned_buffer.h"
#include "core/interpreter_options.h"
#include "core/model.h"
#include "core/op_registry.h"
#include "core/thread_pool.h"
#include "plinth/plugin.h"

namespace plinth {

class SubgraphExecutor;

// A resource variable (VAR_HANDLE): one per (container, shared_name) per interpreter.
struct ResourceVariable {
  PlinthTensor view{};
  PlinthQuantization quant{};
  std::vector<int32_t> dims;
  AlignedBuffer buffer;
  std::string name;
};

// A delegate instance created for one interpreter from its options; destroyed with it.
struct DelegateBinding {
  DelegateEntry entry;  // copy: keeps the plugin loaded
  PlinthDelegateInstance* instance = nullptr;
  DelegateBinding() = default;
  DelegateBinding(const DelegateBinding&) = delete;
  DelegateBinding& operator=(const DelegateBinding&) = delete;
  ~DelegateBinding() {
    if (instance != nullptr && entry.fns.destroy != nullptr) entry.fns.destroy(instance);
  }
};

struct InterpreterState {
  std::shared_ptr<const Model> model;
  InterpreterOptions options;
  std::unique_ptr<ThreadPool> pool;
  // Declared before the executors so that they (and the delegate kernels they own) go first.
  std::vector<std::unique_ptr<DelegateBinding>> delegates;
  std::vector<std::unique_ptr<SubgraphExecutor>> subgraphs;
  absl::flat_hash_map<std::string, std::unique_ptr<ResourceVariable>> resources;
  int call_depth = 0;
  absl::flat_hash_set<std::string> warned;

  // Sends a warning to the sink once per distinct message.
  void Warn(const std::string& message);
};

}  // namespace plinth

#endif  // PLINTH_CORE_INTERPRETER_STATE_H_
