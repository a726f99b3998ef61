// Registration functions of the elementwise/ kernels (binary arithmetic, unary math, comparisons,
// logic, select, cast), one per op file.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_ELEMENTWISE_OPS_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_ELEMENTWISE_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterBinaryArithmetic(Registrar& r);
PlinthStatus RegisterUnaryMath(Registrar& r);
PlinthStatus RegisterAddN(Registrar& r);
PlinthStatus RegisterComparisons(Registrar& r);
PlinthStatus RegisterLogical(Registrar& r);
PlinthStatus RegisterSelect(Registrar& r);
PlinthStatus RegisterCast(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_ELEMENTWISE_OPS_H_
