#include "core/model_shared_cache.h"

namespace plinth {

ModelSharedCache::~ModelSharedCache() {
  for (auto& [key, entry] : entries_) {
    if (entry.destroy && entry.data) entry.destroy(entry.data);
  }
}

void* ModelSharedCache::GetOrCreate(int32_t subgraph, int32_t node, uint32_t key, CreateFn create,
                                    void* arg, DestroyFn destroy,
                                    std::shared_ptr<const void> owner) {
  // One lock for creation too: packing runs once per model at prepare, so contention is moot and
  // a second interpreter simply waits for the first one's result.
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(std::make_tuple(subgraph, node, key));
  if (it != entries_.end()) return it->second.data;
  Entry entry;
  entry.data = create(arg, &entry.bytes);
  if (entry.data == nullptr) return nullptr;
  entry.destroy = destroy;
  entry.owner = std::move(owner);
  void* data = entry.data;
  entries_.emplace(std::make_tuple(subgraph, node, key), std::move(entry));
  return data;
}

size_t ModelSharedCache::total_bytes() const {
  absl::MutexLock lock(&mu_);
  size_t total = 0;
  for (const auto& [key, entry] : entries_) total += entry.bytes;
  return total;
}

}  // namespace plinth
