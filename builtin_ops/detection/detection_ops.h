// Registration functions of the detection/ kernels (non-max suppression), one per op file.
#ifndef PLINTH_BUILTIN_OPS_DETECTION_DETECTION_OPS_H_
#define PLINTH_BUILTIN_OPS_DETECTION_DETECTION_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

// NON_MAX_SUPPRESSION_V4 and NON_MAX_SUPPRESSION_V5.
PlinthStatus RegisterNonMaxSuppression(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_DETECTION_DETECTION_OPS_H_
