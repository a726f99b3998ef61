// DEPTHWISE_CONV_2D uint8 / int8 fast path: tap lists per pixel, the ISA's channel loop, then the
// reference bias, requantization and clamp per output.
#include "builtin_ops/nn/depthwise_conv_2d_int.h"

#include <algorithm>
#include <type_traits>

#include "builtin_ops/nn/depthwise_conv_2d_f32.h"
#include "builtin_ops/nn/depthwise_conv_2d_int_taps.h"
#include "builtin_ops/nn/nn_integer.h"
#include "builtin_ops/nn/nn_util.h"

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

// The interior kernel of this build for T (null without AVX2).
template <class T>
using InteriorFn = void (*)(const T* x, const InteriorRow& row, const PackedIntegerFilter& p,
                            const gemm::RequantS8Vectors& rv, const gemm::RequantU8Params& ru,
                            T* out);

#if defined(PLINTH_HAVE_AVX2_KERNELS)
void InteriorS8(const int8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                const gemm::RequantS8Vectors& rv, const gemm::RequantU8Params&, int8_t* out) {
  InteriorS8Avx2(x, row, p, rv, out);
}
void InteriorU8(const uint8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                const gemm::RequantS8Vectors&, const gemm::RequantU8Params& ru, uint8_t* out) {
  InteriorU8Avx2(x, row, p, ru, out);
}
void InteriorS8Wide(const int8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                    const gemm::RequantS8Vectors& rv, const gemm::RequantU8Params&, int8_t* out) {
  InteriorS8Avx512(x, row, p, rv, out);
}
void InteriorU8Wide(const uint8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                    const gemm::RequantS8Vectors&, const gemm::RequantU8Params& ru, uint8_t* out) {
  InteriorU8Avx512(x, row, p, ru, out);
}
#endif

// Output columns [*begin, *end) whose windows lie wholly inside the input's width.
void InteriorColumns(const Geometry& g, int32_t* begin, int32_t* end) {
  // ox * stride_w - pad_left >= 0 and ox * stride_w - pad_left + (k_w - 1) * dil_w < in_w.
  const int64_t first = (static_cast<int64_t>(g.pad_left) + g.stride_w - 1) / g.stride_w;
  const int64_t last_origin =
      static_cast<int64_t>(g.in_w) - 1 - static_cast<int64_t>(g.k_w - 1) * g.dil_w + g.pad_left;
  const int64_t limit = last_origin < 0 ? 0 : last_origin / g.stride_w + 1;
  *begin = static_cast<int32_t>(std::min<int64_t>(first, g.out_w));
  *end = static_cast<int32_t>(std::max<int64_t>(*begin, std::min<int64_t>(limit, g.out_w)));
}

// The geometry of g's input copied with its padding filled in: the rows and columns the windows
// cover, no padding.
Geometry PaddedGeometry(const Geometry& g) {
  Geometry p = g;
  p.in_h = static_cast<int32_t>(nn::WindowExtent(g.out_h, g.stride_h, g.k_h, g.dil_h));
  p.in_w = static_cast<int32_t>(nn::WindowExtent(g.out_w, g.stride_w, g.k_w, g.dil_w));
  p.pad_top = 0;
  p.pad_left = 0;
  return p;
}

// Copies rows [begin, end) (over batches) of g's input into `padded` (laid out as `pg`,
// PaddedGeometry(g)), with every position outside the input set to `zero`.
template <class T>
void PadRows(const Geometry& g, const Geometry& pg, const T* in, T zero, T* padded, size_t begin,
             size_t end) {
  const size_t c = static_cast<size_t>(g.in_c), pw = static_cast<size_t>(pg.in_w);
  // Input columns [x0, x1) land at padded columns [x0 + pad_left, x1 + pad_left).
  const int32_t x0 = std::max(0, -g.pad_left);
  const int32_t x1 = std::max(x0, std::min(g.in_w, pg.in_w - g.pad_left));
  for (size_t row = begin; row < end; ++row) {
    const size_t b = row / static_cast<size_t>(pg.in_h);
    const int32_t iy = static_cast<int32_t>(row % static_cast<size_t>(pg.in_h)) - g.pad_top;
    T* dst = padded + row * pw * c;
    if (iy < 0 || iy >= g.in_h || x0 == x1) {
      std::fill(dst, dst + pw * c, zero);
      continue;
    }
    const size_t before = static_cast<size_t>(x0 + g.pad_left) * c;
    const size_t inside = static_cast<size_t>(x1 - x0) * c;
    std::fill(dst, dst + before, zero);
    std::copy_n(
        in + ((b * g.in_h + static_cast<size_t>(iy)) * g.in_w + static_cast<size_t>(x0)) * c,
        inside, dst + before);
    std::fill(dst + before + inside, dst + pw * c, zero);
  }
}

template <class T, class TapsFn>
void Run(const KernelContext& ctx, Geometry g, const nn::Requant& r,
         const gemm::RequantS8Vectors& rv, const gemm::RequantU8Params& ru,
         const PackedIntegerFilter* packed, InteriorFn<T> interior_fn, TapsFn taps_fn,
         int32_t padded_scratch) {
  constexpr size_t kBlock = 256;
  const T* in = ctx.input(0).data<T>();
  if (padded_scratch >= 0) {
    // On the interpreter's threads: a serial copy of a large input took as long as the
    // convolution's share of one thread. Small ones (64 KiB) are not worth a dispatch.
    T* padded = ctx.Scratch<T>(padded_scratch);
    const Geometry pg = PaddedGeometry(g);
    const T zero = static_cast<T>(-r.input_offset);
    const size_t rows = static_cast<size_t>(g.batches) * pg.in_h;
    if (rows * pg.in_w * pg.in_c < (size_t{1} << 16)) {
      PadRows(g, pg, in, zero, padded, 0, rows);
    } else {
      ctx.ParallelFor(
          rows, 1, [&](size_t begin, size_t end) { PadRows(g, pg, in, zero, padded, begin, end); });
    }
    g = pg;
    in = padded;
  }
  const T* filter = ctx.input(1).data<T>();
  Tensor bias_t = ctx.input(2);
  const int32_t* bias = bias_t ? bias_t.data<int32_t>() : nullptr;
  T* out = ctx.output(0).data<T>();
  const size_t c = static_cast<size_t>(g.in_c);
  // The interior kernel's share: whole windows, the packed filter's channels.
  if (packed == nullptr) interior_fn = nullptr;
  const size_t interior_c = interior_fn != nullptr ? packed->channels() : 0;
  int32_t interior_begin = 0, interior_end = 0;
  ptrdiff_t offsets[kMaxFastTaps + 1];
  if (interior_fn != nullptr) {
    InteriorColumns(g, &interior_begin, &interior_end);
    const int32_t taps = g.k_h * g.k_w;
    for (int32_t t = 0; t < taps; ++t) {
      offsets[t] = (static_cast<ptrdiff_t>(t / g.k_w) * g.dil_h * g.in_w +
                    static_cast<ptrdiff_t>(t % g.k_w) * g.dil_w) *
                   static_cast<ptrdiff_t>(c);
    }
    offsets[taps] = offsets[taps - 1];  // an odd window's last pair reads its last tap twice
  }
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
      // Columns the interior kernel wrote (a row with the whole window height only).
      int32_t done_begin = 0, done_end = 0;
      if (interior_fn != nullptr && ky0 == 0 && ky1 == g.k_h && interior_begin < interior_end) {
        done_begin = interior_begin;
        done_end = interior_end;
        const int32_t iy = oy * g.stride_h - g.pad_top;
        const int32_t ix = interior_begin * g.stride_w - g.pad_left;
        const InteriorRow spec{offsets,
                               static_cast<size_t>(interior_end - interior_begin),
                               static_cast<size_t>(g.stride_w) * c,
                               c,
                               r.output_offset,
                               r.range.min,
                               r.range.max};
        interior_fn(image + (static_cast<size_t>(iy) * g.in_w + static_cast<size_t>(ix)) * c, spec,
                    *packed, rv, ru, o + static_cast<size_t>(interior_begin) * c);
      }
      // Neighbouring pixels with the same valid taps (the interior) only shift the input
      // pointers by one horizontal stride.
      const size_t step = static_cast<size_t>(g.stride_w) * c;
      int32_t taps = 0, prev_kx0 = -1, prev_kx1 = -1;
      for (int32_t ox = 0; ox < g.out_w; ++ox, o += c) {
        if (ox == done_begin && done_end > done_begin && interior_c == c) {
          // Pixels the interior kernel wrote whole: past them, the tap lists start afresh.
          o += static_cast<size_t>(done_end - 1 - ox) * c;
          ox = done_end - 1;
          prev_kx0 = -1;
          continue;
        }
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
        const size_t c_begin = ox >= done_begin && ox < done_end ? interior_c : 0;
        for (size_t c0 = c_begin; c0 < c; c0 += kBlock) {
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

bool InteriorKernelServes(const Geometry& g, IntegerKind kind, const nn::Requant& r,
                          const gemm::RequantS8Vectors& rv, const gemm::RequantU8Params& ru,
                          gemm::Isa isa) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  auto small = [](int32_t offset) { return offset >= -256 && offset <= 256; };
  return isa == gemm::Isa::kAvx2Fma && IntegerFastPathServes(g, kind, isa) && g.in_c >= 8 &&
         g.k_h >= 1 && g.k_w >= 1 && small(r.input_offset) && small(r.filter_offset) &&
         (kind == IntegerKind::kInt8 ? rv.usable : ru.usable);
#else
  (void)g, (void)kind, (void)r, (void)rv, (void)ru, (void)isa;
  return false;
#endif
}

bool InteriorKernelIsAvx512(gemm::Isa isa) {
  return isa == gemm::Isa::kAvx2Fma && gemm::CpuHasAvx512Vnni();
}

// The taps each packed pair holds (-1: none). The AVX2 layout pairs neighbours in tap order,
// (0, 1), (2, 3), ...; the AVX-512 kernel pairs each tap with the one below it, (ky, kx) with
// (ky + 1, kx) for even ky, and takes a last odd row's taps alone: along a row of output pixels
// the pairs of a window column are then the next pixel's pairs of the column before it (stride
// 1), so that kernel interleaves each input column once.
std::vector<int32_t> TapPairs(const Geometry& g, bool channel_order) {
  const int32_t taps = g.k_h * g.k_w;
  std::vector<int32_t> pairs;
  if (!channel_order) {
    for (int32_t t = 0; t < taps; t += 2) pairs.insert(pairs.end(), {t, t + 1 < taps ? t + 1 : -1});
    return pairs;
  }
  for (int32_t ky = 0; ky < g.k_h; ky += 2) {
    for (int32_t kx = 0; kx < g.k_w; ++kx) {
      pairs.insert(pairs.end(), {ky * g.k_w + kx, ky + 1 < g.k_h ? (ky + 1) * g.k_w + kx : -1});
    }
  }
  return pairs;
}

template <class T>
PackedIntegerFilter* MakePackedIntegerFilter(const Geometry& g, const T* filter,
                                             const int32_t* bias, const nn::Requant& r,
                                             bool channel_order) {
  auto* p = new PackedIntegerFilter;
  const size_t c = static_cast<size_t>(g.in_c);
  const int32_t taps = g.k_h * g.k_w;
  p->pair_taps = TapPairs(g, channel_order);
  p->pairs = static_cast<int32_t>(p->pair_taps.size() / 2);
  p->k_h = g.k_h;
  p->k_w = g.k_w;
  p->groups = c / 16;
  p->half = c % 16 >= 8;
  p->channel_order = channel_order;
  const size_t group_taps = p->groups * static_cast<size_t>(p->pairs) * 32;
  p->taps.assign(group_taps + (p->half ? static_cast<size_t>(p->pairs) * 16 : 0), 0);
  p->bias_io.resize(p->channels());
  auto tap = [&](int32_t t, size_t ch) -> int32_t {
    return t >= 0 && t < taps
               ? static_cast<int32_t>(filter[static_cast<size_t>(t) * c + ch]) + r.filter_offset
               : 0;
  };
  // The first and second tap of pair q of channel ch.
  auto first = [&](int32_t q, size_t ch) {
    return static_cast<int16_t>(tap(p->pair_taps[2 * q], ch));
  };
  auto second = [&](int32_t q, size_t ch) {
    return static_cast<int16_t>(tap(p->pair_taps[2 * q + 1], ch));
  };
  for (size_t grp = 0; grp < p->groups; ++grp) {
    for (int32_t q = 0; q < p->pairs; ++q) {
      int16_t* v = p->taps.data() + (grp * static_cast<size_t>(p->pairs) + q) * 32;
      if (channel_order) {
        for (size_t i = 0; i < 16; ++i) {
          v[2 * i] = first(q, grp * 16 + i);
          v[2 * i + 1] = second(q, grp * 16 + i);
        }
        continue;
      }
      // vpunpcklwd of two 16-lane vectors takes lanes 0-3 and 8-11, vpunpckhwd 4-7 and 12-15,
      // each as (first, second) pairs; lo is v[0..15], hi v[16..31].
      for (size_t i = 0; i < 8; ++i) {
        const size_t lo_ch = grp * 16 + (i < 4 ? i : i + 4);
        const size_t hi_ch = lo_ch + 4;
        v[2 * i] = first(q, lo_ch);
        v[2 * i + 1] = second(q, lo_ch);
        v[16 + 2 * i] = first(q, hi_ch);
        v[16 + 2 * i + 1] = second(q, hi_ch);
      }
    }
  }
  if (p->half) {
    int16_t* v = p->taps.data() + group_taps;
    for (int32_t q = 0; q < p->pairs; ++q, v += 16) {
      for (size_t i = 0; i < 8; ++i) {
        v[2 * i] = first(q, p->groups * 16 + i);
        v[2 * i + 1] = second(q, p->groups * 16 + i);
      }
    }
  }
  for (size_t ch = 0; ch < p->channels(); ++ch) {
    uint32_t sum = 0;
    for (int32_t t = 0; t < taps; ++t) sum += static_cast<uint32_t>(tap(t, ch));
    const uint32_t io_term = static_cast<uint32_t>(r.input_offset) * sum;
    p->bias_io[ch] =
        static_cast<int32_t>(io_term + static_cast<uint32_t>(bias != nullptr ? bias[ch] : 0));
  }
  return p;
}

template PackedIntegerFilter* MakePackedIntegerFilter<uint8_t>(const Geometry&, const uint8_t*,
                                                               const int32_t*, const nn::Requant&,
                                                               bool);
template PackedIntegerFilter* MakePackedIntegerFilter<int8_t>(const Geometry&, const int8_t*,
                                                              const int32_t*, const nn::Requant&,
                                                              bool);

bool IntegerFastPathServes(const Geometry& g, IntegerKind kind, gemm::Isa isa) {
  return isa != gemm::Isa::kReference && g.multiplier == 1 &&
         (kind == IntegerKind::kUint8 || kind == IntegerKind::kInt8) &&
         static_cast<int64_t>(g.k_h) * g.k_w <= kMaxFastTaps;
}

bool PadsInputCopy(const Geometry& g, IntegerKind kind, const nn::Requant& r) {
  const int32_t zero = -r.input_offset;
  const bool representable =
      kind == IntegerKind::kUint8 ? zero >= 0 && zero <= 255 : zero >= -128 && zero <= 127;
  if (!representable || g.out_h <= 0 || g.out_w <= 0) return false;
  // Strided windows: SAME pads the end only, so one row and one column meet the padding, and
  // copying the whole input measured slower than their taps (MobileNet's stride-2 layers).
  if (g.stride_h != 1 || g.stride_w != 1) return false;
  int32_t col_begin, col_end;
  InteriorColumns(g, &col_begin, &col_end);
  int64_t rows = 0;
  for (int32_t oy = 0; oy < g.out_h; ++oy) {
    int32_t ky0, ky1;
    ValidTaps(oy * g.stride_h - g.pad_top, g.k_h, g.dil_h, g.in_h, &ky0, &ky1);
    rows += ky0 == 0 && ky1 == g.k_h ? 1 : 0;
  }
  const int64_t pixels = int64_t{g.out_h} * g.out_w;
  const int64_t border = pixels - rows * (col_end - col_begin);
  const double size = nn::PaddedCopySize(g.batches, g.out_h, g.out_w, g.in_c, g.stride_h,
                                         g.stride_w, g.k_h, g.k_w, g.dil_h, g.dil_w);
  return border * 16 >= pixels && size <= 4.0 * (1 << 20);
}

size_t PaddedInputSize(const Geometry& g) {
  return static_cast<size_t>(nn::PaddedCopySize(g.batches, g.out_h, g.out_w, g.in_c, g.stride_h,
                                                g.stride_w, g.k_h, g.k_w, g.dil_h, g.dil_w));
}

void RunIntegerFast(const KernelContext& ctx, IntegerKind kind, const Geometry& g,
                    const nn::Requant& r, const gemm::RequantS8Vectors& rv,
                    const gemm::RequantU8Params& ru, const PackedIntegerFilter* packed,
                    gemm::Isa isa, int32_t padded_scratch) {
  U8TapsFn u8 = &U8TapsPortable;
  I8TapsFn i8 = &I8TapsPortable;
  InteriorFn<uint8_t> interior_u8 = nullptr;
  InteriorFn<int8_t> interior_s8 = nullptr;
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == gemm::Isa::kAvx2Fma) {
    u8 = &U8TapsAvx2;
    i8 = &I8TapsAvx2;
    // The kernel the filter was packed for.
    const bool wide = packed != nullptr && packed->channel_order;
    interior_u8 = wide ? &InteriorU8Wide : &InteriorU8;
    interior_s8 = wide ? &InteriorS8Wide : &InteriorS8;
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
    Run<uint8_t>(ctx, g, r, rv, ru, packed, interior_u8, u8, padded_scratch);
  } else {
    Run<int8_t>(ctx, g, r, rv, ru, packed, interior_s8, i8, padded_scratch);
  }
}

}  // namespace plinth::builtin::depthwise
