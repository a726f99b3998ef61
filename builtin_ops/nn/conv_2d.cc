// CONV_2D: NHWC input, OHWI filter, optional bias; grouped when the input has a multiple of the
// filter's channels. float32; uint8 (per-tensor asymmetric); int8 with per-channel or per-tensor
// symmetric weights; int16 activations with int8 weights (int64 or int32 bias); hybrid float
// input with int8 weights. Registration, Prepare and the float kernel live here.
#include "builtin_ops/nn/conv_2d.h"

#include "builtin_ops/nn/absorbed_pad.h"
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

using conv2d::Geometry;
using conv2d::IntegerKind;

constexpr int kInput = 0;
constexpr int kFilter = 1;
constexpr int kBias = 2;
constexpr int kOutput = 0;

// Rows [begin, end) of batches x out_h, in TFLite's reference order of accumulation.
void RunFloatRows(const Geometry& g, const float* in, const float* filter, const float* bias,
                  FloatRange range, float* out, size_t begin, size_t end) {
  const int32_t group_in = g.group_in(), group_out = g.group_out();
  for (size_t row = begin; row < end; ++row) {
    const int32_t b = static_cast<int32_t>(row / g.out_h), oy = static_cast<int32_t>(row % g.out_h);
    for (int32_t ox = 0; ox < g.out_w; ++ox) {
      float* o = out + ((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c;
      for (int32_t oc = 0; oc < g.out_c; ++oc) {
        const int32_t group = oc / group_out;
        const float* f = filter + static_cast<size_t>(oc) * g.k_h * g.k_w * group_in;
        float acc = 0.f;
        for (int32_t ky = 0; ky < g.k_h; ++ky) {
          const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int32_t kx = 0; kx < g.k_w; ++kx) {
            const int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            if (ix < 0 || ix >= g.in_w) continue;
            const float* x = in + ((static_cast<size_t>(b) * g.in_h + iy) * g.in_w + ix) * g.in_c +
                             group * group_in;
            const float* w = f + (static_cast<size_t>(ky) * g.k_w + kx) * group_in;
            for (int32_t c = 0; c < group_in; ++c) acc += x[c] * w[c];
          }
        }
        o[oc] = nn::Clamp(acc + (bias ? bias[oc] : 0.f), range);
      }
    }
  }
}

class Conv2D {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), filter = ctx.input(kFilter), bias = ctx.input(kBias);
    Tensor output = ctx.output(kOutput);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 || ctx.num_inputs() == 3,
                  "CONV_2D takes 2 or 3 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "CONV_2D has 1 output, got ", ctx.num_outputs());
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, filter, "filter", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {input.type()}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_ENSURE(ctx, filter.rank() == 4, "filter must be 4-D (OHWI), got ", ShapeString(filter));
    PLINTH_RETURN_IF_ERROR(nn::ReadActivation(ctx, &activation_));
    PLINTH_RETURN_IF_ERROR(PrepareGeometry(ctx, input, filter));
    PLINTH_RETURN_IF_ERROR(PrepareTypes(ctx, input, filter, bias, output));
    integer_gemm_ = conv2d::IntegerGemm{};
    if (kind_ == Kind::kInteger) {
      PLINTH_RETURN_IF_ERROR(
          conv2d::PrepareIntegerGemm(ctx, g_, integer_kind_, requant_, &integer_gemm_));
    }
    return ctx.Resize(output, {g_.batches, g_.out_h, g_.out_w, g_.out_c});
  }

  // An explicit PAD before the input becomes window padding (see absorbed_pad.h).
  PlinthStatus AbsorbProducer(KernelContext& ctx, int input_index, const KernelContext& producer) {
    if (input_index != kInput) return PLINTH_UNSUPPORTED;
    return nn::AcceptPadProducer(producer, ctx.input(kFilter), &absorbed_pad_);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    switch (kind_) {
      case Kind::kFloat: {
        if (float_gemm_.active()) {
          conv2d::RunFloatGemm(ctx, g_, float_gemm_, ActivationRange(activation_));
          return PLINTH_OK;
        }
        const float* in = ctx.input(kInput).data<float>();
        const float* filter = ctx.input(kFilter).data<float>();
        Tensor bias = ctx.input(kBias);
        const float* bias_data = bias ? bias.data<float>() : nullptr;
        float* out = ctx.output(kOutput).data<float>();
        const FloatRange range = ActivationRange(activation_);
        ctx.ParallelFor(static_cast<size_t>(g_.batches) * g_.out_h, 1,
                        [&](size_t begin, size_t end) {
                          RunFloatRows(g_, in, filter, bias_data, range, out, begin, end);
                        });
        return PLINTH_OK;
      }
      case Kind::kInteger:
        if (integer_gemm_.active()) {
          conv2d::RunIntegerGemm(ctx, g_, integer_kind_, integer_gemm_, requant_);
          return PLINTH_OK;
        }
        conv2d::RunInteger(ctx, integer_kind_, g_, requant_);
        return PLINTH_OK;
      case Kind::kHybrid:
        conv2d::RunHybrid(ctx, g_, hybrid_);
        return PLINTH_OK;
    }
    return ctx.Error("CONV_2D was not prepared");
  }

 private:
  enum class Kind { kFloat, kInteger, kHybrid };

  PlinthStatus PrepareGeometry(const KernelContext& ctx, const Tensor& input,
                               const Tensor& filter) {
    Geometry& g = g_;
    g.batches = input.dim(0);
    g.in_h = input.dim(1);
    g.in_w = input.dim(2);
    g.in_c = input.dim(3);
    g.out_c = filter.dim(0);
    g.k_h = filter.dim(1);
    g.k_w = filter.dim(2);
    const int32_t filter_c = filter.dim(3);
    PLINTH_ENSURE(ctx, filter_c > 0 && g.in_c % filter_c == 0, "input has ", g.in_c,
                  " channels, not a multiple of the filter's ", filter_c);
    g.groups = g.in_c / filter_c;
    PLINTH_ENSURE(ctx, g.groups > 0 && g.out_c % g.groups == 0, "filter count ", g.out_c,
                  " is not a multiple of the group count ", g.groups);
    g.stride_h = static_cast<int32_t>(ctx.OptionInt("stride_h", 1));
    g.stride_w = static_cast<int32_t>(ctx.OptionInt("stride_w", 1));
    g.dil_h = static_cast<int32_t>(ctx.OptionInt("dilation_h_factor", 1));
    g.dil_w = static_cast<int32_t>(ctx.OptionInt("dilation_w_factor", 1));
    const int64_t padding = ctx.OptionInt("padding");
    const nn::ExplicitPadding& e = absorbed_pad_;
    PLINTH_RETURN_IF_ERROR(nn::ConvWindow(ctx, padding, g.in_h, e.top, e.bottom, g.k_h, g.stride_h,
                                          g.dil_h, "height", &g.out_h, &g.pad_top));
    return nn::ConvWindow(ctx, padding, g.in_w, e.left, e.right, g.k_w, g.stride_w, g.dil_w,
                          "width", &g.out_w, &g.pad_left);
  }

  PlinthStatus PrepareTypes(const KernelContext& ctx, const Tensor& input, const Tensor& filter,
                            const Tensor& bias, const Tensor& output) {
    const PlinthType in_type = input.type();
    if (in_type == PLINTH_FLOAT32 && filter.type() == PLINTH_FLOAT32) {
      kind_ = Kind::kFloat;
      PLINTH_RETURN_IF_ERROR(nn::CheckConvBias(ctx, bias, g_.out_c, {PLINTH_FLOAT32}));
      return conv2d::PrepareFloatGemm(ctx, g_, &float_gemm_);
    }
    if (in_type == PLINTH_FLOAT32) return PrepareHybrid(ctx, input, filter, bias);
    kind_ = Kind::kInteger;
    const nn::ConvQuantizationRules rules{
        .filter_channel_axis = 0, .out_channels = g_.out_c, .int16_accepts_int32_bias = true};
    return nn::PrepareConvQuantization(ctx, input, filter, bias, output, activation_, rules,
                                       &requant_, &integer_kind_);
  }

  PlinthStatus PrepareHybrid(const KernelContext& ctx, const Tensor& input, const Tensor& filter,
                             const Tensor& bias) {
    kind_ = Kind::kHybrid;
    PLINTH_ENSURE(ctx, filter.type() == PLINTH_INT8, "a float convolution takes float32 or int8 ",
                  "(hybrid) weights, got ", TypeName(filter.type()));
    PLINTH_RETURN_IF_ERROR(nn::CheckQuantized(ctx, filter, "int8 filter"));
    PLINTH_RETURN_IF_ERROR(nn::CheckFilterScales(ctx, filter, 0, g_.out_c));
    PLINTH_RETURN_IF_ERROR(nn::CheckConvBias(ctx, bias, g_.out_c, {PLINTH_FLOAT32}));
    hybrid_ = {};
    // TFLite takes the per-channel path only when the scales differ. (With equal per-channel
    // scales its per-tensor path then scales by the legacy per-tensor scale, 0; Plinth uses the
    // common scale.)
    for (int i = 1; i < filter.num_quant_params(); ++i) {
      if (filter.scale(i) != filter.scale(0)) hybrid_.per_channel = true;
    }
    hybrid_.filter_scale = filter.scale(0);
    hybrid_.range = ActivationRange(activation_);
    const size_t batches = static_cast<size_t>(g_.batches);
    hybrid_.quantized_input = nn::RequestBuffer(ctx, static_cast<size_t>(input.num_elements()));
    hybrid_.scales = nn::RequestBuffer(ctx, batches * sizeof(float));
    hybrid_.offsets = nn::RequestBuffer(ctx, batches * sizeof(int32_t));
    PLINTH_ENSURE(ctx, hybrid_.quantized_input >= 0 && hybrid_.scales >= 0 && hybrid_.offsets >= 0,
                  "cannot reserve scratch memory for the hybrid convolution");
    return PLINTH_OK;
  }

  Kind kind_ = Kind::kFloat;
  IntegerKind integer_kind_ = IntegerKind::kInt8;
  Geometry g_;
  nn::ExplicitPadding absorbed_pad_;
  int64_t activation_ = 0;
  conv2d::Requant requant_;
  conv2d::Hybrid hybrid_;
  conv2d::FloatGemm float_gemm_;
  conv2d::IntegerGemm integer_gemm_;
};

}  // namespace

PlinthStatus RegisterConv2D(Registrar& r) {
  return r.AddBuiltin<Conv2D>("CONV_2D", 1, 8,
                              {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
