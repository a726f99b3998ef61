#include "builtin_ops/gemm/sgemm.h"

#include <algorithm>
#include <cstring>

namespace plinth::builtin::gemm {
namespace {

// GotoBLAS / BLIS blocking with the roles of row-major C = A x B: a kKc x kNc block of B is packed
// once (it streams from L3), each kKc x NR panel of it (16 KiB for NR = 16) stays in L1 while the
// micro-kernel runs down kMc rows of A, whose kMc x kKc block (144 KiB) stays in L2 across the
// block's panels. The sizes are BLIS's for Zen with the same 6x16 tile.
constexpr size_t kKc = 256;
constexpr size_t kMc = 144;
constexpr size_t kNc = 4080;

}  // namespace

size_t SgemmWorkspaceSize(const F32Gemm& kernel) { return PackedF32Size(kNc, kKc, kernel.nr); }

void Sgemm(const F32Gemm& kernel, size_t m, size_t n, size_t k, const float* a, size_t lda,
           const float* b, size_t ldb, float* c, size_t ldc, float* workspace) {
  if (k == 0) {
    for (size_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.f);
    return;
  }
  const size_t mr = kernel.mr, nr = kernel.nr;
  // Whole tiles of MR rows per A block.
  const size_t mc = std::max<size_t>(mr, kMc / mr * mr);
  for (size_t jc = 0; jc < n; jc += kNc) {
    const size_t nb = std::min(kNc, n - jc);
    for (size_t pc = 0; pc < k; pc += kKc) {
      const size_t kb = std::min(kKc, k - pc);
      PackF32KN(nb, kb, nr, b + pc * ldb + jc, ldb, workspace);
      F32GemmArgs args;
      args.accumulate = pc > 0;  // continues each sum in k order: the same bits as one pass
      for (size_t ic = 0; ic < m; ic += mc) {
        const size_t ib = std::min(mc, m - ic);
        for (size_t jr = 0; jr < nb; jr += nr) {
          const size_t nc = std::min(nr, nb - jr);
          const float* panel = workspace + jr * kb;
          for (size_t ir = 0; ir < ib; ir += mr) {
            const size_t mb = std::min(mr, ib - ir);
            // A lone row: the single-row kernel, not a full tile computed for one row.
            const F32GemmFn fn = mb == 1 ? kernel.rows1 : kernel.fn;
            const size_t row = ic + ir;
            fn(mb, nc, kb, a + row * lda + pc, lda, panel, c + row * ldc + jc + jr, ldc, args);
          }
        }
      }
    }
  }
}

}  // namespace plinth::builtin::gemm
