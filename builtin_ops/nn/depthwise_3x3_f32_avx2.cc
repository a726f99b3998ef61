// DEPTHWISE_CONV_2D float 3x3 / 5x5 row kernels, AVX2: the interior of each output row in blocks of
// 4 pixels x 16 channels (8 independent accumulators, each input vector loaded once per kernel row
// for all the taps that read it; once per tap with dilation), then 1-pixel and 8-channel (masked)
// remainders; border pixels per pixel over their valid taps. Exact build (products rounded then
// added) and fused build.
#include <immintrin.h>

#include <algorithm>

#include "builtin_ops/gemm/f32_gemm_avx2_util.h"
#include "builtin_ops/nn/depthwise_3x3_f32.h"

namespace plinth::builtin::depthwise {
namespace {

template <bool kFused>
inline __m256 Madd(__m256 acc, __m256 x, __m256 w) {
  if constexpr (kFused) {
    return _mm256_fmadd_ps(x, w, acc);
  } else {
    return _mm256_add_ps(acc, _mm256_mul_ps(x, w));
  }
}

template <bool kMask>
inline __m256 Load(const float* p, __m256i mask) {
  if constexpr (kMask) {
    return _mm256_maskload_ps(p, mask);
  } else {
    (void)mask;
    return _mm256_loadu_ps(p);
  }
}

template <bool kMask>
inline void Store(float* p, __m256 v, size_t n) {
  if constexpr (kMask) {
    gemm::avx2::StorePartial(p, v, n);
  } else {
    (void)n;
    _mm256_storeu_ps(p, v);
  }
}

// What a block needs besides its pointers.
struct Ctx {
  size_t c;           // channels (pixel stride in floats)
  size_t row_stride;  // floats from one kernel row's input row to the next (dilation included)
  int rows;           // valid kernel rows
  int32_t dil_w;      // horizontal dilation
  __m256 lo, hi;
};

// P output pixels x V vectors of channels whose horizontal taps are all inside the input. `x`: the
// first valid input row at the first pixel's window origin and the block's first channel; `w`:
// the filter at the first valid kernel row and that channel; `o`: the first output. Without
// dilation neighbouring outputs share input columns, each loaded once per kernel row; with a
// horizontal dilation D > 1 output p reads column p * S + kx * D and each (p, kx) loads its own
// vector (from L1). Taps run in (ky, kx) order per output either way.
template <bool kFused, int K, int S, int P, int V, bool kMask, bool kDilated>
inline void Block(const Ctx& k, const float* x, const float* w, const float* bias, __m256i mask,
                  size_t n, float* o) {
  constexpr int kCols = (P - 1) * S + K;  // input pixels the block reads per row (no dilation)
  __m256 acc[P][V];
#pragma GCC unroll 8
  for (int p = 0; p < P; ++p) {
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) acc[p][v] = _mm256_setzero_ps();
  }
  for (int r = 0; r < k.rows; ++r, x += k.row_stride, w += K * k.c) {
    __m256 wv[K][V];
#pragma GCC unroll 5
    for (int kx = 0; kx < K; ++kx) {
#pragma GCC unroll 2
      for (int v = 0; v < V; ++v) wv[kx][v] = Load<kMask>(w + kx * k.c + v * 8, mask);
    }
    if constexpr (kDilated) {
      const size_t tap_step = static_cast<size_t>(k.dil_w) * k.c;
#pragma GCC unroll 5
      for (int kx = 0; kx < K; ++kx) {
#pragma GCC unroll 8
        for (int p = 0; p < P; ++p) {
          const float* xp = x + static_cast<size_t>(p * S) * k.c + kx * tap_step;
#pragma GCC unroll 2
          for (int v = 0; v < V; ++v) {
            acc[p][v] = Madd<kFused>(acc[p][v], Load<kMask>(xp + v * 8, mask), wv[kx][v]);
          }
        }
      }
    } else {
      // Input column j feeds output p through tap kx = j - p * S: ascending j gives each output
      // its taps in ascending kx, the reference order.
#pragma GCC unroll 16
      for (int j = 0; j < kCols; ++j) {
        __m256 xv[V];
#pragma GCC unroll 2
        for (int v = 0; v < V; ++v) xv[v] = Load<kMask>(x + j * k.c + v * 8, mask);
#pragma GCC unroll 5
        for (int kx = 0; kx < K; ++kx) {
          const int p = (j - kx) / S;
          if (j - kx < 0 || (j - kx) % S != 0 || p >= P) continue;  // resolved at compile time
#pragma GCC unroll 2
          for (int v = 0; v < V; ++v) acc[p][v] = Madd<kFused>(acc[p][v], xv[v], wv[kx][v]);
        }
      }
    }
  }
#pragma GCC unroll 8
  for (int p = 0; p < P; ++p) {
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) {
      __m256 a = acc[p][v];
      if (bias != nullptr) a = _mm256_add_ps(a, Load<kMask>(bias + v * 8, mask));
      Store<kMask>(o + p * k.c + v * 8, gemm::avx2::Clamp(a, k.lo, k.hi), n);
    }
  }
}

// Output pixels [ox0, ox1) of the interior (all horizontal taps inside), P at a time, then one;
// `x`: the first valid input row at the block's first channel.
// Output pixels [ox0, ox1) of the interior (all horizontal taps inside), P at a time, then one.
template <bool kFused, int K, int S, int P, int V, bool kMask, bool kDilated>
inline void Blocks(const Ctx& k, const float* x, const float* w, const float* bias, __m256i mask,
                   size_t n, float* o, int32_t ox0, int32_t ox1, int32_t pad_left) {
  int32_t ox = ox0;
  for (; ox + P <= ox1; ox += P) {
    Block<kFused, K, S, P, V, kMask, kDilated>(k, x + static_cast<size_t>(ox * S - pad_left) * k.c,
                                               w, bias, mask, n, o + static_cast<size_t>(ox) * k.c);
  }
  for (; ox < ox1; ++ox) {
    Block<kFused, K, S, 1, V, kMask, kDilated>(k, x + static_cast<size_t>(ox * S - pad_left) * k.c,
                                               w, bias, mask, n, o + static_cast<size_t>(ox) * k.c);
  }
}

// The same, choosing the dilated or the column-sharing blocks; `x`: the first valid input row at
// the block's first channel.
template <bool kFused, int K, int S, int P, int V, bool kMask>
inline void Span(const Ctx& k, const float* x, const float* w, const float* bias, __m256i mask,
                 size_t n, float* o, int32_t ox0, int32_t ox1, int32_t pad_left) {
  if (k.dil_w != 1) {
    Blocks<kFused, K, S, P, V, kMask, true>(k, x, w, bias, mask, n, o, ox0, ox1, pad_left);
  } else {
    Blocks<kFused, K, S, P, V, kMask, false>(k, x, w, bias, mask, n, o, ox0, ox1, pad_left);
  }
}

template <bool kFused, int K, int S>
void Interior(const Ctx& k, const float* x, const float* w, const float* bias, float* o,
              int32_t ox0, int32_t ox1, int32_t pad_left) {
  const __m256i all = _mm256_set1_epi32(-1);
  size_t c0 = 0;
  for (; c0 + 16 <= k.c; c0 += 16) {
    Span<kFused, K, S, 4, 2, false>(k, x + c0, w + c0, bias ? bias + c0 : nullptr, all, 16, o + c0,
                                    ox0, ox1, pad_left);
  }
  if (c0 + 8 <= k.c) {
    Span<kFused, K, S, 4, 1, false>(k, x + c0, w + c0, bias ? bias + c0 : nullptr, all, 8, o + c0,
                                    ox0, ox1, pad_left);
    c0 += 8;
  }
  if (c0 < k.c) {
    const size_t n = k.c - c0;
    Span<kFused, K, S, 4, 1, true>(k, x + c0, w + c0, bias ? bias + c0 : nullptr,
                                   gemm::avx2::FirstLanes(n), n, o + c0, ox0, ox1, pad_left);
  }
}

// One border pixel with window origin `origin`: its valid taps kx in [kx0, kx1), rows as in `k`,
// 8 channels at a time; `x`: the first valid input row.
template <bool kFused, int K>
void Pixel(const Ctx& k, const float* x, const float* w, const float* bias, float* o,
           int32_t origin, int32_t kx0, int32_t kx1) {
  for (size_t c0 = 0; c0 < k.c; c0 += 8) {
    const size_t n = k.c - c0 < 8 ? k.c - c0 : 8;
    const __m256i mask = gemm::avx2::FirstLanes(n);
    __m256 acc = _mm256_setzero_ps();
    for (int r = 0; r < k.rows; ++r) {
      const float* xr = x + r * k.row_stride + c0;
      const float* wr = w + static_cast<size_t>(r) * K * k.c + c0;
      for (int32_t kx = kx0; kx < kx1; ++kx) {
        const size_t column = static_cast<size_t>(origin + kx * k.dil_w);
        acc = Madd<kFused>(acc, _mm256_maskload_ps(xr + column * k.c, mask),
                           _mm256_maskload_ps(wr + kx * k.c, mask));
      }
    }
    if (bias != nullptr) acc = _mm256_add_ps(acc, _mm256_maskload_ps(bias + c0, mask));
    acc = gemm::avx2::Clamp(acc, k.lo, k.hi);
    if (n == 8) {
      _mm256_storeu_ps(o + c0, acc);
    } else {
      gemm::avx2::StorePartial(o + c0, acc, n);
    }
  }
}

template <bool kFused, int K>
void RowKxK(const Geometry& g, const float* in, const float* filter, const float* bias,
            FloatRange range, size_t row, float* out) {
  const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(g.out_h));
  const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(g.out_h));
  const size_t c = static_cast<size_t>(g.in_c);
  const float* image = in + static_cast<size_t>(b) * g.in_h * g.in_w * c;
  float* o = out + row * g.out_w * c;
  int32_t ky0, ky1;
  ValidTaps(oy * g.stride_h - g.pad_top, K, g.dil_h, g.in_h, &ky0, &ky1);
  Ctx k;
  k.c = c;
  const size_t input_row = static_cast<size_t>(g.in_w) * c;
  k.row_stride = input_row * static_cast<size_t>(g.dil_h);
  k.rows = ky1 - ky0;
  k.dil_w = g.dil_w;
  k.lo = _mm256_set1_ps(range.min);
  k.hi = _mm256_set1_ps(range.max);
  const int32_t iy0 = k.rows > 0 ? oy * g.stride_h - g.pad_top + ky0 * g.dil_h : 0;
  const float* x_row = image + static_cast<size_t>(iy0) * input_row;
  const float* w = filter + static_cast<size_t>(ky0) * K * c;

  // Interior pixels: window origin ox * S - pad_left in [0, in_w - span], span = (K - 1) * D + 1.
  const int32_t s = g.stride_w;
  const int32_t ox_lo = std::min(g.out_w, (g.pad_left + s - 1) / s);
  const int32_t last = g.in_w - ((K - 1) * g.dil_w + 1) + g.pad_left;
  const int32_t ox_hi = std::max(ox_lo, std::min(g.out_w, last < 0 ? 0 : last / s + 1));
  auto border = [&](int32_t ox) {
    const int32_t origin = ox * s - g.pad_left;
    int32_t kx0, kx1;
    ValidTaps(origin, K, g.dil_w, g.in_w, &kx0, &kx1);
    Pixel<kFused, K>(k, x_row, w, bias, o + static_cast<size_t>(ox) * c, origin, kx0, kx1);
  };
  for (int32_t ox = 0; ox < ox_lo; ++ox) border(ox);
  if (ox_hi > ox_lo) {
    if (s == 1) {
      Interior<kFused, K, 1>(k, x_row, w, bias, o, ox_lo, ox_hi, g.pad_left);
    } else {
      Interior<kFused, K, 2>(k, x_row, w, bias, o, ox_lo, ox_hi, g.pad_left);
    }
  }
  for (int32_t ox = ox_hi; ox < g.out_w; ++ox) border(ox);
}

}  // namespace

F32RowFn SelectF32RowSmallWindowAvx2(const Geometry& g, bool fused) {
  if (!ServesSmallWindow(g)) return nullptr;
  if (g.k_w == 3) return fused ? &RowKxK<true, 3> : &RowKxK<false, 3>;
  return fused ? &RowKxK<true, 5> : &RowKxK<false, 5>;
}

}  // namespace plinth::builtin::depthwise
