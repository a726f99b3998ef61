// Which kernels and delegates are available, keyed by (builtin code | custom name, op version).
// Filled only by plugins (plugin_loader.h); the core itself knows no operator.
#ifndef PLINTH_CORE_OP_REGISTRY_H_
#define PLINTH_CORE_OP_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "plinth/plugin.h"

namespace plinth {

// A loaded plugin library. Closing happens when the last registration, kernel or cache entry made
// from it is gone, so unloading is always safe.
struct LoadedPlugin {
  std::string path;
  std::string name;
  std::string version;
  std::string build_id;
  uint16_t abi_major = 0;
  uint16_t abi_minor = 0;
  void* handle = nullptr;  // dlopen handle; null for plugins linked statically
  ~LoadedPlugin();
};

struct OpKernel {
  bool is_custom = false;
  int32_t builtin_code = 0;
  std::string op_name;  // builtin name or custom name
  int32_t min_version = 1;
  int32_t max_version = 1;
  std::vector<PlinthType> types;
  PlinthOpRegistration fns{};  // copied; name pointers are cleared (use op_name)
  std::shared_ptr<const LoadedPlugin> plugin;
};

struct DelegateEntry {
  std::string name;
  std::string description;
  PlinthDelegateRegistration fns{};  // copied; string pointers cleared
  std::shared_ptr<const LoadedPlugin> plugin;
};

// Registrations from all loaded plugins. Policy when several plugins offer the same op version:
// the plugin loaded first serves it; later offers stay listed as shadowed alternatives. One plugin
// offering the same op twice with overlapping versions is refused at load.
class OpRegistry {
 public:
  OpRegistry() = default;
  OpRegistry(const OpRegistry&) = delete;
  OpRegistry& operator=(const OpRegistry&) = delete;

  // Adds all registrations of one plugin atomically. Fails (adding nothing) when the plugin offers
  // an op twice with overlapping versions, or when a plugin of the same name is already loaded.
  absl::Status AddPlugin(std::shared_ptr<const LoadedPlugin> plugin, std::vector<OpKernel> ops,
                         std::vector<DelegateEntry> delegates);
  // Removes a plugin's registrations; the library is closed once nothing made from it lives.
  absl::Status RemovePlugin(const std::string& name);

  // The kernel that serves an op version, or null.
  const OpKernel* Find(bool is_custom, int32_t builtin_code, const std::string& custom_name,
                       int32_t version) const;
  // Every kernel offering that op (any version), in priority order.
  std::vector<const OpKernel*> FindAll(bool is_custom, int32_t builtin_code,
                                       const std::string& custom_name) const;
  const DelegateEntry* FindDelegate(const std::string& name) const;

  // Snapshots for listings.
  std::vector<std::shared_ptr<const LoadedPlugin>> plugins() const;
  std::vector<const OpKernel*> kernels() const;
  std::vector<const DelegateEntry*> delegates() const;
  bool HasPluginFile(const std::string& real_path) const;

 private:
  mutable absl::Mutex mu_;
  std::vector<std::shared_ptr<const LoadedPlugin>> plugins_ ABSL_GUARDED_BY(mu_);
  // unique_ptr: pointers handed out stay valid while the plugin is registered.
  std::vector<std::unique_ptr<OpKernel>> kernels_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<DelegateEntry>> delegates_ ABSL_GUARDED_BY(mu_);
};

}  // namespace plinth

#endif  // PLINTH_CORE_OP_REGISTRY_H_
