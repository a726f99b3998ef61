// Float GEMM micro-kernels, NEON: MR rows x NR columns (NR a multiple of 4) of one packed panel,
// MR * NR / 4 accumulators; each k broadcasts one value per row and multiplies it with the panel
// row, in the order of k, bias last. AArch64 (32 vector registers) runs 6x16, 32-bit ARM (16) runs
// 4x8; both have a single-row build for matrix x vector. Exact builds (product rounded, then added:
// the reference kernels' bits) and fused ones (PLINTH_BUILTIN_FMA=1; AArch64 only, see Madd).
#include <arm_neon.h>

#include <cstring>

#include "builtin_ops/gemm/f32_gemm.h"
#include "builtin_ops/gemm/f32_gemm_neon_util.h"

namespace plinth::builtin::gemm {
namespace {

template <size_t kMr, size_t kNr, bool kFused>
void Kernel(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
            float* c, size_t c_stride, const F32GemmArgs& args) {
  constexpr size_t kV = kNr / 4;
  // Rows past mr alias the last real row: computed twice, stored to the same place.
  const float* ar[kMr];
  float* cr[kMr];
  for (size_t i = 0; i < kMr; ++i) {
    const size_t row = i < mr ? i : mr - 1;
    ar[i] = a + row * a_stride;
    cr[i] = c + row * c_stride;
  }
  const float32x4_t lo = vdupq_n_f32(args.min), hi = vdupq_n_f32(args.max);
  const float* bias = args.bias;
  for (size_t col = 0; col < nc; col += kNr) {
    const size_t nb = nc - col < kNr ? nc - col : kNr;
    float32x4_t acc[kMr][kV];
    if (args.accumulate) {
      for (size_t i = 0; i < kMr; ++i) {
        float tmp[kNr] = {};
        const float* src = cr[i] + col;
        if (nb < kNr) {
          std::memcpy(tmp, src, nb * sizeof(float));
          src = tmp;
        }
        for (size_t v = 0; v < kV; ++v) acc[i][v] = vld1q_f32(src + 4 * v);
      }
    } else {
      for (size_t i = 0; i < kMr; ++i) {
        for (size_t v = 0; v < kV; ++v) acc[i][v] = vdupq_n_f32(0.f);
      }
    }
    for (size_t k = 0; k < kc; ++k, w += kNr) {
      float32x4_t wv[kV];
      for (size_t v = 0; v < kV; ++v) wv[v] = vld1q_f32(w + 4 * v);
      for (size_t i = 0; i < kMr; ++i) {
        const float32x4_t x = vld1q_dup_f32(ar[i] + k);
        for (size_t v = 0; v < kV; ++v) acc[i][v] = neon::Madd<kFused>(acc[i][v], x, wv[v]);
      }
    }
    if (!args.accumulate && bias != nullptr) {
      for (size_t v = 0; v < kV; ++v) {
        const float32x4_t b = vld1q_f32(bias + col + 4 * v);  // bias is padded to whole panels
        for (size_t i = 0; i < kMr; ++i) acc[i][v] = vaddq_f32(acc[i][v], b);
      }
    }
    for (size_t i = kMr; i-- > 0;) {
      float tmp[kNr];
      float* dst = nb < kNr ? tmp : cr[i] + col;
      for (size_t v = 0; v < kV; ++v) vst1q_f32(dst + 4 * v, neon::Clamp(acc[i][v], lo, hi));
      if (nb < kNr) std::memcpy(cr[i] + col, tmp, nb * sizeof(float));
    }
  }
}

constexpr size_t kRows = kF32NeonMr, kCols = kF32NeonNr;

}  // namespace

void F32GemmNeon(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
                 float* c, size_t c_stride, const F32GemmArgs& args) {
  Kernel<kRows, kCols, false>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}
void F32Gemm1RowNeon(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                     const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  for (size_t i = 0; i < mr; ++i) {
    Kernel<1, kCols, false>(1, nc, kc, a + i * a_stride, a_stride, w, c + i * c_stride, c_stride,
                            args);
  }
}
void F32GemmNeonFma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                    const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  Kernel<kRows, kCols, true>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}
void F32Gemm1RowNeonFma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  for (size_t i = 0; i < mr; ++i) {
    Kernel<1, kCols, true>(1, nc, kc, a + i * a_stride, a_stride, w, c + i * c_stride, c_stride,
                           args);
  }
}

}  // namespace plinth::builtin::gemm
