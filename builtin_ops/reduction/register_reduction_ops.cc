// Registers every kernel of builtin_ops/reduction/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/reduction/reduction_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterReductionOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterMean,
      RegisterReduce,
      RegisterArgMinMax,
      RegisterCumsum,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
