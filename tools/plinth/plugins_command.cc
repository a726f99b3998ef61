// `plinth plugins`: the plugins found, their ABI versions and everything they register.
#include <cstdio>
#include <map>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/plugin_loader.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/cli_flags.h"
#include "tools/plinth/commands.h"

namespace plinth::cli {

int PluginsCommand(const std::vector<std::string>& args) {
  if (!args.empty()) {
    return Fail(absl::InvalidArgumentError("plinth plugins takes no positional arguments"));
  }
  auto registry = LoadRegistry();
  if (!registry.ok()) return Fail(registry.status());
  std::printf("core ABI %d.%d; default plugin directory: %s\n", PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR,
              DefaultPluginDirectory().c_str());
  const auto kernels = (*registry)->kernels();
  const auto delegates = (*registry)->delegates();
  for (const auto& plugin : (*registry)->plugins()) {
    size_t ops = 0, dels = 0;
    for (const OpKernel* k : kernels) ops += k->plugin == plugin;
    for (const DelegateEntry* d : delegates) dels += d->plugin == plugin;
    std::printf("\nplugin '%s' %s (ABI %u.%u, build %s)\n  file: %s\n  %zu op registration%s, %zu delegate%s\n",
                plugin->name.c_str(), plugin->version.c_str(), plugin->abi_major, plugin->abi_minor,
                plugin->build_id.c_str(), plugin->path.c_str(), ops, ops == 1 ? "" : "s", dels,
                dels == 1 ? "" : "s");
    for (const OpKernel* k : kernels) {
      if (k->plugin != plugin) continue;
      std::vector<std::string> types;
      for (PlinthType t : k->types) types.push_back(TypeName(t));
      // Shadowed: an earlier plugin serves the same op for an overlapping version range.
      const OpKernel* winner = nullptr;
      for (const OpKernel* other : (*registry)->FindAll(k->is_custom, k->builtin_code, k->op_name)) {
        if (other->min_version <= k->max_version && k->min_version <= other->max_version) {
          winner = other;
          break;
        }
      }
      std::string shadow = winner && winner != k
                               ? absl::StrCat("  (shadowed by '", winner->plugin->name, "')")
                               : std::string();
      std::printf("  %s%s v%d-%d: %s%s\n", k->is_custom ? "custom " : "", k->op_name.c_str(),
                  k->min_version, k->max_version, absl::StrJoin(types, ", ").c_str(), shadow.c_str());
    }
    for (const DelegateEntry* d : delegates) {
      if (d->plugin != plugin) continue;
      std::printf("  delegate '%s': %s\n", d->name.c_str(), d->description.c_str());
    }
  }
  return 0;
}

}  // namespace plinth::cli
