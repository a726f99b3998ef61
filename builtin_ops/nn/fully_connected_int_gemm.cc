// FULLY_CONNECTED uint8 / int8 through the integer GEMM micro-kernels (see fully_connected.h):
// batch rows are the GEMM's rows, units its columns. Weights are packed once per model (int16
// pairs with their offset, or int8 quads with column sums for the dot-product kernels); each
// invoke converts the input rows once into scratch; every output then gets the reference's own
// bias, requantization and clamp.
// Bit-exact: int32 sums wrap the same whatever their order.
#include <algorithm>
#include <type_traits>

#include "builtin_ops/nn/fully_connected.h"
#include "builtin_ops/nn/integer_gemm_output.h"

namespace plinth::builtin::fully_connected {
namespace {

constexpr uint32_t kPackInteger = 2;      // ModelShared keys (one packing per node)
constexpr uint32_t kPackIntegerDot = 3;   // the dot-product kernels' packing
constexpr uint32_t kPackIntegerTaps = 4;  // the indirect kernels' (one tap of the whole depth)

// The input rows as the int16-pair kernels take them: value + offset, zero past k.
template <class T>
void ConvertRows(const T* in, size_t rows, size_t k, size_t kp, int32_t offset, int16_t* dst,
                 int32_t* /*row_sums*/) {
  for (size_t r = 0; r < rows; ++r, in += k, dst += kp) {
    for (size_t i = 0; i < k; ++i) {
      dst[i] = static_cast<int16_t>(static_cast<int32_t>(in[i]) + offset);
    }
    if (kp > k) dst[k] = 0;  // the pair padding
  }
}

// The input rows as the dot-product kernels take them (gemm::DotOperand), with their sums.
template <class T>
void ConvertRows(const T* in, size_t rows, size_t k, size_t kp, int32_t /*offset*/, int8_t* dst,
                 int32_t* row_sums) {
  for (size_t r = 0; r < rows; ++r, in += k, dst += kp) {
    uint32_t sum = 0;  // wraps as the identity allows (gemm/i8_dot_gemm.h), never overflows
    for (size_t i = 0; i < k; ++i) {
      dst[i] = gemm::DotOperand(in[i]);
      sum += static_cast<uint32_t>(int32_t{dst[i]});
    }
    for (size_t i = k; i < kp; ++i) dst[i] = 0;  // the quad padding
    row_sums[r] = static_cast<int32_t>(sum);
  }
}

// Op: int16_t for the int16-pair kernels, int8_t for the dot-product kernels.
template <class TIn, class TOut, class Op>
void Run(const KernelContext& ctx, const Shape& s, const IntegerGemm& ig, const nn::Requant& r) {
  static_assert(gemm::kI16Mr == gemm::kI8DotMr && gemm::kI16Nr == gemm::kI8DotNr);
  constexpr bool kDot = std::is_same_v<Op, int8_t>;
  const TIn* in = ctx.input(0).data<TIn>();
  Tensor bias_t = ctx.input(2);
  const int32_t* bias = bias_t ? bias_t.data<int32_t>() : nullptr;
  TOut* out = ctx.output(0).data<TOut>();
  Op* rows = ctx.Scratch<Op>(ig.rows_scratch);
  int32_t* row_sums = kDot ? ctx.Scratch<int32_t>(ig.sums_scratch) : nullptr;
  const size_t m = static_cast<size_t>(s.batches), n = static_cast<size_t>(s.units);
  const size_t k = static_cast<size_t>(s.depth), kp = ig.kp;
  ConvertRows(in, m, k, kp, r.input_offset, rows, row_sums);
  ctx.ParallelFor(ig.chunks, 1, [&](size_t first, size_t last) {
    int32_t acc[gemm::kI16Mr * gemm::kI16Nr];
    for (size_t chunk = first; chunk < last; ++chunk) {
      const size_t t_end = ig.tasks * (chunk + 1) / ig.chunks;
      for (size_t t = ig.tasks * chunk / ig.chunks; t < t_end; ++t) {
        const size_t tile = t / ig.panels, p = t % ig.panels;
        const size_t m0 = tile * gemm::kI16Mr, mb = std::min(gemm::kI16Mr, m - m0);
        const size_t n0 = p * gemm::kI16Nr, nb = std::min(gemm::kI16Nr, n - n0);
        if constexpr (kDot) {
          ig.dot_kernel.fn(mb, kp, rows + m0 * kp, kp,
                           ig.dot->weights.data() + p * kp * gemm::kI8DotNr, acc);
          gemm::ApplyDotOffsets(mb, k, row_sums + m0, ig.dot->col_sums.data() + n0, ig.dot_ca,
                                ig.dot_cw, ig.dot_kernel.row_excess, acc);
        } else {
          ig.fn(mb, kp, rows + m0 * kp, kp, ig.packed->weights.data() + p * kp * gemm::kI16Nr, acc);
        }
        nn::FinishIntegerTile<TOut>(ig.requant, ig.requant_u8, r, bias, acc, gemm::kI16Nr, mb, n0,
                                    nb, n, out + m0 * n + n0);
      }
    }
  });
}

// The indirect path (T in and out): full tiles of 8 rows through the 8x16 kernel per panel, the
// remaining rows one at a time through the gemv kernel per group of four panels.
template <class T>
void RunIndirect(const KernelContext& ctx, const Shape& s, const IntegerGemm& ig,
                 const nn::Requant& r) {
  constexpr bool kInt8 = std::is_same_v<T, int8_t>;
  const size_t m = static_cast<size_t>(s.batches), n = static_cast<size_t>(s.units);
  const size_t k = static_cast<size_t>(s.depth), kq = gemm::I8DotDepth(k);
  const T* rows = ctx.input(0).data<T>();
  T* out = ctx.output(0).data<T>();
  if (kq != k) {  // the kernels read whole quads: rows at a quad stride, zero past the depth
    T* copy = ctx.Scratch<T>(ig.copy_scratch);
    for (size_t i = 0; i < m; ++i) {
      std::copy_n(rows + i * k, k, copy + i * kq);
      std::fill(copy + i * kq + k, copy + (i + 1) * kq, T{0});
    }
    rows = copy;
  }
  int32_t* row_terms = nullptr;
  if (ig.indirect_cw != 0) {
    row_terms = ctx.Scratch<int32_t>(ig.sums_scratch);
    const uint8_t flip = kInt8 ? 0x80 : 0;
    for (size_t i = 0; i < m; ++i) {
      const uint8_t* v = reinterpret_cast<const uint8_t*>(rows + i * kq);
      uint32_t sum = 0;  // a_u summed (i8_indirect_gemm.h), wrapping
      for (size_t j = 0; j < k; ++j) sum += static_cast<uint8_t>(v[j] ^ flip);
      row_terms[i] = static_cast<int32_t>(static_cast<uint32_t>(ig.indirect_cw) * sum);
    }
  }
  const gemm::I16TileOutput shared = nn::SharedTileOutput(ig.requant_u8, r, n);
  const gemm::RequantS8Vectors* s8 = kInt8 ? &ig.requant : nullptr;
  auto output_at = [&](size_t row, size_t n0) {
    return nn::PanelTileOutput(shared, ig.col_terms.data(), s8, n0, out + row * n + n0);
  };
  const size_t panel_size = kq * gemm::kI8DotNr;
  const size_t full_tiles = m / gemm::kI8IndirectMr;
  const size_t groups = (ig.panels + gemm::kI8GemvPanels - 1) / gemm::kI8GemvPanels;
  const size_t tile_tasks = full_tiles * ig.panels;
  ctx.ParallelFor(ig.chunks, 1, [&](size_t first, size_t last) {
    for (size_t chunk = first; chunk < last; ++chunk) {
      const size_t t_end = ig.tasks * (chunk + 1) / ig.chunks;
      for (size_t t = ig.tasks * chunk / ig.chunks; t < t_end; ++t) {
        if (t < tile_tasks) {
          const size_t m0 = t / ig.panels * gemm::kI8IndirectMr, p = t % ig.panels;
          const size_t n0 = p * gemm::kI8DotNr;
          const void* ptrs[gemm::kI8IndirectMr];
          for (size_t i = 0; i < gemm::kI8IndirectMr; ++i) ptrs[i] = rows + (m0 + i) * kq;
          const gemm::IndirectTile tile{ptrs, 1, k};
          ig.indirect(gemm::kI8IndirectMr, tile, ig.dot->weights.data() + p * panel_size,
                      row_terms ? row_terms + m0 : nullptr, std::min(gemm::kI8DotNr, n - n0),
                      output_at(m0, n0));
          continue;
        }
        const size_t u = t - tile_tasks;
        const size_t row = full_tiles * gemm::kI8IndirectMr + u / groups;
        const size_t n0 = u % groups * gemm::kI8GemvPanels * gemm::kI8DotNr;
        ig.gemv(rows + row * kq, k, ig.dot->weights.data() + n0 * kq, panel_size,
                std::min(gemm::kI8GemvPanels * gemm::kI8DotNr, n - n0),
                row_terms ? row_terms[row] : 0, output_at(row, n0));
      }
    }
  });
}

template <class TIn, class TOut>
void RunTyped(const KernelContext& ctx, const Shape& s, const IntegerGemm& ig,
              const nn::Requant& r) {
  if constexpr (std::is_same_v<TIn, TOut>) {
    if (ig.indirect != nullptr) return RunIndirect<TIn>(ctx, s, ig, r);
  }
  if (ig.dot != nullptr) {
    Run<TIn, TOut, int8_t>(ctx, s, ig, r);
  } else {
    Run<TIn, TOut, int16_t>(ctx, s, ig, r);
  }
}

// Sets up the indirect path where it serves the node (see IntegerGemm) and returns whether it
// does (ig->indirect set); ig->panels and the requantization parameters must be set. Fields it
// sets on the way are set again by the other paths.
bool PrepareIndirect(const KernelContext& ctx, IntegerKind kind, const Shape& s,
                     const nn::Requant& r, size_t threads, IntegerGemm* ig) {
  const gemm::Isa isa = gemm::ActiveIsa();
  const bool is_uint8 = kind == IntegerKind::kUint8;
  // The kernels requantize in registers and narrow with saturating packs.
  const bool requant_in_registers =
      kind == IntegerKind::kInt8 ? ig->requant.usable && r.range.min >= -128 && r.range.max <= 127
                                 : kind == IntegerKind::kUint8 && ig->requant_u8.usable &&
                                       r.range.min >= 0 && r.range.max <= 255;
  Tensor weights = ctx.input(1), bias = ctx.input(2);
  if (!requant_in_registers || (bias && !bias.is_constant())) return false;
  const gemm::I8IndirectGemmFn indirect = gemm::SelectI8IndirectGemm(isa, !is_uint8);
  const gemm::I8IndirectGemvFn gemv = gemm::SelectI8IndirectGemv(isa, !is_uint8);
  if (indirect == nullptr || gemv == nullptr) return false;
  const size_t n = static_cast<size_t>(s.units), k = static_cast<size_t>(s.depth);
  const size_t m = static_cast<size_t>(s.batches);
  // Null from a core without model-shared data: the other paths serve.
  const gemm::PackedI8Dot* dot = ctx.ModelShared<gemm::PackedI8Dot>(kPackIntegerTaps, [&] {
    return is_uint8 ? gemm::MakePackedI8DotTaps(n, 1, k, weights.data<uint8_t>())
                    : gemm::MakePackedI8DotTaps(n, 1, k, weights.data<int8_t>());
  });
  if (dot == nullptr) return false;
  ig->kp = gemm::I8DotDepth(k);
  ig->indirect_cw = gemm::DotOffset(is_uint8, r.filter_offset);
  ig->col_terms.resize(gemm::I8DotColumns(n));
  gemm::I8IndirectColumnTerms(n, k, dot->col_sums.data(), bias ? bias.data<int32_t>() : nullptr,
                              gemm::IndirectInputOffset(!is_uint8, r.input_offset), ig->indirect_cw,
                              ig->col_terms.data());
  if (!is_uint8) {
    // The kernels load 16 channels' parameters per panel: pad them to whole panels.
    for (auto* v : {&ig->requant.multiplier, &ig->requant.left_shift, &ig->requant.right_shift,
                    &ig->requant.round_mask, &ig->requant.round_half}) {
      v->resize(gemm::I8DotColumns(n), 0);
    }
  }
  const size_t groups = (ig->panels + gemm::kI8GemvPanels - 1) / gemm::kI8GemvPanels;
  ig->tiles = m / gemm::kI8IndirectMr;
  ig->tasks = ig->tiles * ig->panels + m % gemm::kI8IndirectMr * groups;
  ig->chunks = std::max<size_t>(1, std::min(ig->tasks, threads > 1 ? 4 * threads : 1));
  if (ig->kp != k) ig->copy_scratch = ctx.RequestScratch(std::max<size_t>(1, m * ig->kp));
  if (ig->indirect_cw != 0) {
    ig->sums_scratch = ctx.RequestScratch(std::max<size_t>(1, m * sizeof(int32_t)));
  }
  // Without scratch memory the other paths serve (or report it).
  if ((ig->kp != k && ig->copy_scratch < 0) || (ig->indirect_cw != 0 && ig->sums_scratch < 0)) {
    return false;
  }
  ig->indirect = indirect;
  ig->gemv = gemv;
  ig->dot = dot;
  return true;
}

}  // namespace

PlinthStatus PrepareIntegerGemm(const KernelContext& ctx, IntegerKind kind, const Shape& s,
                                const nn::Requant& r, IntegerGemm* ig) {
  *ig = IntegerGemm{};
  const gemm::Isa isa = gemm::ActiveIsa();
  Tensor weights = ctx.input(1);
  const bool is_uint8 = kind == IntegerKind::kUint8 || kind == IntegerKind::kUint8ToInt16;
  // Only with SIMD micro-kernels: the plain C++ int16-pair kernel computes whole 4-row tiles and
  // measured 1.4-5x slower than the reference loop here (a single batch row is the usual case),
  // so the portable level keeps the reference kernel for FULLY_CONNECTED.
  const bool simd = isa == gemm::Isa::kAvx2Fma || gemm::IsNeon(isa);
  if (!simd || !weights.is_constant() || s.depth <= 0 ||
      (!is_uint8 && kind != IntegerKind::kInt8)) {
    return PLINTH_OK;
  }
  const bool offsets_fit = is_uint8 ? gemm::I16OffsetFits<uint8_t>(r.input_offset) &&
                                          gemm::I16OffsetFits<uint8_t>(r.filter_offset)
                                    : gemm::I16OffsetFits<int8_t>(r.input_offset) &&
                                          gemm::I16OffsetFits<int8_t>(r.filter_offset);
  if (!offsets_fit) return PLINTH_OK;  // zero points outside the type: the reference serves it
  const size_t n = static_cast<size_t>(s.units), k = static_cast<size_t>(s.depth);
  const size_t m = static_cast<size_t>(s.batches);
  const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
  ig->panels = std::max<size_t>(1, (n + gemm::kI16Nr - 1) / gemm::kI16Nr);
  ig->requant.usable = false;
  ig->requant_u8.usable = false;
  if (kind == IntegerKind::kInt8) gemm::MakeRequantS8Vectors(r, isa, &ig->requant);
  if (kind == IntegerKind::kUint8) gemm::MakeRequantU8Params(r, isa, &ig->requant_u8);
  if (PrepareIndirect(ctx, kind, s, r, threads, ig)) return PLINTH_OK;
  ig->dot_kernel = gemm::SelectI8DotGemm(isa, k);
  ig->fn = gemm::SelectI16Gemm(isa);
  const bool dot = ig->dot_kernel.fn != nullptr;
  ig->kp = dot ? gemm::I8DotDepth(k) : gemm::I16Depth(k);
  ig->tiles = (m + gemm::kI16Mr - 1) / gemm::kI16Mr;
  ig->tasks = ig->tiles * ig->panels;
  ig->chunks = std::max<size_t>(1, std::min(ig->tasks, threads > 1 ? 4 * threads : 1));
  const size_t operand_bytes = dot ? sizeof(int8_t) : sizeof(int16_t);
  ig->rows_scratch = ctx.RequestScratch(std::max<size_t>(1, m * ig->kp * operand_bytes));
  PLINTH_ENSURE(ctx, ig->rows_scratch >= 0,
                "cannot reserve scratch memory for the fully connected op's input rows");
  if (dot) {
    ig->sums_scratch = ctx.RequestScratch(std::max<size_t>(1, m * sizeof(int32_t)));
    PLINTH_ENSURE(ctx, ig->sums_scratch >= 0,
                  "cannot reserve scratch memory for the fully connected op's row sums");
  }
  if (dot) {
    ig->dot_ca = gemm::DotOffset(is_uint8, r.input_offset);
    ig->dot_cw = gemm::DotOffset(is_uint8, r.filter_offset);
    ig->dot = ctx.ModelShared<gemm::PackedI8Dot>(kPackIntegerDot, [&] {
      return is_uint8 ? gemm::MakePackedI8Dot(n, k, weights.data<uint8_t>())
                      : gemm::MakePackedI8Dot(n, k, weights.data<int8_t>());
    });
    return PLINTH_OK;
  }
  const int32_t offset = r.filter_offset;
  ig->packed = ctx.ModelShared<PackedI16Weights>(kPackInteger, [&] {
    auto* p = new PackedI16Weights;
    p->weights.resize(gemm::PackedI16Size(n, k));
    if (is_uint8) {
      gemm::PackI16(n, k, weights.data<uint8_t>(), offset, p->weights.data());
    } else {
      gemm::PackI16(n, k, weights.data<int8_t>(), offset, p->weights.data());
    }
    return p;
  });
  return PLINTH_OK;
}

void RunIntegerGemm(const KernelContext& ctx, IntegerKind kind, const Shape& s,
                    const IntegerGemm& ig, const nn::Requant& r) {
  if (s.batches == 0 || s.units == 0) return;
  switch (kind) {
    case IntegerKind::kUint8:
      return RunTyped<uint8_t, uint8_t>(ctx, s, ig, r);
    case IntegerKind::kUint8ToInt16:
      return RunTyped<uint8_t, int16_t>(ctx, s, ig, r);
    case IntegerKind::kInt8:
      return RunTyped<int8_t, int8_t>(ctx, s, ig, r);
    default:
      return;  // PrepareIntegerGemm leaves the other kinds to the reference kernels
  }
}

}  // namespace plinth::builtin::fully_connected
