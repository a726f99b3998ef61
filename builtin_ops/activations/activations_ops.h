// Registration functions of the activations/ kernels (ReLU family, sigmoid/tanh, softmax and
// friends), one per op file.
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATIONS_OPS_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATIONS_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterRelu(Registrar& r);
PlinthStatus RegisterLeakyRelu(Registrar& r);
PlinthStatus RegisterPrelu(Registrar& r);
PlinthStatus RegisterElu(Registrar& r);
PlinthStatus RegisterGelu(Registrar& r);
PlinthStatus RegisterHardSwish(Registrar& r);
PlinthStatus RegisterLogistic(Registrar& r);
PlinthStatus RegisterTanh(Registrar& r);
PlinthStatus RegisterSoftmax(Registrar& r);
PlinthStatus RegisterLogSoftmax(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATIONS_OPS_H_
