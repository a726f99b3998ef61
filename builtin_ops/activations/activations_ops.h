// Registration functions of the activations/ kernels (ReLU family, sigmoid/tanh, softmax and friends), one per op file.
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATIONS_OPS_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATIONS_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterSoftmax(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATIONS_OPS_H_
