// DEPTHWISE_CONV_2D uint8 / int8 fast path (depth multiplier 1): per output pixel, the window's
// valid taps are listed once, and an ISA-specific loop sums (w + filter_offset) * (x +
// input_offset) over them for a block of channels at a time (channels innermost, vectorized).
// int32 sums wrap modulo 2^32 as in the reference kernel, where order does not matter, so the
// results are bit-exact; bias, requantization and clamping then run the reference's own code (or
// its vectorized equal). On AVX2 the pixels whose window lies inside the input take a kernel that
// keeps a whole row of them in registers, with the filter packed once per model.
#ifndef PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_H_
#define PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_H_

#include <cstddef>
#include <cstdint>
#include <vector>

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

// The filter of a node for the interior kernels, made once per model: per group of 16 channels
// and pair of taps q (taps pair_taps[2q] and pair_taps[2q + 1]; -1: none, its weights zero), the
// int16 values w + filter_offset of both taps. The AVX2 kernel pairs taps (t, t + 1) and takes
// them interleaved as vpunpcklwd / vpunpckhwd interleave two vectors (32 values); the AVX-512
// kernel (`channel_order`) pairs each tap with the one below it and stores (w[first][ch],
// w[second][ch]) for 16 channels in order. bias_io[c] = bias[c] + input_offset * sum_t (w[t][c] +
// filter_offset), wrapping: where every tap lies inside the input, the reference's sum of
// (w + fo)(x + io) equals sum (w + fo) x plus that term modulo 2^32, so the kernel adds no offset
// to x.
// After the groups of 16 channels, an 8-channel group (`half`) when c % 16 >= 8: its pairs of
// taps are stored per channel in order, (w[first][ch], w[second][ch]) for 8 channels.
struct PackedIntegerFilter {
  std::vector<int16_t> taps;
  std::vector<int32_t> bias_io;
  std::vector<int32_t> pair_taps;  // 2 x pairs tap indices, -1 for none
  int32_t pairs = 0;
  int32_t k_h = 0, k_w = 0;
  size_t groups = 0;
  bool half = false;
  bool channel_order = false;
  // Channels the interior kernel computes: the groups, then the half group.
  size_t channels() const { return groups * 16 + (half ? 8 : 0); }
  size_t bytes() const {
    return taps.size() * sizeof(int16_t) + (bias_io.size() + pair_taps.size()) * sizeof(int32_t);
  }
};

// True when the interior kernel can serve the node: an AVX2 CPU, offsets within +-256 (the int16
// products of vpmaddwd), at least 8 channels, and the vector requantization usable.
bool InteriorKernelServes(const Geometry& g, IntegerKind kind, const nn::Requant& r,
                          const gemm::RequantS8Vectors& rv, const gemm::RequantU8Params& ru,
                          gemm::Isa isa);

// Packs a constant [1, KH, KW, C] filter (uint8 or int8) and its bias (null: none), in the
// AVX-512 kernel's channel order when `channel_order` (InteriorKernelIsAvx512 at prepare).
template <class T>
PackedIntegerFilter* MakePackedIntegerFilter(const Geometry& g, const T* filter,
                                             const int32_t* bias, const nn::Requant& r,
                                             bool channel_order);

// True when the interior kernel runs on AVX-512 (BW, VNNI) on this CPU (PLINTH_BUILTIN_ISA
// unset); its filter is then packed in channel order.
bool InteriorKernelIsAvx512(gemm::Isa isa);

// rv / ru: r's multipliers for the vectorized int8 / uint8 requantization (used when usable).
// packed (may be null): the filter for the interior kernel, where InteriorKernelServes.
// padded_scratch (-1: none): a scratch buffer of PaddedInputSize(g) values, where
// PadsInputCopy: the input is first copied into it with its padding filled with the zero point,
// so that the interior kernel serves every output pixel.
void RunIntegerFast(const KernelContext& ctx, IntegerKind kind, const Geometry& g,
                    const nn::Requant& r, const gemm::RequantS8Vectors& rv,
                    const gemm::RequantU8Params& ru, const PackedIntegerFilter* packed,
                    gemm::Isa isa, int32_t padded_scratch = -1);

// True when copying the input into a zero-point-padded buffer pays: the interior kernel serves
// the node, the zero point is a value of the type (a padded tap then adds exactly 0), stride 1,
// at least 1/16 of the output pixels have windows that reach into the padding, and the copy is
// at most 4 MiB. PaddedInputSize: the values of that copy.
bool PadsInputCopy(const Geometry& g, IntegerKind kind, const nn::Requant& r);
size_t PaddedInputSize(const Geometry& g);

// Output pixels [0, pixels) of one row whose windows lie wholly inside the input, channels
// [0, p.channels()): x is tap 0's input for the first pixel, offsets[t] tap t's distance from it
// in elements (taps + 1 entries: an odd window repeats its last tap, so the AVX2 kernel's pairs
// (t, t + 1) read offsets[0 .. 2 x p.pairs)), step the distance between neighbouring pixels'
// windows, c the channel count (the pixel stride of x and out).
struct InteriorRow {
  const ptrdiff_t* offsets;
  size_t pixels, step, c;
  int32_t output_offset, qmin, qmax;
};

#if defined(PLINTH_HAVE_AVX2_KERNELS)
void InteriorS8Avx2(const int8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                    const gemm::RequantS8Vectors& rv, int8_t* out);
void InteriorU8Avx2(const uint8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                    const gemm::RequantU8Params& ru, uint8_t* out);
// The same on AVX-512 BW + VNNI, for a filter packed in channel order.
void InteriorS8Avx512(const int8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                      const gemm::RequantS8Vectors& rv, int8_t* out);
void InteriorU8Avx512(const uint8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                      const gemm::RequantU8Params& ru, uint8_t* out);
#endif

}  // namespace plinth::builtin::depthwise

#endif  // PLINTH_BUILTIN_OPS_NN_DEPTHWISE_CONV_2D_INT_H_
