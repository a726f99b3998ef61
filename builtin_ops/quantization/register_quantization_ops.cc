// Registers every kernel of builtin_ops/quantization/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/quantization/quantization_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterQuantizationOps(Registrar& r) {
  (void)r;  // no kernels in this family yet
  return PLINTH_OK;
}

}  // namespace plinth::builtin
