// libFuzzer: the delegate partitioner on graphs decoded from the fuzz input. Checks the plan's
// invariants (every node once, a valid execution order, partitions of candidates only, limits)
// and aborts on a violation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>

#include "core/partitioner.h"
#include "tests/fuzz/fuzz_targets.h"

namespace plinth::fuzz {
namespace {

struct Reader {
  const uint8_t* data;
  size_t size;
  size_t pos = 0;
  uint8_t Next() { return pos < size ? data[pos++] : 0; }
};

}  // namespace

int FuzzPartitioner(const uint8_t* data, size_t size) {
  Reader r{data, size};
  PartitionProblem p;
  const int nodes = r.Next() % 64;
  const int inputs = 1 + r.Next() % 4;
  p.num_tensors = static_cast<size_t>(inputs + nodes);
  p.available.assign(p.num_tensors, false);
  for (int i = 0; i < inputs; ++i) p.available[i] = true;
  p.max_partitions = r.Next() % 4;
  p.min_nodes = r.Next() % 4;
  for (int k = 0; k < nodes; ++k) {
    std::vector<int32_t> in;
    const int reads = 1 + r.Next() % 3;
    for (int j = 0; j < reads; ++j) in.push_back(static_cast<int32_t>(r.Next() % (inputs + k)));
    p.node_inputs.push_back(in);
    p.node_outputs.push_back({inputs + k});
    p.candidate.push_back((r.Next() & 1) != 0);
  }
  PartitionPlan plan = PlanPartitions(p);
  std::vector<int> seen(static_cast<size_t>(nodes), 0);
  std::vector<bool> available = p.available;
  if (p.max_partitions > 0 && static_cast<int>(plan.partitions.size()) > p.max_partitions)
    std::abort();
  for (const PlanStep& step : plan.order) {
    std::vector<int32_t> members =
        step.is_partition ? plan.partitions.at(step.index) : std::vector<int32_t>{step.index};
    if (step.is_partition && static_cast<int>(members.size()) < std::max(1, p.min_nodes))
      std::abort();
    std::set<int32_t> inside;
    for (int32_t k : members) inside.insert(p.node_outputs[k][0]);
    for (int32_t k : members) {
      if (step.is_partition && !p.candidate[k]) std::abort();
      ++seen[k];
      for (int32_t t : p.node_inputs[k]) {
        if (!available[t] && !(step.is_partition && inside.count(t))) std::abort();
      }
    }
    for (int32_t t : inside) available[t] = true;
  }
  for (int s : seen) {
    if (s != 1) std::abort();
  }
  return 0;
}

}  // namespace plinth::fuzz
