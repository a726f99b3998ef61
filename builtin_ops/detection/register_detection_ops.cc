// Registers every kernel of builtin_ops/detection/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/detection/detection_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterDetectionOps(Registrar& r) {
  (void)r;  // no kernels in this family yet
  return PLINTH_OK;
}

}  // namespace plinth::builtin
