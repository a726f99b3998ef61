// Float GEMM: kernel selection per ISA and weight packing.
#include "builtin_ops/gemm/f32_gemm.h"

#include <algorithm>
#include <cstring>

#include "builtin_ops/gemm/f32_gemm_scalar.h"

namespace plinth::builtin::gemm {

F32Gemm SelectF32Gemm(Isa isa, bool fused) {
  F32Gemm g;
  switch (isa) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
    case Isa::kAvx2Fma:
      g.rows1 = fused ? &F32Gemm1x16Avx2Fma : &F32Gemm1x16Avx2;
      g.nr = 16;
      if (CpuHasAvx512Vnni()) {
        g.fn = fused ? &F32Gemm12x16Avx512Fma : &F32Gemm12x16Avx512;
        g.mr = kF32Avx512Mr;
      } else {
        g.fn = fused ? &F32Gemm6x16Avx2Fma : &F32Gemm6x16Avx2;
        g.mr = 6;
      }
      return g;
#endif
#if defined(PLINTH_HAVE_NEON_KERNELS)
    case Isa::kNeon:
    case Isa::kNeonDot:
      g.fn = fused ? &F32GemmNeonFma : &F32GemmNeon;
      g.rows1 = fused ? &F32Gemm1RowNeonFma : &F32Gemm1RowNeon;
      g.mr = kF32NeonMr;
      g.nr = kF32NeonNr;
      return g;
#endif
    default:
      (void)fused;
      g.fn = &F32GemmScalar<4, 8>;
      g.rows1 = &F32GemmScalar<1, 8>;
      g.mr = 4;
      g.nr = 8;
      return g;
  }
}

void PackF32NK(size_t n, size_t k, size_t nr, const float* w, size_t w_stride, float* packed) {
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    const size_t nb = std::min(nr, n - n0);
    for (size_t kk = 0; kk < k; ++kk) {
      for (size_t j = 0; j < nb; ++j) packed[j] = w[(n0 + j) * w_stride + kk];
      for (size_t j = nb; j < nr; ++j) packed[j] = 0.f;
      packed += nr;
    }
  }
}

void PackF32KN(size_t n, size_t k, size_t nr, const float* b, size_t ldb, float* packed) {
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    const size_t nb = std::min(nr, n - n0);
    const float* src = b + n0;
    if (nb == 16) {
      // Whole panels of the AVX2 tile as fixed-size copies (inlined, no memcpy call per row).
      for (size_t kk = 0; kk < k; ++kk, packed += 16) {
        std::memcpy(packed, src + kk * ldb, 16 * sizeof(float));
      }
      continue;
    }
    for (size_t kk = 0; kk < k; ++kk) {
      std::memcpy(packed, src + kk * ldb, nb * sizeof(float));
      std::fill(packed + nb, packed + nr, 0.f);
      packed += nr;
    }
  }
}

void PackF32Bias(size_t n, size_t nr, const float* bias, float* packed) {
  const size_t padded = (n + nr - 1) / nr * nr;
  for (size_t j = 0; j < padded; ++j) packed[j] = bias != nullptr && j < n ? bias[j] : 0.f;
}

}  // namespace plinth::builtin::gemm
