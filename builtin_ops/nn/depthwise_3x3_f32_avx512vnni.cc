// DEPTHWISE_CONV_2D float 3x3 row kernel on 512-bit registers (named *_avx512vnni* for the build's
// AVX-512 flags; chosen with the other AVX-512 kernels, gemm::CpuHasAvx512Vnni): 16 channels per
// register, blocks of 8 output pixels that load each input column once per kernel row, and the
// channel group's nine taps, bias and clamp bounds in registers for a whole row of blocks. Half
// the instructions of the AVX2 kernel, which was instruction-bound. Rows with a kernel row in the
// vertical padding, horizontal dilation and channel counts off a multiple of 16 (masked tails
// would double the code, and sanitizer builds check a masked load lane by lane) stay with the
// AVX2 kernel. Every output sums its taps in (ky, kx) order from zero, then the bias, then
// clamps, as the reference kernel does; the fused build uses FMA for each tap, as the AVX2
// kernel's does.
#include <immintrin.h>

#include <algorithm>

#include "builtin_ops/nn/depthwise_3x3_f32.h"

// GCC 12's 512-bit intrinsics pass a deliberately undefined vector as the unused merge source,
// which its own -W(maybe-)uninitialized then reports (GCC bug 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace plinth::builtin::depthwise {
namespace {

constexpr int kK = 3;  // window width and height

template <bool kFused>
[[gnu::always_inline]] inline __m512 Madd(__m512 acc, __m512 x, __m512 w) {
  if constexpr (kFused) {
    return _mm512_fmadd_ps(x, w, acc);
  } else {
    return _mm512_add_ps(acc, _mm512_mul_ps(x, w));
  }
}

// One channel group of one output row: where its values lie and what it clamps to.
struct Group {
  const float* w;     // tap (ky, kx) at w + (ky * 3 + kx) * c
  const float* bias;  // or null
  size_t c;           // channels (pixel stride in floats)
  size_t row_stride;  // floats from one kernel row's input row to the next (dilation included)
  float lo, hi;
};

// Bias, clamp (NaN kept: the value is max's and min's second operand, as avx2::Clamp) and store.
[[gnu::always_inline]] inline void Finish(__m512 acc, bool has_bias, __m512 bias, __m512 lo,
                                          __m512 hi, float* o) {
  if (has_bias) acc = _mm512_add_ps(acc, bias);
  _mm512_storeu_ps(o, _mm512_min_ps(hi, _mm512_max_ps(lo, acc)));
}

// `count` consecutive blocks of P output pixels whose windows lie inside the input: `x` at the
// first pixel's window origin (top kernel row, the group's first channel), `o` at its output. Out
// of line and with its registers named, so that the taps, bias and bounds stay in registers over
// the blocks (inlined into the row loop, GCC spilled them and reloaded a tap per multiply). Input
// column j feeds output p through tap kx = j - p * S: ascending j gives each output its taps in
// ascending kx, the reference order.
template <bool kFused, int S, int P>
[[gnu::noinline]] void Blocks(const Group& g, const float* x, float* o, int32_t count) {
  constexpr int kCols = (P - 1) * S + kK;
  const size_t c = g.c, row_stride = g.row_stride;
  const auto tap = [&](int r, int kx) { return _mm512_loadu_ps(g.w + (r * kK + kx) * c); };
  const __m512 w00 = tap(0, 0), w01 = tap(0, 1), w02 = tap(0, 2);
  const __m512 w10 = tap(1, 0), w11 = tap(1, 1), w12 = tap(1, 2);
  const __m512 w20 = tap(2, 0), w21 = tap(2, 1), w22 = tap(2, 2);
  const bool has_bias = g.bias != nullptr;
  const __m512 bias = has_bias ? _mm512_loadu_ps(g.bias) : _mm512_setzero_ps();
  const __m512 lo = _mm512_set1_ps(g.lo), hi = _mm512_set1_ps(g.hi);
  // Plain selections (resolved at compile time): no array of taps, which sanitizer builds would
  // place on the stack for every multiply.
  const auto w_at = [&](int r, int kx) {
    const __m512 w0 = kx == 0 ? w00 : kx == 1 ? w01 : w02;
    const __m512 w1 = kx == 0 ? w10 : kx == 1 ? w11 : w12;
    const __m512 w2 = kx == 0 ? w20 : kx == 1 ? w21 : w22;
    return r == 0 ? w0 : r == 1 ? w1 : w2;
  };
  for (int32_t b = 0; b < count; ++b, x += P * S * c, o += P * c) {
    __m512 acc[P];
#pragma GCC unroll 8
    for (int p = 0; p < P; ++p) acc[p] = _mm512_setzero_ps();
#pragma GCC unroll 3
    for (int r = 0; r < kK; ++r) {
      const float* xj = x + r * row_stride;
#pragma GCC unroll 17
      for (int j = 0; j < kCols; ++j, xj += c) {
        // Opaque to the optimizer, so each column's address is one add: hoisted out of the block
        // loop instead, a block's 30 column pointers spilled to the stack.
        asm("" : "+r"(xj));
        const __m512 xv = _mm512_loadu_ps(xj);
#pragma GCC unroll 3
        for (int kx = 0; kx < kK; ++kx) {
          const int p = (j - kx) / S;
          if (j - kx < 0 || (j - kx) % S != 0 || p >= P) continue;  // resolved at compile time
          acc[p] = Madd<kFused>(acc[p], xv, w_at(r, kx));
        }
      }
    }
#pragma GCC unroll 8
    for (int p = 0; p < P; ++p) Finish(acc[p], has_bias, bias, lo, hi, o + p * c);
  }
}

// `pixels` interior pixels from x / o: blocks of 8, then 4, then single pixels.
template <bool kFused, int S>
void Interior(const Group& g, const float* x, float* o, int32_t pixels) {
  const int32_t blocks = pixels / 8;
  if (blocks > 0) Blocks<kFused, S, 8>(g, x, o, blocks);
  int32_t done = blocks * 8;
  if (pixels - done >= 4) {
    Blocks<kFused, S, 4>(g, x + static_cast<size_t>(done * S) * g.c,
                         o + static_cast<size_t>(done) * g.c, 1);
    done += 4;
  }
  if (pixels > done) {
    Blocks<kFused, S, 1>(g, x + static_cast<size_t>(done * S) * g.c,
                         o + static_cast<size_t>(done) * g.c, pixels - done);
  }
}

// One pixel at the row's left or right border: taps kx in [kx0, kx1) from window origin `origin`;
// `x`: the top kernel row at the group's first channel (input column 0).
template <bool kFused>
void BorderPixel(const Group& g, const float* x, int32_t origin, int32_t kx0, int32_t kx1,
                 float* o) {
  __m512 acc = _mm512_setzero_ps();
  for (int r = 0; r < kK; ++r) {
    for (int32_t kx = kx0; kx < kx1; ++kx) {
      const float* xp = x + r * g.row_stride + static_cast<size_t>(origin + kx) * g.c;
      const float* wp = g.w + static_cast<size_t>(r * kK + kx) * g.c;
      acc = Madd<kFused>(acc, _mm512_loadu_ps(xp), _mm512_loadu_ps(wp));
    }
  }
  const bool has_bias = g.bias != nullptr;
  const __m512 bias = has_bias ? _mm512_loadu_ps(g.bias) : acc;
  Finish(acc, has_bias, bias, _mm512_set1_ps(g.lo), _mm512_set1_ps(g.hi), o);
}

template <bool kFused, int S>
void Row(const Geometry& gm, const float* in, const float* filter, const float* bias,
         FloatRange range, size_t row, float* out) {
  const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(gm.out_h));
  const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(gm.out_h));
  const int32_t iy0 = oy * gm.stride_h - gm.pad_top;
  if (iy0 < 0 || iy0 + (kK - 1) * gm.dil_h >= gm.in_h) {
    // A kernel row in the vertical padding: the AVX2 kernel of the same build.
    SelectF32RowSmallWindowAvx2(gm, kFused)(gm, in, filter, bias, range, row, out);
    return;
  }
  const size_t c = static_cast<size_t>(gm.in_c);
  const size_t input_row = static_cast<size_t>(gm.in_w) * c;
  const float* x_row =
      in + (static_cast<size_t>(b) * gm.in_h + static_cast<size_t>(iy0)) * input_row;
  float* o_row = out + row * gm.out_w * c;
  // Interior pixels: window origin ox * S - pad_left in [0, in_w - 3].
  const int32_t ox_lo = std::min(gm.out_w, (gm.pad_left + S - 1) / S);
  const int32_t last = gm.in_w - kK + gm.pad_left;
  const int32_t ox_hi = std::max(ox_lo, std::min(gm.out_w, last < 0 ? 0 : last / S + 1));
  const int32_t interior = ox_hi - ox_lo;
  Group g;
  g.c = c;
  g.row_stride = input_row * static_cast<size_t>(gm.dil_h);
  g.lo = range.min;
  g.hi = range.max;
  for (size_t c0 = 0; c0 < c; c0 += 16) {
    g.w = filter + c0;
    g.bias = bias != nullptr ? bias + c0 : nullptr;
    const float* x = x_row + c0;
    float* o = o_row + c0;
    const auto border = [&](int32_t ox) {
      const int32_t origin = ox * S - gm.pad_left;
      int32_t kx0, kx1;
      ValidTaps(origin, kK, 1, gm.in_w, &kx0, &kx1);
      BorderPixel<kFused>(g, x, origin, kx0, kx1, o + static_cast<size_t>(ox) * c);
    };
    for (int32_t ox = 0; ox < ox_lo; ++ox) border(ox);
    const int32_t ox = ox_lo;
    const auto in_at = [&](int32_t p) { return x + static_cast<size_t>(p * S - gm.pad_left) * c; };
    const auto out_at = [&](int32_t p) { return o + static_cast<size_t>(p) * c; };
    Interior<kFused, S>(g, in_at(ox), out_at(ox), interior);
    for (int32_t ox = ox_hi; ox < gm.out_w; ++ox) border(ox);
  }
}

}  // namespace

F32RowFn SelectF32Row3x3Avx512(const Geometry& g, bool fused) {
  // Whole 16-channel groups only (the file's header says why).
  if (!ServesSmallWindow(g) || g.k_w != kK || g.dil_w != 1 || g.in_c % 16 != 0) return nullptr;
  if (g.stride_w == 1) return fused ? &Row<true, 1> : &Row<false, 1>;
  return fused ? &Row<true, 2> : &Row<false, 2>;
}

}  // namespace plinth::builtin::depthwise
