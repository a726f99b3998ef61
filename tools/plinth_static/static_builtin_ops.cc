#include "tools/plinth_static/static_builtin_ops.h"

#include "core/plugin_loader.h"
#include "plinth/plugin.h"

// Defined by PLINTH_DEFINE_PLUGIN in builtin_ops/plugin_entry.cc (or selective_entry.cc), which
// this library links as a static archive instead of a plugin file.
extern "C" const PlinthPluginDescriptor* plinth_plugin_entry(void);

namespace plinth {

absl::StatusOr<std::shared_ptr<const LoadedPlugin>> RegisterStaticBuiltinOps(OpRegistry* registry) {
  return RegisterStaticPlugin(&plinth_plugin_entry, registry);
}

}  // namespace plinth
