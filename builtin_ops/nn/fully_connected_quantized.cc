// FULLY_CONNECTED integer and hybrid kernels: TFLite's reference FullyConnected /
// FullyConnectedPerChannel for every integer type, and the hybrid path (per-row dynamic input
// quantization, int32 dot products scaled in float, as tensor_utils'
// MatrixBatchVectorMultiplyAccumulate does).
#include <cmath>

#include "builtin_ops/nn/fully_connected.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin::fully_connected {
namespace {

template <class TIn, class TFilter, class TOut, class TBias, class Acc>
void Run(const KernelContext& ctx, const Shape& s, const nn::Requant& r) {
  const TIn* in = ctx.input(0).data<TIn>();
  const TFilter* w = ctx.input(1).data<TFilter>();
  Tensor bias_t = ctx.input(2);
  const TBias* bias = bias_t ? bias_t.data<TBias>() : nullptr;
  TOut* out = ctx.output(0).data<TOut>();
  // Split the units across threads: inference usually has a single row.
  ctx.ParallelFor(static_cast<size_t>(s.units), 16, [&](size_t begin, size_t end) {
    for (int64_t b = 0; b < s.batches; ++b) {
      const TIn* x = in + b * s.depth;
      for (size_t n = begin; n < end; ++n) {
        const TFilter* row = w + n * s.depth;
        Acc acc = 0;
        for (int32_t k = 0; k < s.depth; ++k) {
          acc = nn::WrapAdd<Acc>(acc,
                                 nn::OffsetProduct(row[k], r.filter_offset, x[k], r.input_offset));
        }
        if (bias) acc = nn::WrapAdd<Acc>(acc, static_cast<Acc>(bias[n]));
        out[b * s.units + n] =
            nn::Requantize<TOut>(acc, r.multipliers[n], r.output_offset, r.range);
      }
    }
  });
}

// tensor_utils::ApplyActivationToVector: the hybrid path applies every fused activation.
float ApplyHybridActivation(float v, int64_t activation) {
  switch (activation) {
    case PLINTH_ACTIVATION_RELU:
      return std::max(0.0f, v);
    case PLINTH_ACTIVATION_RELU_N1_TO_1:
      return std::max(-1.0f, std::min(v, 1.0f));
    case PLINTH_ACTIVATION_RELU6:
      return std::max(0.0f, std::min(v, 6.0f));
    case PLINTH_ACTIVATION_TANH:
      return std::tanh(v);
    case PLINTH_ACTIVATION_SIGN_BIT:
      return std::signbit(v) ? 1.0f : 0.0f;
    default:
      return v;
  }
}

}  // namespace

void RunInteger(const KernelContext& ctx, IntegerKind kind, const Shape& s, const nn::Requant& r) {
  switch (kind) {
    case IntegerKind::kUint8:
      return Run<uint8_t, uint8_t, uint8_t, int32_t, int32_t>(ctx, s, r);
    case IntegerKind::kUint8ToInt16:
      return Run<uint8_t, uint8_t, int16_t, int32_t, int32_t>(ctx, s, r);
    case IntegerKind::kInt8:
      return Run<int8_t, int8_t, int8_t, int32_t, int32_t>(ctx, s, r);
    case IntegerKind::kInt16Acc32:
      return Run<int16_t, int8_t, int16_t, int32_t, int32_t>(ctx, s, r);
    case IntegerKind::kInt16Acc64:
      return Run<int16_t, int8_t, int16_t, int64_t, int64_t>(ctx, s, r);
  }
}

void RunHybrid(const KernelContext& ctx, const Shape& s, const Hybrid& h) {
  Tensor input_t = ctx.input(0), weights_t = ctx.input(1), bias_t = ctx.input(2);
  const float* in = input_t.data<float>();
  const int8_t* w = weights_t.data<int8_t>();
  const float* bias = bias_t ? bias_t.data<float>() : nullptr;
  float* out = ctx.output(0).data<float>();
  const size_t total = static_cast<size_t>(s.batches) * s.units;

  // The output starts as the bias; an all-zero input skips the product entirely.
  for (size_t i = 0; i < total; ++i) out[i] = bias ? bias[i % s.units] : 0.0f;
  const int64_t in_elements = s.batches * s.depth;
  const bool all_zero = std::all_of(in, in + in_elements, [](float v) { return v == 0.0f; });
  if (!all_zero) {
    int8_t* q = ctx.Scratch<int8_t>(h.quantized_input);
    float* scales = ctx.Scratch<float>(h.scales);
    int32_t* offsets = ctx.Scratch<int32_t>(h.offsets);
    nn::QuantizeRows(in, s.batches, s.depth, h.asymmetric, q, scales, offsets);
    if (!h.per_channel) {
      for (int64_t b = 0; b < s.batches; ++b) scales[b] *= h.filter_scale;
    }
    ctx.ParallelFor(static_cast<size_t>(s.units), 16, [&](size_t begin, size_t end) {
      for (int64_t b = 0; b < s.batches; ++b) {
        const int8_t* x = q + b * s.depth;
        for (size_t n = begin; n < end; ++n) {
          const int8_t* row = w + n * s.depth;
          int32_t dot = 0, row_sum = 0;
          for (int32_t k = 0; k < s.depth; ++k) {
            dot += static_cast<int32_t>(row[k]) * x[k];
            row_sum += row[k];
          }
          // TFLite: dot - row_sum * offset (asymmetric), times the row scale (and the unit's).
          float scale = scales[b];
          if (h.asymmetric) dot -= row_sum * offsets[b];
          if (h.per_channel) scale *= weights_t.scale(static_cast<int>(n));
          out[b * s.units + n] += static_cast<float>(dot) * scale;
        }
      }
    });
  }
  for (size_t i = 0; i < total; ++i) out[i] = ApplyHybridActivation(out[i], h.activation);
}

}  // namespace plinth::builtin::fully_connected
