// Single-threaded SGEMM on row-major matrices, C = A x B, built from the GEMM micro-kernels with
// cache blocking (sgemm.cc): B is packed in blocks of 256 x 256 (kept in L2), each micro-kernel
// call reuses MR rows of A (in L1) across the block's panels. The benchmarks compare it with BLAS.
#ifndef PLINTH_BUILTIN_OPS_GEMM_SGEMM_H_
#define PLINTH_BUILTIN_OPS_GEMM_SGEMM_H_

#include <cstddef>

#include "builtin_ops/gemm/f32_gemm.h"

namespace plinth::builtin::gemm {

// Floats of workspace Sgemm needs.
size_t SgemmWorkspaceSize(const F32Gemm& kernel);

void Sgemm(const F32Gemm& kernel, size_t m, size_t n, size_t k, const float* a, size_t lda,
           const float* b, size_t ldb, float* c, size_t ldc, float* workspace);

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_SGEMM_H_
