// Portable float binary kernels (plain loops the compiler may vectorize; no reassociation is
// involved, so every element is the reference's) and the per-ISA selection.
#include "builtin_ops/elementwise/binary_f32_fast.h"

namespace plinth::builtin::ew {
namespace {

template <F32Op kOp>
inline float Apply(float a, float b) {
  if constexpr (kOp == F32Op::kAdd) return a + b;
  if constexpr (kOp == F32Op::kSub) return a - b;
  if constexpr (kOp == F32Op::kMul) return a * b;
  if constexpr (kOp == F32Op::kDiv) return a / b;
  if constexpr (kOp == F32Op::kSquaredDifference) return (a - b) * (a - b);
  if constexpr (kOp == F32Op::kMaximum) return a > b ? a : b;
  if constexpr (kOp == F32Op::kMinimum) return a < b ? a : b;
}

template <F32Op kOp, bool kClamp, bool kScalarA, bool kScalarB>
void Run(const float* a, const float* b, float* out, size_t n, float lo, float hi) {
  for (size_t i = 0; i < n; ++i) {
    float v = Apply<kOp>(kScalarA ? a[0] : a[i], kScalarB ? b[0] : b[i]);
    if constexpr (kClamp) {
      // std::min(std::max(v, lo), hi), as the reference: NaN passes through.
      v = v < lo ? lo : v;
      v = hi < v ? hi : v;
    }
    out[i] = v;
  }
}

template <F32Op kOp, bool kClamp>
F32BinaryKernels Kernels() {
  return {&Run<kOp, kClamp, false, false>, &Run<kOp, kClamp, true, false>,
          &Run<kOp, kClamp, false, true>};
}

template <F32Op kOp>
F32BinaryKernels Kernels(bool clamp) {
  return clamp ? Kernels<kOp, true>() : Kernels<kOp, false>();
}

}  // namespace

F32BinaryKernels F32BinaryPortable(F32Op op, bool clamp) {
  switch (op) {
    case F32Op::kAdd:
      return Kernels<F32Op::kAdd>(clamp);
    case F32Op::kSub:
      return Kernels<F32Op::kSub>(clamp);
    case F32Op::kMul:
      return Kernels<F32Op::kMul>(clamp);
    case F32Op::kDiv:
      return Kernels<F32Op::kDiv>(clamp);
    case F32Op::kSquaredDifference:
      return Kernels<F32Op::kSquaredDifference>(clamp);
    case F32Op::kMaximum:
      return Kernels<F32Op::kMaximum>(clamp);
    case F32Op::kMinimum:
      return Kernels<F32Op::kMinimum>(clamp);
  }
  return {};
}

F32BinaryKernels SelectF32Binary(F32Op op, bool clamp, gemm::Isa isa) {
  switch (isa) {
    case gemm::Isa::kReference:
      return {};
    case gemm::Isa::kAvx2Fma:
#if defined(PLINTH_HAVE_AVX2_KERNELS)
      return F32BinaryAvx2(op, clamp);
#endif
    case gemm::Isa::kPortable:
    case gemm::Isa::kNeon:  // no NEON variant yet: the portable kernels serve ARM
    case gemm::Isa::kNeonDot:
      break;
  }
  return F32BinaryPortable(op, clamp);
}

}  // namespace plinth::builtin::ew
