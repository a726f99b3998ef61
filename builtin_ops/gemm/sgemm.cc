#include "builtin_ops/gemm/sgemm.h"

#include <algorithm>
#include <cstring>

namespace plinth::builtin::gemm {
namespace {

// A kKc x kNc block of B is 256 KiB: half of a Zen 2 / Skylake L2.
constexpr size_t kKc = 256;
constexpr size_t kNc = 256;

}  // namespace

size_t SgemmWorkspaceSize(const F32Gemm& kernel) { return PackedF32Size(kNc, kKc, kernel.nr); }

void Sgemm(const F32Gemm& kernel, size_t m, size_t n, size_t k, const float* a, size_t lda,
           const float* b, size_t ldb, float* c, size_t ldc, float* workspace) {
  if (k == 0) {
    for (size_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.f);
    return;
  }
  for (size_t jc = 0; jc < n; jc += kNc) {
    const size_t nb = std::min(kNc, n - jc);
    for (size_t pc = 0; pc < k; pc += kKc) {
      const size_t kb = std::min(kKc, k - pc);
      PackF32KN(nb, kb, kernel.nr, b + pc * ldb + jc, ldb, workspace);
      F32GemmArgs args;
      args.accumulate = pc > 0;
      for (size_t ic = 0; ic < m; ic += kernel.mr) {
        const size_t mb = std::min<size_t>(kernel.mr, m - ic);
        kernel.fn(mb, nb, kb, a + ic * lda + pc, lda, workspace, c + ic * ldc + jc, ldc, args);
      }
    }
  }
}

}  // namespace plinth::builtin::gemm
