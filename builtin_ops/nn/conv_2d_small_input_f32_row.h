// The small-input float CONV_2D row kernel (inputs of at most 4 channels: first layers on RGB
// images), written once over a lane type L and instantiated per ISA by
// conv_2d_small_input_f32_avx2.cc (8 lanes) and conv_2d_small_input_f32_avx512vnni.cc (16). Each
// output pixel reads its window straight from the input: per tap and input channel, one broadcast
// value times a vector of output channels of the filter (packed [k_h][k_w][in_c][out_c] once per
// model), a block of pixels x up to four vectors in registers. Every output sums its taps in the
// reference order (ky, kx, c) from +0, skips the taps in the padding, then adds the bias and
// clamps: the reference kernel's bits (the fused build uses FMA for each tap).
//
// L provides V (the vector type), kLanes, kAccumulators (how many a block may hold), Zero, Set,
// Load, Store, Broadcast, Add, Madd<kFused> and Clamp (keeping NaN). Include only from the ISA
// files: everything here is a template of L, so each file's instantiations are its own.
#ifndef PLINTH_BUILTIN_OPS_NN_CONV_2D_SMALL_INPUT_F32_ROW_H_
#define PLINTH_BUILTIN_OPS_NN_CONV_2D_SMALL_INPUT_F32_ROW_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "builtin_ops/nn/conv_2d.h"

namespace plinth::builtin::conv2d::small_input {

// What the blocks of one output row share.
template <class L>
struct RowCtx {
  const float* x;     // the first valid kernel row's input row, at column 0
  const float* w;     // the packed filter at the first valid kernel row and channel block
  const float* bias;  // at the channel block, or null
  size_t in_c, out_c;
  size_t row_stride;  // floats from one kernel row's input row to the next (dilation included)
  int32_t rows;       // valid kernel rows
  int32_t k_w, stride_w, dil_w, pad_left;
  typename L::V lo, hi;
};

// P output pixels from column ox, V vectors of L::kLanes channels, taps kx in [kx0, kx1) (all of
// them in the interior): the window's values broadcast one at a time against the taps' channel
// vectors.
template <class L, bool kFused, int P, int V>
[[gnu::always_inline]] inline void Block(const RowCtx<L>& k, int32_t ox, int32_t kx0, int32_t kx1,
                                         float* o) {
  typename L::V acc[P][V];
#pragma GCC unroll 8
  for (int p = 0; p < P; ++p) {
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) acc[p][v] = L::Zero();
  }
  const size_t pixel_step = static_cast<size_t>(k.stride_w) * k.in_c;
  for (int32_t r = 0; r < k.rows; ++r) {
    const float* xr = k.x + r * k.row_stride;
    const float* wr = k.w + static_cast<size_t>(r) * k.k_w * k.in_c * k.out_c;
    for (int32_t kx = kx0; kx < kx1; ++kx) {
      const float* xk =
          xr + static_cast<size_t>(ox * k.stride_w - k.pad_left + kx * k.dil_w) * k.in_c;
      const float* wk = wr + static_cast<size_t>(kx) * k.in_c * k.out_c;
      for (size_t c = 0; c < k.in_c; ++c) {
        typename L::V wv[V];
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) wv[v] = L::Load(wk + c * k.out_c + v * L::kLanes);
#pragma GCC unroll 8
        for (int p = 0; p < P; ++p) {
          const typename L::V xv = L::Broadcast(xk + p * pixel_step + c);
#pragma GCC unroll 4
          for (int v = 0; v < V; ++v) acc[p][v] = L::template Madd<kFused>(acc[p][v], xv, wv[v]);
        }
      }
    }
  }
#pragma GCC unroll 8
  for (int p = 0; p < P; ++p) {
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) {
      typename L::V a = acc[p][v];
      if (k.bias != nullptr) a = L::Add(a, L::Load(k.bias + v * L::kLanes));
      L::Store(o + static_cast<size_t>(p) * k.out_c + v * L::kLanes, L::Clamp(a, k.lo, k.hi));
    }
  }
}

// Interior pixels [ox, ox_hi) of one channel block: P at a time, the remainder in halving blocks
// (a 30-pixel interior at 16 per block would otherwise leave 14 single pixels).
template <class L, bool kFused, int P, int V>
void Interior(const RowCtx<L>& k, int32_t ox, int32_t ox_hi, float* o) {
  for (; ox + P <= ox_hi; ox += P) {
    Block<L, kFused, P, V>(k, ox, 0, k.k_w, o + static_cast<size_t>(ox) * k.out_c);
  }
  if constexpr (P > 1) Interior<L, kFused, P / 2, V>(k, ox, ox_hi, o);
}

// One channel block (V vectors) of the row: interior pixels in blocks, the border pixels one by
// one with their valid taps.
template <class L, bool kFused, int V>
void ChannelBlock(const RowCtx<L>& k, int32_t out_w, int32_t in_w, int32_t ox_lo, int32_t ox_hi,
                  float* o) {
  // At most 8 pixels: each needs its own input address (stride x channels apart), and 16 of
  // them spill the general registers (measured 6% slower than 8 on a 16-channel layer).
  constexpr int kP = std::min(8, L::kAccumulators / V);
  const auto border = [&](int32_t ox) {
    int32_t kx0 = 0, kx1 = k.k_w;
    const int32_t origin = ox * k.stride_w - k.pad_left;
    while (kx0 < kx1 && origin + kx0 * k.dil_w < 0) ++kx0;
    while (kx1 > kx0 && origin + (kx1 - 1) * k.dil_w >= in_w) --kx1;
    Block<L, kFused, 1, V>(k, ox, kx0, kx1, o + static_cast<size_t>(ox) * k.out_c);
  };
  for (int32_t ox = 0; ox < ox_lo; ++ox) border(ox);
  Interior<L, kFused, kP, V>(k, ox_lo, ox_hi, o);
  for (int32_t ox = std::max(ox_hi, ox_lo); ox < out_w; ++ox) border(ox);
}

template <class L, bool kFused>
void Row(const Geometry& g, const float* in, const float* hwio, const float* bias, FloatRange range,
         size_t row, float* out) {
  const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(g.out_h));
  const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(g.out_h));
  const size_t c = static_cast<size_t>(g.in_c), n = static_cast<size_t>(g.out_c);
  // Valid kernel rows: ky in [ky0, ky1) with 0 <= oy * stride - pad + ky * dil < in_h.
  const int32_t iy0 = oy * g.stride_h - g.pad_top;
  int32_t ky0 = 0, ky1 = g.k_h;
  while (ky0 < ky1 && iy0 + ky0 * g.dil_h < 0) ++ky0;
  while (ky1 > ky0 && iy0 + (ky1 - 1) * g.dil_h >= g.in_h) --ky1;
  // Interior pixels: every horizontal tap inside the input.
  const int32_t span = (g.k_w - 1) * g.dil_w + 1;
  const int32_t ox_lo = std::min(g.out_w, (g.pad_left + g.stride_w - 1) / g.stride_w);
  const int32_t last = g.in_w - span + g.pad_left;
  const int32_t ox_hi = std::max(ox_lo, std::min(g.out_w, last < 0 ? 0 : last / g.stride_w + 1));
  RowCtx<L> k;
  const size_t iy = ky1 > ky0 ? static_cast<size_t>(iy0 + ky0 * g.dil_h) : 0;
  k.x = in + (static_cast<size_t>(b) * g.in_h + iy) * g.in_w * c;
  k.in_c = c;
  k.out_c = n;
  k.row_stride = static_cast<size_t>(g.in_w) * c * static_cast<size_t>(g.dil_h);
  k.rows = ky1 - ky0;
  k.k_w = g.k_w;
  k.stride_w = g.stride_w;
  k.dil_w = g.dil_w;
  k.pad_left = g.pad_left;
  k.lo = L::Set(range.min);
  k.hi = L::Set(range.max);
  float* o = out + row * g.out_w * n;
  constexpr size_t kBlock = 4 * L::kLanes;
  for (size_t n0 = 0; n0 < n; n0 += kBlock) {
    k.w = hwio + static_cast<size_t>(ky0) * g.k_w * c * n + n0;
    k.bias = bias != nullptr ? bias + n0 : nullptr;
    switch (std::min<size_t>(4, (n - n0) / L::kLanes)) {
      case 1:
        ChannelBlock<L, kFused, 1>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
      case 2:
        ChannelBlock<L, kFused, 2>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
      case 3:
        ChannelBlock<L, kFused, 3>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
      default:
        ChannelBlock<L, kFused, 4>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
    }
  }
}

}  // namespace plinth::builtin::conv2d::small_input

#endif  // PLINTH_BUILTIN_OPS_NN_CONV_2D_SMALL_INPUT_F32_ROW_H_
