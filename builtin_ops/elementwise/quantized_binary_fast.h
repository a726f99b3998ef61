// Fast paths of the 8-bit quantized ADD, SUB and MUL over contiguous runs (binary_fast_plan.h):
// portable (the reference's per-element arithmetic without the broadcast walk), AVX2 (eight lanes
// of the same fixed-point steps) and AVX-512 (sixteen). Bit-exact with the reference kernels.
#ifndef PLINTH_BUILTIN_OPS_ELEMENTWISE_QUANTIZED_BINARY_FAST_H_
#define PLINTH_BUILTIN_OPS_ELEMENTWISE_QUANTIZED_BINARY_FAST_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "builtin_ops/elementwise/binary_fast_plan.h"
#include "builtin_ops/elementwise/quantized_binary.h"
#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::ew {

struct QuantizedFast {
  bool usable = false;  // the fast path serves this node
  bool avx2 = false;    // with the AVX2 kernels (else portable)
  bool avx512 = false;  // with the AVX-512 kernels (a CPU with gemm::CpuHasAvx512Vnni)
  BinaryPlan plan;
};

// Decides whether the prepared kernel `q` on these shapes has a fast path under `isa`.
void PrepareQuantizedFast(const QuantizedBinary& q, PlinthType type, const std::vector<int32_t>& a,
                          const std::vector<int32_t>& b, const Broadcast& bc, gemm::Isa isa,
                          QuantizedFast* fast);

// Runs it (after PrepareQuantizedFast set fast.usable).
void RunQuantizedFast(const KernelContext& ctx, const QuantizedBinary& q,
                      const QuantizedFast& fast);

// Whether an ADD/SUB input's scaling is a plain shift: the input with the larger scale gets the
// multiplier 0.5 exactly (2^30, shift 0), and SaturatingRoundingDoublingHighMul(v << 20, 2^30)
// is then v << 19 with nothing to round, and its division by 2^0 the identity.
inline bool HalvingInputScale(const QuantizedMultiplier& m) {
  return m.multiplier == (int32_t{1} << 30) && m.shift == 0;
}

#if defined(PLINTH_HAVE_AVX2_KERNELS)
// The first n - n % 8 elements of a run; returns how many were written. scalar_a / scalar_b: that
// operand is one value. The caller finishes the tail with the scalar code.
template <class T>
size_t AddSubAvx2(const AddSubParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
                  bool scalar_b);
template <class T>
size_t MulAvx2(const MulParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
               bool scalar_b);
// The same on 16 lanes, the whole run (masked loads and stores for the last n % 16).
template <class T>
void AddSubAvx512(const AddSubParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
                  bool scalar_b);
template <class T>
void MulAvx512(const MulParams& p, const T* a, const T* b, T* out, size_t n, bool scalar_a,
               bool scalar_b);
#endif

}  // namespace plinth::builtin::ew

#endif  // PLINTH_BUILTIN_OPS_ELEMENTWISE_QUANTIZED_BINARY_FAST_H_
