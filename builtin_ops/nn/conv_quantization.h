// The integer Prepare that CONV_2D and DEPTHWISE_CONV_2D share: which tensor types and scales they
// accept (as TFLite's kernels do) and the requantization parameters that follow from them.
#ifndef PLINTH_BUILTIN_OPS_NN_CONV_QUANTIZATION_H_
#define PLINTH_BUILTIN_OPS_NN_CONV_QUANTIZATION_H_

#include <cstdint>
#include <initializer_list>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::nn {

// The integer arithmetic a quantized convolution runs.
enum class ConvIntegerKind {
  kUint8,       // uint8 input and filter (per-tensor, asymmetric), int32 bias
  kInt8,        // int8 input, symmetric int8 filter (per-channel or per-tensor), int32 bias
  kInt16Acc32,  // int16 input, int8 filter, int32 bias and accumulator
  kInt16Acc64,  // int16 input, int8 filter, int64 bias and accumulator
};

// What differs between the convolutions that share this Prepare.
struct ConvQuantizationRules {
  int filter_channel_axis = 0;            // 0 for CONV_2D's OHWI filter, 3 for depthwise 1HWC
  int32_t out_channels = 0;               // output channels (= bias elements)
  bool int16_accepts_int32_bias = false;  // CONV_2D v8 does; DEPTHWISE_CONV_2D takes int64 only
};

// Checks an optional bias: one of `types`, one element per output channel, zero point 0.
PlinthStatus CheckConvBias(const KernelContext& ctx, const Tensor& bias, int32_t out_channels,
                           std::initializer_list<PlinthType> types);

// Checks a quantized convolution's input, filter, bias and output (input not float32) and fills
// the requantization (offsets, per-channel multipliers, activation range) and the kind it runs.
PlinthStatus PrepareConvQuantization(const KernelContext& ctx, const Tensor& input,
                                     const Tensor& filter, const Tensor& bias, const Tensor& output,
                                     int64_t activation, const ConvQuantizationRules& rules,
                                     Requant* requant, ConvIntegerKind* kind);

}  // namespace plinth::builtin::nn

#endif  // PLINTH_BUILTIN_OPS_NN_CONV_QUANTIZATION_H_
