// CONV_2D uint8 / int8 through the integer GEMM micro-kernels (see conv_2d.h): weights with their
// offset packed once per model as int16 pairs, each tile of 4 output pixels gathers its windows
// with the input offset applied (padded taps are zeros, as the reference skips them), and each
// output then gets the reference's own bias, requantization and clamp. Bit-exact: int32 sums wrap
// the same whatever their order.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "builtin_ops/nn/conv_2d.h"

namespace plinth::builtin::conv2d {
namespace {

constexpr uint32_t kPackInteger = 2;  // ModelShared key (float packing uses 1)

template <class T>
void Gather(const Geometry& g, const T* in, int32_t input_offset, size_t first, size_t rows,
            size_t kp, int16_t* dst) {
  const size_t c = static_cast<size_t>(g.in_c);
  const size_t pixels = static_cast<size_t>(g.out_h) * g.out_w;
  for (size_t r = 0; r < rows; ++r, dst += kp) {
    const size_t m = first + r;
    const size_t b = m / pixels, p = m % pixels;
    const int32_t oy = static_cast<int32_t>(p / g.out_w);
    const int32_t ox = static_cast<int32_t>(p % g.out_w);
    const T* image = in + b * g.in_h * g.in_w * c;
    int16_t* d = dst;
    for (int32_t ky = 0; ky < g.k_h; ++ky) {
      const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
      for (int32_t kx = 0; kx < g.k_w; ++kx, d += c) {
        const int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
        if (iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w) {
          std::memset(d, 0, c * sizeof(int16_t));
          continue;
        }
        const T* x = image + (static_cast<size_t>(iy) * g.in_w + static_cast<size_t>(ix)) * c;
        for (size_t i = 0; i < c; ++i) {
          d[i] = static_cast<int16_t>(static_cast<int32_t>(x[i]) + input_offset);
        }
      }
    }
    for (int16_t* end = dst + kp; d < end; ++d) *d = 0;  // the pair padding
  }
}

template <class T>
void Run(const KernelContext& ctx, const Geometry& g, const IntegerGemm& ig, const Requant& r) {
  const T* in = ctx.input(0).data<T>();
  Tensor bias_t = ctx.input(2);
  const int32_t* bias = bias_t ? bias_t.data<int32_t>() : nullptr;
  T* out = ctx.output(0).data<T>();
  int16_t* rows = ctx.Scratch<int16_t>(ig.rows_scratch);
  const size_t n = static_cast<size_t>(g.out_c), kp = ig.kp, mr = gemm::kI16Mr;
  const size_t panels = (n + gemm::kI16Nr - 1) / gemm::kI16Nr;
  const int16_t* packed = ig.packed->weights.data();
  ctx.ParallelFor(ig.chunks, 1, [&](size_t first, size_t last) {
    int32_t acc[gemm::kI16Mr * gemm::kI16Nr];
    for (size_t chunk = first; chunk < last; ++chunk) {
      int16_t* buffer = rows + chunk * mr * kp;
      const size_t t_end = ig.tiles * (chunk + 1) / ig.chunks;
      for (size_t t = ig.tiles * chunk / ig.chunks; t < t_end; ++t) {
        const size_t m0 = t * mr, mb = std::min(mr, ig.m - m0);
        Gather(g, in, r.input_offset, m0, mb, kp, buffer);
        for (size_t p = 0; p < panels; ++p) {
          ig.fn(mb, kp, buffer, kp, packed + p * kp * gemm::kI16Nr, acc);
          const size_t n0 = p * gemm::kI16Nr, nb = std::min(gemm::kI16Nr, n - n0);
          for (size_t i = 0; i < mb; ++i) {
            T* o = out + (m0 + i) * n + n0;
            size_t j = 0;
#if defined(PLINTH_HAVE_VECTOR_REQUANT)
            if constexpr (std::is_same_v<T, int8_t>) {
              if (ig.requant.usable) {
                j = gemm::RequantizeS8Vector(acc + i * gemm::kI16Nr, bias ? bias + n0 : nullptr,
                                             ig.requant, r.output_offset, r.range.min, r.range.max,
                                             nb, o, n0);
              }
            }
            if constexpr (std::is_same_v<T, uint8_t>) {
              if (ig.requant_u8.usable) {
                j = gemm::RequantizeU8Vector(acc + i * gemm::kI16Nr, bias ? bias + n0 : nullptr,
                                             ig.requant_u8, r.output_offset, r.range.min,
                                             r.range.max, nb, o);
              }
            }
#endif
            for (; j < nb; ++j) {
              int32_t a = acc[i * gemm::kI16Nr + j];
              if (bias) a = nn::WrapAdd<int32_t>(a, bias[n0 + j]);
              o[j] = nn::Requantize<T>(a, r.multipliers[n0 + j], r.output_offset, r.range);
            }
          }
        }
      }
    }
  });
}

}  // namespace

PlinthStatus PrepareIntegerGemm(const KernelContext& ctx, const Geometry& g, IntegerKind kind,
                                const Requant& r, IntegerGemm* ig) {
  ig->packed = nullptr;
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
  ig->fn = gemm::SelectI16Gemm(isa);
  ig->kp = gemm::I16Depth(k);
  ig->m = static_cast<size_t>(g.batches) * g.out_h * g.out_w;
  ig->tiles = (ig->m + gemm::kI16Mr - 1) / gemm::kI16Mr;
  const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
  ig->chunks = std::max<size_t>(1, std::min(ig->tiles, threads > 1 ? 4 * threads : 1));
  ig->rows_scratch =
      ctx.RequestScratch(std::max<size_t>(1, ig->chunks * gemm::kI16Mr * ig->kp * sizeof(int16_t)));
  PLINTH_ENSURE(ctx, ig->rows_scratch >= 0,
                "cannot reserve scratch memory for the convolution's row buffers");
  ig->requant.usable = false;
  ig->requant_u8.usable = false;
  if (kind == IntegerKind::kInt8) gemm::MakeRequantS8Vectors(r, isa, &ig->requant);
  if (kind == IntegerKind::kUint8) gemm::MakeRequantU8Params(r, isa, &ig->requant_u8);
  const int32_t offset = r.filter_offset;
  ig->packed = ctx.ModelShared<PackedI16Weights>(kPackInteger, [&] {
    auto* p = new PackedI16Weights;
    p->weights.resize(gemm::PackedI16Size(n, k));
    if (kind == IntegerKind::kUint8) {
      gemm::PackI16(n, k, filter.data<uint8_t>(), offset, p->weights.data());
    } else {
      gemm::PackI16(n, k, filter.data<int8_t>(), offset, p->weights.data());
    }
    return p;
  });
  return PLINTH_OK;
}

void RunIntegerGemm(const KernelContext& ctx, const Geometry& g, IntegerKind kind,
                    const IntegerGemm& ig, const Requant& r) {
  if (ig.m == 0 || g.out_c == 0) return;
  if (kind == IntegerKind::kUint8) {
    Run<uint8_t>(ctx, g, ig, r);
  } else {
    Run<int8_t>(ctx, g, ig, r);
  }
}

}  // namespace plinth::builtin::conv2d
