// CONV_2D float for inputs of at most 4 channels (first layers: RGB images) on AVX2. The GEMM path
// gathers every window into a row of k_h * k_w * in_c floats (27 for a 3x3 RGB window) and then
// runs a micro-kernel over a depth too short to repay the gather, which took over half of such a
// layer. Here each output pixel reads its window straight from the input: per tap and input
// channel, one broadcast value times a vector of 8 output channels of the filter (packed
// [k_h][k_w][in_c][out_c] once per model), a block of pixels x up to 32 channels in registers.
// Every output sums its taps in the reference order (ky, kx, c) from +0, skips the taps in the
// padding, then adds the bias and clamps: the reference kernel's bits (the fused build uses FMA
// for each tap).
#include <immintrin.h>

#include <algorithm>

#include "builtin_ops/gemm/f32_gemm_avx2_util.h"
#include "builtin_ops/nn/conv_2d.h"

namespace plinth::builtin::conv2d {
namespace {

template <bool kFused>
[[gnu::always_inline]] inline __m256 Madd(__m256 acc, __m256 x, __m256 w) {
  if constexpr (kFused) {
    return _mm256_fmadd_ps(x, w, acc);
  } else {
    return _mm256_add_ps(acc, _mm256_mul_ps(x, w));
  }
}

// What the blocks of one output row share.
struct RowCtx {
  const float* x;     // the first valid kernel row's input row, at column 0
  const float* w;     // the packed filter at the first valid kernel row and channel block
  const float* bias;  // at the channel block, or null
  size_t in_c, out_c;
  size_t row_stride;  // floats from one kernel row's input row to the next (dilation included)
  int32_t rows;       // valid kernel rows
  int32_t k_w, stride_w, dil_w, pad_left;
  __m256 lo, hi;
};

// P output pixels from column ox, V vectors of 8 channels, taps kx in [kx0, kx1) (all of them in
// the interior): the window's values broadcast one at a time against the taps' channel vectors.
template <bool kFused, int P, int V>
[[gnu::always_inline]] inline void Block(const RowCtx& k, int32_t ox, int32_t kx0, int32_t kx1,
                                         float* o) {
  __m256 acc[P][V];
#pragma GCC unroll 8
  for (int p = 0; p < P; ++p) {
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) acc[p][v] = _mm256_setzero_ps();
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
        __m256 wv[V];
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) wv[v] = _mm256_loadu_ps(wk + c * k.out_c + v * 8);
#pragma GCC unroll 8
        for (int p = 0; p < P; ++p) {
          const __m256 xv = _mm256_broadcast_ss(xk + p * pixel_step + c);
#pragma GCC unroll 4
          for (int v = 0; v < V; ++v) acc[p][v] = Madd<kFused>(acc[p][v], xv, wv[v]);
        }
      }
    }
  }
#pragma GCC unroll 8
  for (int p = 0; p < P; ++p) {
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) {
      __m256 a = acc[p][v];
      if (k.bias != nullptr) a = _mm256_add_ps(a, _mm256_loadu_ps(k.bias + v * 8));
      _mm256_storeu_ps(o + static_cast<size_t>(p) * k.out_c + v * 8,
                       gemm::avx2::Clamp(a, k.lo, k.hi));
    }
  }
}

// One channel block (V vectors) of the row: interior pixels P at a time, the rest one by one with
// their valid taps.
template <bool kFused, int V>
void ChannelBlock(const RowCtx& k, int32_t out_w, int32_t in_w, int32_t ox_lo, int32_t ox_hi,
                  float* o) {
  constexpr int kP = V == 1 ? 8 : V == 2 ? 4 : V == 3 ? 3 : 2;  // 8 to 9 accumulators
  const auto border = [&](int32_t ox) {
    int32_t kx0 = 0, kx1 = k.k_w;
    const int32_t origin = ox * k.stride_w - k.pad_left;
    while (kx0 < kx1 && origin + kx0 * k.dil_w < 0) ++kx0;
    while (kx1 > kx0 && origin + (kx1 - 1) * k.dil_w >= in_w) --kx1;
    Block<kFused, 1, V>(k, ox, kx0, kx1, o + static_cast<size_t>(ox) * k.out_c);
  };
  for (int32_t ox = 0; ox < ox_lo; ++ox) border(ox);
  int32_t ox = ox_lo;
  for (; ox + kP <= ox_hi; ox += kP) {
    Block<kFused, kP, V>(k, ox, 0, k.k_w, o + static_cast<size_t>(ox) * k.out_c);
  }
  for (; ox < ox_hi; ++ox)
    Block<kFused, 1, V>(k, ox, 0, k.k_w, o + static_cast<size_t>(ox) * k.out_c);
  for (ox = std::max(ox_hi, ox_lo); ox < out_w; ++ox) border(ox);
}

template <bool kFused>
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
  RowCtx k;
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
  k.lo = _mm256_set1_ps(range.min);
  k.hi = _mm256_set1_ps(range.max);
  float* o = out + row * g.out_w * n;
  for (size_t n0 = 0; n0 < n; n0 += 32) {
    k.w = hwio + static_cast<size_t>(ky0) * g.k_w * c * n + n0;
    k.bias = bias != nullptr ? bias + n0 : nullptr;
    switch (std::min<size_t>(4, (n - n0) / 8)) {
      case 1:
        ChannelBlock<kFused, 1>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
      case 2:
        ChannelBlock<kFused, 2>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
      case 3:
        ChannelBlock<kFused, 3>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
      default:
        ChannelBlock<kFused, 4>(k, g.out_w, g.in_w, ox_lo, ox_hi, o + n0);
        break;
    }
  }
}

}  // namespace

SmallInputRowFn SelectSmallInputF32RowAvx2(const Geometry& g, bool fused) {
  if (!ServesSmallInput(g)) return nullptr;
  return fused ? &Row<true> : &Row<false>;
}

}  // namespace plinth::builtin::conv2d
