// DEPTHWISE_CONV_2D: NHWC input, [1, KH, KW, C*M] filter, optional bias; M (the depth multiplier)
// comes from the shapes, as in TFLite (the depth_multiplier option is redundant and ignored).
// float32; uint8 (per-tensor asymmetric); int8 with per-channel (dimension 3) or per-tensor
// symmetric weights; int16 activations with int8 weights and int64 bias; hybrid float input with
// int8 per-channel weights. Registration, Prepare and the float kernel live here.
#include "builtin_ops/nn/depthwise_conv_2d.h"

#include "builtin_ops/nn/absorbed_pad.h"
#include "builtin_ops/nn/conv_quantization.h"
#include "builtin_ops/nn/depthwise_conv_2d_f32.h"
#include "builtin_ops/nn/depthwise_conv_2d_int.h"

#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

using depthwise::Geometry;
using depthwise::IntegerKind;

constexpr int kInput = 0;
constexpr int kFilter = 1;
constexpr int kBias = 2;
constexpr int kOutput = 0;
// ModelShared keys: the interior kernel's filter for AVX2, and in AVX-512's channel order.
constexpr uint32_t kPackInteriorFilter = 1;
constexpr uint32_t kPackInteriorFilterChannelOrder = 2;

void RunFloatRows(const Geometry& g, const float* in, const float* filter, const float* bias,
                  FloatRange range, float* out, size_t begin, size_t end) {
  for (size_t row = begin; row < end; ++row) {
    const int32_t b = static_cast<int32_t>(row / g.out_h), oy = static_cast<int32_t>(row % g.out_h);
    for (int32_t ox = 0; ox < g.out_w; ++ox) {
      float* o = out + ((static_cast<size_t>(b) * g.out_h + oy) * g.out_w + ox) * g.out_c;
      for (int32_t oc = 0; oc < g.out_c; ++oc) {
        const int32_t ic = oc / g.multiplier;
        float acc = 0.f;
        for (int32_t ky = 0; ky < g.k_h; ++ky) {
          const int32_t iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int32_t kx = 0; kx < g.k_w; ++kx) {
            const int32_t ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            if (ix < 0 || ix >= g.in_w) continue;
            acc += in[((static_cast<size_t>(b) * g.in_h + iy) * g.in_w + ix) * g.in_c + ic] *
                   filter[(static_cast<size_t>(ky) * g.k_w + kx) * g.out_c + oc];
          }
        }
        o[oc] = nn::Clamp(acc + (bias ? bias[oc] : 0.f), range);
      }
    }
  }
}

class DepthwiseConv2D {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), filter = ctx.input(kFilter), bias = ctx.input(kBias);
    Tensor output = ctx.output(kOutput);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 || ctx.num_inputs() == 3,
                  "DEPTHWISE_CONV_2D takes 2 or 3 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "DEPTHWISE_CONV_2D has 1 output, got ",
                  ctx.num_outputs());
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, filter, "filter", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {input.type()}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_ENSURE(ctx, filter.rank() == 4 && filter.dim(0) == 1,
                  "filter must be [1, KH, KW, C*M], got ", ShapeString(filter));
    PLINTH_RETURN_IF_ERROR(nn::ReadActivation(ctx, &activation_));
    PLINTH_RETURN_IF_ERROR(PrepareGeometry(ctx, input, filter));
    PLINTH_RETURN_IF_ERROR(PrepareTypes(ctx, input, filter, bias, output));
    isa_ = gemm::ActiveIsa();
    integer_fast_ =
        kind_ == Kind::kInteger && depthwise::IntegerFastPathServes(g_, integer_kind_, isa_);
    requant_vectors_.usable = false;
    if (integer_fast_ && integer_kind_ == IntegerKind::kInt8) {
      gemm::MakeRequantS8Vectors(requant_, isa_, &requant_vectors_);
    }
    requant_u8_.usable = false;
    if (integer_fast_ && integer_kind_ == IntegerKind::kUint8) {
      gemm::MakeRequantU8Params(requant_, isa_, &requant_u8_);
    }
    packed_ = nullptr;
    if (integer_fast_ && filter.is_constant() && (!bias || bias.is_constant()) &&
        depthwise::InteriorKernelServes(g_, integer_kind_, requant_, requant_vectors_, requant_u8_,
                                        isa_)) {
      const int32_t* bias_data = bias ? bias.data<int32_t>() : nullptr;
      const bool wide = depthwise::InteriorKernelIsAvx512(isa_);
      packed_ = ctx.ModelShared<depthwise::PackedIntegerFilter>(
          wide ? kPackInteriorFilterChannelOrder : kPackInteriorFilter, [&] {
            return integer_kind_ == IntegerKind::kUint8
                       ? depthwise::MakePackedIntegerFilter(g_, filter.data<uint8_t>(), bias_data,
                                                            requant_, wide)
                       : depthwise::MakePackedIntegerFilter(g_, filter.data<int8_t>(), bias_data,
                                                            requant_, wide);
          });
    }
    padded_scratch_ = -1;
    if (packed_ != nullptr && depthwise::PadsInputCopy(g_, integer_kind_, requant_)) {
      padded_scratch_ = ctx.RequestScratch(depthwise::PaddedInputSize(g_));
      PLINTH_ENSURE(ctx, padded_scratch_ >= 0,
                    "cannot reserve scratch memory for the padded copy of the input");
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
        const float* in = ctx.input(kInput).data<float>();
        const float* filter = ctx.input(kFilter).data<float>();
        Tensor bias = ctx.input(kBias);
        const float* bias_data = bias ? bias.data<float>() : nullptr;
        float* out = ctx.output(kOutput).data<float>();
        const FloatRange range = ActivationRange(activation_);
        if (fast_row_ != nullptr) {
          const depthwise::F32RowFn row_fn = fast_row_;
          ctx.ParallelFor(static_cast<size_t>(g_.batches) * g_.out_h, 1,
                          [&](size_t begin, size_t end) {
                            for (size_t row = begin; row < end; ++row) {
                              row_fn(g_, in, filter, bias_data, range, row, out);
                            }
                          });
          return PLINTH_OK;
        }
        ctx.ParallelFor(static_cast<size_t>(g_.batches) * g_.out_h, 1,
                        [&](size_t begin, size_t end) {
                          RunFloatRows(g_, in, filter, bias_data, range, out, begin, end);
                        });
        return PLINTH_OK;
      }
      case Kind::kInteger:
        if (integer_fast_) {
          depthwise::RunIntegerFast(ctx, integer_kind_, g_, requant_, requant_vectors_, requant_u8_,
                                    packed_, isa_, padded_scratch_);
          return PLINTH_OK;
        }
        depthwise::RunInteger(ctx, integer_kind_, g_, requant_);
        return PLINTH_OK;
      case Kind::kHybrid:
        depthwise::RunHybrid(ctx, g_, hybrid_);
        return PLINTH_OK;
    }
    return ctx.Error("DEPTHWISE_CONV_2D was not prepared");
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
    g.k_h = filter.dim(1);
    g.k_w = filter.dim(2);
    g.out_c = filter.dim(3);
    PLINTH_ENSURE(ctx, g.in_c > 0 && g.out_c % g.in_c == 0, "filter has ", g.out_c,
                  " channels, not a multiple of the input's ", g.in_c);
    g.multiplier = g.out_c / g.in_c;
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
      fast_row_ = depthwise::SelectF32Row(g_, gemm::ActiveIsa(), gemm::FusedMultiplyAddAllowed());
      return PLINTH_OK;
    }
    if (in_type == PLINTH_FLOAT32) return PrepareHybrid(ctx, input, filter, bias);
    kind_ = Kind::kInteger;
    const nn::ConvQuantizationRules rules{
        .filter_channel_axis = 3, .out_channels = g_.out_c, .int16_accepts_int32_bias = false};
    nn::ConvIntegerKind kind;
    PLINTH_RETURN_IF_ERROR(nn::PrepareConvQuantization(ctx, input, filter, bias, output,
                                                       activation_, rules, &requant_, &kind));
    // Without int32 biases for 16x8, the shared kinds map one to one onto this kernel's.
    integer_kind_ = kind == nn::ConvIntegerKind::kUint8  ? IntegerKind::kUint8
                    : kind == nn::ConvIntegerKind::kInt8 ? IntegerKind::kInt8
                                                         : IntegerKind::kInt16;
    return PLINTH_OK;
  }

  PlinthStatus PrepareHybrid(const KernelContext& ctx, const Tensor& input, const Tensor& filter,
                             const Tensor& bias) {
    kind_ = Kind::kHybrid;
    PLINTH_ENSURE(ctx, filter.type() == PLINTH_INT8, "a float depthwise convolution takes ",
                  "float32 or int8 (hybrid) weights, got ", TypeName(filter.type()));
    PLINTH_RETURN_IF_ERROR(nn::CheckQuantized(ctx, filter, "int8 filter"));
    PLINTH_RETURN_IF_ERROR(nn::CheckFilterScales(ctx, filter, 3, g_.out_c));
    PLINTH_RETURN_IF_ERROR(nn::CheckConvBias(ctx, bias, g_.out_c, {PLINTH_FLOAT32}));
    hybrid_ = {};
    hybrid_.range = ActivationRange(activation_);
    const size_t batches = static_cast<size_t>(g_.batches);
    hybrid_.quantized_input = nn::RequestBuffer(ctx, static_cast<size_t>(input.num_elements()));
    hybrid_.scales = nn::RequestBuffer(ctx, batches * sizeof(float));
    hybrid_.offsets = nn::RequestBuffer(ctx, batches * sizeof(int32_t));
    PLINTH_ENSURE(ctx, hybrid_.quantized_input >= 0 && hybrid_.scales >= 0 && hybrid_.offsets >= 0,
                  "cannot reserve scratch memory for the hybrid depthwise convolution");
    return PLINTH_OK;
  }

  Kind kind_ = Kind::kFloat;
  depthwise::F32RowFn fast_row_ = nullptr;  // null: the reference float kernel
  bool integer_fast_ = false;               // uint8/int8 through depthwise_conv_2d_int.cc
  gemm::Isa isa_ = gemm::Isa::kReference;
  gemm::RequantS8Vectors requant_vectors_;
  gemm::RequantU8Params requant_u8_;
  const depthwise::PackedIntegerFilter* packed_ = nullptr;  // model-shared; null: none
  int32_t padded_scratch_ = -1;  // the zero-point-padded input copy (-1: none)
  IntegerKind integer_kind_ = IntegerKind::kInt8;
  Geometry g_;
  nn::ExplicitPadding absorbed_pad_;
  int64_t activation_ = 0;
  nn::Requant requant_;
  depthwise::Hybrid hybrid_;
};

}  // namespace

PlinthStatus RegisterDepthwiseConv2D(Registrar& r) {
  return r.AddBuiltin<DepthwiseConv2D>("DEPTHWISE_CONV_2D", 1, 7,
                                       {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
