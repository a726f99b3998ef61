// Registers every kernel of builtin_ops/image/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/image/image_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterImageOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterResizeBilinear,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
