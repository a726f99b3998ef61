// Float ADD, SUB, MUL, DIV, SQUARED_DIFFERENCE, MAXIMUM and MINIMUM over contiguous runs (see
// binary_fast_plan.h), portable C++ and AVX2. Every lane computes what the reference kernel
// computes for that element, with the same IEEE operations and the same clamp (NaN kept), so the
// outputs are the reference's bits.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_BINARY_F32_FAST_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_BINARY_F32_FAST_H_

#include <cstddef>

#include "builtin_ops/elementwise/binary_fast_plan.h"
#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::ew {

enum class F32Op { kAdd, kSub, kMul, kDiv, kSquaredDifference, kMaximum, kMinimum };

// out[i] = clamp(a[i or 0] op b[i or 0]) for i < n; `clamp` false skips the clamp (ops without a
// fused activation).
using F32BinaryFn = void (*)(const float* a, const float* b, float* out, size_t n, float lo,
                             float hi);

struct F32BinaryKernels {
  F32BinaryFn vv = nullptr, sv = nullptr, vs = nullptr;  // s: that operand is one value
};

F32BinaryKernels F32BinaryPortable(F32Op op, bool clamp);
#if defined(PLINTH_HAVE_AVX2_KERNELS)
F32BinaryKernels F32BinaryAvx2(F32Op op, bool clamp);
#endif

// The kernels for `isa`; all null for Isa::kReference.
F32BinaryKernels SelectF32Binary(F32Op op, bool clamp, gemm::Isa isa);

// The kernel serving plan `p`'s operand modes.
inline F32BinaryFn PlanKernel(const F32BinaryKernels& k, const BinaryPlan& p) {
  if (p.a_mode() == Operand::kScalar) return k.sv;
  return p.b_mode() == Operand::kScalar ? k.vs : k.vv;
}

}  // namespace plinth::builtin::ew

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_BINARY_F32_FAST_H_
