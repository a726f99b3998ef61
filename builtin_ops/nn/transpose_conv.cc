// TRANSPOSE_CONV: inputs (output_shape, weights OHWI, input NHWC, optional bias). Every input
// element scatters input x weights into a [KH, KW] window of the output at stride steps; this
// kernel gathers instead, visiting the contributions of each output in TFLite's scatter order
// (input row, column, channel), so float sums are bit-identical. float32; uint8 (per-tensor
// asymmetric); int8 with per-channel weights; int16 activations with int8 weights (int64 or int32
// bias). The output shape tensor may be non-constant: the output is then resized at invoke.
// float32 with constant weights also has a GEMM path with the same bits (transpose_conv_gemm.cc).
#include "builtin_ops/nn/transpose_conv.h"

#include "builtin_ops/nn/nn_integer.h"
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

constexpr int kOutputShape = 0;
constexpr int kWeights = 1;
constexpr int kInput = 2;
constexpr int kBias = 3;
constexpr int kOutput = 0;

using transpose_conv::Geometry;

// TFLite pads a transposed convolution as the forward convolution from the output shape:
// ComputePaddingHeightWidth with dilation 1 (truncating division, never negative).
int32_t TransposePadding(int64_t padding, int32_t out, int32_t filter, int32_t stride) {
  const int64_t size = padding == PLINTH_PADDING_SAME ? (int64_t{out} + stride - 1) / stride
                                                      : (int64_t{out} + stride - filter) / stride;
  const int64_t total = (size - 1) * stride + filter - out;
  return static_cast<int32_t>(std::max<int64_t>(total, 0) / 2);
}

// Visits the (input position, weight position) pairs feeding output (b, oy, ox) in TFLite's scatter
// order: f(input element offset, weight element offset) for input channel 0 of each pair.
template <class F>
void ForEachTap(const Geometry& g, int32_t b, int32_t oy, int32_t ox, F f) {
  // iy * stride - pad + ky == oy with 0 <= ky < k_h.
  auto first = [](int32_t target, int32_t k, int32_t stride) {
    const int32_t lo = target - k + 1;  // smallest numerator
    return lo <= 0 ? 0 : (lo + stride - 1) / stride;
  };
  const int32_t ty = oy + g.pad_top, tx = ox + g.pad_left;
  const int32_t iy_end = std::min(g.in_h - 1, ty >= 0 ? ty / g.stride_h : -1);
  const int32_t ix_end = std::min(g.in_w - 1, tx >= 0 ? tx / g.stride_w : -1);
  for (int32_t iy = first(ty, g.k_h, g.stride_h); iy <= iy_end; ++iy) {
    const int32_t ky = ty - iy * g.stride_h;
    for (int32_t ix = first(tx, g.k_w, g.stride_w); ix <= ix_end; ++ix) {
      const int32_t kx = tx - ix * g.stride_w;
      f((((static_cast<size_t>(b) * g.in_h + iy) * g.in_w + ix) * g.in_c),
        ((static_cast<size_t>(ky) * g.k_w + kx) * g.in_c));
    }
  }
}

void RunFloat(const KernelContext& ctx, const Geometry& g, FloatRange range) {
  const float* in = ctx.input(kInput).data<float>();
  const float* w = ctx.input(kWeights).data<float>();
  Tensor bias_t = ctx.input(kBias);
  const float* bias = bias_t ? bias_t.data<float>() : nullptr;
  float* out = ctx.output(kOutput).data<float>();
  const size_t filter_size = static_cast<size_t>(g.k_h) * g.k_w * g.in_c;
  ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      const int32_t b = static_cast<int32_t>(row / g.out_h),
                    oy = static_cast<int32_t>(row % g.out_h);
      for (int32_t ox = 0; ox < g.out_w; ++ox) {
        float* o = out + ((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c;
        for (int32_t oc = 0; oc < g.out_c; ++oc) {
          const float* wc = w + oc * filter_size;
          float acc = 0.f;
          ForEachTap(g, b, oy, ox, [&](size_t x_at, size_t w_at) {
            for (int32_t ic = 0; ic < g.in_c; ++ic) acc += in[x_at + ic] * wc[w_at + ic];
          });
          if (bias) acc += bias[oc];
          o[oc] = nn::Clamp(acc, range);
        }
      }
    }
  });
}

template <class T, class TFilter, class TBias, class Acc>
void RunInteger(const KernelContext& ctx, const Geometry& g, const nn::Requant& r) {
  const T* in = ctx.input(kInput).data<T>();
  const TFilter* w = ctx.input(kWeights).data<TFilter>();
  Tensor bias_t = ctx.input(kBias);
  const TBias* bias = bias_t ? bias_t.data<TBias>() : nullptr;
  T* out = ctx.output(kOutput).data<T>();
  const size_t filter_size = static_cast<size_t>(g.k_h) * g.k_w * g.in_c;
  ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      const int32_t b = static_cast<int32_t>(row / g.out_h),
                    oy = static_cast<int32_t>(row % g.out_h);
      for (int32_t ox = 0; ox < g.out_w; ++ox) {
        T* o = out + ((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c;
        for (int32_t oc = 0; oc < g.out_c; ++oc) {
          const TFilter* wc = w + oc * filter_size;
          Acc acc = 0;
          ForEachTap(g, b, oy, ox, [&](size_t x_at, size_t w_at) {
            for (int32_t ic = 0; ic < g.in_c; ++ic) {
              acc = nn::WrapAdd<Acc>(acc, nn::OffsetProduct(wc[w_at + ic], r.filter_offset,
                                                            in[x_at + ic], r.input_offset));
            }
          });
          if (bias) acc = nn::WrapAdd<Acc>(acc, static_cast<Acc>(bias[oc]));
          o[oc] = nn::Requantize<T>(acc, r.multipliers[oc], r.output_offset, r.range);
        }
      }
    }
  });
}

class TransposeConv {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor shape = ctx.input(kOutputShape), weights = ctx.input(kWeights);
    Tensor input = ctx.input(kInput), bias = ctx.input(kBias), output = ctx.output(kOutput);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3 || ctx.num_inputs() == 4,
                  "TRANSPOSE_CONV takes 3 or 4 inputs (output_shape, weights, input, bias), got ",
                  ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "TRANSPOSE_CONV has 1 output, got ",
                  ctx.num_outputs());
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, shape, "output_shape", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, shape.rank() == 1 && shape.dim(0) == 4,
                  "output_shape must hold 4 values, got shape ", ShapeString(shape));
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {input.type()}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, weights, "weights",
                                     {input.type() == PLINTH_INT16 ? PLINTH_INT8 : input.type()}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_ENSURE(ctx, weights.rank() == 4, "weights must be 4-D (OHWI), got ",
                  ShapeString(weights));
    PLINTH_ENSURE(ctx, input.dim(3) == weights.dim(3), "input has ", input.dim(3),
                  " channels but the weights take ", weights.dim(3));
    activation_ = ctx.OptionInt("fused_activation_function", PLINTH_ACTIVATION_NONE);
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    padding_ = ctx.OptionInt("padding");
    PLINTH_ENSURE(ctx, padding_ == PLINTH_PADDING_SAME || padding_ == PLINTH_PADDING_VALID,
                  "unknown padding ", padding_);
    g_.stride_h = static_cast<int32_t>(ctx.OptionInt("stride_h", 1));
    g_.stride_w = static_cast<int32_t>(ctx.OptionInt("stride_w", 1));
    PLINTH_ENSURE(ctx, g_.stride_h > 0 && g_.stride_w > 0, "strides must be positive, got ",
                  g_.stride_h, "x", g_.stride_w);
    g_.batches = input.dim(0);
    g_.in_h = input.dim(1);
    g_.in_w = input.dim(2);
    g_.in_c = input.dim(3);
    g_.out_c = weights.dim(0);
    g_.k_h = weights.dim(1);
    g_.k_w = weights.dim(2);
    PLINTH_RETURN_IF_ERROR(PrepareTypes(ctx, input, weights, bias, output));
    if (!shape.is_constant()) return ctx.SetDynamic(output);
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (ctx.output(kOutput).is_dynamic()) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    switch (kind_) {
      case Kind::kFloat:
        if (float_gemm_.packed != nullptr) {
          transpose_conv::RunFloatGemm(ctx, g_, float_gemm_, ActivationRange(activation_));
        } else {
          RunFloat(ctx, g_, ActivationRange(activation_));
        }
        break;
      case Kind::kUint8:
        RunInteger<uint8_t, uint8_t, int32_t, int32_t>(ctx, g_, requant_);
        break;
      case Kind::kInt8:
        RunInteger<int8_t, int8_t, int32_t, int32_t>(ctx, g_, requant_);
        break;
      case Kind::kInt16Acc32:
        RunInteger<int16_t, int8_t, int32_t, int32_t>(ctx, g_, requant_);
        break;
      case Kind::kInt16Acc64:
        RunInteger<int16_t, int8_t, int64_t, int64_t>(ctx, g_, requant_);
        break;
    }
    return PLINTH_OK;
  }

 private:
  enum class Kind { kFloat, kUint8, kInt8, kInt16Acc32, kInt16Acc64 };

  // Reads the output shape, checks it against the input and weights, sizes the output and pads.
  PlinthStatus ResizeOutput(const KernelContext& ctx) {
    const int32_t* dims = ctx.input(kOutputShape).data<int32_t>();
    PLINTH_ENSURE(ctx, dims != nullptr, "output_shape has no data");
    PLINTH_ENSURE(ctx, dims[0] == g_.batches, "output_shape batch ", dims[0],
                  " differs from the input's ", g_.batches);
    PLINTH_ENSURE(ctx, dims[3] == g_.out_c, "output_shape has ", dims[3],
                  " channels but the weights produce ", g_.out_c);
    PLINTH_ENSURE(ctx, dims[1] >= 0 && dims[2] >= 0, "output_shape has a negative dimension");
    g_.out_h = dims[1];
    g_.out_w = dims[2];
    g_.pad_top = TransposePadding(padding_, g_.out_h, g_.k_h, g_.stride_h);
    g_.pad_left = TransposePadding(padding_, g_.out_w, g_.k_w, g_.stride_w);
    return ctx.Resize(ctx.output(kOutput), {g_.batches, g_.out_h, g_.out_w, g_.out_c});
  }

  PlinthStatus PrepareTypes(const KernelContext& ctx, const Tensor& input, const Tensor& weights,
                            const Tensor& bias, const Tensor& output) {
    const PlinthType type = input.type();
    if (bias) {
      if (type == PLINTH_FLOAT32) {
        PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_FLOAT32}));
      } else if (type == PLINTH_INT16) {
        PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_INT32, PLINTH_INT64}));
      } else {
        PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_INT32}));
      }
      PLINTH_ENSURE(ctx, bias.num_elements() == g_.out_c, "bias has ", bias.num_elements(),
                    " elements for ", g_.out_c, " output channels");
    }
    if (type == PLINTH_FLOAT32) {
      kind_ = Kind::kFloat;
      return transpose_conv::PrepareFloatGemm(ctx, g_, &float_gemm_);
    }
    PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, input, "input"));
    PLINTH_RETURN_IF_ERROR(nn::CheckQuantized(ctx, weights, "weights"));
    PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, output, "output"));
    PLINTH_RETURN_IF_ERROR(nn::CheckFilterScales(ctx, weights, 0, g_.out_c));
    requant_ = {};
    requant_.input_offset = NegatedZeroPoint(nn::LegacyZeroPoint(input));
    requant_.output_offset = nn::LegacyZeroPoint(output);
    if (type == PLINTH_UINT8) {
      kind_ = Kind::kUint8;
      PLINTH_ENSURE(ctx, weights.num_quant_params() == 1,
                    "per-channel weight scales need int8 or int16 activations");
      requant_.filter_offset = NegatedZeroPoint(nn::LegacyZeroPoint(weights));
      QuantizedMultiplier m;
      PLINTH_RETURN_IF_ERROR(
          nn::PerTensorMultiplier(ctx, input.scale(), weights.scale(), bias, output.scale(), &m));
      requant_.multipliers.assign(static_cast<size_t>(g_.out_c), m);
    } else {
      PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, weights, "int8 weights"));
      if (type == PLINTH_INT8) {
        kind_ = Kind::kInt8;
      } else {
        PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, input, "int16 input"));
        PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, output, "int16 output"));
        PLINTH_RETURN_IF_ERROR(nn::CheckQuantizedBiasType(ctx, bias));
        // The accumulator follows the bias; without one, the declared bias type decides.
        const bool acc32 = bias ? bias.type() == PLINTH_INT32
                                : ctx.OptionInt("quantized_bias_type") == PLINTH_INT32;
        kind_ = acc32 ? Kind::kInt16Acc32 : Kind::kInt16Acc64;
      }
      requant_.multipliers =
          nn::PerChannelMultipliers(input.scale(), weights, output.scale(), g_.out_c);
    }
    return nn::QuantizedActivation(ctx, activation_, output, &requant_.range);
  }

  Kind kind_ = Kind::kFloat;
  Geometry g_;
  int64_t activation_ = 0, padding_ = 0;
  nn::Requant requant_;
  transpose_conv::FloatGemm float_gemm_;
};

}  // namespace

PlinthStatus RegisterTransposeConv(Registrar& r) {
  return r.AddBuiltin<TransposeConv>("TRANSPOSE_CONV", 1, 5,
                                     {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
