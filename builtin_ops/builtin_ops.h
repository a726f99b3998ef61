// The families of built-in kernels. Each folder registers its ops in register_<family>_ops.cc;
// the plugin's entry point (plugin_entry.cc) calls each family in turn. No static initializers.
#ifndef PLINTH_BUILTIN_OPS_BUILTIN_OPS_H_
#define PLINTH_BUILTIN_OPS_BUILTIN_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

// nn/: convolutions, fully connected, matrix multiply, pooling, normalization
PlinthStatus RegisterNnOps(Registrar& r);
// elementwise/: binary arithmetic, unary math, comparisons, logic, select, cast
PlinthStatus RegisterElementwiseOps(Registrar& r);
// activations/: ReLU family, sigmoid/tanh, softmax and friends
PlinthStatus RegisterActivationOps(Registrar& r);
// quantization/: QUANTIZE, DEQUANTIZE
PlinthStatus RegisterQuantizationOps(Registrar& r);
// shape/: reshaping and data movement
PlinthStatus RegisterShapeOps(Registrar& r);
// image/: resizing and space/depth/batch rearrangement
PlinthStatus RegisterImageOps(Registrar& r);
// reduction/: reductions, arg max/min, cumulative sums
PlinthStatus RegisterReductionOps(Registrar& r);
// indexing/: gather/scatter, slicing by values, generators (range, fill, one-hot), where, top-k
PlinthStatus RegisterIndexingOps(Registrar& r);
// sequence/: LSTM, RNN, SVDF
PlinthStatus RegisterSequenceOps(Registrar& r);
// control_flow/: CALL_ONCE, IF, WHILE and resource variables
PlinthStatus RegisterControlFlowOps(Registrar& r);
// detection/: non-max suppression
PlinthStatus RegisterDetectionOps(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_BUILTIN_OPS_H_
