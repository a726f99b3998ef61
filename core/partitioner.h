// Splits a subgraph's nodes into delegated partitions and CPU nodes.
//
// Partitions are formed greedily over dependency order (TFLite's scheme): repeatedly take every
// ready node of one kind (delegate candidate or not), alternating kinds. Each delegated batch is
// convex (no path leaves it and comes back), so contracting it into one node keeps the graph
// acyclic; each batch is then split into weakly connected components, the partitions.
#ifndef PLINTH_CORE_PARTITIONER_H_
#define PLINTH_CORE_PARTITIONER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace plinth {

struct PartitionProblem {
  size_t num_tensors = 0;
  std::vector<std::vector<int32_t>> node_inputs;   // per node; -1 entries are ignored
  std::vector<std::vector<int32_t>> node_outputs;  // per node
  std::vector<bool> available;                     // per tensor: holds a value before any node runs
  std::vector<bool> candidate;                     // per node: the delegate can run it
  int max_partitions = 0;  // keep at most this many (largest first); 0 = no limit
  int min_nodes = 1;       // smaller partitions stay on the CPU
};

// One step of the resulting execution order: a CPU node or a delegated partition.
struct PlanStep {
  bool is_partition = false;
  int32_t index = 0;  // node index, or index into PartitionPlan::partitions
};

struct PartitionPlan {
  std::vector<std::vector<int32_t>> partitions;  // node indices, ascending
  std::vector<PlanStep> order;                   // a valid execution order of everything
};

PartitionPlan PlanPartitions(const PartitionProblem& problem);

}  // namespace plinth

#endif  // PLINTH_CORE_PARTITIONER_H_
