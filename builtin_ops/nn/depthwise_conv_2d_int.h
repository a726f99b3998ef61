// DEPTHWISE_CONV_2D uint8 / int8 fast path (depth multiplier 1): per output pixel, the window's
// valid taps are listed once, and an ISA-specific loop sums (w + filter_offset) * (x +
// input_offset) over them for a block of channels at a time (channels innermost, vectorized).
// int32 sums wrap modulo 2^32 as in the reference kernel, where order does not matter, so the
// results are bit-exact; bias, requantization and clamping then run the reference's own code.
#ifndef PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_H_
#define PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_H_

#include <cstddef>
#include <cstdint>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/gemm/isa.h"
#include "builtin_ops/gemm/requant_s8.h"
#include "builtin_ops/nn/depthwise_conv_2d.h"

namespace plinth::builtin::depthwise {

// Most taps a window may have on the fast path (the tap lists live on the stack).
constexpr int32_t kMaxFastTaps = 64;

// acc[j] = sum over t < taps of (w[t][c0 + j] + fo) * (x[t][c0 + j] + io), wrapping, j < n.
using U8TapsFn = void (*)(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0,
                          size_t n, int32_t io, int32_t fo, int32_t* acc);
using I8TapsFn = void (*)(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0,
                          size_t n, int32_t io, int32_t fo, int32_t* acc);

#if defined(PLINTH_HAVE_AVX2_KERNELS)
void U8TapsAvx2(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc);
void I8TapsAvx2(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc);
#endif
#if defined(PLINTH_HAVE_NEON_KERNELS)
void U8TapsNeon(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc);
void I8TapsNeon(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0, size_t n,
                int32_t io, int32_t fo, int32_t* acc);
#endif

// True when the fast path serves this node (uint8 or int8, multiplier 1, a fast ISA).
bool IntegerFastPathServes(const Geometry& g, IntegerKind kind, gemm::Isa isa);

// rv / ru: r's multipliers for the vectorized int8 / uint8 requantization (used when usable).
void RunIntegerFast(const KernelContext& ctx, IntegerKind kind, const Geometry& g,
                    const nn::Requant& r, const gemm::RequantS8Vectors& rv,
                    const gemm::RequantU8Params& ru, gemm::Isa isa);

}  // namespace plinth::builtin::depthwise

#endif  // PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_H_
