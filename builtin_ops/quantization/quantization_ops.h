// Registration functions of the quantization/ kernels (QUANTIZE, DEQUANTIZE), one per op file.
#ifndef PLINTH_BUILTIN_OPS_QUANTIZATION_QUANTIZATION_OPS_H_
#define PLINTH_BUILTIN_OPS_QUANTIZATION_QUANTIZATION_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterQuantize(Registrar& r);
PlinthStatus RegisterDequantize(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_QUANTIZATION_QUANTIZATION_OPS_H_
