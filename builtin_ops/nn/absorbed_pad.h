// An explicit PAD / PADV2 done by the convolution that reads it: the converter writes one before
// many convolutions (PyTorch's asymmetric padding, TF's explicit paddings), and as its own node it
// copies the whole tensor once more. CONV_2D and DEPTHWISE_CONV_2D absorb it through the core's
// producer absorption (PlinthOpRegistration.absorb_producer) and treat it as window padding.
#ifndef PLINTH_BUILTIN_OPS_NN_ABSORBED_PAD_H_
#define PLINTH_BUILTIN_OPS_NN_ABSORBED_PAD_H_

#include <cstdint>

#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin::nn {

// Height and width padding taken over from an absorbed PAD (all zero when none was).
struct ExplicitPadding {
  int32_t top = 0, bottom = 0, left = 0, right = 0;
};

// PLINTH_OK when `producer` is a PAD or PADV2 whose output a convolution with `filter` may replace
// by window padding: constant non-negative paddings on height and width only, a padding value the
// convolution's own padding equals (0.0 for float, the zero point of an unchanged quantization),
// and no hybrid (float input, int8 filter) convolution. Fills *pad. PLINTH_UNSUPPORTED otherwise.
PlinthStatus AcceptPadProducer(const KernelContext& producer, const Tensor& filter,
                               ExplicitPadding* pad);

// One spatial dimension of a convolution window over `in` values with `before`/`after` absorbed
// padding: the output size and the total leading padding (absorbed plus SAME's own).
PlinthStatus ConvWindow(const KernelContext& ctx, int64_t padding, int32_t in, int32_t before,
                        int32_t after, int32_t filter, int32_t stride, int32_t dilation,
                        const char* dim, int32_t* out, int32_t* pad_before);

}  // namespace plinth::builtin::nn

#endif  // PLINTH_BUILTIN_OPS_NN_ABSORBED_PAD_H_
