// UNIDIRECTIONAL_SEQUENCE_RNN: h_t = activation(W x_t + R h_{t-1} + b) over a time- or batch-major
// sequence; h lives in the variable input 4 across invocations. Float, or hybrid (float
// activations, int8/uint8 weights read as int8 with a per-tensor scale; inputs quantized per
// batch row, asymmetrically with asymmetric_quantize_inputs), as TFLite's RnnBatchStep.
#include <cstring>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/sequence/sequence_math.h"
#include "builtin_ops/sequence/sequence_ops.h"

namespace plinth::builtin {
namespace {

enum Input { kInput = 0, kWeights, kRecurrentWeights, kBias, kHiddenState };

class UnidirectionalSequenceRnn {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 5, "expects 5 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    Tensor input = ctx.input(kInput), w = ctx.input(kWeights), r = ctx.input(kRecurrentWeights);
    Tensor bias = ctx.input(kBias), h = ctx.input(kHiddenState), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 3, "input must be 3-D, got ", ShapeString(input));
    time_major_ = ctx.OptionBool("time_major");
    activation_ = ctx.OptionInt("fused_activation_function");
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, activation_));
    asymmetric_ = ctx.OptionBool("asymmetric_quantize_inputs");
    max_time_ = time_major_ ? input.dim(0) : input.dim(1);
    batches_ = time_major_ ? input.dim(1) : input.dim(0);
    n_input_ = input.dim(2);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, w, "input weights", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8}));
    PLINTH_ENSURE(ctx, w.rank() == 2 && w.dim(1) == n_input_, "input weights must be [units, ",
                  n_input_, "], got ", ShapeString(w));
    units_ = w.dim(0);
    PLINTH_ENSURE(ctx, r && r.type() == w.type(), "recurrent weights must be ", TypeName(w.type()));
    PLINTH_ENSURE(ctx, r.rank() == 2 && r.dim(0) == units_ && r.dim(1) == units_,
                  "recurrent weights must be [", units_, ", ", units_, "], got ", ShapeString(r));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, bias.rank() == 1 && bias.dim(0) == units_, "bias must be [", units_,
                  "], got ", ShapeString(bias));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, h, "hidden state", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, h.is_variable(), "the hidden state (input 4) must be a variable tensor");
    PLINTH_ENSURE(ctx, h.rank() == 2 && h.dim(0) == batches_ && h.dim(1) == units_,
                  "hidden state must be [", batches_, ", ", units_, "], got ", ShapeString(h));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, out, "output", {PLINTH_FLOAT32}));
    hybrid_ = w.type() != PLINTH_FLOAT32;
    if (hybrid_) {
      PLINTH_ENSURE(ctx, w.num_quant_params() == 1 && r.num_quant_params() == 1,
                    "hybrid weights need one (per-tensor) quantization scale");
      w_scale_ = w.scale();
      r_scale_ = r.scale();
      const size_t b = static_cast<size_t>(batches_);
      scratch_bytes_ = 64 + b * (n_input_ + units_) + b * (sizeof(float) + sizeof(int32_t)) * 2;
      scratch_ = ctx.RequestScratch(scratch_bytes_);
      PLINTH_ENSURE(ctx, scratch_ >= 0, "cannot get scratch memory");
      row_sums_.assign(static_cast<size_t>(2) * units_, 0);
      row_sums_ready_ = false;
    }
    return ctx.Resize(out, time_major_ ? std::vector<int32_t>{max_time_, batches_, units_}
                                       : std::vector<int32_t>{batches_, max_time_, units_});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const float* input = ctx.input(kInput).data<float>();
    const float* bias = ctx.input(kBias).data<float>();
    float* hidden = ctx.input(kHiddenState).data<float>();
    float* output = ctx.output(0).data<float>();
    if (hybrid_ && asymmetric_ && !row_sums_ready_) {
      seq::RowSums(ctx.input(kWeights).data<int8_t>(), units_, n_input_, row_sums_.data());
      seq::RowSums(ctx.input(kRecurrentWeights).data<int8_t>(), units_, units_,
                   row_sums_.data() + units_);
      row_sums_ready_ = true;
    }
    auto step = [&](const float* x, int nb, float* h, float* out) {
      if (hybrid_) {
        StepHybrid(ctx, x, bias, nb, h, out);
      } else {
        StepFloat(ctx, x, bias, nb, h, out);
      }
    };
    const size_t B = static_cast<size_t>(batches_), U = static_cast<size_t>(units_);
    const size_t I = static_cast<size_t>(n_input_), T = static_cast<size_t>(max_time_);
    if (time_major_) {
      for (size_t t = 0; t < T; ++t) step(input + t * B * I, batches_, hidden, output + t * B * U);
    } else {
      for (size_t b = 0; b < B; ++b) {
        for (size_t t = 0; t < T; ++t) {
          step(input + (b * T + t) * I, 1, hidden + b * U, output + (b * T + t) * U);
        }
      }
    }
    return PLINTH_OK;
  }

 private:
  void StepFloat(const KernelContext& ctx, const float* x, const float* bias, int nb, float* h,
                 float* out) const {
    for (int b = 0; b < nb; ++b) std::memcpy(out + b * units_, bias, sizeof(float) * units_);
    seq::MatVecAccumulate(ctx.input(kWeights).data<float>(), units_, n_input_, x, nb, out);
    seq::MatVecAccumulate(ctx.input(kRecurrentWeights).data<float>(), units_, units_, h, nb, out);
    seq::ActivateVector(out, nb * units_, activation_);
    std::memcpy(h, out, sizeof(float) * static_cast<size_t>(nb) * units_);
  }

  void StepHybrid(const KernelContext& ctx, const float* x, const float* bias, int nb, float* h,
                  float* out) const {
    uint8_t* s = ctx.Scratch<uint8_t>(scratch_);
    const size_t B = static_cast<size_t>(batches_);
    float* scales = reinterpret_cast<float*>(s);
    int32_t* zero_points = reinterpret_cast<int32_t*>(s + B * sizeof(float));
    int8_t* quantized = reinterpret_cast<int8_t*>(s + B * (sizeof(float) + sizeof(int32_t)));
    for (int b = 0; b < nb; ++b) std::memcpy(out + b * units_, bias, sizeof(float) * units_);
    auto matvec = [&](const int8_t* m, float m_scale, const float* v, int cols,
                      const int32_t* row_sums) {
      if (seq::IsZero(v, nb * cols)) return;  // saves the quantization, as TFLite does
      seq::BatchQuantize(v, nb, cols, quantized, scales, zero_points, asymmetric_);
      for (int b = 0; b < nb; ++b) scales[b] *= m_scale;
      seq::HybridMatVecAccumulate(m, units_, cols, quantized, scales, nb, out,
                                  asymmetric_ ? zero_points : nullptr, row_sums);
    };
    matvec(ctx.input(kWeights).data<int8_t>(), w_scale_, x, n_input_, row_sums_.data());
    matvec(ctx.input(kRecurrentWeights).data<int8_t>(), r_scale_, h, units_,
           row_sums_.data() + units_);
    seq::ActivateVector(out, nb * units_, activation_);
    std::memcpy(h, out, sizeof(float) * static_cast<size_t>(nb) * units_);
  }

  bool time_major_ = false, hybrid_ = false, asymmetric_ = false, row_sums_ready_ = false;
  int64_t activation_ = PLINTH_ACTIVATION_NONE;
  int32_t max_time_ = 0, batches_ = 0, n_input_ = 0, units_ = 0;
  float w_scale_ = 1.f, r_scale_ = 1.f;
  size_t scratch_bytes_ = 0;
  int32_t scratch_ = -1;
  std::vector<int32_t> row_sums_;
};

}  // namespace

PlinthStatus RegisterUnidirectionalSequenceRnn(Registrar& r) {
  return r.AddBuiltin<UnidirectionalSequenceRnn>("UNIDIRECTIONAL_SEQUENCE_RNN", 1, 3,
                                                 {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
