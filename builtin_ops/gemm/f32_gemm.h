// Float GEMM micro-kernels and their weight packing.
//
// A micro-kernel computes `mr` (<= MR) rows of C = A x W over `nc` columns:
//   C[i][j] = clamp((sum_k A[i][k] * W[k][j]) + bias[j], min, max)     (or C += sum, accumulate)
// A is unpacked (row i at a + i * a_stride floats, kc values each); W is packed by PackF32* into
// panels of NR columns, each panel kc rows of NR floats, zero padded past the last column; bias is
// padded to whole panels (null: none). Every kernel sums the products in the order of k from zero
// (or from C) and adds the bias last. The exact kernels round each product before adding it: the
// reference kernels' arithmetic, so CONV_2D and FULLY_CONNECTED give the same bits on every path.
// The fused ones (FMA3, chosen with PLINTH_BUILTIN_FMA=1) are faster and round differently.
#ifndef PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_H_
#define PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_H_

#include <cstddef>
#include <cstdint>
#include <limits>

#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::gemm {

struct F32GemmArgs {
  const float* bias = nullptr;  // per column, whole panels; null = zero
  bool accumulate = false;      // start from C (then bias is ignored)
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
};

using F32GemmFn = void (*)(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                           const float* w, float* c, size_t c_stride, const F32GemmArgs& args);

// A micro-kernel with its tile; `rows1` serves a single row (GEMV) better than `fn` does.
struct F32Gemm {
  F32GemmFn fn = nullptr;
  F32GemmFn rows1 = nullptr;
  uint32_t mr = 1, nr = 1;
};

// The kernels of an ISA (the portable ones when the ISA has none); `fused` picks the FMA kernels
// where the ISA has them.
F32Gemm SelectF32Gemm(Isa isa, bool fused = false);

// Floats of a packed matrix with n columns and k rows: whole panels of nr columns.
inline size_t PackedF32Size(size_t n, size_t k, size_t nr) { return (n + nr - 1) / nr * nr * k; }

// Packs W given row by row per output column: W[k][j] = w[j * w_stride + k] (CONV_2D's OHWI
// filter, FULLY_CONNECTED's [units, depth] weights).
void PackF32NK(size_t n, size_t k, size_t nr, const float* w, size_t w_stride, float* packed);
// Packs W given as a row-major k x n matrix: W[k][j] = b[k * ldb + j] (BLAS's B).
void PackF32KN(size_t n, size_t k, size_t nr, const float* b, size_t ldb, float* packed);
// Copies n biases into whole panels of nr (zeros after n).
void PackF32Bias(size_t n, size_t nr, const float* bias, float* packed);

// ---- micro-kernels -----------------------------------------------------------------------------

// The plain C++ kernels (portable path and test references) are in f32_gemm_scalar.h.
#if defined(PLINTH_HAVE_AVX2_KERNELS)
void F32Gemm6x16Avx2(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                     const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
void F32Gemm1x16Avx2(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                     const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
void F32Gemm6x16Avx2Fma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
void F32Gemm1x16Avx2Fma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
// AVX-512 tiles of 12 rows and the same panels of 16 (CPUs with gemm::CpuHasAvx512Vnni); single
// rows stay with the AVX2 1x16 kernels.
constexpr uint32_t kF32Avx512Mr = 12;
void F32Gemm12x16Avx512(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
void F32Gemm12x16Avx512Fma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                           const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
#endif
#if defined(PLINTH_HAVE_NEON_KERNELS)
// NEON tiles: 6x16 on AArch64 (32 vector registers), 4x8 on 32-bit ARM (16). `Fma` builds fuse on
// AArch64 only; `1Row` serves single rows.
#if defined(__aarch64__)
constexpr uint32_t kF32NeonMr = 6, kF32NeonNr = 16;
#else
constexpr uint32_t kF32NeonMr = 4, kF32NeonNr = 8;
#endif
void F32GemmNeon(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
                 float* c, size_t c_stride, const F32GemmArgs& args);
void F32Gemm1RowNeon(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                     const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
void F32GemmNeonFma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                    const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
void F32Gemm1RowNeonFma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args);
#endif

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_F32_GEMM_H_
