// Registration functions of the reduction/ kernels (reductions, arg max/min, cumulative sums), one per op file.
#ifndef PLINTH_BUILTIN_OPS_REDUCTION_REDUCTION_OPS_H_
#define PLINTH_BUILTIN_OPS_REDUCTION_REDUCTION_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {



}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_REDUCTION_REDUCTION_OPS_H_
