#include "core/plugin_loader.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/schema_reflection.h"

namespace plinth {
namespace {

namespace fs = std::filesystem;

// Smallest sizes any ABI 1.x producer may report (the 1.0 layouts).
constexpr size_t kMinDescriptorSize = offsetof(PlinthPluginDescriptor, register_plugin) +
                                      sizeof(PlinthPluginDescriptor::register_plugin);
constexpr size_t kMinOpRegistrationSize =
    offsetof(PlinthOpRegistration, invoke) + sizeof(PlinthOpRegistration::invoke);
constexpr size_t kMinDelegateRegistrationSize = offsetof(PlinthDelegateRegistration, free_kernel) +
                                                sizeof(PlinthDelegateRegistration::free_kernel);

// What one plugin registers, collected before anything reaches the registry.
struct Staging {
  const LoadedPlugin* plugin = nullptr;
  std::vector<OpKernel> ops;
  std::vector<DelegateEntry> delegates;
  std::vector<std::string> errors;
};

Staging* AsStaging(PlinthRegistrar* r) { return static_cast<Staging*>(r->impl); }

PlinthStatus RegisterOp(PlinthRegistrar* r, const PlinthOpRegistration* op) {
  Staging* s = AsStaging(r);
  if (op == nullptr) {
    s->errors.push_back("register_op was called with a null registration");
    return PLINTH_ERROR;
  }
  if (op->struct_size < kMinOpRegistrationSize) {
    s->errors.push_back(absl::StrCat("an op registration has struct_size ", op->struct_size,
                                     ", smaller than ABI 1.0's ", kMinOpRegistrationSize,
                                     " (uninitialized struct?)"));
    return PLINTH_ERROR;
  }
  OpKernel k;
  std::memcpy(&k.fns, op, std::min<size_t>(op->struct_size, sizeof(k.fns)));
  k.fns.struct_size = sizeof(k.fns);
  bool has_builtin = op->builtin_name != nullptr && op->builtin_name[0] != '\0';
  bool has_custom = op->custom_name != nullptr && op->custom_name[0] != '\0';
  if (has_builtin == has_custom) {
    s->errors.push_back("an op registration must set exactly one of builtin_name and custom_name");
    return PLINTH_ERROR;
  }
  if (has_builtin) {
    auto code = BuiltinOpCode(op->builtin_name);
    if (!code) {
      s->errors.push_back(absl::StrCat("'", op->builtin_name,
                                       "' is not a builtin op name of the TFL3 schema (names look "
                                       "like CONV_2D; use custom_name for custom ops)"));
      return PLINTH_ERROR;
    }
    k.builtin_code = *code;
    k.op_name = op->builtin_name;
  } else {
    k.is_custom = true;
    k.builtin_code = 32;  // CUSTOM
    k.op_name = op->custom_name;
  }
  k.fns.builtin_name = nullptr;
  k.fns.custom_name = nullptr;
  if (op->prepare == nullptr || op->invoke == nullptr) {
    s->errors.push_back(absl::StrCat("the registration of ", k.op_name, " has a null ",
                                     op->prepare == nullptr ? "prepare" : "invoke", " function"));
    return PLINTH_ERROR;
  }
  if (op->min_version < 1 || op->max_version < op->min_version) {
    s->errors.push_back(absl::StrCat("the registration of ", k.op_name, " has version range ",
                                     op->min_version, "-", op->max_version,
                                     " (need 1 <= min <= max)"));
    return PLINTH_ERROR;
  }
  k.min_version = op->min_version;
  k.max_version = op->max_version;
  if (op->types != nullptr && op->num_types > 0) {
    k.types.assign(op->types, op->types + op->num_types);
  }
  k.fns.types = nullptr;
  k.fns.num_types = 0;
  s->ops.push_back(std::move(k));
  return PLINTH_OK;
}

void ReportRegistrationError(PlinthRegistrar* r, const char* message) {
  AsStaging(r)->errors.push_back(message ? message : "(no message)");
}

PlinthStatus RegisterDelegate(PlinthRegistrar* r, const PlinthDelegateRegistration* d) {
  Staging* s = AsStaging(r);
  if (d == nullptr || d->struct_size < kMinDelegateRegistrationSize) {
    s->errors.push_back(absl::StrCat("a delegate registration has struct_size ",
                                     d ? d->struct_size : 0, ", smaller than ABI 1.1's ",
                                     kMinDelegateRegistrationSize));
    return PLINTH_ERROR;
  }
  DelegateEntry e;
  std::memcpy(&e.fns, d, std::min<size_t>(d->struct_size, sizeof(e.fns)));
  e.fns.struct_size = sizeof(e.fns);
  if (d->name == nullptr || d->name[0] == '\0') {
    s->errors.push_back("a delegate registration has no name");
    return PLINTH_ERROR;
  }
  e.name = d->name;
  e.description = d->description ? d->description : "";
  e.fns.name = nullptr;
  e.fns.description = nullptr;
  if (!d->create || !d->destroy || !d->supports_node || !d->prepare || !d->invoke ||
      !d->free_kernel) {
    s->errors.push_back(
        absl::StrCat("the registration of delegate '", e.name, "' has a null function pointer"));
    return PLINTH_ERROR;
  }
  s->delegates.push_back(std::move(e));
  return PLINTH_OK;
}

bool LooksLikeElf(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {};
  f.read(magic, 4);
  return f.gcount() == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

std::string RealPath(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return path;
  return buffer;
}

std::string RebuildHint() {
  return absl::StrCat("rebuild the plugin against this Plinth's SDK (ABI ", PLINTH_ABI_MAJOR, ".",
                      PLINTH_ABI_MINOR, "; find_package(Plinth) from its install prefix)");
}

constexpr char kStaticPathPrefix[] = "static:";

// The checks and registration shared by plugin files and plugins linked into the program: ABI,
// descriptor, register_plugin, then the registry. `path` names the plugin in messages.
absl::StatusOr<std::shared_ptr<const LoadedPlugin>> RegisterFromEntry(
    std::shared_ptr<LoadedPlugin> plugin, PlinthPluginEntryFn entry, const std::string& path,
    OpRegistry* registry);

}  // namespace

absl::StatusOr<std::shared_ptr<const LoadedPlugin>> LoadPlugin(const std::string& path,
                                                               OpRegistry* registry) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such plugin file"));
  }
  if (fs::is_directory(path, ec)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory, not a plugin file"));
  }
  std::string real = RealPath(path);
  if (registry->HasPluginFile(real)) {
    for (const auto& p : registry->plugins())
      if (p->path == real) return p;
  }
  if (!LooksLikeElf(real)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": not a shared object (no ELF header); a plugin is a .so built with "
                     "plinth_add_plugin()"));
  }
  dlerror();
  void* handle = dlopen(real.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": cannot be loaded: ", why ? why : "unknown dlopen error",
                     " (a missing dependency, another architecture, or an unresolved symbol)"));
  }
  auto plugin = std::make_shared<LoadedPlugin>();
  plugin->path = real;
  plugin->handle = handle;  // closed by ~LoadedPlugin on every path below
  dlerror();
  void* entry_symbol = dlsym(handle, PLINTH_PLUGIN_ENTRY_SYMBOL);
  if (entry_symbol == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": no entry symbol '", PLINTH_PLUGIN_ENTRY_SYMBOL,
                     "': not a Plinth plugin, or its export list hides it (define it with "
                     "PLINTH_DEFINE_PLUGIN and build with plinth_add_plugin())"));
  }
  return RegisterFromEntry(std::move(plugin), reinterpret_cast<PlinthPluginEntryFn>(entry_symbol),
                           path, registry);
}

absl::StatusOr<std::shared_ptr<const LoadedPlugin>> RegisterStaticPlugin(PlinthPluginEntryFn entry,
                                                                         OpRegistry* registry) {
  if (entry == nullptr) {
    return absl::InvalidArgumentError("RegisterStaticPlugin: the entry point is null");
  }
  // Idempotent like LoadPlugin: a linked-in plugin's path is "static:<name>". The descriptor is
  // checked in full by RegisterFromEntry; here it only names the plugin.
  const PlinthPluginDescriptor* d = entry();
  const bool named = d != nullptr && d->struct_size >= kMinDescriptorSize && d->name != nullptr;
  const std::string label =
      named ? absl::StrCat(kStaticPathPrefix, d->name) : std::string("statically linked plugin");
  if (named && registry->HasPluginFile(label)) {
    for (const auto& p : registry->plugins())
      if (p->path == label) return p;
  }
  auto plugin = std::make_shared<LoadedPlugin>();  // handle stays null: nothing to dlclose
  plugin->path = label;
  return RegisterFromEntry(std::move(plugin), entry, label, registry);
}

namespace {

absl::StatusOr<std::shared_ptr<const LoadedPlugin>> RegisterFromEntry(
    std::shared_ptr<LoadedPlugin> plugin, PlinthPluginEntryFn entry, const std::string& path,
    OpRegistry* registry) {
  const PlinthPluginDescriptor* d = entry();
  if (d == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(path,
                     ": the plugin's entry point returned no descriptor (it failed to "
                     "initialize)"));
  }
  if (d->struct_size < kMinDescriptorSize) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": plugin descriptor is ",
                                                      d->struct_size,
                                                      " bytes, smaller than any ABI 1.x "
                                                      "descriptor (",
                                                      kMinDescriptorSize, "); ", RebuildHint()));
  }
  plugin->abi_major = d->abi_major;
  plugin->abi_minor = d->abi_minor;
  plugin->name = d->name ? d->name : "";
  plugin->version = d->version ? d->version : "";
  plugin->build_id = d->build_id ? d->build_id : "";
  std::string who = plugin->name.empty() ? std::string("the plugin")
                                         : absl::StrCat("plugin '", plugin->name, "'");
  if (d->abi_major != PLINTH_ABI_MAJOR) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": ", who, " was built for Plinth ABI ", d->abi_major, ".", d->abi_minor,
                     " but this core speaks ABI ", PLINTH_ABI_MAJOR, ".", PLINTH_ABI_MINOR, "; ",
                     RebuildHint()));
  }
  if (d->abi_minor > PLINTH_ABI_MINOR) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": ", who, " was built for Plinth ABI ", d->abi_major, ".", d->abi_minor,
                     ", newer than this core's ", PLINTH_ABI_MAJOR, ".", PLINTH_ABI_MINOR,
                     "; upgrade Plinth or ", RebuildHint()));
  }
  if (plugin->name.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": the plugin descriptor has no name"));
  }
  if (d->register_plugin == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": ", who, " has no register_plugin function"));
  }

  Staging staging;
  staging.plugin = plugin.get();
  PlinthRegistrar registrar{};
  registrar.struct_size = sizeof(registrar);
  registrar.impl = &staging;
  registrar.core_abi_major = PLINTH_ABI_MAJOR;
  registrar.core_abi_minor = PLINTH_ABI_MINOR;
  registrar.register_op = &RegisterOp;
  registrar.report_error = &ReportRegistrationError;
  registrar.register_delegate = &RegisterDelegate;
  PlinthStatus status = d->register_plugin(&registrar);
  if (status != PLINTH_OK || !staging.errors.empty()) {
    std::string why = staging.errors.empty() ? std::string("it reported no reason")
                                             : absl::StrJoin(staging.errors, "; ");
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": ", who, " failed to register: ", why));
  }
  if (auto s = registry->AddPlugin(plugin, std::move(staging.ops), std::move(staging.delegates));
      !s.ok()) {
    return s;
  }
  return std::shared_ptr<const LoadedPlugin>(plugin);
}

}  // namespace

std::string DefaultPluginDirectory() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&DefaultPluginDirectory), &info) == 0 ||
      info.dli_fname == nullptr) {
    return {};
  }
  fs::path lib = fs::path(RealPath(info.dli_fname)).parent_path();
  return (lib / "plinth" / "plugins").string();
}

std::vector<std::string> DiscoverPluginFiles() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("PLINTH_PLUGIN_PATH"); env != nullptr && env[0] != '\0') {
    for (absl::string_view d : absl::StrSplit(env, ':', absl::SkipEmpty())) {
      dirs.emplace_back(d);
    }
  }
  if (std::string d = DefaultPluginDirectory(); !d.empty()) dirs.push_back(d);
  std::vector<std::string> files;
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (fs::is_regular_file(dir, ec)) {  // PLINTH_PLUGIN_PATH may also name files
      files.push_back(dir);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.path().extension() == ".so") in_dir.push_back(e.path().string());
    }
    std::sort(in_dir.begin(), in_dir.end());  // deterministic priority within a directory
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

absl::StatusOr<DiscoveryReport> LoadPlugins(const std::vector<std::string>& explicit_paths,
                                            bool discover, OpRegistry* registry) {
  DiscoveryReport report;
  for (const std::string& path : explicit_paths) {
    auto p = LoadPlugin(path, registry);
    if (!p.ok()) return p.status();
    report.loaded.push_back(*p);
  }
  if (!discover) return report;
  for (const std::string& path : DiscoverPluginFiles()) {
    if (registry->HasPluginFile(RealPath(path))) continue;
    auto p = LoadPlugin(path, registry);
    if (p.ok()) {
      report.loaded.push_back(*p);
    } else {
      report.rejected.push_back(std::string(p.status().message()));
    }
  }
  return report;
}

}  // namespace plinth
