// AVERAGE_POOL_2D and MAX_POOL_2D fast paths (float32, int8, uint8): one output row at a time,
// channels innermost, so each window tap is a contiguous vector add or max over the channels. Each
// channel sees the reference kernel's operations in its order (taps row by row, from 0 or the
// lowest value), so the outputs are the reference's bits. The same loops are compiled for the
// baseline ISA (portable) and with AVX2 (pooling_fast_avx2.cc).
#ifndef PLINTH_BUILTIN_OPS_NN_POOLING_FAST_H_
#define PLINTH_BUILTIN_OPS_NN_POOLING_FAST_H_

#include <cstddef>
#include <cstdint>

#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin::pool {

struct Geometry {
  int32_t batches = 0, in_h = 0, in_w = 0, depth = 0, out_h = 0, out_w = 0;
  int32_t stride_h = 1, stride_w = 1, filter_h = 1, filter_w = 1, pad_top = 0, pad_left = 0;
};

// Output row `row` (batch * out_h + oy): every pixel and channel, clamped to [lo, hi].
using F32RowFn = void (*)(const Geometry& g, const float* in, float* out, size_t row, float lo,
                          float hi);
using S8RowFn = void (*)(const Geometry& g, const int8_t* in, int8_t* out, size_t row, int32_t lo,
                         int32_t hi);
using U8RowFn = void (*)(const Geometry& g, const uint8_t* in, uint8_t* out, size_t row, int32_t lo,
                         int32_t hi);

struct Kernels {
  F32RowFn average_f32 = nullptr, max_f32 = nullptr;
  S8RowFn average_s8 = nullptr, max_s8 = nullptr;
  U8RowFn average_u8 = nullptr, max_u8 = nullptr;
};

Kernels PortableKernels();
#if defined(PLINTH_HAVE_AVX2_KERNELS)
Kernels Avx2Kernels();
#endif

// The kernels for `isa` (all null for the reference level). The quantized average needs windows
// of fewer than 2^22 taps (its division goes through double, exact below that).
Kernels SelectKernels(gemm::Isa isa);

}  // namespace plinth::builtin::pool

#endif  // PLINTH_BUILTIN_OPS_NN_POOLING_FAST_H_
