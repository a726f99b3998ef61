// Vectorized requantization of int8 outputs, bit-exact with nn::Requantize<int8_t>(int32 acc):
// TFLite's double-rounding MultiplyByQuantizedMultiplier (left shift, saturating rounding doubling
// high multiply, rounding divide by a power of two), output offset, clamp. The per-channel
// parameters are kept as separate arrays so eight channels load at once.
#ifndef PLINTH_BUILTIN_OPS_GEMM_REQUANT_S8_H_
#define PLINTH_BUILTIN_OPS_GEMM_REQUANT_S8_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "builtin_ops/gemm/isa.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::gemm {

struct RequantS8Vectors {
  std::vector<int32_t> multiplier, left_shift, right_shift;
  bool usable = false;  // the AVX2 path serves these parameters on this CPU
};

// Splits r's multipliers for the vector path; leaves v->usable false without AVX2, for a shift
// outside what the vector code handles, or for a multiplier below 2^30 (never made by
// QuantizeMultiplier, so INT32_MIN x INT32_MIN cannot occur).
void MakeRequantS8Vectors(const nn::Requant& r, Isa isa, RequantS8Vectors* v);

#if defined(PLINTH_HAVE_AVX2_KERNELS)
// Requantizes the first n - n % 8 outputs: out[j] = clamp(MBQM(acc[j] + bias[j]) + offset);
// bias may be null. Returns how many it wrote.
size_t RequantizeS8Avx2(const int32_t* acc, const int32_t* bias, const int32_t* multiplier,
                        const int32_t* left_shift, const int32_t* right_shift,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, int8_t* out);
#endif

// uint8 outputs (legacy per-tensor models): nn::Requantize<uint8_t>'s single-rounding
// (x * M + 2^(s - 1)) >> s, one multiplier for every channel.
struct RequantU8Params {
  int32_t multiplier = 0, total_shift = 0;
  bool usable = false;  // AVX2 on this CPU, one multiplier, 1 <= total_shift <= 62
};
void MakeRequantU8Params(const nn::Requant& r, Isa isa, RequantU8Params* p);

#if defined(PLINTH_HAVE_AVX2_KERNELS)
// Requantizes the first n - n % 8 outputs (bias may be null); returns how many it wrote.
size_t RequantizeU8Avx2(const int32_t* acc, const int32_t* bias, const RequantU8Params& p,
                        int32_t output_offset, int32_t qmin, int32_t qmax, size_t n, uint8_t* out);
#endif

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_REQUANT_S8_H_
