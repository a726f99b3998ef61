#include "builtin_ops/control_flow/resource_handles.h"

#include <cstddef>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace plinth::builtin::resource {
namespace {

struct Registry {
  std::mutex mutex;
  std::deque<std::pair<std::string, std::string>> keys;  // deque: references stay valid
  std::unordered_map<const PlinthTensor*, int32_t> bound;
};

// Function-local static: the plugin has no static initializers, and the registry is destroyed
// when the plugin is unloaded (a leaked one would leak on every dlopen/dlclose cycle).
Registry& Get() {
  static Registry registry;
  return registry;
}

}  // namespace

int32_t Intern(const std::string& container, const std::string& shared_name) {
  Registry& r = Get();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (size_t i = 0; i < r.keys.size(); ++i) {
    if (r.keys[i].first == container && r.keys[i].second == shared_name) {
      return static_cast<int32_t>(i);
    }
  }
  r.keys.emplace_back(container, shared_name);
  return static_cast<int32_t>(r.keys.size() - 1);
}

void Bind(const PlinthTensor* handle, int32_t id) {
  if (handle == nullptr) return;
  Registry& r = Get();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.bound[handle] = id;
}

void Reserve(const PlinthTensor* handle) {
  if (handle == nullptr) return;
  Registry& r = Get();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.bound.emplace(handle, -1);
}

void Store(PlinthTensor* handle, int32_t id) {
  if (id >= 0 && handle != nullptr && handle->bytes >= sizeof(int32_t) && handle->data != nullptr &&
      (handle->flags & PLINTH_TENSOR_CONSTANT) == 0) {
    std::memcpy(handle->data, &id, sizeof(id));
  }
}

void Unbind(const PlinthTensor* handle) {
  Registry& r = Get();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.bound.erase(handle);
}

int32_t Lookup(const PlinthTensor* handle) {
  if (handle == nullptr) return -1;
  Registry& r = Get();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.bound.find(handle);
  if (it != r.bound.end() && it->second >= 0) return it->second;
  if (handle->bytes >= sizeof(int32_t) && handle->data != nullptr) {
    int32_t id;
    std::memcpy(&id, handle->data, sizeof(id));
    if (id >= 0 && static_cast<size_t>(id) < r.keys.size()) return id;
  }
  return -1;
}

PlinthTensor* Variable(PlinthContext* ctx, int32_t id) {
  Registry& r = Get();
  const std::pair<std::string, std::string>* key = nullptr;
  {
    std::lock_guard<std::mutex> lock(r.mutex);
    if (id < 0 || static_cast<size_t>(id) >= r.keys.size()) return nullptr;
    key = &r.keys[static_cast<size_t>(id)];
  }
  return ctx->resource_variable(ctx, key->first.c_str(), key->second.c_str());
}

bool CoreHasResources(const PlinthContext* ctx) {
  return ctx->struct_size >= offsetof(PlinthContext, resize_resource_variable) + sizeof(void*) &&
         ctx->resource_variable != nullptr && ctx->resize_resource_variable != nullptr &&
         ctx->invoke_subgraph != nullptr && ctx->subgraph_tensor != nullptr &&
         ctx->subgraph_io_count != nullptr;
}

}  // namespace plinth::builtin::resource
