#include "core/op_registry.h"

#include <dlfcn.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace plinth {

LoadedPlugin::~LoadedPlugin() {
  if (handle != nullptr) dlclose(handle);
}

namespace {

bool SameOp(const OpKernel& a, bool is_custom, int32_t code, const std::string& custom) {
  if (a.is_custom != is_custom) return false;
  return is_custom ? a.op_name == custom : a.builtin_code == code;
}

}  // namespace

absl::Status OpRegistry::AddPlugin(std::shared_ptr<const LoadedPlugin> plugin,
                                   std::vector<OpKernel> ops,
                                   std::vector<DelegateEntry> delegates) {
  for (size_t i = 0; i < ops.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (SameOp(ops[j], ops[i].is_custom, ops[i].builtin_code, ops[i].op_name) &&
          ops[i].min_version <= ops[j].max_version && ops[j].min_version <= ops[i].max_version) {
        return absl::AlreadyExistsError(absl::StrCat(
            plugin->path, ": plugin '", plugin->name, "' registers ", ops[i].op_name,
            " twice for overlapping versions (", ops[j].min_version, "-", ops[j].max_version,
            " and ", ops[i].min_version, "-", ops[i].max_version, ")"));
      }
    }
  }
  for (size_t i = 0; i < delegates.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (delegates[i].name == delegates[j].name) {
        return absl::AlreadyExistsError(absl::StrCat(plugin->path, ": plugin '", plugin->name,
                                                     "' registers delegate '", delegates[i].name,
                                                     "' twice"));
      }
    }
  }
  absl::MutexLock lock(&mu_);
  for (const auto& p : plugins_) {
    if (p->name == plugin->name) {
      return absl::AlreadyExistsError(absl::StrCat(plugin->path, ": a plugin named '", plugin->name,
                                                   "' is already loaded from ", p->path));
    }
  }
  plugins_.push_back(plugin);
  for (auto& op : ops) {
    op.plugin = plugin;
    kernels_.push_back(std::make_unique<OpKernel>(std::move(op)));
  }
  for (auto& d : delegates) {
    d.plugin = plugin;
    delegates_.push_back(std::make_unique<DelegateEntry>(std::move(d)));
  }
  return absl::OkStatus();
}

absl::Status OpRegistry::RemovePlugin(const std::string& name) {
  absl::MutexLock lock(&mu_);
  auto it = std::find_if(plugins_.begin(), plugins_.end(),
                         [&](const auto& p) { return p->name == name; });
  if (it == plugins_.end()) {
    return absl::NotFoundError(absl::StrCat("no plugin named '", name, "' is loaded"));
  }
  const LoadedPlugin* raw = it->get();
  std::erase_if(kernels_, [&](const auto& k) { return k->plugin.get() == raw; });
  std::erase_if(delegates_, [&](const auto& d) { return d->plugin.get() == raw; });
  plugins_.erase(it);
  return absl::OkStatus();
}

const OpKernel* OpRegistry::Find(bool is_custom, int32_t builtin_code,
                                 const std::string& custom_name, int32_t version) const {
  absl::MutexLock lock(&mu_);
  for (const auto& k : kernels_) {
    if (SameOp(*k, is_custom, builtin_code, custom_name) && version >= k->min_version &&
        version <= k->max_version) {
      return k.get();
    }
  }
  return nullptr;
}

std::vector<const OpKernel*> OpRegistry::FindAll(bool is_custom, int32_t builtin_code,
                                                 const std::string& custom_name) const {
  absl::MutexLock lock(&mu_);
  std::vector<const OpKernel*> out;
  for (const auto& k : kernels_) {
    if (SameOp(*k, is_custom, builtin_code, custom_name)) out.push_back(k.get());
  }
  return out;
}

const DelegateEntry* OpRegistry::FindDelegate(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  for (const auto& d : delegates_) {
    if (d->name == name) return d.get();
  }
  return nullptr;
}

std::vector<std::shared_ptr<const LoadedPlugin>> OpRegistry::plugins() const {
  absl::MutexLock lock(&mu_);
  return plugins_;
}

std::vector<const OpKernel*> OpRegistry::kernels() const {
  absl::MutexLock lock(&mu_);
  std::vector<const OpKernel*> out;
  for (const auto& k : kernels_) out.push_back(k.get());
  return out;
}

std::vector<const DelegateEntry*> OpRegistry::delegates() const {
  absl::MutexLock lock(&mu_);
  std::vector<const DelegateEntry*> out;
  for (const auto& d : delegates_) out.push_back(d.get());
  return out;
}

bool OpRegistry::HasPluginFile(const std::string& real_path) const {
  absl::MutexLock lock(&mu_);
  for (const auto& p : plugins_) {
    if (p->path == real_path) return true;
  }
  return false;
}

}  // namespace plinth
