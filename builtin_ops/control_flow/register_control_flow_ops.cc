// Registers every kernel of builtin_ops/control_flow/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/control_flow/control_flow_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterControlFlowOps(Registrar& r) {
  (void)r;  // no kernels in this family yet
  return PLINTH_OK;
}

}  // namespace plinth::builtin
