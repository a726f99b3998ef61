// Float LOGISTIC, TANH, HARD_SWISH and SOFTMAX fast paths, portable C++ and AVX2.
//
// exp and tanh are evaluated in double (a degree-10 Taylor polynomial of e^r on |r| <= ln2 / 2
// after Cody-Waite style reduction, relative error below 3e-13 before the final rounding) and
// rounded once to float: the float result is the correctly rounded value except where the exact
// value lies within ~3e-13 (relative) of a rounding boundary. The float steps around them
// (LOGISTIC's 1 / (1 + e), SOFTMAX's sequential sum and division) are the reference kernels' own,
// in their order, so the outputs differ from the reference (which calls glibc's expf / tanhf) only
// where those functions round differently. Measured over dense sweeps
// (tests/builtin_ops/activations_fast_test.cc, which fails above the bounds):
//   exp (within LOGISTIC / SOFTMAX):  <= 1 ulp from the correctly rounded value
//   LOGISTIC vs the reference kernel: <= 1 ulp;  TANH vs the reference (glibc tanhf): <= 1 ulp,
//   TANH vs the correctly rounded tanh: <= 1 ulp (rounded once from a double within 1e-12).
// HARD_SWISH is exact (same operations as the reference). The portable and AVX2 builds run the
// same double operations in the same order (no FMA), so they give the same bits.
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_F32_FAST_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_F32_FAST_H_

#include <cstddef>

#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::act {

// y[i] = f(x[i]) for i < n.
using F32MapFn = void (*)(const float* x, float* y, size_t n);
// One softmax row of n > 0 elements.
using SoftmaxRowFn = void (*)(const float* x, float* y, size_t n, float beta);

struct F32Kernels {
  F32MapFn logistic = nullptr, tanh = nullptr, hard_swish = nullptr;
  SoftmaxRowFn softmax = nullptr;
};

F32Kernels PortableF32Kernels();
#if defined(PLINTH_HAVE_AVX2_KERNELS)
F32Kernels Avx2F32Kernels();
#endif

// The kernels for `isa` (all null for the reference level).
F32Kernels SelectF32Kernels(gemm::Isa isa);

}  // namespace plinth::builtin::act

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_F32_FAST_H_
