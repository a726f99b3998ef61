// MEAN fast path compiled with AVX2: the inner loops of mean_fast_impl.h become 8-lane vaddps and
// vpaddd (with vpmovsxbd / vpmovzxbd widening for 8-bit inputs).
#define PLINTH_MEAN_ISA_NS avx2
#include "builtin_ops/reduction/mean_fast_impl.h"

namespace plinth::builtin::mean {

Kernels Avx2Kernels() { return avx2::MakeKernels(); }

}  // namespace plinth::builtin::mean
