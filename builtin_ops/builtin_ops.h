// Registration functions of the built-in kernels, one per op (or op family) file. The plugin's
// entry point (plugin_entry.cc) calls each in turn; no static initializers are involved.
#ifndef PLINTH_BUILTIN_OPS_BUILTIN_OPS_H_
#define PLINTH_BUILTIN_OPS_BUILTIN_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

// nn/
PlinthStatus RegisterConv2D(Registrar& r);
PlinthStatus RegisterDepthwiseConv2D(Registrar& r);
PlinthStatus RegisterFullyConnected(Registrar& r);
PlinthStatus RegisterPooling(Registrar& r);
// elementwise/
PlinthStatus RegisterBinaryArithmetic(Registrar& r);
// activations/
PlinthStatus RegisterSoftmax(Registrar& r);
// shape/
PlinthStatus RegisterReshape(Registrar& r);
PlinthStatus RegisterConcatenation(Registrar& r);
// image/
PlinthStatus RegisterResizeBilinear(Registrar& r);
// math/
PlinthStatus RegisterCast(Registrar& r);
// sequence/
PlinthStatus RegisterUnidirectionalSequenceLstm(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_BUILTIN_OPS_H_
