// FULLY_CONNECTED uint8 / int8 through the integer GEMM micro-kernels (see fully_connected.h):
// batch rows are the GEMM's rows, units its columns. Weights with their offset are packed once per
// model as int16 pairs; each invoke converts the input rows once, with the input offset applied,
// into scratch; every output then gets the reference's own bias, requantization and clamp.
// Bit-exact: int32 sums wrap the same whatever their order.
#include <algorithm>
#include <type_traits>

#include "builtin_ops/nn/fully_connected.h"

namespace plinth::builtin::fully_connected {
namespace {

constexpr uint32_t kPackInteger = 2;  // ModelShared key (one packing per node)

template <class T>
void ConvertRows(const T* in, size_t rows, size_t k, size_t kp, int32_t offset, int16_t* dst) {
  for (size_t r = 0; r < rows; ++r, in += k, dst += kp) {
    for (size_t i = 0; i < k; ++i) {
      dst[i] = static_cast<int16_t>(static_cast<int32_t>(in[i]) + offset);
    }
    if (kp > k) dst[k] = 0;  // the pair padding
  }
}

template <class TIn, class TOut>
void Run(const KernelContext& ctx, const Shape& s, const IntegerGemm& ig, const nn::Requant& r) {
  const TIn* in = ctx.input(0).data<TIn>();
  Tensor bias_t = ctx.input(2);
  const int32_t* bias = bias_t ? bias_t.data<int32_t>() : nullptr;
  TOut* out = ctx.output(0).data<TOut>();
  int16_t* rows = ctx.Scratch<int16_t>(ig.rows_scratch);
  const size_t m = static_cast<size_t>(s.batches), n = static_cast<size_t>(s.units);
  const size_t k = static_cast<size_t>(s.depth), kp = ig.kp;
  ConvertRows(in, m, k, kp, r.input_offset, rows);
  const int16_t* packed = ig.packed->weights.data();
  ctx.ParallelFor(ig.chunks, 1, [&](size_t first, size_t last) {
    int32_t acc[gemm::kI16Mr * gemm::kI16Nr];
    for (size_t chunk = first; chunk < last; ++chunk) {
      const size_t t_end = ig.tasks * (chunk + 1) / ig.chunks;
      for (size_t t = ig.tasks * chunk / ig.chunks; t < t_end; ++t) {
        const size_t tile = t / ig.panels, p = t % ig.panels;
        const size_t m0 = tile * gemm::kI16Mr, mb = std::min(gemm::kI16Mr, m - m0);
        ig.fn(mb, kp, rows + m0 * kp, kp, packed + p * kp * gemm::kI16Nr, acc);
        const size_t n0 = p * gemm::kI16Nr, nb = std::min(gemm::kI16Nr, n - n0);
        for (size_t i = 0; i < mb; ++i) {
          TOut* o = out + (m0 + i) * n + n0;
          const int32_t* a = acc + i * gemm::kI16Nr;
          size_t j = 0;
#if defined(PLINTH_HAVE_AVX2_KERNELS)
          if constexpr (std::is_same_v<TOut, int8_t>) {
            const gemm::RequantS8Vectors& rv = ig.requant;
            if (rv.usable) {
              j = gemm::RequantizeS8Avx2(a, bias ? bias + n0 : nullptr, rv.multiplier.data() + n0,
                                         rv.left_shift.data() + n0, rv.right_shift.data() + n0,
                                         r.output_offset, r.range.min, r.range.max, nb, o);
            }
          }
          if constexpr (std::is_same_v<TOut, uint8_t>) {
            if (ig.requant_u8.usable) {
              j = gemm::RequantizeU8Avx2(a, bias ? bias + n0 : nullptr, ig.requant_u8,
                                         r.output_offset, r.range.min, r.range.max, nb, o);
            }
          }
#endif
          for (; j < nb; ++j) {
            int32_t v = a[j];
            if (bias) v = nn::WrapAdd<int32_t>(v, bias[n0 + j]);
            o[j] = nn::Requantize<TOut>(v, r.multipliers[n0 + j], r.output_offset, r.range);
          }
        }
      }
    }
  });
}

}  // namespace

PlinthStatus PrepareIntegerGemm(const KernelContext& ctx, IntegerKind kind, const Shape& s,
                                const nn::Requant& r, IntegerGemm* ig) {
  ig->packed = nullptr;
  const gemm::Isa isa = gemm::ActiveIsa();
  Tensor weights = ctx.input(1);
  const bool is_uint8 = kind == IntegerKind::kUint8 || kind == IntegerKind::kUint8ToInt16;
  // Only with SIMD micro-kernels: the plain C++ int16-pair kernel computes whole 4-row tiles and
  // measured 1.4-5x slower than the reference loop here (a single batch row is the usual case),
  // so the portable level keeps the reference kernel for FULLY_CONNECTED.
  if (isa != gemm::Isa::kAvx2Fma || !weights.is_constant() || s.depth <= 0 ||
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
  ig->fn = gemm::SelectI16Gemm(isa);
  ig->kp = gemm::I16Depth(k);
  ig->panels = std::max<size_t>(1, (n + gemm::kI16Nr - 1) / gemm::kI16Nr);
  ig->tiles = (m + gemm::kI16Mr - 1) / gemm::kI16Mr;
  ig->tasks = ig->tiles * ig->panels;
  const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
  ig->chunks = std::max<size_t>(1, std::min(ig->tasks, threads > 1 ? 4 * threads : 1));
  ig->rows_scratch = ctx.RequestScratch(std::max<size_t>(1, m * ig->kp * sizeof(int16_t)));
  PLINTH_ENSURE(ctx, ig->rows_scratch >= 0,
                "cannot reserve scratch memory for the fully connected op's input rows");
  ig->requant.usable = false;
  ig->requant_u8.usable = false;
  if (kind == IntegerKind::kInt8) gemm::MakeRequantS8Vectors(r, isa, &ig->requant);
  if (kind == IntegerKind::kUint8) gemm::MakeRequantU8Params(r, isa, &ig->requant_u8);
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
      return Run<uint8_t, uint8_t>(ctx, s, ig, r);
    case IntegerKind::kUint8ToInt16:
      return Run<uint8_t, int16_t>(ctx, s, ig, r);
    case IntegerKind::kInt8:
      return Run<int8_t, int8_t>(ctx, s, ig, r);
    default:
      return;  // PrepareIntegerGemm leaves the other kinds to the reference kernels
  }
}

}  // namespace plinth::builtin::fully_connected
