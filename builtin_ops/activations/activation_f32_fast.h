// Float LOGISTIC, TANH, GELU, HARD_SWISH and SOFTMAX fast paths, portable C++ and
// AVX2.
//
// The reference kernels call glibc's expf / tanhf. The fast paths evaluate exp in double (a
// degree-10 Taylor polynomial of e^r, |r| <= ln2 / 2, after Cody-Waite reduction: relative error
// below 5e-13 before the final rounding) and round once to float, which gives the correctly
// rounded value except within ~5e-13 (relative) of a rounding boundary. LOGISTIC and SOFTMAX then
// run the reference formulas' own float steps in their order (LOGISTIC's cut-offs and
// 1 / (1 + e), SOFTMAX's sequential sum and division), so they differ from the reference only
// where glibc's expf rounds differently. TANH is computed entirely in double (odd Taylor series
// below |x| = 0.125, (e - 1) / (e + 1) with e = exp(2|x|) above) and rounded once: it is the
// correctly rounded tanh, which glibc 2.36's tanhf (fdlibm's formula in float) is not — they
// differ by up to 2 ulp. Measured over a dense sweep (22.9 million inputs in [-40, 40] and
// specials; tests/builtin_ops/activations_fast_test.cc fails above these bounds):
//   LOGISTIC: <= 2 ulp from the reference kernel (202 inputs above 1 ulp: 1 ulp of expf can move
//             1 + e by one ulp of 2), 0 ulp from the same formula with a correctly rounded exp;
//   TANH:     <= 2 ulp from the reference kernel, 0 ulp from the correctly rounded tanh
//             (relative error <= 6e-8);
//   GELU (approximate = true): the reference's float formula around the correctly rounded tanh,
//             within 4.8e-7 absolute of the reference kernel (one ulp of outputs near 4; TFLite's
//             own kernel, with Eigen's tanh, is allowed 1e-6 by the differential cases) and
//             4.3e-7 of the formula in double (as the reference);
//   GELU (approximate = false): erfc from a Chebyshev series in double (relative error 1.4e-14,
//             activation_f32_fast_math.h) around the reference's float steps: 0 ulp from the
//             formula with a correctly rounded erfc, <= 7 ulp from the reference kernel, whose
//             glibc erfcf is up to 4 ulp off (7 where erfc is subnormal, x < -13);
//   SOFTMAX:  0 ulp from the reference kernel on the test's rows (<= 1 allowed);
//   HARD_SWISH: exact (the reference's operations).
// The portable build has TANH and HARD_SWISH only (its scalar double exp is slower than glibc's
// expf, so LOGISTIC, SOFTMAX and GELU keep the reference loops there); they run the same
// operations in the same order as the AVX2 build (no FMA), so they give the same bits.
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
  F32MapFn gelu_tanh = nullptr;  // GELU with approximate = true
  F32MapFn gelu_erf = nullptr;   // GELU with approximate = false (AVX2 only)
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
