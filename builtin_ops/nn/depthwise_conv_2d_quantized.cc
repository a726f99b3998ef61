// DEPTHWISE_CONV_2D integer and hybrid kernels: TFLite's reference DepthwiseConv (uint8),
// DepthwiseConvPerChannel (int8, 16x8) and DepthwiseConvHybridPerChannel, with the same
// accumulation, requantization and float scaling order.
#include "builtin_ops/nn/depthwise_conv_2d.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin::depthwise {
namespace {

// Calls f(b, oy, ox, oc, acc) for output rows [begin, end) with acc = sum over the window of
// weight(w) x input(x), accumulated in Acc.
template <class Acc, class TIn, class TFilter, class Product, class Emit>
void ForEachOutput(const Geometry& g, const TIn* in, const TFilter* filter, size_t begin,
                   size_t end, Product product, Emit emit) {
  for (size_t row = begin; row < end; ++row) {
    const int32_t b = static_cast<int32_t>(row / g.out_h), oy = static_cast<int32_t>(row % g.out_h);
    for (int32_t ox = 0; ox < g.out_w; ++ox) {
      for (int32_t oc = 0; oc < g.out_c; ++oc) {
        const int32_t ic = oc / g.multiplier;
        Acc acc = 0;
        for (int32_t ky = 0; ky < g.k_h; ++ky) {
          const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int32_t kx = 0; kx < g.k_w; ++kx) {
            const int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            if (ix < 0 || ix >= g.in_w) continue;
            const int32_t x =
                in[((static_cast<size_t>(b) * g.in_h + iy) * g.in_w + ix) * g.in_c + ic];
            const int32_t w = filter[(static_cast<size_t>(ky) * g.k_w + kx) * g.out_c + oc];
            acc = nn::WrapAdd<Acc>(acc, product(b, w, x));
          }
        }
        emit(b, oy, ox, oc, acc);
      }
    }
  }
}

template <class T, class TFilter, class TBias, class Acc>
void Run(const KernelContext& ctx, const Geometry& g, const nn::Requant& r) {
  const T* in = ctx.input(0).data<T>();
  const TFilter* filter = ctx.input(1).data<TFilter>();
  Tensor bias_t = ctx.input(2);
  const TBias* bias = bias_t ? bias_t.data<TBias>() : nullptr;
  T* out = ctx.output(0).data<T>();
  ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
    ForEachOutput<Acc>(
        g, in, filter, begin, end,
        [&](int32_t, int32_t w, int32_t x) {
          return nn::OffsetProduct(w, r.filter_offset, x, r.input_offset);
        },
        [&](int32_t b, int32_t oy, int32_t ox, int32_t oc, Acc acc) {
          if (bias) acc = nn::WrapAdd<Acc>(acc, static_cast<Acc>(bias[oc]));
          out[((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c + oc] =
              nn::Requantize<T>(acc, r.multipliers[oc], r.output_offset, r.range);
        });
  });
}

}  // namespace

void RunInteger(const KernelContext& ctx, IntegerKind kind, const Geometry& g,
                const nn::Requant& r) {
  switch (kind) {
    case IntegerKind::kUint8:
      return Run<uint8_t, uint8_t, int32_t, int32_t>(ctx, g, r);
    case IntegerKind::kInt8:
      return Run<int8_t, int8_t, int32_t, int32_t>(ctx, g, r);
    case IntegerKind::kInt16:
      return Run<int16_t, int8_t, int64_t, int64_t>(ctx, g, r);
  }
}

void RunHybrid(const KernelContext& ctx, const Geometry& g, const Hybrid& h) {
  Tensor filter_t = ctx.input(1), bias_t = ctx.input(2);
  const float* in = ctx.input(0).data<float>();
  const int8_t* filter = filter_t.data<int8_t>();
  const float* bias = bias_t ? bias_t.data<float>() : nullptr;
  float* out = ctx.output(0).data<float>();
  int8_t* q = ctx.Scratch<int8_t>(h.quantized_input);
  float* scales = ctx.Scratch<float>(h.scales);
  int32_t* offsets = ctx.Scratch<int32_t>(h.offsets);
  const int64_t per_batch = static_cast<int64_t>(g.in_h) * g.in_w * g.in_c;
  nn::QuantizeRows(in, g.batches, per_batch, /*asymmetric=*/true, q, scales, offsets);
  ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
    ForEachOutput<int32_t>(
        g, q, filter, begin, end,
        [&](int32_t b, int32_t w, int32_t x) { return w * (x - offsets[b]); },
        [&](int32_t b, int32_t oy, int32_t ox, int32_t oc, int32_t acc) {
          float v = static_cast<float>(acc);
          v *= nn::FilterScale(filter_t, oc) * scales[b];
          if (bias) v += bias[oc];
          out[((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c + oc] =
              nn::Clamp(v, h.range);
        });
  });
}

}  // namespace plinth::builtin::depthwise
