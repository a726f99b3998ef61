// The built-in kernels as a plugin: libplinth_builtin_ops.so.
#include "builtin_ops/builtin_ops.h"

namespace plinth::builtin {
namespace {

PlinthStatus RegisterAll(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kAll[] = {
      RegisterConv2D,
      RegisterDepthwiseConv2D,
      RegisterFullyConnected,
      RegisterPooling,
      RegisterBinaryArithmetic,
      RegisterSoftmax,
      RegisterReshape,
      RegisterConcatenation,
      RegisterResizeBilinear,
      RegisterCast,
      RegisterUnidirectionalSequenceLstm,
  };
  for (RegisterFn fn : kAll) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace
}  // namespace plinth::builtin

PLINTH_DEFINE_PLUGIN("builtin_ops", "0.1.0", plinth::builtin::RegisterAll)
