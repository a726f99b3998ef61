// CONV_2D integer kernels: TFLite's reference Conv (uint8) and ConvPerChannel (int8, 16x8), one
// output channel at a time with the same accumulation, requantization and clamping.
#include <algorithm>

#include "builtin_ops/nn/conv_2d.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::conv2d {
namespace {

template <class TIn, class TFilter, class TBias, class Acc>
void RunRows(const Geometry& g, const Requant& r, const TIn* in, const TFilter* filter,
             const TBias* bias, TIn* out, size_t begin, size_t end) {
  const int32_t group_in = g.group_in(), group_out = g.group_out();
  for (size_t row = begin; row < end; ++row) {
    const int32_t b = static_cast<int32_t>(row / g.out_h), oy = static_cast<int32_t>(row % g.out_h);
    for (int32_t ox = 0; ox < g.out_w; ++ox) {
      TIn* o = out + ((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c;
      for (int32_t oc = 0; oc < g.out_c; ++oc) {
        const int32_t group = oc / group_out;
        const TFilter* f = filter + static_cast<size_t>(oc) * g.k_h * g.k_w * group_in;
        Acc acc = 0;
        for (int32_t ky = 0; ky < g.k_h; ++ky) {
          const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int32_t kx = 0; kx < g.k_w; ++kx) {
            const int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            if (ix < 0 || ix >= g.in_w) continue;
            const TIn* x = in + ((static_cast<size_t>(b) * g.in_h + iy) * g.in_w + ix) * g.in_c +
                           group * group_in;
            const TFilter* w = f + (static_cast<size_t>(ky) * g.k_w + kx) * group_in;
            for (int32_t c = 0; c < group_in; ++c) {
              acc = nn::WrapAdd<Acc>(
                  acc, nn::OffsetProduct(w[c], r.filter_offset, x[c], r.input_offset));
            }
          }
        }
        if (bias) acc = nn::WrapAdd<Acc>(acc, static_cast<Acc>(bias[oc]));
        o[oc] = nn::Requantize<TIn>(acc, r.multipliers[oc], r.output_offset, r.range);
      }
    }
  }
}

template <class TIn, class TFilter, class TBias, class Acc>
void Run(const KernelContext& ctx, const Geometry& g, const Requant& r) {
  const TIn* in = ctx.input(0).data<TIn>();
  const TFilter* filter = ctx.input(1).data<TFilter>();
  Tensor bias_t = ctx.input(2);
  const TBias* bias = bias_t ? bias_t.data<TBias>() : nullptr;
  TIn* out = ctx.output(0).data<TIn>();
  ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
    RunRows<TIn, TFilter, TBias, Acc>(g, r, in, filter, bias, out, begin, end);
  });
}

}  // namespace

void RunInteger(const KernelContext& ctx, IntegerKind kind, const Geometry& g, const Requant& r) {
  switch (kind) {
    case IntegerKind::kUint8:
      return Run<uint8_t, uint8_t, int32_t, int32_t>(ctx, g, r);
    case IntegerKind::kInt8:
      return Run<int8_t, int8_t, int32_t, int32_t>(ctx, g, r);
    case IntegerKind::kInt16Acc32:
      return Run<int16_t, int8_t, int32_t, int32_t>(ctx, g, r);
    case IntegerKind::kInt16Acc64:
      return Run<int16_t, int8_t, int64_t, int64_t>(ctx, g, r);
  }
}

}  // namespace plinth::builtin::conv2d
