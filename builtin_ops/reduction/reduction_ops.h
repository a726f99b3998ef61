// Registration functions of the reduction/ kernels (reductions, arg max/min, cumulative sums), one
// per op file.
#ifndef PLINTH_BUILTIN_OPS_REDUCTION_REDUCTION_OPS_H_
#define PLINTH_BUILTIN_OPS_REDUCTION_REDUCTION_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

// mean.cc: MEAN
PlinthStatus RegisterMean(Registrar& r);
// reduce.cc: SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN, REDUCE_ANY, REDUCE_ALL
PlinthStatus RegisterReduce(Registrar& r);
// arg_min_max.cc: ARG_MAX, ARG_MIN
PlinthStatus RegisterArgMinMax(Registrar& r);
// cumsum.cc: CUMSUM
PlinthStatus RegisterCumsum(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_REDUCTION_REDUCTION_OPS_H_
