// Pooling fast path compiled with AVX2: the channel loops of pooling_fast_impl.h become 8-lane
// vaddps / vmaxps / vpmaxsd (and vcvtdq2pd / vdivpd for the quantized average).
#define PLINTH_POOL_ISA_NS avx2
#include "builtin_ops/nn/pooling_fast_impl.h"

namespace plinth::builtin::pool {

Kernels Avx2Kernels() { return avx2::MakeKernels(); }

}  // namespace plinth::builtin::pool
