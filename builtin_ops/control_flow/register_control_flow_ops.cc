// Registers every kernel of builtin_ops/control_flow/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/control_flow/control_flow_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterControlFlowOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterIf,
      RegisterWhile,
      RegisterCallOnce,
      RegisterResourceVariables,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
