// Registers every kernel of builtin_ops/detection/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/detection/detection_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterDetectionOps(Registrar& r) { return RegisterNonMaxSuppression(r); }

}  // namespace plinth::builtin
