// AVX2 float binary kernels: 16 elements per step, masked loads and stores for the last ones.
// vmaxps/vminps return their second operand when either is NaN, so max(a, b) is the reference's
// a > b ? a : b and the clamp min(hi, max(lo, v)) is its std::min(std::max(v, lo), hi).
#include <immintrin.h>

#include "builtin_ops/elementwise/binary_f32_fast.h"
#include "builtin_ops/gemm/f32_gemm_avx2_util.h"

namespace plinth::builtin::ew {
namespace {

template <F32Op kOp>
inline __m256 Apply(__m256 a, __m256 b) {
  if constexpr (kOp == F32Op::kAdd) return _mm256_add_ps(a, b);
  if constexpr (kOp == F32Op::kSub) return _mm256_sub_ps(a, b);
  if constexpr (kOp == F32Op::kMul) return _mm256_mul_ps(a, b);
  if constexpr (kOp == F32Op::kDiv) return _mm256_div_ps(a, b);
  if constexpr (kOp == F32Op::kSquaredDifference) {
    const __m256 d = _mm256_sub_ps(a, b);
    return _mm256_mul_ps(d, d);
  }
  if constexpr (kOp == F32Op::kMaximum) return _mm256_max_ps(a, b);
  if constexpr (kOp == F32Op::kMinimum) return _mm256_min_ps(a, b);
}

template <F32Op kOp, bool kClamp>
inline __m256 Compute(__m256 a, __m256 b, __m256 lo, __m256 hi) {
  const __m256 v = Apply<kOp>(a, b);
  if constexpr (kClamp) return gemm::avx2::Clamp(v, lo, hi);
  return v;
}

template <F32Op kOp, bool kClamp, bool kScalarA, bool kScalarB>
void Run(const float* a, const float* b, float* out, size_t n, float lo_value, float hi_value) {
  const __m256 lo = _mm256_set1_ps(lo_value), hi = _mm256_set1_ps(hi_value);
  const __m256 sa = kScalarA ? _mm256_set1_ps(a[0]) : _mm256_setzero_ps();
  const __m256 sb = kScalarB ? _mm256_set1_ps(b[0]) : _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256 a0 = kScalarA ? sa : _mm256_loadu_ps(a + i);
    const __m256 a1 = kScalarA ? sa : _mm256_loadu_ps(a + i + 8);
    const __m256 b0 = kScalarB ? sb : _mm256_loadu_ps(b + i);
    const __m256 b1 = kScalarB ? sb : _mm256_loadu_ps(b + i + 8);
    _mm256_storeu_ps(out + i, Compute<kOp, kClamp>(a0, b0, lo, hi));
    _mm256_storeu_ps(out + i + 8, Compute<kOp, kClamp>(a1, b1, lo, hi));
  }
  for (; i < n; i += 8) {
    const size_t left = n - i < 8 ? n - i : 8;
    const __m256i mask = gemm::avx2::FirstLanes(left);
    // Masked-off lanes read as 0 (0 / 0 gives a NaN there, which is never stored).
    const __m256 av = kScalarA ? sa : _mm256_maskload_ps(a + i, mask);
    const __m256 bv = kScalarB ? sb : _mm256_maskload_ps(b + i, mask);
    _mm256_maskstore_ps(out + i, mask, Compute<kOp, kClamp>(av, bv, lo, hi));
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

F32BinaryKernels F32BinaryAvx2(F32Op op, bool clamp) {
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

}  // namespace plinth::builtin::ew
