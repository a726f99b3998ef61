// CONV_2D hybrid kernel: float input quantized to int8 per batch at run time, int8 weights, float
// output. Per-tensor weights use symmetric input quantization and scale the int32 dot product once
// (TFLite's HybridConv); per-channel weights use asymmetric inputs and TFLite's reference
// HybridConvPerChannel ((acc * channel scale) * input scale).
#include "builtin_ops/nn/conv_2d.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin::conv2d {

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
  nn::QuantizeRows(in, g.batches, per_batch, h.per_channel, q, scales, offsets);
  if (!h.per_channel) {
    for (int32_t b = 0; b < g.batches; ++b) scales[b] *= h.filter_scale;
  }

  const int32_t group_in = g.group_in(), group_out = g.group_out();
  ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      const int32_t b = static_cast<int32_t>(row / g.out_h);
      const int32_t oy = static_cast<int32_t>(row % g.out_h);
      const int32_t offset = offsets[b];
      for (int32_t ox = 0; ox < g.out_w; ++ox) {
        float* o = out + ((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c;
        for (int32_t oc = 0; oc < g.out_c; ++oc) {
          const int32_t group = oc / group_out;
          const int8_t* f = filter + static_cast<size_t>(oc) * g.k_h * g.k_w * group_in;
          int32_t acc = 0;
          for (int32_t ky = 0; ky < g.k_h; ++ky) {
            const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
            if (iy < 0 || iy >= g.in_h) continue;
            for (int32_t kx = 0; kx < g.k_w; ++kx) {
              const int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
              if (ix < 0 || ix >= g.in_w) continue;
              const int8_t* x = q +
                                ((static_cast<size_t>(b) * g.in_h + iy) * g.in_w + ix) * g.in_c +
                                group * group_in;
              const int8_t* w = f + (static_cast<size_t>(ky) * g.k_w + kx) * group_in;
              for (int32_t c = 0; c < group_in; ++c) {
                acc += static_cast<int32_t>(w[c]) * (static_cast<int32_t>(x[c]) - offset);
              }
            }
          }
          float v = h.per_channel ? static_cast<float>(acc) * filter_t.scale(oc) * scales[b]
                                  : static_cast<float>(acc) * scales[b];
          if (bias) v += bias[oc];
          o[oc] = nn::Clamp(v, h.range);
        }
      }
    }
  });
}

}  // namespace plinth::builtin::conv2d
