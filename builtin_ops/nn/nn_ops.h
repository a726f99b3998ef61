// Registration functions of the nn/ kernels (convolutions, fully connected, matrix multiply,
// pooling, normalization), one per op file.
#ifndef PLINTH_BUILTIN_OPS_NN_NN_OPS_H_
#define PLINTH_BUILTIN_OPS_NN_NN_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterConv2D(Registrar& r);
PlinthStatus RegisterDepthwiseConv2D(Registrar& r);
PlinthStatus RegisterFullyConnected(Registrar& r);
PlinthStatus RegisterPooling(Registrar& r);
PlinthStatus RegisterTransposeConv(Registrar& r);
PlinthStatus RegisterConv3D(Registrar& r);
PlinthStatus RegisterBatchMatMul(Registrar& r);
PlinthStatus RegisterL2Normalization(Registrar& r);
PlinthStatus RegisterLocalResponseNormalization(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_NN_NN_OPS_H_
