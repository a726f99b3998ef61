// Plain C++ float GEMM micro-kernel of any tile: the portable path (4x8) and the reference each
// SIMD micro-kernel is tested against (same tile, same packing). Each output sums its products in
// the order of k from zero (or from C when accumulating) and adds the bias last.
#ifndef PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_SCALAR_H_
#define PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_SCALAR_H_

#include <algorithm>

#include "builtin_ops/gemm/f32_gemm.h"

namespace plinth::builtin::gemm {

template <uint32_t MR, uint32_t NR>
void F32GemmScalar(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
                   float* c, size_t c_stride, const F32GemmArgs& args) {
  const float* bias = args.bias;
  for (size_t n0 = 0; n0 < nc; n0 += NR) {
    const size_t nb = std::min<size_t>(NR, nc - n0);
    float acc[MR][NR];
    for (size_t i = 0; i < MR; ++i) {
      for (size_t j = 0; j < NR; ++j) {
        acc[i][j] = args.accumulate && i < mr && j < nb ? c[i * c_stride + n0 + j] : 0.f;
      }
    }
    for (size_t k = 0; k < kc; ++k) {
      const float* wk = w + k * NR;
      for (size_t i = 0; i < mr; ++i) {
        const float x = a[i * a_stride + k];
        for (size_t j = 0; j < NR; ++j) acc[i][j] += x * wk[j];
      }
    }
    w += kc * NR;
    for (size_t i = 0; i < mr; ++i) {
      for (size_t j = 0; j < nb; ++j) {
        // Bias last, as the reference kernels add it; the value first keeps NaN, as nn::Clamp
        // does.
        const float v = !args.accumulate && bias != nullptr ? acc[i][j] + bias[n0 + j] : acc[i][j];
        c[i * c_stride + n0 + j] = std::min(std::max(v, args.min), args.max);
      }
    }
  }
}

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_SCALAR_H_
