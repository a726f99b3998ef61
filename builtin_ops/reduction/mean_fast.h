// MEAN fast path for reductions over a block of middle (or leading) axes, e.g. [1, 2] of NHWC: the
// input seen as [outer, reduce, inner] and summed one inner row at a time, so the sums are vector
// adds over the channels. Each float output adds its inputs in the reference's order (row-major),
// so float means are the reference's bits; the integer sums wrap as the reference's int32 sums do.
// The same loops are compiled for the baseline ISA and with AVX2 (mean_fast_avx2.cc).
#ifndef PLINTH_BUILTIN_OPS_REDUCTION_MEAN_FAST_H_
#define PLINTH_BUILTIN_OPS_REDUCTION_MEAN_FAST_H_

#include <cstdint>

#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::mean {

// sums[o * inner + i] = sum over r of in[(o * reduce + r) * inner + i], in order of r.
using F32SumFn = void (*)(const float* in, float* sums, int64_t outer, int64_t reduce,
                          int64_t inner);
using S8SumFn = void (*)(const int8_t* in, int32_t* sums, int64_t outer, int64_t reduce,
                         int64_t inner);
using U8SumFn = void (*)(const uint8_t* in, int32_t* sums, int64_t outer, int64_t reduce,
                         int64_t inner);

struct Kernels {
  F32SumFn f32 = nullptr;
  S8SumFn s8 = nullptr;
  U8SumFn u8 = nullptr;
};

Kernels PortableKernels();
#if defined(PLINTH_HAVE_AVX2_KERNELS)
Kernels Avx2Kernels();
#endif

// The kernels for `isa` (all null for the reference level).
Kernels SelectKernels(gemm::Isa isa);

}  // namespace plinth::builtin::mean

#endif  // PLINTH_BUILTIN_OPS_REDUCTION_MEAN_FAST_H_
