#include "builtin_ops/gemm/requant_s8.h"

namespace plinth::builtin::gemm {
namespace {

// The ISA whose vector requantization this build has.
bool VectorIsa(Isa isa) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  return isa == Isa::kAvx2Fma;
#elif defined(PLINTH_HAVE_NEON_KERNELS)
  return IsNeon(isa);
#else
  (void)isa;
  return false;
#endif
}

}  // namespace

void MakeRequantS8Vectors(const nn::Requant& r, Isa isa, RequantS8Vectors* v) {
  v->usable = false;
  v->left_shifts = false;
  v->multiplier.clear();
  v->left_shift.clear();
  v->right_shift.clear();
  v->round_mask.clear();
  v->round_half.clear();
  if (!VectorIsa(isa)) return;
  for (const QuantizedMultiplier& m : r.multipliers) {
    // Zero multipliers (channels whose weights are all zero, common in pruned models) give zero
    // through the vector code as through the scalar one.
    if (m.multiplier < 0 || m.shift > 30 || m.shift < -31) return;
    v->multiplier.push_back(m.multiplier);
    v->left_shift.push_back(m.shift > 0 ? m.shift : 0);
    v->left_shifts = v->left_shifts || m.shift > 0;
    v->right_shift.push_back(m.shift > 0 ? 0 : -m.shift);
    const int32_t mask =
        static_cast<int32_t>((uint32_t{1} << static_cast<uint32_t>(v->right_shift.back())) - 1);
    v->round_mask.push_back(mask);
    v->round_half.push_back(mask >> 1);
  }
  v->usable = true;
}

void MakeRequantU8Params(const nn::Requant& r, Isa isa, RequantU8Params* p) {
  p->usable = false;
  if (!VectorIsa(isa) || r.multipliers.empty()) return;
  const QuantizedMultiplier m = r.multipliers[0];
  for (const QuantizedMultiplier& other : r.multipliers) {
    if (other.multiplier != m.multiplier || other.shift != m.shift) return;
  }
  p->multiplier = m.multiplier;
  p->total_shift = 31 - m.shift;
  p->usable = p->total_shift >= 1 && p->total_shift <= 62;
}

}  // namespace plinth::builtin::gemm
