// CONV_2D float path through the GEMM micro-kernels (see conv_2d.h). Each output pixel accumulates
// its window in the reference order (ky, kx, c) without fused multiply-adds and adds the bias last;
// padded taps contribute +0 products, which leave a sum started at +0 unchanged, so the results
// are the reference kernel's bit for bit (PLINTH_BUILTIN_FMA=1 trades that for fused
// multiply-adds).
#include <cstring>

#include "builtin_ops/nn/conv_2d.h"

namespace plinth::builtin::conv2d {
namespace {

constexpr uint32_t kPackFilter = 1;
constexpr uint32_t kPackSmallInput = 6;  // conv_2d_int_gemm.cc has 2-5

// Writes the windows of output pixels [first, first + rows) as rows of k_h * k_w * in_c floats.
struct Im2Col {
  const Geometry* g;
  const float* in;
  void operator()(size_t first, size_t rows, float* dst) const {
    const Geometry& geo = *g;
    const size_t c = static_cast<size_t>(geo.in_c);
    const size_t pixels = static_cast<size_t>(geo.out_h) * geo.out_w;
    // The first row's position by division, the next ones by stepping (no divide per row).
    size_t b = first / pixels;
    int32_t oy = static_cast<int32_t>(first % pixels / geo.out_w);
    int32_t ox = static_cast<int32_t>(first % pixels % geo.out_w) - 1;
    for (size_t r = 0; r < rows; ++r) {
      if (++ox == geo.out_w) {
        ox = 0;
        if (++oy == geo.out_h) {
          oy = 0;
          ++b;
        }
      }
      const float* image = in + b * geo.in_h * geo.in_w * c;
      const int32_t ix0 = ox * geo.stride_w - geo.pad_left;
      // Every horizontal tap inside the input, no dilation: a window row is one copy of k_w x c
      // consecutive floats (rather than k_w copies of c, with c = 3 in first layers).
      const bool whole_rows = geo.dil_w == 1 && ix0 >= 0 && ix0 + geo.k_w <= geo.in_w;
      for (int32_t ky = 0; ky < geo.k_h; ++ky) {
        const int32_t iy = oy * geo.stride_h - geo.pad_top + ky * geo.dil_h;
        if (iy < 0 || iy >= geo.in_h) {
          std::memset(dst, 0, geo.k_w * c * sizeof(float));
          dst += geo.k_w * c;
          continue;
        }
        if (whole_rows) {
          std::memcpy(dst, image + (static_cast<size_t>(iy) * geo.in_w + ix0) * c,
                      geo.k_w * c * sizeof(float));
          dst += geo.k_w * c;
          continue;
        }
        for (int32_t kx = 0; kx < geo.k_w; ++kx, dst += c) {
          const int32_t ix = ox * geo.stride_w - geo.pad_left + kx * geo.dil_w;
          if (ix < 0 || ix >= geo.in_w) {
            std::memset(dst, 0, c * sizeof(float));
          } else {
            std::memcpy(dst, image + (static_cast<size_t>(iy) * geo.in_w + ix) * c,
                        c * sizeof(float));
          }
        }
      }
    }
  }
};

}  // namespace

PlinthStatus PrepareFloatGemm(const KernelContext& ctx, const Geometry& g, FloatGemm* fg) {
  *fg = FloatGemm{};
  const gemm::Isa isa = gemm::ActiveIsa();
  Tensor filter = ctx.input(1), bias = ctx.input(2);
  if (isa == gemm::Isa::kReference || g.groups != 1 || !filter.is_constant() ||
      (bias && !bias.is_constant())) {
    return PLINTH_OK;
  }
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == gemm::Isa::kAvx2Fma) {
    const bool fused = gemm::FusedMultiplyAddAllowed();
    if (gemm::CpuHasAvx512Vnni()) fg->small_row = SelectSmallInputF32RowAvx512(g, fused);
    if (fg->small_row == nullptr) fg->small_row = SelectSmallInputF32RowAvx2(g, fused);
  }
#endif
  if (fg->small_row != nullptr) {
    fg->small = ctx.ModelShared<SmallInputFilter>(kPackSmallInput, [&] {
      auto* f = new SmallInputFilter;
      const size_t n = static_cast<size_t>(g.out_c);
      const size_t taps = static_cast<size_t>(g.k_h) * g.k_w * g.in_c;  // OHWI: [n][taps]
      f->hwio.resize(taps * n);
      const float* ohwi = filter.data<float>();
      for (size_t j = 0; j < n; ++j) {
        for (size_t t = 0; t < taps; ++t) f->hwio[t * n + j] = ohwi[j * taps + t];
      }
      return f;
    });
    if (fg->small != nullptr) return PLINTH_OK;
    fg->small_row = nullptr;  // a core without model-shared data: the GEMM path below
  }
  const gemm::F32Gemm kernel = gemm::SelectF32Gemm(isa, gemm::FusedMultiplyAddAllowed());
  const size_t n = static_cast<size_t>(g.out_c);
  const size_t k = static_cast<size_t>(g.k_h) * g.k_w * g.in_c;
  const size_t m = static_cast<size_t>(g.batches) * g.out_h * g.out_w;
  fg->direct = g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 &&
               g.pad_left == 0 && g.out_h == g.in_h && g.out_w == g.in_w;
  PLINTH_ENSURE(ctx, nn::PlanF32Gemm(ctx, kernel, m, n, k, !fg->direct, &fg->plan),
                "cannot reserve scratch memory for the convolution's row buffers");
  // Null (a core without model-shared data) leaves the node to the reference kernel.
  fg->packed = nn::SharedPackedF32(ctx, nn::PackKey(kPackFilter, kernel), kernel, n, k,
                                   filter.data<float>(), bias ? bias.data<float>() : nullptr);
  return PLINTH_OK;
}

void RunFloatGemm(const KernelContext& ctx, const Geometry& g, const FloatGemm& fg,
                  FloatRange range) {
  const float* in = ctx.input(0).data<float>();
  float* out = ctx.output(0).data<float>();
  if (fg.small != nullptr) {
    Tensor bias = ctx.input(2);
    const float* bias_data = bias ? bias.data<float>() : nullptr;
    const float* hwio = fg.small->hwio.data();
    const SmallInputRowFn row_fn = fg.small_row;
    ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        row_fn(g, in, hwio, bias_data, range, row, out);
      }
    });
    return;
  }
  const nn::PackedF32Weights& p = *fg.packed;
  const size_t n = static_cast<size_t>(g.out_c);
  if (fg.direct) {
    nn::RunF32Gemm<nn::NoGather>(ctx, fg.plan, p.weights.data(), p.bias.data(), in,
                                 static_cast<size_t>(g.in_c), nullptr, out, n, range);
  } else {
    const Im2Col gather{&g, in};
    nn::RunF32Gemm(ctx, fg.plan, p.weights.data(), p.bias.data(), nullptr, 0, &gather, out, n,
                   range);
  }
}

}  // namespace plinth::builtin::conv2d
