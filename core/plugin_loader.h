// Finds plugin libraries, checks their ABI and lets them register into an OpRegistry.
//
// Discovery order (earlier wins when two plugins offer the same op): explicit paths, then the
// directories in PLINTH_PLUGIN_PATH (colon-separated), then the default plugin directory next to
// the installed core library (<libdir>/plinth/plugins).
#ifndef PLINTH_CORE_PLUGIN_LOADER_H_
#define PLINTH_CORE_PLUGIN_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/op_registry.h"

namespace plinth {

// Loads one plugin file and registers what it offers. Errors say which file, what went wrong and
// what to do: no such file, not a shared object, no entry symbol, ABI mismatch, registration
// failure, duplicate registrations. Loading a file that is already loaded is a no-op.
absl::StatusOr<std::shared_ptr<const LoadedPlugin>> LoadPlugin(const std::string& path,
                                                               OpRegistry* registry);

// Registers a plugin linked into the program instead of loaded from a file, for builds without
// dlopen (-DPLINTH_STATIC_BUILTIN_OPS=ON): `entry` is the plugin's entry point, the function
// PLINTH_DEFINE_PLUGIN defines. Same ABI checks, registration and errors as LoadPlugin; the
// plugin's path reads "static:<name>" and registering the same plugin again is a no-op.
absl::StatusOr<std::shared_ptr<const LoadedPlugin>> RegisterStaticPlugin(PlinthPluginEntryFn entry,
                                                                         OpRegistry* registry);

// The default plugin directory (next to the core library), or empty if it cannot be found.
std::string DefaultPluginDirectory();

// Plugin files (*.so) in the directories of PLINTH_PLUGIN_PATH and the default directory, in
// discovery order.
std::vector<std::string> DiscoverPluginFiles();

// What happened to each discovered file.
struct DiscoveryReport {
  std::vector<std::shared_ptr<const LoadedPlugin>> loaded;
  std::vector<std::string> rejected;  // one message per file that failed to load
};

// Loads `explicit_paths` (any failure is an error), then every discovered plugin (failures are
// reported, not fatal, so one bad file in a directory does not stop the others).
absl::StatusOr<DiscoveryReport> LoadPlugins(const std::vector<std::string>& explicit_paths,
                                            bool discover, OpRegistry* registry);

}  // namespace plinth

#endif  // PLINTH_CORE_PLUGIN_LOADER_H_
