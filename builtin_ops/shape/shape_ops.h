// Registration functions of the shape/ kernels (reshaping and data movement), one per op file.
#ifndef PLINTH_BUILTIN_OPS_SHAPE_SHAPE_OPS_H_
#define PLINTH_BUILTIN_OPS_SHAPE_SHAPE_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterReshape(Registrar& r);
PlinthStatus RegisterConcatenation(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_SHAPE_SHAPE_OPS_H_
