// DEPTHWISE_CONV_2D uint8 / int8 fast path: tap lists per pixel, the ISA's channel loop, then the
// reference bias, requantization and clamp per output.
#include "builtin_ops/nn/depthwise_conv_2d_int.h"

#include <algorithm>
#include <type_traits>

#include "builtin_ops/nn/depthwise_conv_2d_f32.h"
#include "builtin_ops/nn/depthwise_conv_2d_int_taps.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::depthwise {
namespace {

void U8TapsPortable(const uint8_t* const* x, const uint8_t* const* w, int32_t taps, size_t c0,
                    size_t n, int32_t io, int32_t fo, int32_t* acc) {
  AccumulateTaps<uint8_t>(x, w, taps, c0, n, io, fo, acc);
}

void I8TapsPortable(const int8_t* const* x, const int8_t* const* w, int32_t taps, size_t c0,
                    size_t n, int32_t io, int32_t fo, int32_t* acc) {
  AccumulateTaps<int8_t>(x, w, taps, c0, n, io, fo, acc);
}

template <class T, class TapsFn>
void Run(const KernelContext& ctx, const Geometry& g, const nn::Requant& r,
         const gemm::RequantS8Vectors& rv, const gemm::RequantU8Params& ru, TapsFn taps_fn) {
  constexpr size_t kBlock = 256;
  const T* in = ctx.input(0).data<T>();
  const T* filter = ctx.input(1).data<T>();
  Tensor bias_t = ctx.input(2);
  const int32_t* bias = bias_t ? bias_t.data<int32_t>() : nullptr;
  T* out = ctx.output(0).data<T>();
  const size_t c = static_cast<size_t>(g.in_c);
  ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
    const T* xs[kMaxFastTaps];
    const T* ws[kMaxFastTaps];
    int32_t acc[kBlock];
    for (size_t row = begin; row < end; ++row) {
      const int32_t b = static_cast<int32_t>(row / static_cast<size_t>(g.out_h));
      const int32_t oy = static_cast<int32_t>(row % static_cast<size_t>(g.out_h));
      const T* image = in + static_cast<size_t>(b) * g.in_h * g.in_w * c;
      T* o = out + row * g.out_w * c;
      int32_t ky0, ky1;
      ValidTaps(oy * g.stride_h - g.pad_top, g.k_h, g.dil_h, g.in_h, &ky0, &ky1);
      // Neighbouring pixels with the same valid taps (the interior) only shift the input
      // pointers by one horizontal stride.
      const size_t step = static_cast<size_t>(g.stride_w) * c;
      int32_t taps = 0, prev_kx0 = -1, prev_kx1 = -1;
      for (int32_t ox = 0; ox < g.out_w; ++ox, o += c) {
        const int32_t x_origin = ox * g.stride_w - g.pad_left;
        int32_t kx0, kx1;
        ValidTaps(x_origin, g.k_w, g.dil_w, g.in_w, &kx0, &kx1);
        if (kx0 == prev_kx0 && kx1 == prev_kx1) {
          for (int32_t t = 0; t < taps; ++t) xs[t] += step;
        } else {
          prev_kx0 = kx0;
          prev_kx1 = kx1;
          taps = 0;
          for (int32_t ky = ky0; ky < ky1; ++ky) {
            const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
            for (int32_t kx = kx0; kx < kx1; ++kx, ++taps) {
              const int32_t ix = x_origin + kx * g.dil_w;
              xs[taps] = image + (static_cast<size_t>(iy) * g.in_w + static_cast<size_t>(ix)) * c;
              ws[taps] = filter + (static_cast<size_t>(ky) * g.k_w + static_cast<size_t>(kx)) * c;
            }
          }
        }
        for (size_t c0 = 0; c0 < c; c0 += kBlock) {
          const size_t n = std::min(kBlock, c - c0);
          taps_fn(xs, ws, taps, c0, n, r.input_offset, r.filter_offset, acc);
          size_t j = 0;
#if defined(PLINTH_HAVE_VECTOR_REQUANT)
          if constexpr (std::is_same_v<T, int8_t>) {
            if (rv.usable) {
              j = gemm::RequantizeS8Vector(acc, bias ? bias + c0 : nullptr, rv, r.output_offset,
                                           r.range.min, r.range.max, n, o + c0, c0);
            }
          }
          if constexpr (std::is_same_v<T, uint8_t>) {
            if (ru.usable) {
              j = gemm::RequantizeU8Vector(acc, bias ? bias + c0 : nullptr, ru, r.output_offset,
                                           r.range.min, r.range.max, n, o + c0);
            }
          }
#endif
          for (; j < n; ++j) {
            int32_t a = acc[j];
            if (bias) a = nn::WrapAdd<int32_t>(a, bias[c0 + j]);
            o[c0 + j] = nn::Requantize<T>(a, r.multipliers[c0 + j], r.output_offset, r.range);
          }
        }
      }
    }
  });
}

}  // namespace

bool IntegerFastPathServes(const Geometry& g, IntegerKind kind, gemm::Isa isa) {
  return isa != gemm::Isa::kReference && g.multiplier == 1 &&
         (kind == IntegerKind::kUint8 || kind == IntegerKind::kInt8) &&
         static_cast<int64_t>(g.k_h) * g.k_w <= kMaxFastTaps;
}

void RunIntegerFast(const KernelContext& ctx, IntegerKind kind, const Geometry& g,
                    const nn::Requant& r, const gemm::RequantS8Vectors& rv,
                    const gemm::RequantU8Params& ru, gemm::Isa isa) {
  U8TapsFn u8 = &U8TapsPortable;
  I8TapsFn i8 = &I8TapsPortable;
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == gemm::Isa::kAvx2Fma) {
    u8 = &U8TapsAvx2;
    i8 = &I8TapsAvx2;
  }
#elif defined(PLINTH_HAVE_NEON_KERNELS)
  if (gemm::IsNeon(isa)) {
    u8 = &U8TapsNeon;
    i8 = &I8TapsNeon;
  }
#else
  (void)isa;
#endif
  if (kind == IntegerKind::kUint8) {
    Run<uint8_t>(ctx, g, r, rv, ru, u8);
  } else {
    Run<int8_t>(ctx, g, r, rv, ru, i8);
  }
}

}  // namespace plinth::builtin::depthwise
