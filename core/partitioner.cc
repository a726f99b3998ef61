#include "core/partitioner.h"

#include <algorithm>
#include <numeric>

namespace plinth {
namespace {

// Weakly connected components of `nodes` (edges: a tensor one writes and another reads).
std::vector<std::vector<int32_t>> Components(const PartitionProblem& p,
                                             const std::vector<int32_t>& nodes) {
  std::vector<int32_t> parent(nodes.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<int32_t> writer(p.num_tensors, -1);  // position in `nodes` of each tensor's writer
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (int32_t t : p.node_outputs[nodes[i]]) {
      if (t >= 0) writer[t] = static_cast<int32_t>(i);
    }
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (int32_t t : p.node_inputs[nodes[i]]) {
      if (t >= 0 && writer[t] >= 0) parent[find(static_cast<int32_t>(i))] = find(writer[t]);
    }
  }
  std::vector<std::vector<int32_t>> out;
  std::vector<int32_t> slot(nodes.size(), -1);
  for (size_t i = 0; i < nodes.size(); ++i) {
    int32_t root = find(static_cast<int32_t>(i));
    if (slot[root] < 0) {
      slot[root] = static_cast<int32_t>(out.size());
      out.emplace_back();
    }
    out[slot[root]].push_back(nodes[i]);
  }
  return out;
}

}  // namespace

PartitionPlan PlanPartitions(const PartitionProblem& p) {
  const size_t n = p.node_inputs.size();
  std::vector<bool> available = p.available;
  available.resize(p.num_tensors, false);
  std::vector<bool> done(n, false);
  size_t remaining = n;
  // Batches in order: (is_delegated, nodes).
  std::vector<std::pair<bool, std::vector<int32_t>>> batches;
  bool kind = n > 0 && p.candidate[0];
  int idle_rounds = 0;
  while (remaining > 0 && idle_rounds < 2) {
    std::vector<int32_t> batch;
    bool progress = true;
    while (progress) {  // sweep until no node of this kind becomes ready
      progress = false;
      for (size_t k = 0; k < n; ++k) {
        if (done[k] || p.candidate[k] != kind) continue;
        bool ready = std::all_of(p.node_inputs[k].begin(), p.node_inputs[k].end(),
                                 [&](int32_t t) { return t < 0 || available[t]; });
        if (!ready) continue;
        done[k] = true;
        --remaining;
        batch.push_back(static_cast<int32_t>(k));
        for (int32_t t : p.node_outputs[k]) {
          if (t >= 0) available[t] = true;
        }
        progress = true;
      }
    }
    idle_rounds = batch.empty() ? idle_rounds + 1 : 0;
    if (!batch.empty()) {
      std::sort(batch.begin(), batch.end());
      batches.emplace_back(kind, std::move(batch));
    }
    kind = !kind;
  }
  // Nodes never ready (inputs nobody writes; the loader rejects such graphs) run last, in order.
  if (remaining > 0) {
    std::vector<int32_t> rest;
    for (size_t k = 0; k < n; ++k) {
      if (!done[k]) rest.push_back(static_cast<int32_t>(k));
    }
    batches.emplace_back(false, std::move(rest));
  }

  // Candidate partitions, then the size filters.
  std::vector<std::vector<int32_t>> candidates;
  std::vector<std::pair<size_t, size_t>> where;  // (batch, component) of each candidate
  std::vector<std::vector<std::vector<int32_t>>> components(batches.size());
  for (size_t b = 0; b < batches.size(); ++b) {
    if (!batches[b].first) continue;
    components[b] = Components(p, batches[b].second);
    for (size_t c = 0; c < components[b].size(); ++c) {
      candidates.push_back(components[b][c]);
      where.emplace_back(b, c);
    }
  }
  std::vector<size_t> by_size(candidates.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [&](size_t a, size_t b) { return candidates[a].size() > candidates[b].size(); });
  std::vector<bool> keep(candidates.size(), false);
  int kept = 0;
  for (size_t i : by_size) {
    if (static_cast<int>(candidates[i].size()) < std::max(1, p.min_nodes)) continue;
    if (p.max_partitions > 0 && kept >= p.max_partitions) continue;
    keep[i] = true;
    ++kept;
  }

  PartitionPlan plan;
  size_t candidate = 0;
  for (size_t b = 0; b < batches.size(); ++b) {
    if (!batches[b].first) {
      for (int32_t k : batches[b].second) plan.order.push_back({false, k});
      continue;
    }
    for (size_t c = 0; c < components[b].size(); ++c, ++candidate) {
      if (keep[candidate]) {
        plan.order.push_back({true, static_cast<int32_t>(plan.partitions.size())});
        plan.partitions.push_back(candidates[candidate]);
      } else {
        for (int32_t k : candidates[candidate]) plan.order.push_back({false, k});
      }
    }
  }
  return plan;
}

}  // namespace plinth
