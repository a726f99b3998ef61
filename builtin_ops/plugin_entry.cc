// The built-in kernels as a plugin: libplinth_builtin_ops.so.
#include "builtin_ops/builtin_ops.h"

namespace plinth::builtin {
namespace {

PlinthStatus RegisterAll(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kFamilies[] = {
      RegisterNnOps,
      RegisterElementwiseOps,
      RegisterActivationOps,
      RegisterQuantizationOps,
      RegisterShapeOps,
      RegisterImageOps,
      RegisterReductionOps,
      RegisterIndexingOps,
      RegisterSequenceOps,
      RegisterControlFlowOps,
      RegisterDetectionOps,
  };
  for (RegisterFn fn : kFamilies) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace
}  // namespace plinth::builtin

PLINTH_DEFINE_PLUGIN("builtin_ops", "0.1.0", plinth::builtin::RegisterAll)
