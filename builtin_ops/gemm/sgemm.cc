#include "builtin_ops/gemm/sgemm.h"

#include <algorithm>
#include <cstring>

namespace plinth::builtin::gemm {
namespace {

// A kKc x kNc block of B (256 KiB: half of a Zen 2/3 L2) is packed once and streams from L2
// through the micro-kernel, while MR rows of A (6 KiB) stay in L1 across the block's panels.
// (The GotoBLAS order, a packed panel in L1 and MR rows broadcast from an A block in L2, measured
// 10-20% slower with these kernels on Zen 3: their unpacked A rows then stream from L2.)
constexpr size_t kKc = 256;
constexpr size_t kNc = 256;
constexpr size_t kMaxMr = 12;  // the tallest micro-kernel tile (12 on AVX-512, 6 on AVX2)

}  // namespace

size_t SgemmWorkspaceSize(const F32Gemm& kernel) { return PackedF32Size(kNc, kKc, kernel.nr); }

void Sgemm(const F32Gemm& kernel, size_t m, size_t n, size_t k, const float* a, size_t lda,
           const float* b, size_t ldb, float* c, size_t ldc, float* workspace) {
  if (k == 0) {
    for (size_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.f);
    return;
  }
  const size_t mr = kernel.mr;
  // Rows of A a multiple of 2 KiB apart share L1 sets (every second or fourth row) and evict each
  // other between a block's panels: such tiles are copied next to each other first, where the
  // block has enough panels (8) to repay the copy.
  const bool pack_a = lda % 512 == 0 && mr <= kMaxMr;
  alignas(64) float a_tile[kMaxMr * kKc];
  for (size_t jc = 0; jc < n; jc += kNc) {
    const size_t nb = std::min(kNc, n - jc);
    for (size_t pc = 0; pc < k; pc += kKc) {
      const size_t kb = std::min(kKc, k - pc);
      PackF32KN(nb, kb, kernel.nr, b + pc * ldb + jc, ldb, workspace);
      F32GemmArgs args;
      args.accumulate = pc > 0;  // continues each sum in k order: the same bits as one pass
      for (size_t ic = 0; ic < m; ic += mr) {
        const size_t mb = std::min(mr, m - ic);
        // A lone last row (49 = 8 x 6 + 1): the single-row kernel, not a whole tile for one row.
        if (mb == 1 || !pack_a || nb < 8 * kernel.nr) {
          const F32GemmFn fn = mb == 1 ? kernel.rows1 : kernel.fn;
          fn(mb, nb, kb, a + ic * lda + pc, lda, workspace, c + ic * ldc + jc, ldc, args);
          continue;
        }
        for (size_t i = 0; i < mb; ++i) {
          std::copy_n(a + (ic + i) * lda + pc, kb, a_tile + i * kb);
        }
        kernel.fn(mb, nb, kb, a_tile, kb, workspace, c + ic * ldc + jc, ldc, args);
      }
    }
  }
}

}  // namespace plinth::builtin::gemm
