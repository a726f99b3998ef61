// Registers every kernel of builtin_ops/activations/.
#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/builtin_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterActivationOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterRelu,      RegisterLeakyRelu, RegisterPrelu, RegisterElu,     RegisterGelu,
      RegisterHardSwish, RegisterLogistic,  RegisterTanh,  RegisterSoftmax, RegisterLogSoftmax,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
