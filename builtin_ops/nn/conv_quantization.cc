// Shared integer Prepare of CONV_2D and DEPTHWISE_CONV_2D (see conv_quantization.h).
#include "builtin_ops/nn/conv_quantization.h"

#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin::nn {

PlinthStatus CheckConvBias(const KernelContext& ctx, const Tensor& bias, int32_t out_channels,
                           std::initializer_list<PlinthType> types) {
  if (!bias) return PLINTH_OK;
  PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", types));
  PLINTH_ENSURE(ctx, bias.num_elements() == out_channels, "bias has ", bias.num_elements(),
                " elements for ", out_channels, " output channels");
  if (bias.type() != PLINTH_FLOAT32) {
    PLINTH_ENSURE(ctx, LegacyZeroPoint(bias) == 0, "bias zero point must be 0");
  }
  return PLINTH_OK;
}

namespace {

// int16 activations with int8 weights (16x8): symmetric activations; the accumulator follows the
// bias type, or without a bias the declared quantized_bias_type.
PlinthStatus PrepareInt16(const KernelContext& ctx, const Tensor& input, const Tensor& bias,
                          const Tensor& output, const ConvQuantizationRules& rules,
                          ConvIntegerKind* kind) {
  PLINTH_RETURN_IF_ERROR(CheckZeroPoints(ctx, input, "int16 input"));
  PLINTH_RETURN_IF_ERROR(CheckZeroPoints(ctx, output, "int16 output"));
  if (!rules.int16_accepts_int32_bias) {
    PLINTH_RETURN_IF_ERROR(CheckConvBias(ctx, bias, rules.out_channels, {PLINTH_INT64}));
    *kind = ConvIntegerKind::kInt16Acc64;
    return PLINTH_OK;
  }
  PLINTH_RETURN_IF_ERROR(
      CheckConvBias(ctx, bias, rules.out_channels, {PLINTH_INT32, PLINTH_INT64}));
  PLINTH_RETURN_IF_ERROR(CheckQuantizedBiasType(ctx, bias));
  const bool acc32 =
      bias ? bias.type() == PLINTH_INT32 : ctx.OptionInt("quantized_bias_type") == PLINTH_INT32;
  *kind = acc32 ? ConvIntegerKind::kInt16Acc32 : ConvIntegerKind::kInt16Acc64;
  return PLINTH_OK;
}

}  // namespace

PlinthStatus PrepareConvQuantization(const KernelContext& ctx, const Tensor& input,
                                     const Tensor& filter, const Tensor& bias, const Tensor& output,
                                     int64_t activation, const ConvQuantizationRules& rules,
                                     Requant* requant, ConvIntegerKind* kind) {
  PLINTH_RETURN_IF_ERROR(CheckPerTensor(ctx, input, "input"));
  PLINTH_RETURN_IF_ERROR(CheckQuantized(ctx, filter, "filter"));
  PLINTH_RETURN_IF_ERROR(CheckPerTensor(ctx, output, "output"));
  PLINTH_RETURN_IF_ERROR(
      CheckFilterScales(ctx, filter, rules.filter_channel_axis, rules.out_channels));
  *requant = {};
  requant->input_offset = NegatedZeroPoint(LegacyZeroPoint(input));
  requant->output_offset = LegacyZeroPoint(output);
  if (input.type() == PLINTH_UINT8) {
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, filter, "filter of a uint8 convolution", {PLINTH_UINT8}));
    PLINTH_ENSURE(ctx, filter.num_quant_params() == 1,
                  "per-channel filter scales need int8 or int16 activations");
    PLINTH_RETURN_IF_ERROR(CheckConvBias(ctx, bias, rules.out_channels, {PLINTH_INT32}));
    *kind = ConvIntegerKind::kUint8;
    requant->filter_offset = NegatedZeroPoint(LegacyZeroPoint(filter));
    QuantizedMultiplier m;
    PLINTH_RETURN_IF_ERROR(
        PerTensorMultiplier(ctx, input.scale(), filter.scale(), bias, output.scale(), &m));
    requant->multipliers.assign(static_cast<size_t>(rules.out_channels), m);
  } else {
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, filter, "filter", {PLINTH_INT8}));
    PLINTH_RETURN_IF_ERROR(CheckZeroPoints(ctx, filter, "int8 filter"));
    if (input.type() == PLINTH_INT8) {
      PLINTH_RETURN_IF_ERROR(CheckConvBias(ctx, bias, rules.out_channels, {PLINTH_INT32}));
      *kind = ConvIntegerKind::kInt8;
    } else {
      PLINTH_RETURN_IF_ERROR(PrepareInt16(ctx, input, bias, output, rules, kind));
    }
    requant->multipliers =
        PerChannelMultipliers(input.scale(), filter, output.scale(), rules.out_channels);
  }
  return QuantizedActivation(ctx, activation, output, &requant->range);
}

}  // namespace plinth::builtin::nn
