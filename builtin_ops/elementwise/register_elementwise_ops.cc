// Registers every kernel of builtin_ops/elementwise/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/elementwise/elementwise_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterElementwiseOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterBinaryArithmetic, RegisterUnaryMath, RegisterAddN, RegisterComparisons,
      RegisterLogical,          RegisterSelect,    RegisterCast,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
