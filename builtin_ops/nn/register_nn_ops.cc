// Registers every kernel of builtin_ops/nn/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/nn/nn_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterNnOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterConv2D,      RegisterDepthwiseConv2D, RegisterFullyConnected,
      RegisterPooling,     RegisterTransposeConv,   RegisterConv3D,
      RegisterBatchMatMul, RegisterL2Normalization, RegisterLocalResponseNormalization,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
