// The pooling row loops of pooling_fast.h, included once per ISA: the including file defines
// PLINTH_POOL_ISA_NS, so each compilation (baseline, -mavx2) has its own symbols and no inline
// function is shared between them. Only plain operators here (no std:: templates, which the
// linker would merge across the two compilations).
#ifndef PLINTH_POOL_ISA_NS
#error "define PLINTH_POOL_ISA_NS before including pooling_fast_impl.h"
#endif

#include <cstddef>
#include <cstdint>
#include <limits>

#include "builtin_ops/nn/pooling_fast.h"

namespace plinth::builtin::pool::PLINTH_POOL_ISA_NS {

// Channels accumulated at once (kept in registers / L1).
constexpr int32_t kBlock = 64;

// Calls f(o, b, y0, x0, fy0, fy1, fx0, fx1) per output pixel of `row`: `o` the offset of its first
// output channel, then its batch, window origin and in-bounds tap ranges (as the reference).
template <class F>
inline void ForEachPixel(const Geometry& g, size_t row, F f) {
  const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(g.out_h));
  const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(g.out_h));
  const int32_t y0 = oy * g.stride_h - g.pad_top;
  const int32_t fy0 = y0 < 0 ? -y0 : 0;
  int32_t fy1 = g.in_h - y0 < g.filter_h ? g.in_h - y0 : g.filter_h;
  fy1 = fy1 < fy0 ? fy0 : fy1;  // no tap (the reference's loops do not run)
  const size_t depth = static_cast<size_t>(g.depth);
  for (int32_t ox = 0; ox < g.out_w; ++ox) {
    const int32_t x0 = ox * g.stride_w - g.pad_left;
    const int32_t fx0 = x0 < 0 ? -x0 : 0;
    int32_t fx1 = g.in_w - x0 < g.filter_w ? g.in_w - x0 : g.filter_w;
    fx1 = fx1 < fx0 ? fx0 : fx1;
    const size_t o = (row * static_cast<size_t>(g.out_w) + static_cast<size_t>(ox)) * depth;
    f(o, b, y0, x0, fy0, fy1, fx0, fx1);
  }
}

inline size_t InputOffset(const Geometry& g, int32_t b, int32_t y, int32_t x) {
  return ((static_cast<size_t>(b) * static_cast<size_t>(g.in_h) + static_cast<size_t>(y)) *
              static_cast<size_t>(g.in_w) +
          static_cast<size_t>(x)) *
         static_cast<size_t>(g.depth);
}

template <bool kMax>
void F32Row(const Geometry& g, const float* in, float* out, size_t row, float lo, float hi) {
  ForEachPixel(g, row,
               [&](size_t o, int32_t b, int32_t y0, int32_t x0, int32_t fy0, int32_t fy1,
                   int32_t fx0, int32_t fx1) {
                 const float count = static_cast<float>((fy1 - fy0) * (fx1 - fx0));
                 for (int32_t c0 = 0; c0 < g.depth; c0 += kBlock) {
                   const int32_t n = g.depth - c0 < kBlock ? g.depth - c0 : kBlock;
                   float acc[kBlock];
                   for (int32_t c = 0; c < n; ++c) {
                     acc[c] = kMax ? std::numeric_limits<float>::lowest() : 0.f;
                   }
                   for (int32_t fy = fy0; fy < fy1; ++fy) {
                     for (int32_t fx = fx0; fx < fx1; ++fx) {
                       const float* x = in + InputOffset(g, b, y0 + fy, x0 + fx) + c0;
                       for (int32_t c = 0; c < n; ++c) {
                         // std::max(acc, v) and acc + v, as the reference.
                         acc[c] = kMax ? (acc[c] < x[c] ? x[c] : acc[c]) : acc[c] + x[c];
                       }
                     }
                   }
                   float* y = out + o + c0;
                   for (int32_t c = 0; c < n; ++c) {
                     float v = kMax ? acc[c] : acc[c] / count;
                     v = v < lo ? lo : v;  // std::min(std::max(v, lo), hi)
                     y[c] = hi < v ? hi : v;
                   }
                 }
               });
}

// int8/uint8: max in the element type, averages as int32 sums divided with rounding half away from
// zero. The division is done in double: for |sum| < 2^31 and count < 2^22 the truncated double
// quotient is the integer quotient (the error, below 2^-22, cannot cross an integer).
template <bool kMax, class T>
void QuantizedRow(const Geometry& g, const T* in, T* out, size_t row, int32_t lo, int32_t hi) {
  ForEachPixel(g, row,
               [&](size_t o, int32_t b, int32_t y0, int32_t x0, int32_t fy0, int32_t fy1,
                   int32_t fx0, int32_t fx1) {
                 const int32_t count = (fy1 - fy0) * (fx1 - fx0);
                 const int32_t half = count / 2;
                 const double dcount = count > 0 ? static_cast<double>(count) : 1.0;
                 for (int32_t c0 = 0; c0 < g.depth; c0 += kBlock) {
                   const int32_t n = g.depth - c0 < kBlock ? g.depth - c0 : kBlock;
                   int32_t acc[kBlock];
                   for (int32_t c = 0; c < n; ++c) {
                     acc[c] = kMax ? std::numeric_limits<T>::lowest() : 0;
                   }
                   for (int32_t fy = fy0; fy < fy1; ++fy) {
                     for (int32_t fx = fx0; fx < fx1; ++fx) {
                       const T* x = in + InputOffset(g, b, y0 + fy, x0 + fx) + c0;
                       for (int32_t c = 0; c < n; ++c) {
                         const int32_t v = x[c];
                         acc[c] = kMax ? (acc[c] < v ? v : acc[c]) : acc[c] + v;
                       }
                     }
                   }
                   T* y = out + o + c0;
                   for (int32_t c = 0; c < n; ++c) {
                     int32_t v = acc[c];
                     if (!kMax) {
                       const int32_t num = v > 0 ? v + half : v - half;
                       v = static_cast<int32_t>(static_cast<double>(num) / dcount);
                     }
                     v = v < lo ? lo : v;
                     y[c] = static_cast<T>(hi < v ? hi : v);
                   }
                 }
               });
}

inline Kernels MakeKernels() {
  Kernels k;
  k.average_f32 = &F32Row<false>;
  k.max_f32 = &F32Row<true>;
  k.average_s8 = &QuantizedRow<false, int8_t>;
  k.max_s8 = &QuantizedRow<true, int8_t>;
  k.average_u8 = &QuantizedRow<false, uint8_t>;
  k.max_u8 = &QuantizedRow<true, uint8_t>;
  return k;
}

}  // namespace plinth::builtin::pool::PLINTH_POOL_ISA_NS
