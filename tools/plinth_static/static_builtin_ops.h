// plinth_static: the built-in ops linked into the program, for devices where dlopen is unwanted
// (-DPLINTH_STATIC_BUILTIN_OPS=ON). The kernels are the same objects as libplinth_builtin_ops.so
// (the kernel archive plus its entry point); only the way the core reaches the entry point differs.
#ifndef PLINTH_TOOLS_PLINTH_STATIC_STATIC_BUILTIN_OPS_H_
#define PLINTH_TOOLS_PLINTH_STATIC_STATIC_BUILTIN_OPS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "core/op_registry.h"

namespace plinth {

// Registers the linked-in built-in ops (plugin "builtin_ops", path "static:builtin_ops"); a no-op
// when they are registered already. Fails like LoadPlugin when a plugin named "builtin_ops" came
// from a file first.
absl::StatusOr<std::shared_ptr<const LoadedPlugin>> RegisterStaticBuiltinOps(OpRegistry* registry);

}  // namespace plinth

#endif  // PLINTH_TOOLS_PLINTH_STATIC_STATIC_BUILTIN_OPS_H_
