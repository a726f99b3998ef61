// FULLY_CONNECTED: output[b, n] = sum_k input[b, k] * weights[n, k] + bias[n], the input flattened
// to rows of the weights' depth (keep_num_dims keeps its leading dimensions). float32; uint8
// (uint8 or int16 output); int8 with per-tensor (asymmetric) or per-channel (symmetric) weights;
// int16 activations with int8 weights and int64 or int32 bias; hybrid float input with int8
// weights (per-tensor or per-channel, symmetric or asymmetric input quantization). Registration,
// Prepare and the float kernel live here.
#include "builtin_ops/nn/fully_connected.h"

#include "builtin_ops/nn/f32_gemm_driver.h"
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

using fully_connected::IntegerKind;

constexpr int kInput = 0;
constexpr int kWeights = 1;
constexpr int kBias = 2;
constexpr int kOutput = 0;

class FullyConnected {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), weights = ctx.input(kWeights), bias = ctx.input(kBias);
    Tensor output = ctx.output(kOutput);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 || ctx.num_inputs() == 3,
                  "FULLY_CONNECTED takes 2 or 3 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "FULLY_CONNECTED has 1 output, got ",
                  ctx.num_outputs());
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, weights, "weights", {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output",
                                     {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16}));
    PLINTH_ENSURE(ctx, weights.rank() == 2, "weights must be 2-D [units, depth], got ",
                  ShapeString(weights));
    PLINTH_ENSURE(ctx, ctx.OptionInt("weights_format") == 0,
                  "the shuffled weights format (SHUFFLED4x16INT8) is not supported");
    PLINTH_RETURN_IF_ERROR(nn::ReadActivation(ctx, &activation_));
    PLINTH_RETURN_IF_ERROR(PrepareShape(ctx, input, weights));
    PLINTH_RETURN_IF_ERROR(PrepareTypes(ctx, input, weights, bias, output));
    std::vector<int32_t> out_shape;
    if (ctx.OptionBool("keep_num_dims")) {
      out_shape = input.shape();
      out_shape.back() = s_.units;
    } else {
      out_shape = {static_cast<int32_t>(s_.batches), s_.units};
    }
    return ctx.Resize(output, out_shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (s_.depth == 0) {
      // Nothing to accumulate: TFLite writes zero bytes, whatever the type and bias.
      Tensor output = ctx.output(kOutput);
      if (output.bytes() > 0) std::memset(output.raw_data(), 0, output.bytes());
      return PLINTH_OK;
    }
    switch (kind_) {
      case Kind::kFloat:
        return RunFloat(ctx);
      case Kind::kInteger:
        if (integer_gemm_.active()) {
          fully_connected::RunIntegerGemm(ctx, integer_kind_, s_, integer_gemm_, requant_);
        } else {
          fully_connected::RunInteger(ctx, integer_kind_, s_, requant_);
        }
        break;
      case Kind::kHybrid:
        fully_connected::RunHybrid(ctx, s_, hybrid_);
        break;
    }
    return PLINTH_OK;
  }

 private:
  enum class Kind { kFloat, kInteger, kHybrid };

  PlinthStatus PrepareShape(const KernelContext& ctx, const Tensor& input, const Tensor& weights) {
    s_.units = weights.dim(0);
    s_.depth = weights.dim(1);
    PLINTH_ENSURE(ctx, input.rank() >= 1, "input must have at least one dimension");
    if (ctx.OptionBool("keep_num_dims")) {
      PLINTH_ENSURE(ctx, input.dim(-1) == s_.depth, "keep_num_dims needs the input's last ",
                    "dimension (", input.dim(-1), ") to equal the weights' depth ", s_.depth);
    }
    if (s_.depth == 0) {
      // No depth: the rows are the input's leading dimensions (TFLite's special case).
      s_.batches = 1;
      for (int i = 0; i + 1 < input.rank(); ++i) s_.batches *= input.dim(i);
      return PLINTH_OK;
    }
    const int64_t total = input.num_elements();
    PLINTH_ENSURE(ctx, total % s_.depth == 0, "input ", ShapeString(input),
                  " does not split into rows of the weights' depth ", s_.depth);
    s_.batches = total / s_.depth;
    return PLINTH_OK;
  }

  PlinthStatus PrepareTypes(const KernelContext& ctx, const Tensor& input, const Tensor& weights,
                            const Tensor& bias, const Tensor& output) {
    const PlinthType in_type = input.type(), w_type = weights.type();
    const bool clamp_only =
        activation_ == PLINTH_ACTIVATION_NONE || activation_ == PLINTH_ACTIVATION_RELU ||
        activation_ == PLINTH_ACTIVATION_RELU_N1_TO_1 || activation_ == PLINTH_ACTIVATION_RELU6;
    if (in_type == PLINTH_FLOAT32 && w_type != PLINTH_FLOAT32) {
      return PrepareHybrid(ctx, input, weights, bias, output);
    }
    PLINTH_ENSURE(ctx, clamp_only, "fused activation ", activation_, " needs hybrid weights; ",
                  "FULLY_CONNECTED supports NONE, RELU, RELU_N1_TO_1 and RELU6 otherwise");
    if (in_type == PLINTH_FLOAT32) {
      kind_ = Kind::kFloat;
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output of a float32 input", {PLINTH_FLOAT32}));
      PLINTH_RETURN_IF_ERROR(CheckBias(ctx, bias, {PLINTH_FLOAT32}));
      return PrepareFloatGemm(ctx, weights, bias);
    }
    kind_ = Kind::kInteger;
    PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, input, "input"));
    PLINTH_RETURN_IF_ERROR(nn::CheckQuantized(ctx, weights, "weights"));
    PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, output, "output"));
    PLINTH_RETURN_IF_ERROR(nn::CheckFilterScales(ctx, weights, 0, s_.units));
    const bool per_channel = weights.num_quant_params() > 1;
    requant_ = {};
    requant_.input_offset = NegatedZeroPoint(nn::LegacyZeroPoint(input));
    requant_.output_offset = nn::LegacyZeroPoint(output);
    requant_.filter_offset = NegatedZeroPoint(nn::LegacyZeroPoint(weights));
    if (in_type == PLINTH_UINT8) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, weights, "weights of a uint8 input", {PLINTH_UINT8}));
      PLINTH_RETURN_IF_ERROR(
          CheckType(ctx, output, "output of a uint8 input", {PLINTH_UINT8, PLINTH_INT16}));
      PLINTH_RETURN_IF_ERROR(CheckBias(ctx, bias, {PLINTH_INT32}));
      integer_kind_ =
          output.type() == PLINTH_UINT8 ? IntegerKind::kUint8 : IntegerKind::kUint8ToInt16;
    } else if (in_type == PLINTH_INT8) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, weights, "weights of an int8 input", {PLINTH_INT8}));
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output of an int8 input", {PLINTH_INT8}));
      PLINTH_RETURN_IF_ERROR(CheckBias(ctx, bias, {PLINTH_INT32}));
      integer_kind_ = IntegerKind::kInt8;
    } else {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, weights, "weights of an int16 input", {PLINTH_INT8}));
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output of an int16 input", {PLINTH_INT16}));
      PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, input, "int16 input"));
      PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, output, "int16 output"));
      PLINTH_RETURN_IF_ERROR(CheckBias(ctx, bias, {PLINTH_INT32, PLINTH_INT64}));
      PLINTH_RETURN_IF_ERROR(nn::CheckQuantizedBiasType(ctx, bias));
      // The accumulator follows the bias; without one, the declared bias type decides.
      const bool acc32 =
          bias ? bias.type() == PLINTH_INT32 : ctx.OptionInt("quantized_bias_type") == PLINTH_INT32;
      integer_kind_ = acc32 ? IntegerKind::kInt16Acc32 : IntegerKind::kInt16Acc64;
    }
    if (per_channel) {
      PLINTH_ENSURE(ctx, in_type != PLINTH_UINT8,
                    "per-channel weight scales need int8 or int16 activations");
      requant_.filter_offset = 0;  // per-channel weights are symmetric by specification
      requant_.multipliers =
          nn::PerChannelMultipliers(input.scale(), weights, output.scale(), s_.units);
    } else {
      QuantizedMultiplier m;
      PLINTH_RETURN_IF_ERROR(
          nn::PerTensorMultiplier(ctx, input.scale(), weights.scale(), bias, output.scale(), &m));
      requant_.multipliers.assign(static_cast<size_t>(s_.units), m);
    }
    PLINTH_RETURN_IF_ERROR(nn::QuantizedActivation(ctx, activation_, output, &requant_.range));
    return fully_connected::PrepareIntegerGemm(ctx, integer_kind_, s_, requant_, &integer_gemm_);
  }

  PlinthStatus PrepareHybrid(const KernelContext& ctx, const Tensor& input, const Tensor& weights,
                             const Tensor& bias, const Tensor& output) {
    kind_ = Kind::kHybrid;
    PLINTH_ENSURE(ctx, weights.type() == PLINTH_INT8, "a float input takes float32 or int8 ",
                  "(hybrid) weights, got ", TypeName(weights.type()));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output of a float32 input", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(nn::CheckQuantized(ctx, weights, "int8 weights"));
    PLINTH_RETURN_IF_ERROR(nn::CheckFilterScales(ctx, weights, 0, s_.units));
    PLINTH_RETURN_IF_ERROR(CheckBias(ctx, bias, {PLINTH_FLOAT32}));
    hybrid_ = {};
    hybrid_.asymmetric = ctx.OptionBool("asymmetric_quantize_inputs");
    hybrid_.per_channel = weights.num_quant_params() > 1;
    hybrid_.filter_scale = weights.scale(0);
    hybrid_.activation = activation_;
    const size_t rows = static_cast<size_t>(s_.batches);
    hybrid_.quantized_input = nn::RequestBuffer(ctx, static_cast<size_t>(input.num_elements()));
    hybrid_.scales = nn::RequestBuffer(ctx, rows * sizeof(float));
    hybrid_.offsets = nn::RequestBuffer(ctx, rows * sizeof(int32_t));
    PLINTH_ENSURE(ctx, hybrid_.quantized_input >= 0 && hybrid_.scales >= 0 && hybrid_.offsets >= 0,
                  "cannot reserve scratch memory for the hybrid fully connected op");
    return PLINTH_OK;
  }

  PlinthStatus CheckBias(const KernelContext& ctx, const Tensor& bias,
                         std::initializer_list<PlinthType> types) const {
    if (!bias) return PLINTH_OK;
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", types));
    PLINTH_ENSURE(ctx, bias.num_elements() == s_.units, "bias has ", bias.num_elements(),
                  " elements for ", s_.units, " units");
    return PLINTH_OK;
  }

  // The GEMM path: constant weights (and bias) packed once per model; each output sums its
  // products in order and adds the bias last, bit for bit as the reference loop below (unless
  // PLINTH_BUILTIN_FMA=1 allows fused multiply-adds).
  PlinthStatus PrepareFloatGemm(const KernelContext& ctx, const Tensor& weights,
                                const Tensor& bias) {
    packed_ = nullptr;
    const gemm::Isa isa = gemm::ActiveIsa();
    if (isa == gemm::Isa::kReference || !weights.is_constant() || (bias && !bias.is_constant()) ||
        s_.depth == 0) {
      return PLINTH_OK;
    }
    const gemm::F32Gemm kernel = gemm::SelectF32Gemm(isa, gemm::FusedMultiplyAddAllowed());
    const size_t n = static_cast<size_t>(s_.units), k = static_cast<size_t>(s_.depth);
    PLINTH_ENSURE(ctx,
                  nn::PlanF32Gemm(ctx, kernel, static_cast<size_t>(s_.batches), n, k,
                                  /*gather_rows=*/false, &plan_),
                  "cannot plan the fully connected GEMM");
    packed_ = nn::SharedPackedF32(ctx, nn::PackKey(1, kernel), kernel, n, k, weights.data<float>(),
                                  bias ? bias.data<float>() : nullptr);
    return PLINTH_OK;
  }

  // TFLite's reference FullyConnected: a dot product per output in order, then bias and clamp.
  PlinthStatus RunFloat(KernelContext& ctx) {
    if (packed_ != nullptr) {
      nn::RunF32Gemm<nn::NoGather>(ctx, plan_, packed_->weights.data(), packed_->bias.data(),
                                   ctx.input(kInput).data<float>(), static_cast<size_t>(s_.depth),
                                   nullptr, ctx.output(kOutput).data<float>(),
                                   static_cast<size_t>(s_.units), ActivationRange(activation_));
      return PLINTH_OK;
    }
    const float* in = ctx.input(kInput).data<float>();
    const float* w = ctx.input(kWeights).data<float>();
    Tensor bias_t = ctx.input(kBias);
    const float* bias = bias_t ? bias_t.data<float>() : nullptr;
    float* out = ctx.output(kOutput).data<float>();
    const FloatRange range = ActivationRange(activation_);
    const Shape s = s_;
    // Split the units across threads: inference usually has a single row.
    ctx.ParallelFor(static_cast<size_t>(s.units), 16, [&](size_t begin, size_t end) {
      for (int64_t b = 0; b < s.batches; ++b) {
        const float* x = in + b * s.depth;
        for (size_t n = begin; n < end; ++n) {
          const float* row = w + n * s.depth;
          float acc = 0.f;
          for (int32_t k = 0; k < s.depth; ++k) acc += x[k] * row[k];
          out[b * s.units + n] = nn::Clamp(acc + (bias ? bias[n] : 0.f), range);
        }
      }
    });
    return PLINTH_OK;
  }

  using Shape = fully_connected::Shape;

  Kind kind_ = Kind::kFloat;
  IntegerKind integer_kind_ = IntegerKind::kInt8;
  Shape s_;
  int64_t activation_ = 0;
  nn::Requant requant_;
  fully_connected::Hybrid hybrid_;
  fully_connected::IntegerGemm integer_gemm_;
  const nn::PackedF32Weights* packed_ = nullptr;
  nn::F32GemmPlan plan_;
};

}  // namespace

PlinthStatus RegisterFullyConnected(Registrar& r) {
  return r.AddBuiltin<FullyConnected>("FULLY_CONNECTED", 1, 13,
                                      {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
