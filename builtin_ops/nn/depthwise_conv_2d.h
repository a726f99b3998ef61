// Internal to DEPTHWISE_CONV_2D: the geometry Prepare computes and the integer and hybrid kernels
// (depthwise_conv_2d_quantized.cc) that depthwise_conv_2d.cc dispatches to.
#ifndef PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_H_
#define PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_H_

#include <cstdint>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::depthwise {

// NHWC input, [1, KH, KW, in_c * multiplier] filter; output channel oc reads input channel
// oc / multiplier.
struct Geometry {
  int32_t batches = 0, in_h = 0, in_w = 0, in_c = 0, out_h = 0, out_w = 0, out_c = 0;
  int32_t k_h = 0, k_w = 0, multiplier = 1;
  int32_t stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1, pad_top = 0, pad_left = 0;
};

enum class IntegerKind {
  kUint8,  // uint8 input and filter (per-tensor, asymmetric), int32 bias
  kInt8,   // int8 input, symmetric int8 filter (per-channel along dimension 3 or per-tensor)
  kInt16,  // int16 input, int8 filter, int64 bias and accumulator
};

void RunInteger(const KernelContext& ctx, IntegerKind kind, const Geometry& g,
                const nn::Requant& r);

// Hybrid: float input quantized asymmetrically per batch, int8 filter with per-channel scales.
struct Hybrid {
  FloatRange range;
  int32_t quantized_input = -1, scales = -1, offsets = -1;  // scratch handles
};

void RunHybrid(const KernelContext& ctx, const Geometry& g, const Hybrid& h);

}  // namespace plinth::builtin::depthwise

#endif  // PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_H_
