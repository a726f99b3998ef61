// Vectorized requantization of int8 outputs, bit-exact with nn::Requantize<int8_t>(int32 acc):
// TFLite's double-rounding MultiplyByQuantizedMultiplier (left shift, saturating rounding doubling
// high multiply, rounding divide by a power of two), output offset, clamp. The per-channel
// parameters are kept as separate arrays so eight channels load at once.
#ifndef PLINTH_BUILTIN_OPS_GEMM_REQUANT_S8_H_
#define PLINTH_BUILTIN_OPS_GEMM_REQUANT_S8_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "builtin_ops/gemm/isa.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::gemm {

struct RequantS8Vectors {
  std::vector<int32_t> multiplier, left_shift, right_shift;
  std::vector<int32_t> round_mask, round_half;  // 2^right_shift - 1 and half of that, rounded down
  bool usable = false;       // the vector path (AVX2 or NEON) serves these parameters on this CPU
  bool left_shifts = false;  // some channel's multiplier shifts left (a scale of 1 or more)
};

// The requantization variants of the vector lanes (avx2::S8TileLanes, avx512::S8Lanes16) leave
// out what the parameters make idle: the left shift where no channel has one (kShift), and clamp
// bounds that are int8's own (kLo, kHi; the callers' saturating narrow applies them). Calls
// fn(std::type_identity<Lanes<kShift, kLo, kHi>>{}) with the variant for these parameters:
// `left_shifts` whether any channel the lanes cover shifts left, [qmin, qmax] the clamp.
template <template <bool, bool, bool> class Lanes, class Fn>
inline void WithS8Variant(bool left_shifts, int32_t qmin, int32_t qmax, Fn&& fn) {
  if (left_shifts) {
    fn(std::type_identity<Lanes<true, true, true>>{});
  } else if (qmax != 127) {
    fn(std::type_identity<Lanes<false, true, true>>{});
  } else if (qmin != -128) {
    fn(std::type_identity<Lanes<false, true, false>>{});
  } else {
    fn(std::type_identity<Lanes<false, false, false>>{});
  }
}

// Splits r's multipliers for the vector path; leaves v->usable false without AVX2 or NEON, for a
// shift outside what the vector code handles, or for a negative multiplier (never made by
// QuantizeMultiplier; excluding it rules out the saturating INT32_MIN x INT32_MIN).
void MakeRequantS8Vectors(const nn::Requant& r, Isa isa, RequantS8Vectors* v);

#if defined(PLINTH_HAVE_AVX2_KERNELS)
// Requantizes the first n - n % 8 outputs: out[j] = clamp(MBQM(acc[j] + bias[j]) + offset);
// bias may be null. Returns how many it wrote.
size_t RequantizeS8Avx2(const int32_t* acc, const int32_t* bias, const int32_t* multiplier,
                        const int32_t* left_shift, const int32_t* right_shift,
                        const int32_t* round_mask, const int32_t* round_half, int32_t output_offset,
                        int32_t qmin, int32_t qmax, size_t n, int8_t* out);
#endif

// uint8 outputs (legacy per-tensor models): nn::Requantize<uint8_t>'s single-rounding
// (x * M + 2^(s - 1)) >> s, one multiplier for every channel.
struct RequantU8Params {
  int32_t multiplier = 0, total_shift = 0;
  bool usable = false;  // AVX2 or NEON on this CPU, one multiplier, 1 <= total_shift <= 62
};
void MakeRequantU8Params(const nn::Requant& r, Isa isa, RequantU8Params* p);

#if defined(PLINTH_HAVE_AVX2_KERNELS)
// Requantizes the first n - n % 8 outputs (bias may be null); returns how many it wrote.
size_t RequantizeU8Avx2(const int32_t* acc, const int32_t* bias, const RequantU8Params& p,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, uint8_t* out);
#endif

#if defined(PLINTH_HAVE_NEON_KERNELS)
// The NEON versions of the two above (VQRDMULH is gemmlowp's rounding doubling high multiply, and
// a fix-up before VRSHL rounds ties away from zero), same contract.
size_t RequantizeS8Neon(const int32_t* acc, const int32_t* bias, const int32_t* multiplier,
                        const int32_t* left_shift, const int32_t* right_shift,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, int8_t* out);
size_t RequantizeU8Neon(const int32_t* acc, const int32_t* bias, const RequantU8Params& p,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, uint8_t* out);
#endif

#if defined(PLINTH_HAVE_AVX2_KERNELS) || defined(PLINTH_HAVE_NEON_KERNELS)
#define PLINTH_HAVE_VECTOR_REQUANT 1
// The build's vector requantization (AVX2 or NEON; one build has one), for callers that hold
// parameters made usable by MakeRequantS8Vectors / MakeRequantU8Params.
inline size_t RequantizeS8Vector(const int32_t* acc, const int32_t* bias, const RequantS8Vectors& v,
                                 int32_t output_offset, int32_t qmin, int32_t qmax, size_t n,
                                 int8_t* out, size_t channel0) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  return RequantizeS8Avx2(acc, bias, v.multiplier.data() + channel0, v.left_shift.data() + channel0,
                          v.right_shift.data() + channel0, v.round_mask.data() + channel0,
                          v.round_half.data() + channel0, output_offset, qmin, qmax, n, out);
#else
  return RequantizeS8Neon(acc, bias, v.multiplier.data() + channel0, v.left_shift.data() + channel0,
                          v.right_shift.data() + channel0, output_offset, qmin, qmax, n, out);
#endif
}
inline size_t RequantizeU8Vector(const int32_t* acc, const int32_t* bias, const RequantU8Params& p,
                                 int32_t output_offset, int32_t qmin, int32_t qmax, size_t n,
                                 uint8_t* out) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  return RequantizeU8Avx2(acc, bias, p, output_offset, qmin, qmax, n, out);
#else
  return RequantizeU8Neon(acc, bias, p, output_offset, qmin, qmax, n, out);
#endif
}
#endif

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_REQUANT_S8_H_
