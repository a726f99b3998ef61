// CONV_2D uint8 / int8 through the integer GEMM micro-kernels (see conv_2d.h): weights packed
// once per model (int16 pairs with their offset, or int8 quads with column sums for the
// dot-product kernels), each tile of 4 output pixels gathers its windows into operands (or, on the
// indirect path, points at them in the input), and each output then gets the reference's own
// bias, requantization and clamp. Bit-exact: int32 sums wrap the same whatever their order.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "builtin_ops/nn/conv_2d.h"
#include "builtin_ops/nn/integer_gemm_output.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin::conv2d {
namespace {

constexpr uint32_t kPackInteger = 2;         // ModelShared keys (float packing uses 1)
constexpr uint32_t kPackIntegerDot = 3;      // the dot-product kernels' packing
constexpr uint32_t kPackIntegerTaps = 4;     // the same per tap, for the indirect kernels
constexpr uint32_t kPackIntegerRowTaps = 5;  // the same per window row

// How a window value becomes a GEMM operand. The int16-pair kernels take (value + offset), with
// padded taps as 0; the dot-product kernels take the value as int8 (gemm::DotOperand), with
// padded taps as the input's zero point, whose offset product is 0 as the reference's skipped
// tap, and need each row's sum.
template <class T>
struct PairOperands {
  using Op = int16_t;
  int32_t offset;
  static constexpr bool kRowSums = false;
  int16_t operator()(T v) const { return static_cast<int16_t>(static_cast<int32_t>(v) + offset); }
  int16_t padding() const { return 0; }
};
template <class T>
struct DotOperands {
  using Op = int8_t;
  int32_t offset;
  static constexpr bool kRowSums = true;
  int8_t operator()(T v) const { return gemm::DotOperand(v); }
  int8_t padding() const { return gemm::DotOperand(static_cast<T>(-offset)); }
};

// Output pixels in order from `first`: the first one's position by division, the next ones by
// stepping (no divide per row of a tile).
struct PixelWalk {
  PixelWalk(const Geometry& geometry, size_t first) : g(geometry) {
    const size_t pixels = static_cast<size_t>(g.out_h) * g.out_w;
    b = first / pixels;
    oy = static_cast<int32_t>(first % pixels / g.out_w);
    ox = static_cast<int32_t>(first % pixels % g.out_w) - 1;
  }
  // Moves to the next pixel (the first call moves to `first`).
  void Next() {
    if (++ox == g.out_w) {
      ox = 0;
      if (++oy == g.out_h) {
        oy = 0;
        ++b;
      }
    }
  }
  const Geometry& g;
  size_t b = 0;
  int32_t oy = 0, ox = 0;  // the pixel's batch, row and column
};

template <class T, class Operand>
void Gather(const Geometry& g, const T* in, const Operand& operand, size_t first, size_t rows,
            size_t kp, typename Operand::Op* dst, int32_t* row_sums) {
  using Op = typename Operand::Op;
  const size_t c = static_cast<size_t>(g.in_c);
  const Op pad = operand.padding();
  PixelWalk px(g, first);
  for (size_t r = 0; r < rows; ++r, dst += kp) {
    px.Next();
    const int32_t oy = px.oy, ox = px.ox;
    const T* image = in + px.b * g.in_h * g.in_w * c;
    Op* d = dst;
    const int32_t ix0 = ox * g.stride_w - g.pad_left;
    // With every horizontal tap inside the input and no dilation, a window row is k_w x c
    // consecutive values: one loop instead of k_w short ones (c = 3 in first layers).
    const bool whole_rows = g.dil_w == 1 && ix0 >= 0 && ix0 + g.k_w <= g.in_w;
    const size_t row_values = static_cast<size_t>(g.k_w) * c;
    for (int32_t ky = 0; ky < g.k_h; ++ky) {
      const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
      if (whole_rows && iy >= 0 && iy < g.in_h) {
        const T* x = image + (static_cast<size_t>(iy) * g.in_w + static_cast<size_t>(ix0)) * c;
        for (size_t i = 0; i < row_values; ++i) d[i] = operand(x[i]);
        d += row_values;
        continue;
      }
      for (int32_t kx = 0; kx < g.k_w; ++kx, d += c) {
        const int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
        if (iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w) {
          std::fill(d, d + c, pad);
          continue;
        }
        const T* x = image + (static_cast<size_t>(iy) * g.in_w + static_cast<size_t>(ix)) * c;
        for (size_t i = 0; i < c; ++i) d[i] = operand(x[i]);
      }
    }
    for (Op* end = dst + kp; d < end; ++d) *d = 0;  // the depth padding (zero weights there)
    if constexpr (Operand::kRowSums) {
      uint32_t sum = 0;  // wraps as the identity allows (gemm/i8_dot_gemm.h), never overflows
      for (size_t i = 0; i < kp; ++i) sum += static_cast<uint32_t>(int32_t{dst[i]});
      row_sums[r] = static_cast<int32_t>(sum);
    }
  }
}

template <class T, class Operand>
void Run(const KernelContext& ctx, const Geometry& g, const IntegerGemm& ig, const Requant& r,
         const Operand& operand) {
  using Op = typename Operand::Op;
  static_assert(gemm::kI16Mr == gemm::kI8DotMr && gemm::kI16Nr == gemm::kI8DotNr);
  const T* in = ctx.input(0).data<T>();
  Tensor bias_t = ctx.input(2);
  const int32_t* bias = bias_t ? bias_t.data<int32_t>() : nullptr;
  T* out = ctx.output(0).data<T>();
  Op* rows = ctx.Scratch<Op>(ig.rows_scratch);
  const size_t n = static_cast<size_t>(g.out_c), kp = ig.kp, mr = gemm::kI16Mr;
  const size_t k = static_cast<size_t>(g.k_h) * g.k_w * g.in_c;
  const size_t panels = (n + gemm::kI16Nr - 1) / gemm::kI16Nr;
  const gemm::I16TileOutput shared = nn::SharedTileOutput(ig.requant_u8, r, n);
  const gemm::RequantS8Vectors* s8 = std::is_same_v<T, int8_t> ? &ig.requant : nullptr;
  ctx.ParallelFor(ig.chunks, 1, [&](size_t first, size_t last) {
    int32_t acc[gemm::kI16Mr * gemm::kI16Nr];
    int32_t row_sums[gemm::kI16Mr];
    for (size_t chunk = first; chunk < last; ++chunk) {
      Op* buffer = rows + chunk * mr * kp;
      const size_t t_end = ig.tiles * (chunk + 1) / ig.chunks;
      for (size_t t = ig.tiles * chunk / ig.chunks; t < t_end; ++t) {
        const size_t m0 = t * mr, mb = std::min(mr, ig.m - m0);
        Gather(g, in, operand, m0, mb, kp, buffer, row_sums);
        for (size_t p = 0; p < panels; ++p) {
          const size_t n0 = p * gemm::kI16Nr, nb = std::min(gemm::kI16Nr, n - n0);
          const gemm::I16GemmRequantFn requant_fn = nb == gemm::kI16Nr ? ig.requant_fns.full
                                                    : nb == 8          ? ig.requant_fns.half
                                                                       : nullptr;
          if constexpr (Operand::kRowSums) {
            ig.dot_kernel.fn(mb, kp, buffer, kp, ig.dot->weights.data() + p * kp * gemm::kI8DotNr,
                             acc);
            gemm::ApplyDotOffsets(mb, k, row_sums, ig.dot->col_sums.data() + n0, ig.dot_ca,
                                  ig.dot_cw, ig.dot_kernel.row_excess, acc);
          } else if (requant_fn != nullptr) {
            requant_fn(mb, kp, buffer, kp, ig.packed->weights.data() + p * kp * gemm::kI16Nr,
                       nn::PanelTileOutput(shared, bias, s8, n0, out + m0 * n + n0));
            continue;
          } else {
            ig.fn(mb, kp, buffer, kp, ig.packed->weights.data() + p * kp * gemm::kI16Nr, acc);
          }
          nn::FinishIntegerTile<T>(ig.requant, ig.requant_u8, r, bias, acc, gemm::kI16Nr, mb, n0,
                                   nb, n, out + m0 * n + n0);
        }
      }
    }
  });
}

// Tile rows first .. first + rows - 1 as window pointers (gemm::IndirectTile): tap t of row i at
// ptrs[t * 4 + i], the zero-point row for taps in the padding; rows past `rows` repeat the last.
// A tap is IntegerGemm::tap_span neighbouring window columns. Taps the kernels would read past
// (quads beyond their values, window rows meeting the padding) occur only in a padded copy, where
// every window lies inside (IndirectTaps).
template <class T>
void WindowPointers(const Geometry& g, const IntegerGemm& ig, const T* in, const T* zero_row,
                    size_t first, size_t rows, const void** ptrs) {
  const size_t c = static_cast<size_t>(g.in_c), mr = gemm::kI8IndirectMr;
  const size_t taps = ig.tap_offsets.size();
  if (g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 &&
      g.pad_left == 0) {
    // 1x1, stride 1, no padding: output pixel m reads input pixel m.
    for (size_t r = 0; r < mr; ++r) ptrs[r] = in + (first + std::min(r, rows - 1)) * c;
    return;
  }
  PixelWalk px(g, first);
  for (size_t r = 0; r < rows; ++r) {
    px.Next();
    const int32_t oy = px.oy, ox = px.ox;
    const T* image = in + px.b * g.in_h * g.in_w * c;
    const void** p = ptrs + r;
    const int32_t iy0 = oy * g.stride_h - g.pad_top, ix0 = ox * g.stride_w - g.pad_left;
    if (iy0 >= 0 && ix0 >= 0 && iy0 + (g.k_h - 1) * g.dil_h < g.in_h &&
        ix0 + (g.k_w - 1) * g.dil_w < g.in_w) {
      // A window inside the input: the taps at their fixed offsets.
      const T* origin = image + (static_cast<size_t>(iy0) * g.in_w + static_cast<size_t>(ix0)) * c;
      for (size_t t = 0; t < taps; ++t) p[t * mr] = origin + ig.tap_offsets[t];
      continue;
    }
    // Only one column per tap here (tap_span > 1 always reads a padded copy).
    for (int32_t ky = 0; ky < g.k_h; ++ky) {
      const int32_t iy = iy0 + ky * g.dil_h;
      for (int32_t kx = 0; kx < g.k_w; ++kx, p += mr) {
        const int32_t ix = ix0 + kx * g.dil_w;
        *p = iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w
                 ? zero_row
                 : image + (static_cast<size_t>(iy) * g.in_w + static_cast<size_t>(ix)) * c;
      }
    }
  }
  for (size_t r = rows; r < mr; ++r) {
    for (size_t t = 0; t < taps; ++t) ptrs[t * mr + r] = ptrs[t * mr + rows - 1];
  }
}

// Copies the input's rows into the padded copy (IntegerGemm::padded): the rows and columns the
// windows cover, at their padded positions; the padding around them holds the zero point already.
// int8 values are stored flipped (value ^ 0x80, the kernels' unsigned operand: IndirectTile).
template <class T>
void FillPaddedInput(const Geometry& g, const Geometry& gp, const T* in, uint8_t* padded) {
  const size_t c = static_cast<size_t>(g.in_c);
  const int32_t x_end = std::min(g.in_w, gp.in_w - g.pad_left);  // input columns that land
  if (x_end <= 0) return;
  const size_t row_values = static_cast<size_t>(x_end) * c;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t iy = 0; iy < g.in_h && iy + g.pad_top < gp.in_h; ++iy) {
      const uint8_t* src = reinterpret_cast<const uint8_t*>(in) +
                           ((static_cast<size_t>(b) * g.in_h + iy) * g.in_w) * c;
      uint8_t* dst = padded + ((static_cast<size_t>(b) * gp.in_h + iy + g.pad_top) * gp.in_w +
                               static_cast<size_t>(g.pad_left)) *
                                  c;
      if constexpr (std::is_same_v<T, int8_t>) {
        for (size_t i = 0; i < row_values; ++i) dst[i] = src[i] ^ 0x80;
      } else {
        std::copy_n(src, row_values, dst);
      }
    }
  }
}

template <class T>
void RunIndirect(const KernelContext& ctx, const Geometry& geometry, IntegerGemm& ig,
                 const Requant& r) {
  const T* in = ctx.input(0).data<T>();
  // With a padded copy, the windows read it: every tap is whole, nothing is read past its end.
  const Geometry& g = ig.padded.empty() ? geometry : ig.padded_geometry;
  const bool flipped = std::is_same_v<T, int8_t> && !ig.padded.empty();
  if (!ig.padded.empty()) {
    FillPaddedInput(geometry, g, in, ig.padded.data());
    in = reinterpret_cast<const T*>(ig.padded.data());
  }
  T* out = ctx.output(0).data<T>();
  const T* zero_row = reinterpret_cast<const T*>(ig.zero_row.data());
  const void** pointers = ctx.Scratch<const void*>(ig.pointers_scratch);
  const size_t n = static_cast<size_t>(g.out_c), mr = gemm::kI8IndirectMr;
  const size_t taps = ig.tap_offsets.size();
  const size_t tap_c = static_cast<size_t>(ig.tap_span) * static_cast<size_t>(g.in_c);
  const size_t cq = gemm::I8DotDepth(tap_c), kp = taps * cq;
  const size_t panels = (n + gemm::kI8DotNr - 1) / gemm::kI8DotNr;
  constexpr bool kInt8 = std::is_same_v<T, int8_t>;
  const gemm::I16TileOutput shared = nn::SharedTileOutput(ig.requant_u8, r, n);
  const gemm::RequantS8Vectors* s8 = kInt8 ? &ig.requant : nullptr;
  // The window pointers of every tile are kept between runs while the input (or the padded copy)
  // stays where it was.
  const bool cached = !ig.indirection.empty();
  const bool rebuild = cached && ig.indirection_input != in;
  ctx.ParallelFor(ig.chunks, 1, [&](size_t first, size_t last) {
    int32_t row_terms[gemm::kI8IndirectMr];
    for (size_t chunk = first; chunk < last; ++chunk) {
      const void** chunk_ptrs = pointers + chunk * taps * mr;
      const size_t t_end = ig.tiles * (chunk + 1) / ig.chunks;
      for (size_t t = ig.tiles * chunk / ig.chunks; t < t_end; ++t) {
        const size_t m0 = t * mr, mb = std::min(mr, ig.m - m0);
        const void** ptrs = cached ? ig.indirection.data() + t * taps * mr : chunk_ptrs;
        if (!cached || rebuild) WindowPointers(g, ig, in, zero_row, m0, mb, ptrs);
        const gemm::IndirectTile tile{ptrs, taps, tap_c, flipped};
        const int32_t* terms = nullptr;
        if (ig.indirect_cw != 0) {
          gemm::I8IndirectRowTerms(kInt8, tile, ig.indirect_cw, row_terms);
          terms = row_terms;
        }
        for (size_t p = 0; p < panels; ++p) {
          const size_t n0 = p * gemm::kI8DotNr, nb = std::min(gemm::kI8DotNr, n - n0);
          const int8_t* w = ig.dot->weights.data() + p * kp * gemm::kI8DotNr;
          ig.indirect(mb, tile, w, terms, nb,
                      nn::PanelTileOutput(shared, ig.col_terms.data(), s8, n0, out + m0 * n + n0));
        }
      }
    }
  });
  ig.indirection_input = in;
}

template <class T>
void RunTyped(const KernelContext& ctx, const Geometry& g, IntegerGemm& ig, const Requant& r) {
  if (ig.indirect != nullptr) {
    RunIndirect<T>(ctx, g, ig, r);
  } else if (ig.dot != nullptr) {
    Run<T>(ctx, g, ig, r, DotOperands<T>{r.input_offset});
  } else {
    Run<T>(ctx, g, ig, r, PairOperands<T>{r.input_offset});
  }
}

// How the indirect path cuts a window into taps: one per window column, or a whole window row per
// tap where that packs into fewer quads (few channels: 1-3 in first layers; its columns must be
// contiguous, so no dilation). Taps whose quads run past their values, and window-row taps that
// meet the padding, would need piecewise copies every run: those windows read a kept copy of the
// input with its padding filled in once, at most 4 MiB; above that the indirect path declines.
struct TapLayout {
  int32_t span = 1;  // window columns per tap
  size_t tap_c = 0, taps = 0, cq = 0;
  bool padded_copy = false;
  double padded_size = 0;  // values, with a quad of slack for the last tap's read
  bool serves() const { return !padded_copy || padded_size <= 4.0 * (1 << 20); }
};

TapLayout IndirectTaps(const Geometry& g) {
  TapLayout l;
  const size_t c = static_cast<size_t>(g.in_c), k_w = static_cast<size_t>(g.k_w);
  const bool row_taps = g.dil_w == 1 && gemm::I8DotDepth(k_w * c) < k_w * gemm::I8DotDepth(c);
  l.span = row_taps ? g.k_w : 1;
  l.tap_c = row_taps ? k_w * c : c;
  l.taps = static_cast<size_t>(g.k_h) * (row_taps ? 1 : k_w);
  l.cq = gemm::I8DotDepth(l.tap_c);
  l.padded_copy = row_taps || l.cq != l.tap_c;
  l.padded_size = nn::PaddedCopySize(g.batches, g.out_h, g.out_w, g.in_c, g.stride_h, g.stride_w,
                                     g.k_h, g.k_w, g.dil_h, g.dil_w) +
                  static_cast<double>(l.cq);
  return l;
}

// The indirect path's per-node state: the shared packed filter, the column terms with the bias,
// the zero-point row, the padded copy and the window pointers (kept, and their scratch).
PlinthStatus PrepareIndirect(const KernelContext& ctx, const Geometry& g, bool is_uint8,
                             const Requant& r, IntegerGemm* ig) {
  const TapLayout l = IndirectTaps(g);
  const size_t n = static_cast<size_t>(g.out_c), c = static_cast<size_t>(g.in_c);
  const size_t k = l.taps * l.tap_c;
  Tensor filter = ctx.input(1);
  // [n][k_h][k_w][c] is [n][taps][tap_c] either way.
  ig->dot =
      ctx.ModelShared<gemm::PackedI8Dot>(l.span > 1 ? kPackIntegerRowTaps : kPackIntegerTaps, [&] {
        return is_uint8 ? gemm::MakePackedI8DotTaps(n, l.taps, l.tap_c, filter.data<uint8_t>())
                        : gemm::MakePackedI8DotTaps(n, l.taps, l.tap_c, filter.data<int8_t>());
      });
  if (ig->dot == nullptr) {  // a core without model-shared data: the reference kernel serves
    *ig = IntegerGemm{};
    return PLINTH_OK;
  }
  ig->tap_span = l.span;
  ig->kp = l.taps * l.cq;
  ig->tiles = (ig->m + gemm::kI8IndirectMr - 1) / gemm::kI8IndirectMr;
  const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
  ig->chunks = std::max<size_t>(1, std::min(ig->tiles, threads > 1 ? 4 * threads : 1));
  ig->indirect_cw = gemm::DotOffset(is_uint8, r.filter_offset);
  Tensor bias = ctx.input(2);
  ig->col_terms.resize(gemm::I8DotColumns(n));
  gemm::I8IndirectColumnTerms(n, k, ig->dot->col_sums.data(), bias ? bias.data<int32_t>() : nullptr,
                              gemm::IndirectInputOffset(!is_uint8, r.input_offset), ig->indirect_cw,
                              ig->col_terms.data());
  // A padded tap holds the zero point, whose offset value is 0 as the reference's skipped tap.
  const uint8_t zero_point = static_cast<uint8_t>(-r.input_offset);
  ig->zero_row.assign(l.cq, zero_point);
  ig->padded.clear();
  if (l.padded_copy) {
    // int8 as the kernels' unsigned operand (FillPaddedInput): the xor no longer runs per tap.
    ig->padded.assign(static_cast<size_t>(l.padded_size),
                      is_uint8 ? zero_point : zero_point ^ 0x80);
    ig->padded_geometry = g;
    ig->padded_geometry.in_h =
        static_cast<int32_t>(nn::WindowExtent(g.out_h, g.stride_h, g.k_h, g.dil_h));
    ig->padded_geometry.in_w =
        static_cast<int32_t>(nn::WindowExtent(g.out_w, g.stride_w, g.k_w, g.dil_w));
    ig->padded_geometry.pad_top = 0;
    ig->padded_geometry.pad_left = 0;
  }
  const Geometry& gw = l.padded_copy ? ig->padded_geometry : g;  // what the windows read
  ig->tap_offsets.clear();
  for (int32_t ky = 0; ky < gw.k_h; ++ky) {
    for (int32_t kx = 0; kx < gw.k_w; kx += l.span) {
      ig->tap_offsets.push_back(
          (static_cast<size_t>(ky) * gw.dil_h * gw.in_w + static_cast<size_t>(kx) * gw.dil_w) * c);
    }
  }
  // Pointers kept between runs: not for 1x1 windows read in place (as cheap to make as to load),
  // nor beyond 16 MiB a node.
  const bool in_place = g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
                        g.pad_top == 0 && g.pad_left == 0 && !l.padded_copy;
  const size_t kept = ig->tiles * l.taps * gemm::kI8IndirectMr;
  if (!in_place && kept <= (size_t{16} << 20) / sizeof(void*))
    ig->indirection.assign(kept, nullptr);
  ig->indirection_input = nullptr;
  ig->pointers_scratch = ctx.RequestScratch(
      std::max<size_t>(1, ig->chunks * l.taps * gemm::kI8IndirectMr * sizeof(void*)));
  PLINTH_ENSURE(ctx, ig->pointers_scratch >= 0,
                "cannot reserve scratch memory for the convolution's window pointers");
  if (!is_uint8) {
    // The kernels load 16 channels' parameters per panel: pad them to whole panels.
    for (auto* v : {&ig->requant.multiplier, &ig->requant.left_shift, &ig->requant.right_shift,
                    &ig->requant.round_mask, &ig->requant.round_half}) {
      v->resize(gemm::I8DotColumns(n), 0);
    }
  }
  return PLINTH_OK;
}

}  // namespace

PlinthStatus PrepareIntegerGemm(const KernelContext& ctx, const Geometry& g, IntegerKind kind,
                                const Requant& r, IntegerGemm* ig) {
  *ig = IntegerGemm{};
  const gemm::Isa isa = gemm::ActiveIsa();
  Tensor filter = ctx.input(1);
  if (isa == gemm::Isa::kReference || g.groups != 1 || !filter.is_constant() ||
      (kind != IntegerKind::kUint8 && kind != IntegerKind::kInt8)) {
    return PLINTH_OK;
  }
  // Zero points outside their types' ranges: the reference kernel serves the node.
  const bool offsets_fit = kind == IntegerKind::kUint8
                               ? gemm::I16OffsetFits<uint8_t>(r.input_offset) &&
                                     gemm::I16OffsetFits<uint8_t>(r.filter_offset)
                               : gemm::I16OffsetFits<int8_t>(r.input_offset) &&
                                     gemm::I16OffsetFits<int8_t>(r.filter_offset);
  if (!offsets_fit) return PLINTH_OK;
  const size_t n = static_cast<size_t>(g.out_c);
  const size_t k = static_cast<size_t>(g.k_h) * g.k_w * g.in_c;
  const bool is_uint8 = kind == IntegerKind::kUint8;
  ig->m = static_cast<size_t>(g.batches) * g.out_h * g.out_w;
  ig->tiles = (ig->m + gemm::kI16Mr - 1) / gemm::kI16Mr;
  const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
  ig->chunks = std::max<size_t>(1, std::min(ig->tiles, threads > 1 ? 4 * threads : 1));
  ig->requant.usable = false;
  ig->requant_u8.usable = false;
  if (kind == IntegerKind::kInt8) gemm::MakeRequantS8Vectors(r, isa, &ig->requant);
  if (kind == IntegerKind::kUint8) gemm::MakeRequantU8Params(r, isa, &ig->requant_u8);
  // Kernels that narrow with saturating packs are exact only for a clamp range inside the type.
  const bool requant_in_registers =
      kind == IntegerKind::kInt8 ? ig->requant.usable && r.range.min >= -128 && r.range.max <= 127
                                 : ig->requant_u8.usable && r.range.min >= 0 && r.range.max <= 255;
  // The indirect kernels fold the bias into per-channel terms once, and requantize in registers.
  Tensor bias = ctx.input(2);
  if ((!bias || bias.is_constant()) && requant_in_registers && IndirectTaps(g).serves()) {
    ig->indirect = gemm::SelectI8IndirectGemm(isa, !is_uint8);
  }
  if (ig->indirect != nullptr) return PrepareIndirect(ctx, g, is_uint8, r, ig);
  ig->dot_kernel = gemm::SelectI8DotGemm(isa, k);
  ig->fn = gemm::SelectI16Gemm(isa);
  ig->kp = ig->dot_kernel.fn != nullptr ? gemm::I8DotDepth(k) : gemm::I16Depth(k);
  const size_t operand_bytes = ig->dot_kernel.fn != nullptr ? sizeof(int8_t) : sizeof(int16_t);
  ig->rows_scratch =
      ctx.RequestScratch(std::max<size_t>(1, ig->chunks * gemm::kI16Mr * ig->kp * operand_bytes));
  PLINTH_ENSURE(ctx, ig->rows_scratch >= 0,
                "cannot reserve scratch memory for the convolution's row buffers");
  // The int16-pair path requantizes panels of 16 or 8 in registers where this ISA has kernels.
  if (requant_in_registers) {
    ig->requant_fns = is_uint8 ? gemm::SelectI16GemmU8(isa) : gemm::SelectI16GemmS8(isa);
  }
  if (ig->dot_kernel.fn != nullptr) {
    ig->dot_ca = gemm::DotOffset(is_uint8, r.input_offset);
    ig->dot_cw = gemm::DotOffset(is_uint8, r.filter_offset);
    ig->dot = ctx.ModelShared<gemm::PackedI8Dot>(kPackIntegerDot, [&] {
      return is_uint8 ? gemm::MakePackedI8Dot(n, k, filter.data<uint8_t>())
                      : gemm::MakePackedI8Dot(n, k, filter.data<int8_t>());
    });
    return PLINTH_OK;
  }
  const int32_t offset = r.filter_offset;
  ig->packed = ctx.ModelShared<PackedI16Weights>(kPackInteger, [&] {
    auto* p = new PackedI16Weights;
    p->weights.resize(gemm::PackedI16Size(n, k));
    if (is_uint8) {
      gemm::PackI16(n, k, filter.data<uint8_t>(), offset, p->weights.data());
    } else {
      gemm::PackI16(n, k, filter.data<int8_t>(), offset, p->weights.data());
    }
    return p;
  });
  return PLINTH_OK;
}

void RunIntegerGemm(const KernelContext& ctx, const Geometry& g, IntegerKind kind, IntegerGemm& ig,
                    const Requant& r) {
  if (ig.m == 0 || g.out_c == 0) return;
  if (kind == IntegerKind::kUint8) {
    RunTyped<uint8_t>(ctx, g, ig, r);
  } else {
    RunTyped<int8_t>(ctx, g, ig, r);
  }
}

}  // namespace plinth::builtin::conv2d
