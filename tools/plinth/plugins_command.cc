// `plinth plugins`: the plugins found, their ABI versions and everything they register.
#include <algorithm>
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
namespace {

// The op x type coverage of every loaded plugin as a Markdown table (docs/ops.md is this output).
std::string OpsTable(const OpRegistry& registry) {
  const auto kernels = registry.kernels();
  // Columns: every type some registration lists, in the format's order.
  std::vector<PlinthType> columns;
  for (int t = PLINTH_FLOAT32; t <= PLINTH_BFLOAT16; ++t) {
    for (const OpKernel* k : kernels) {
      if (std::find(k->types.begin(), k->types.end(), static_cast<PlinthType>(t)) !=
          k->types.end()) {
        columns.push_back(static_cast<PlinthType>(t));
        break;
      }
    }
  }
  std::vector<const OpKernel*> rows(kernels.begin(), kernels.end());
  std::stable_sort(rows.begin(), rows.end(), [](const OpKernel* a, const OpKernel* b) {
    if (a->is_custom != b->is_custom) return !a->is_custom;
    return a->op_name < b->op_name;
  });
  std::string out = "| op | versions | plugin |";
  for (PlinthType t : columns) absl::StrAppend(&out, " ", TypeName(t), " |");
  absl::StrAppend(&out, "\n|---|---|---|");
  for (size_t i = 0; i < columns.size(); ++i) absl::StrAppend(&out, ":-:|");
  absl::StrAppend(&out, "\n");
  for (const OpKernel* k : rows) {
    absl::StrAppend(&out, "| ", k->is_custom ? "custom `" : "", k->op_name, k->is_custom ? "`" : "",
                    " | ", k->min_version,
                    k->min_version == k->max_version ? "" : absl::StrCat("-", k->max_version),
                    " | ", k->plugin->name, " |");
    for (PlinthType t : columns) {
      bool served = std::find(k->types.begin(), k->types.end(), t) != k->types.end();
      absl::StrAppend(&out, served ? " x |" : "   |");
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out, "\n", rows.size(), " op registrations.\n");
  return out;
}

}  // namespace

int PluginsCommand(const std::vector<std::string>& args) {
  if (!args.empty()) {
    return Fail(absl::InvalidArgumentError("plinth plugins takes no positional arguments"));
  }
  auto registry = LoadRegistry();
  if (!registry.ok()) return Fail(registry.status());
  if (absl::GetFlag(FLAGS_markdown)) {
    std::fputs(OpsTable(**registry).c_str(), stdout);
    return 0;
  }
  std::printf("core ABI %d.%d; default plugin directory: %s\n", PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR,
              DefaultPluginDirectory().c_str());
  const auto kernels = (*registry)->kernels();
  const auto delegates = (*registry)->delegates();
  for (const auto& plugin : (*registry)->plugins()) {
    size_t ops = 0, dels = 0;
    for (const OpKernel* k : kernels) ops += k->plugin == plugin;
    for (const DelegateEntry* d : delegates) dels += d->plugin == plugin;
    std::printf(
        "\nplugin '%s' %s (ABI %u.%u, build %s)\n  file: %s\n  %zu op registration%s, %zu "
        "delegate%s\n",
        plugin->name.c_str(), plugin->version.c_str(), plugin->abi_major, plugin->abi_minor,
        plugin->build_id.c_str(), plugin->path.c_str(), ops, ops == 1 ? "" : "s", dels,
        dels == 1 ? "" : "s");
    for (const OpKernel* k : kernels) {
      if (k->plugin != plugin) continue;
      std::vector<std::string> types;
      for (PlinthType t : k->types) types.push_back(TypeName(t));
      // Shadowed: an earlier plugin serves the same op for an overlapping version range.
      const OpKernel* winner = nullptr;
      for (const OpKernel* other :
           (*registry)->FindAll(k->is_custom, k->builtin_code, k->op_name)) {
        if (other->min_version <= k->max_version && k->min_version <= other->max_version) {
          winner = other;
          break;
        }
      }
      std::string shadow = winner && winner != k
                               ? absl::StrCat("  (shadowed by '", winner->plugin->name, "')")
                               : std::string();
      std::printf("  %s%s v%d-%d: %s%s\n", k->is_custom ? "custom " : "", k->op_name.c_str(),
                  k->min_version, k->max_version, absl::StrJoin(types, ", ").c_str(),
                  shadow.c_str());
    }
    for (const DelegateEntry* d : delegates) {
      if (d->plugin != plugin) continue;
      std::printf("  delegate '%s': %s\n", d->name.c_str(), d->description.c_str());
    }
  }
  return 0;
}

}  // namespace plinth::cli
