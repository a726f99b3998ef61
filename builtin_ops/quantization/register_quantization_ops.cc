// Registers every kernel of builtin_ops/quantization/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/quantization/quantization_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterQuantizationOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterQuantize,
      RegisterDequantize,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
