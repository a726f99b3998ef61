// SVDF: a fully connected layer factored in time
// (https://research.google.com/pubs/archive/43813.pdf). Each invocation shifts the state
// (memory_size activations per filter) left, puts the new activations W_feature x in its last
// column, and outputs sum over rank of the time-weighted memory, + bias, through the activation.
// Float; hybrid (float activations, int8/uint8 feature weights, int8 time weights dequantized);
// integer (int8 input/output, int16 state and time weights, int32 bias) with TFLite's two effective
// scales; it requires RELU and, like TFLite, applies no clamp beyond the int8 range.
#include <algorithm>
#include <cstring>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/sequence/sequence_math.h"
#include "builtin_ops/sequence/sequence_ops.h"

namespace plinth::builtin {
namespace {

enum Input { kInput = 0, kWeightsFeature, kWeightsTime, kBias, kState };

class Svdf {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 5, "expects 5 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(kInput), wf = ctx.input(kWeightsFeature);
    Tensor wt = ctx.input(kWeightsTime), bias = ctx.input(kBias), state = ctx.input(kState);
    Tensor out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32, PLINTH_INT8}));
    PLINTH_ENSURE(ctx, input.rank() == 2, "input must be 2-D [batch, input_size], got ",
                  ShapeString(input));
    rank_ = static_cast<int32_t>(ctx.OptionInt("rank"));
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    asymmetric_ = ctx.OptionBool("asymmetric_quantize_inputs");
    batches_ = input.dim(0);
    n_input_ = input.dim(1);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, wf, "weights_feature", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8}));
    PLINTH_ENSURE(ctx, wf.rank() == 2 && wf.dim(1) == n_input_,
                  "weights_feature must be [num_filters, ", n_input_, "], got ", ShapeString(wf));
    filters_ = wf.dim(0);
    PLINTH_ENSURE(ctx, rank_ > 0 && filters_ % rank_ == 0, "num_filters (", filters_,
                  ") must be a multiple of rank (", rank_, ")");
    units_ = filters_ / rank_;
    PLINTH_ENSURE(ctx, wt && wt.rank() == 2 && wt.dim(0) == filters_, "weights_time must be [",
                  filters_, ", memory_size]");
    memory_ = wt.dim(1);
    PLINTH_ENSURE(ctx, memory_ > 0, "memory_size must be positive");
    if (bias) {
      PLINTH_ENSURE(ctx, bias.rank() == 1 && bias.dim(0) == units_, "bias must be [", units_,
                    "], got ", ShapeString(bias));
    }
    PLINTH_ENSURE(ctx, state && state.is_variable(), "the state (input 4) must be a variable");
    PLINTH_ENSURE(
        ctx, state.rank() == 2 && state.dim(0) == batches_ && state.dim(1) == memory_ * filters_,
        "state must be [", batches_, ", ", memory_ * filters_, "], got ", ShapeString(state));
    const size_t b = static_cast<size_t>(batches_), f = static_cast<size_t>(filters_);
    if (input.type() == PLINTH_INT8) {
      mode_ = kInteger;
      PLINTH_ENSURE(ctx,
                    wf.type() == PLINTH_INT8 && wt.type() == PLINTH_INT16 &&
                        state.type() == PLINTH_INT16 && out.type() == PLINTH_INT8,
                    "integer SVDF needs INT8 feature weights, INT16 time weights and state, and "
                    "an INT8 output");
      PLINTH_ENSURE(ctx, !bias || bias.type() == PLINTH_INT32, "integer SVDF needs an INT32 bias");
      // TFLite accepts only RELU here, and (as it) the clamp comes from the output's range alone.
      PLINTH_ENSURE(ctx, activation_ == PLINTH_ACTIVATION_RELU,
                    "integer SVDF needs fused_activation_function RELU, got ", activation_);
      for (const Tensor& t : {input, wf, wt, state, out}) {
        PLINTH_ENSURE(ctx, t.num_quant_params() >= 1, "tensor '", t.name(), "' must be quantized");
      }
      // TFLite computes both products in float before widening.
      scale_1_ =
          QuantizeMultiplier(static_cast<double>(input.scale() * wf.scale() / state.scale()));
      scale_2_ = QuantizeMultiplier(static_cast<double>(state.scale() * wt.scale() / out.scale()));
      input_zp_ = input.zero_point();
      output_zp_ = out.zero_point();
      scratch_ = ctx.RequestScratch(sizeof(int32_t) * (b * f + b * units_) + 64);
    } else {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, out, "output", {PLINTH_FLOAT32}));
      PLINTH_ENSURE(ctx, state.type() == PLINTH_FLOAT32, "state must be FLOAT32");
      PLINTH_ENSURE(ctx, !bias || bias.type() == PLINTH_FLOAT32, "bias must be FLOAT32");
      if (wf.type() == PLINTH_FLOAT32) {
        mode_ = kFloat;
        PLINTH_ENSURE(ctx, wt.type() == PLINTH_FLOAT32, "weights_time must be FLOAT32");
        scratch_ = ctx.RequestScratch(sizeof(float) * b * f + 64);
      } else {
        mode_ = kHybrid;
        PLINTH_ENSURE(ctx, wt.type() == PLINTH_INT8, "hybrid SVDF needs INT8 weights_time, got ",
                      TypeName(wt.type()));
        PLINTH_ENSURE(ctx, wf.num_quant_params() == 1 && wt.num_quant_params() == 1,
                      "hybrid weights need one (per-tensor) quantization scale");
        wf_scale_ = wf.scale();
        wt_scale_ = wt.scale();
        float_weights_time_.assign(static_cast<size_t>(filters_) * memory_, 0.f);
        row_sums_.assign(f, 0);
        precomputed_ = false;
        scratch_ = ctx.RequestScratch(sizeof(float) * b * f + b * (sizeof(float) + 4) +
                                      b * static_cast<size_t>(n_input_) + 256);
      }
    }
    PLINTH_ENSURE(ctx, scratch_ >= 0, "cannot get scratch memory");
    return ctx.Resize(out, {batches_, units_});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (mode_ == kInteger) return InvokeInteger(ctx);
    float* state = ctx.input(kState).data<float>();
    const size_t total = static_cast<size_t>(batches_) * memory_ * filters_;
    // Shift the whole state left by one; each filter's last column is overwritten below.
    if (total > 1) std::memmove(state, state + 1, (total - 1) * sizeof(float));
    uint8_t* s = ctx.Scratch<uint8_t>(scratch_);
    float* scratch = reinterpret_cast<float*>(s);
    const int bf = batches_ * filters_;
    std::fill_n(scratch, bf, 0.f);
    const float* input = ctx.input(kInput).data<float>();
    const float* weights_time = nullptr;
    if (mode_ == kFloat) {
      seq::MatVecAccumulate(ctx.input(kWeightsFeature).data<float>(), filters_, n_input_, input,
                            batches_, scratch);
      weights_time = ctx.input(kWeightsTime).data<float>();
    } else {
      if (!precomputed_) {
        const int8_t* wt = ctx.input(kWeightsTime).data<int8_t>();
        for (size_t i = 0; i < float_weights_time_.size(); ++i) {
          float_weights_time_[i] = wt[i] * wt_scale_;
        }
        if (asymmetric_) {
          seq::RowSums(ctx.input(kWeightsFeature).data<int8_t>(), filters_, n_input_,
                       row_sums_.data());
        }
        precomputed_ = true;
      }
      weights_time = float_weights_time_.data();
      if (!seq::IsZero(input, batches_ * n_input_)) {
        float* scales = scratch + bf;
        int32_t* zero_points = reinterpret_cast<int32_t*>(scales + batches_);
        int8_t* quantized = reinterpret_cast<int8_t*>(zero_points + batches_);
        seq::BatchQuantize(input, batches_, n_input_, quantized, scales, zero_points, asymmetric_);
        for (int b = 0; b < batches_; ++b) scales[b] *= wf_scale_;
        seq::HybridMatVecAccumulate(ctx.input(kWeightsFeature).data<int8_t>(), filters_, n_input_,
                                    quantized, scales, batches_, scratch,
                                    asymmetric_ ? zero_points : nullptr, row_sums_.data());
      }
    }
    for (int i = 0; i < bf; ++i) state[static_cast<size_t>(i) * memory_ + memory_ - 1] = scratch[i];
    // scratch[b, f] = weights_time[f, :] . state[b, f, :]
    for (int b = 0; b < batches_; ++b) {
      const float* sb = state + static_cast<size_t>(b) * memory_ * filters_;
      for (int f = 0; f < filters_; ++f) {
        float dot = 0.f;
        const float* wrow = weights_time + static_cast<size_t>(f) * memory_;
        const float* srow = sb + static_cast<size_t>(f) * memory_;
        for (int m = 0; m < memory_; ++m) dot += wrow[m] * srow[m];
        scratch[b * filters_ + f] = dot;
      }
    }
    Tensor bias_t = ctx.input(kBias);
    const float* bias = bias_t ? bias_t.data<float>() : nullptr;
    float* out = ctx.output(0).data<float>();
    for (int i = 0; i < batches_ * units_; ++i) {
      float sum = 0.f;
      for (int r = 0; r < rank_; ++r) sum += scratch[i * rank_ + r];
      out[i] = sum;
    }
    if (bias) {
      for (int i = 0; i < batches_ * units_; ++i) out[i] += bias[i % units_];
    }
    seq::ActivateVector(out, batches_ * units_, activation_);
    return PLINTH_OK;
  }

 private:
  enum Mode { kFloat, kHybrid, kInteger };

  PlinthStatus InvokeInteger(KernelContext& ctx) {
    int16_t* state = ctx.input(kState).data<int16_t>();
    const size_t total = static_cast<size_t>(batches_) * memory_ * filters_;
    if (total > 1) std::memmove(state, state + 1, (total - 1) * sizeof(int16_t));
    const int8_t* input = ctx.input(kInput).data<int8_t>();
    const int8_t* wf = ctx.input(kWeightsFeature).data<int8_t>();
    // Feature matmul into each filter's last state column (the state is symmetric).
    int16_t* dst = state + (memory_ - 1);
    for (int b = 0; b < batches_; ++b) {
      const int8_t* row = wf;
      for (int f = 0; f < filters_; ++f) {
        int32_t dot = 0;
        const int8_t* x = input + static_cast<size_t>(b) * n_input_;
        for (int c = 0; c < n_input_; ++c) dot += *row++ * (x[c] - input_zp_);
        dot = MultiplyByQuantizedMultiplier(dot, scale_1_);
        *dst = static_cast<int16_t>(std::min(32767, std::max(-32768, dot)));
        dst += memory_;
      }
    }
    int32_t* scratch = ctx.Scratch<int32_t>(scratch_);
    int32_t* acc = scratch + static_cast<size_t>(batches_) * filters_;
    const int16_t* wt = ctx.input(kWeightsTime).data<int16_t>();
    for (int b = 0; b < batches_; ++b) {
      const int16_t* sb = state + static_cast<size_t>(b) * memory_ * filters_;
      for (int f = 0; f < filters_; ++f) {
        int32_t dot = 0;
        for (int m = 0; m < memory_; ++m) {
          dot +=
              wt[static_cast<size_t>(f) * memory_ + m] * sb[static_cast<size_t>(f) * memory_ + m];
        }
        scratch[b * filters_ + f] = dot;
      }
    }
    Tensor bias_t = ctx.input(kBias);
    const int32_t* bias = bias_t ? bias_t.data<int32_t>() : nullptr;
    for (int i = 0; i < batches_ * units_; ++i) {
      int32_t sum = bias ? bias[i % units_] : 0;
      for (int r = 0; r < rank_; ++r) sum += scratch[i * rank_ + r];
      acc[i] = sum;
    }
    int8_t* out = ctx.output(0).data<int8_t>();
    for (int i = 0; i < batches_ * units_; ++i) {
      const int32_t v = MultiplyByQuantizedMultiplier(acc[i], scale_2_) + output_zp_;
      out[i] = static_cast<int8_t>(std::min(127, std::max(-128, v)));
    }
    return PLINTH_OK;
  }

  Mode mode_ = kFloat;
  bool asymmetric_ = false, precomputed_ = false;
  int64_t activation_ = PLINTH_ACTIVATION_NONE;
  int32_t rank_ = 1, batches_ = 0, n_input_ = 0, filters_ = 0, units_ = 0, memory_ = 0;
  float wf_scale_ = 1.f, wt_scale_ = 1.f;
  QuantizedMultiplier scale_1_, scale_2_;
  int32_t input_zp_ = 0, output_zp_ = 0;
  int32_t scratch_ = -1;
  std::vector<float> float_weights_time_;
  std::vector<int32_t> row_sums_;
};

}  // namespace

PlinthStatus RegisterSvdf(Registrar& r) {
  return r.AddBuiltin<Svdf>("SVDF", 1, 4, {PLINTH_FLOAT32, PLINTH_INT8});
}

}  // namespace plinth::builtin
