// Registers every kernel of builtin_ops/indexing/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterIndexingOps(Registrar& r) {
  (void)r;  // no kernels in this family yet
  return PLINTH_OK;
}

}  // namespace plinth::builtin
