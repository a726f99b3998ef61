// Settings of one interpreter.
#ifndef PLINTH_CORE_INTERPRETER_OPTIONS_H_
#define PLINTH_CORE_INTERPRETER_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plinth {

// A delegate to apply, by registered name, with `key=value` options.
struct DelegateRequest {
  std::string name;
  std::vector<std::pair<std::string, std::string>> options;
};

struct InterpreterOptions {
  // Worker threads for kernels (1 = run on the calling thread).
  int num_threads = 1;
  // Refuse plans whose arena (per subgraph) would exceed this many bytes.
  uint64_t max_arena_bytes = uint64_t{8} << 30;
  // Refuse dynamic tensors larger than this.
  uint64_t max_dynamic_tensor_bytes = uint64_t{4} << 30;
  // Nesting limit for control flow (IF/WHILE/CALL_ONCE calling subgraphs).
  int max_subgraph_depth = 32;
  // Delegates to apply, in order; each sees only what the previous ones left.
  std::vector<DelegateRequest> delegates;
  // When a delegate is unavailable or fails, run on the CPU with a warning (true) or fail.
  bool delegate_fallback = true;
  // Delegate partitioning limits: at most this many partitions per delegate (0 = no limit), and
  // partitions with fewer nodes stay on the CPU.
  int max_delegated_partitions = 0;
  int min_nodes_per_partition = 1;
  // Let kernels absorb the nodes that feed only them (e.g. a convolution doing an explicit PAD
  // itself). Off: every node runs as its own step. preserve_all_tensors turns it off too.
  bool fuse_producers = true;
  // Keep every tensor of the main subgraph readable after Invoke (no arena reuse): for debugging
  // and `plinth run --compare`; uses more memory.
  bool preserve_all_tensors = false;
  // Time every step of the main subgraph during Invoke (see Interpreter::profile()).
  bool enable_profiling = false;
  // Receives warnings (already de-duplicated); default: stderr.
  std::function<void(const std::string&)> warning_sink;
};

}  // namespace plinth

#endif  // PLINTH_CORE_INTERPRETER_OPTIONS_H_
