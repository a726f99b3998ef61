// Registers every kernel of builtin_ops/reduction/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/reduction/reduction_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterReductionOps(Registrar& r) {
  (void)r;  // no kernels in this family yet
  return PLINTH_OK;
}

}  // namespace plinth::builtin
