// Per-model data that kernels derive from constants (packed weights, lookup tables), made once and
// shared by every interpreter of the model. Thread-safe.
#ifndef PLINTH_CORE_MODEL_SHARED_CACHE_H_
#define PLINTH_CORE_MODEL_SHARED_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace plinth {

class ModelSharedCache {
 public:
  using CreateFn = void* (*)(void* arg, size_t* bytes);
  using DestroyFn = void (*)(void* data);

  ModelSharedCache() = default;
  ~ModelSharedCache();
  ModelSharedCache(const ModelSharedCache&) = delete;
  ModelSharedCache& operator=(const ModelSharedCache&) = delete;

  // Returns the entry for (subgraph, node, key), creating it with `create` on first use. The
  // entry keeps `owner` (the plugin that made it) alive until the cache is destroyed. Null when
  // create fails.
  void* GetOrCreate(int32_t subgraph, int32_t node, uint32_t key, CreateFn create, void* arg,
                    DestroyFn destroy, std::shared_ptr<const void> owner);
  // Total bytes the entries reported.
  size_t total_bytes() const;

 private:
  struct Entry {
    void* data = nullptr;
    size_t bytes = 0;
    DestroyFn destroy = nullptr;
    std::shared_ptr<const void> owner;
  };
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::tuple<int32_t, int32_t, uint32_t>, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace plinth

#endif  // PLINTH_CORE_MODEL_SHARED_CACHE_H_
