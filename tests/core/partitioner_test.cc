// The partitioner on random graphs: every node placed once, partitions convex and connected, the
// order a valid execution order, and the size limits respected.
#include <functional>
#include <random>
#include <set>

#include "core/partitioner.h"
#include "gtest/gtest.h"

namespace plinth {
namespace {

// A random DAG: node k reads 1-3 tensors written by earlier nodes or the graph input (tensor 0).
PartitionProblem RandomProblem(std::mt19937& rng, int nodes) {
  PartitionProblem p;
  p.num_tensors = static_cast<size_t>(nodes) + 1;
  p.available.assign(p.num_tensors, false);
  p.available[0] = true;
  for (int k = 0; k < nodes; ++k) {
    std::vector<int32_t> in;
    int reads = 1 + static_cast<int>(rng() % 3);
    for (int r = 0; r < reads; ++r) in.push_back(static_cast<int32_t>(rng() % (k + 1)));
    p.node_inputs.push_back(in);
    p.node_outputs.push_back({k + 1});
    p.candidate.push_back(rng() % 3 != 0);
  }
  return p;
}

void ExpectValid(const PartitionProblem& p, const PartitionPlan& plan) {
  const size_t n = p.node_inputs.size();
  std::vector<int> unit(n, -1);  // partition index or -1
  std::vector<int> seen(n, 0);
  for (size_t i = 0; i < plan.partitions.size(); ++i) {
    EXPECT_GE(static_cast<int>(plan.partitions[i].size()), std::max(1, p.min_nodes));
    for (int32_t k : plan.partitions[i]) {
      EXPECT_TRUE(p.candidate[k]);
      unit[k] = static_cast<int>(i);
    }
  }
  if (p.max_partitions > 0) {
    EXPECT_LE(static_cast<int>(plan.partitions.size()), p.max_partitions);
  }
  // Execution order: every input written before it is read.
  std::vector<bool> available = p.available;
  auto run = [&](int32_t k) {
    ++seen[k];
    for (int32_t t : p.node_inputs[k]) EXPECT_TRUE(available[t]) << "node " << k << " reads early";
  };
  for (const PlanStep& step : plan.order) {
    if (!step.is_partition) {
      EXPECT_EQ(unit[step.index], -1);
      run(step.index);
      for (int32_t t : p.node_outputs[step.index]) available[t] = true;
      continue;
    }
    // A partition runs as one step: it may only read tensors available before it or written inside.
    std::set<int32_t> inside_writes;
    for (int32_t k : plan.partitions[step.index]) {
      for (int32_t t : p.node_outputs[k]) inside_writes.insert(t);
    }
    for (int32_t k : plan.partitions[step.index]) {
      ++seen[k];
      for (int32_t t : p.node_inputs[k]) {
        EXPECT_TRUE(available[t] || inside_writes.count(t)) << "partition reads a later tensor";
      }
    }
    for (int32_t t : inside_writes) available[t] = true;
  }
  for (size_t k = 0; k < n; ++k) EXPECT_EQ(seen[k], 1) << "node " << k;
  // Connected: within a partition, union-find over shared tensors leaves one component.
  for (const auto& nodes : plan.partitions) {
    std::set<int32_t> reached = {nodes[0]};
    bool grew = true;
    while (grew) {
      grew = false;
      for (int32_t a : nodes) {
        if (reached.count(a)) continue;
        for (int32_t b : reached) {
          bool linked = false;
          for (int32_t t : p.node_inputs[a]) linked |= p.node_outputs[b][0] == t;
          for (int32_t t : p.node_inputs[b]) linked |= p.node_outputs[a][0] == t;
          if (linked) {
            reached.insert(a);
            grew = true;
            break;
          }
        }
      }
    }
    EXPECT_EQ(reached.size(), nodes.size()) << "partition not connected";
  }
}

TEST(Partitioner, RandomGraphsGiveValidPlans) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 300; ++trial) {
    PartitionProblem p = RandomProblem(rng, 1 + static_cast<int>(rng() % 30));
    p.max_partitions = trial % 3 == 0 ? 2 : 0;
    p.min_nodes = trial % 4 == 0 ? 3 : 1;
    ExpectValid(p, PlanPartitions(p));
  }
}

TEST(Partitioner, AvoidsCyclesThroughCpuNodes) {
  // 0:d writes t1; 1:cpu reads t1 writes t2; 2:d reads t1,t2 writes t3. Putting 0 and 2 in one
  // partition would need node 1 both after and before it.
  PartitionProblem p;
  p.num_tensors = 4;
  p.available = {true, false, false, false};
  p.node_inputs = {{0}, {1}, {1, 2}};
  p.node_outputs = {{1}, {2}, {3}};
  p.candidate = {true, false, true};
  PartitionPlan plan = PlanPartitions(p);
  ASSERT_EQ(plan.partitions.size(), 2u);
  ExpectValid(p, plan);
}

TEST(Partitioner, IndependentBranchesBecomeSeparatePartitions) {
  PartitionProblem p;
  p.num_tensors = 3;
  p.available = {true, false, false};
  p.node_inputs = {{0}, {0}};
  p.node_outputs = {{1}, {2}};
  p.candidate = {true, true};
  PartitionPlan plan = PlanPartitions(p);
  EXPECT_EQ(plan.partitions.size(), 2u);
  p.max_partitions = 1;
  EXPECT_EQ(PlanPartitions(p).partitions.size(), 1u);
  p.max_partitions = 0;
  p.min_nodes = 2;
  EXPECT_EQ(PlanPartitions(p).partitions.size(), 0u);
}

}  // namespace
}  // namespace plinth
