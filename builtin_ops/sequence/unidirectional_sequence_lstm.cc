// UNIDIRECTIONAL_SEQUENCE_LSTM (float): the TFLite LSTM cell with optional CIFG, peepholes, layer
// normalization, projection, cell and projection clipping, batch- or time-major sequences.
// State lives in the variable inputs 18 (output state) and 19 (cell state) across invocations.
#include <cmath>
#include <cstring>

#include "builtin_ops/sequence/sequence_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

// Input positions of the TFLite LSTM.
enum LstmInput {
  kInput = 0,
  kInputToInputWeights = 1,  // optional (CIFG when absent)
  kInputToForgetWeights = 2,
  kInputToCellWeights = 3,
  kInputToOutputWeights = 4,
  kRecurrentToInputWeights = 5,  // optional
  kRecurrentToForgetWeights = 6,
  kRecurrentToCellWeights = 7,
  kRecurrentToOutputWeights = 8,
  kCellToInputWeights = 9,  // peepholes, optional
  kCellToForgetWeights = 10,
  kCellToOutputWeights = 11,
  kInputGateBias = 12,  // optional
  kForgetGateBias = 13,
  kCellGateBias = 14,
  kOutputGateBias = 15,
  kProjectionWeights = 16,  // optional
  kProjectionBias = 17,     // optional
  kOutputState = 18,        // variable
  kCellState = 19,          // variable
  kInputLayerNorm = 20,     // optional, 20-23
  kForgetLayerNorm = 21,
  kCellLayerNorm = 22,
  kOutputLayerNorm = 23,
};

float Sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

// out[b, r] += sum_c m[r, c] * v[b, c]
void MatVecAccumulate(const float* m, int rows, int cols, const float* v, int batches,
                      float* out) {
  for (int b = 0; b < batches; ++b) {
    const float* vb = v + static_cast<size_t>(b) * cols;
    float* ob = out + static_cast<size_t>(b) * rows;
    for (int r = 0; r < rows; ++r) {
      const float* row = m + static_cast<size_t>(r) * cols;
      float dot = 0.f;
      for (int c = 0; c < cols; ++c) dot += row[c] * vb[c];
      ob[r] += dot;
    }
  }
}

// Normalizes each batch row to zero mean and unit variance (TFLite's epsilon 1e-8).
void MeanStddevNormalize(float* x, int n, int batches) {
  for (int b = 0; b < batches; ++b) {
    float* row = x + static_cast<size_t>(b) * n;
    float sum = 0.f, sum_sq = 0.f;
    for (int i = 0; i < n; ++i) {
      sum += row[i];
      sum_sq += row[i] * row[i];
    }
    const float mean = sum / n;
    const float variance = sum_sq / n - mean * mean;
    const float inv_stddev = 1.f / std::sqrt(variance + 1e-8f);
    for (int i = 0; i < n; ++i) row[i] = (row[i] - mean) * inv_stddev;
  }
}

class UnidirectionalSequenceLstm {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 20 || ctx.num_inputs() == 24,
                  "expects 20 or 24 inputs, got ", ctx.num_inputs());
    Tensor input = ctx.input(kInput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 3, "input must be 3-D, got ", ShapeString(input));
    Tensor forget_w = ctx.input(kInputToForgetWeights);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, forget_w, "input_to_forget_weights", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, forget_w.rank() == 2, "input weights must be 2-D");
    time_major_ = ctx.OptionBool("time_major");
    activation_ = ctx.OptionInt("fused_activation_function", PLINTH_ACTIVATION_TANH);
    cell_clip_ = ctx.OptionFloat("cell_clip");
    proj_clip_ = ctx.OptionFloat("proj_clip");
    max_time_ = time_major_ ? input.dim(0) : input.dim(1);
    batches_ = time_major_ ? input.dim(1) : input.dim(0);
    n_input_ = input.dim(2);
    n_cell_ = forget_w.dim(0);
    PLINTH_ENSURE(ctx, forget_w.dim(1) == n_input_, "input_to_forget_weights ",
                  ShapeString(forget_w), " does not match input depth ", n_input_);
    Tensor recurrent = ctx.input(kRecurrentToForgetWeights);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, recurrent, "recurrent_to_forget_weights", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, recurrent.rank() == 2 && recurrent.dim(0) == n_cell_,
                  "recurrent weights must be [n_cell, n_output]");
    n_output_ = recurrent.dim(1);
    use_cifg_ = !ctx.input(kInputToInputWeights);
    use_peephole_ = static_cast<bool>(ctx.input(kCellToForgetWeights));
    use_layer_norm_ = ctx.num_inputs() == 24 && static_cast<bool>(ctx.input(kForgetLayerNorm));
    Tensor projection = ctx.input(kProjectionWeights);
    use_projection_ = static_cast<bool>(projection);
    if (use_projection_) {
      PLINTH_ENSURE(ctx, projection.rank() == 2 && projection.dim(0) == n_output_ &&
                             projection.dim(1) == n_cell_,
                    "projection weights must be [n_output, n_cell]");
    } else {
      PLINTH_ENSURE(ctx, n_output_ == n_cell_, "without projection n_output (", n_output_,
                    ") must equal n_cell (", n_cell_, ")");
    }
    // Every tensor the cell reads must be float32 with the shape it is used at.
    struct Expect {
      int index;
      std::vector<int32_t> shape;
      bool required;
    };
    const std::vector<Expect> expects = {
        {kInputToInputWeights, {n_cell_, n_input_}, !use_cifg_},
        {kInputToCellWeights, {n_cell_, n_input_}, true},
        {kInputToOutputWeights, {n_cell_, n_input_}, true},
        {kRecurrentToInputWeights, {n_cell_, n_output_}, !use_cifg_},
        {kRecurrentToCellWeights, {n_cell_, n_output_}, true},
        {kRecurrentToOutputWeights, {n_cell_, n_output_}, true},
        {kForgetGateBias, {n_cell_}, true},
        {kCellGateBias, {n_cell_}, true},
        {kOutputGateBias, {n_cell_}, true},
        {kInputGateBias, {n_cell_}, !use_cifg_},
        {kOutputState, {batches_, n_output_}, true},
        {kCellState, {batches_, n_cell_}, true},
    };
    for (const Expect& e : expects) {
      Tensor t = ctx.input(e.index);
      if (!t) {
        PLINTH_ENSURE(ctx, !e.required, "input ", e.index, " is required");
        continue;
      }
      PLINTH_ENSURE(ctx, t.type() == PLINTH_FLOAT32, "input ", e.index, " must be FLOAT32, got ",
                    TypeName(t.type()));
      PLINTH_ENSURE(ctx, t.num_elements() == NumElements(e.shape), "input ", e.index, " has shape ",
                    ShapeString(t), ", expected ", NumElements(e.shape), " elements");
    }
    PLINTH_ENSURE(ctx, ctx.input(kOutputState).is_variable() && ctx.input(kCellState).is_variable(),
                  "the output and cell states (inputs 18, 19) must be variable tensors");
    std::vector<int32_t> out_shape = time_major_ ? std::vector<int32_t>{max_time_, batches_, n_output_}
                                                 : std::vector<int32_t>{batches_, max_time_, n_output_};
    scratch_ = ctx.RequestScratch(sizeof(float) * static_cast<size_t>(batches_) *
                                  (4 * static_cast<size_t>(n_cell_) + n_input_ + n_output_));
    PLINTH_ENSURE(ctx, scratch_ >= 0, "cannot get scratch memory");
    return ctx.Resize(ctx.output(0), out_shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    auto f = [&](int i) -> const float* {
      Tensor t = ctx.input(i);
      return t ? t.data<float>() : nullptr;
    };
    float* scratch = ctx.Scratch<float>(scratch_);
    const size_t gate_size = static_cast<size_t>(batches_) * n_cell_;
    float* input_gate = scratch;
    float* forget_gate = input_gate + gate_size;
    float* cell_gate = forget_gate + gate_size;
    float* output_gate = cell_gate + gate_size;
    float* step_input = output_gate + gate_size;                     // batches x n_input
    float* step_output = step_input + static_cast<size_t>(batches_) * n_input_;  // batches x n_output
    float* output_state = ctx.input(kOutputState).data<float>();
    float* cell_state = ctx.input(kCellState).data<float>();
    const float* input = f(kInput);
    float* output = ctx.output(0).data<float>();

    for (int t = 0; t < max_time_; ++t) {
      // Gather this step's input rows [batches, n_input].
      for (int b = 0; b < batches_; ++b) {
        size_t row = time_major_ ? static_cast<size_t>(t) * batches_ + b
                                 : static_cast<size_t>(b) * max_time_ + t;
        std::memcpy(step_input + static_cast<size_t>(b) * n_input_, input + row * n_input_,
                    sizeof(float) * n_input_);
      }
      if (!use_cifg_) {
        Gate(input_gate, f(kInputToInputWeights), f(kRecurrentToInputWeights), f(kInputGateBias),
             f(kCellToInputWeights), cell_state, use_layer_norm_ ? f(kInputLayerNorm) : nullptr,
             step_input, output_state);
        for (size_t i = 0; i < gate_size; ++i) input_gate[i] = Sigmoid(input_gate[i]);
      }
      Gate(forget_gate, f(kInputToForgetWeights), f(kRecurrentToForgetWeights), f(kForgetGateBias),
           f(kCellToForgetWeights), cell_state, use_layer_norm_ ? f(kForgetLayerNorm) : nullptr,
           step_input, output_state);
      for (size_t i = 0; i < gate_size; ++i) forget_gate[i] = Sigmoid(forget_gate[i]);
      Gate(cell_gate, f(kInputToCellWeights), f(kRecurrentToCellWeights), f(kCellGateBias),
           nullptr, nullptr, use_layer_norm_ ? f(kCellLayerNorm) : nullptr, step_input,
           output_state);
      for (size_t i = 0; i < gate_size; ++i) cell_gate[i] = Activate(cell_gate[i]);
      // New cell state.
      for (size_t i = 0; i < gate_size; ++i) {
        float in_gate = use_cifg_ ? 1.f - forget_gate[i] : input_gate[i];
        float c = forget_gate[i] * cell_state[i] + in_gate * cell_gate[i];
        if (cell_clip_ > 0) c = std::min(std::max(c, -cell_clip_), cell_clip_);
        cell_state[i] = c;
      }
      // The output gate's peephole sees the new cell state.
      Gate(output_gate, f(kInputToOutputWeights), f(kRecurrentToOutputWeights), f(kOutputGateBias),
           f(kCellToOutputWeights), cell_state, use_layer_norm_ ? f(kOutputLayerNorm) : nullptr,
           step_input, output_state);
      for (size_t i = 0; i < gate_size; ++i) {
        output_gate[i] = Sigmoid(output_gate[i]) * Activate(cell_state[i]);  // hidden
      }
      if (use_projection_) {
        const float* pb = f(kProjectionBias);
        for (int b = 0; b < batches_; ++b) {
          for (int o = 0; o < n_output_; ++o) step_output[b * n_output_ + o] = pb ? pb[o] : 0.f;
        }
        MatVecAccumulate(f(kProjectionWeights), n_output_, n_cell_, output_gate, batches_,
                         step_output);
        if (proj_clip_ > 0) {
          for (int i = 0; i < batches_ * n_output_; ++i) {
            step_output[i] = std::min(std::max(step_output[i], -proj_clip_), proj_clip_);
          }
        }
      } else {
        std::memcpy(step_output, output_gate, sizeof(float) * gate_size);
      }
      std::memcpy(output_state, step_output, sizeof(float) * batches_ * n_output_);
      for (int b = 0; b < batches_; ++b) {
        size_t row = time_major_ ? static_cast<size_t>(t) * batches_ + b
                                 : static_cast<size_t>(b) * max_time_ + t;
        std::memcpy(output + row * n_output_, step_output + static_cast<size_t>(b) * n_output_,
                    sizeof(float) * n_output_);
      }
    }
    return PLINTH_OK;
  }

 private:
  float Activate(float x) const {
    switch (activation_) {
      case PLINTH_ACTIVATION_NONE: return x;
      case PLINTH_ACTIVATION_RELU: return std::max(x, 0.f);
      case PLINTH_ACTIVATION_RELU6: return std::min(std::max(x, 0.f), 6.f);
      case PLINTH_ACTIVATION_RELU_N1_TO_1: return std::min(std::max(x, -1.f), 1.f);
      case PLINTH_ACTIVATION_SIGN_BIT: return Sigmoid(x);
      default: return std::tanh(x);
    }
  }

  // gate = W x + b + R h (+ peephole ⊙ c); with layer norm the bias comes after normalization.
  void Gate(float* gate, const float* w, const float* r, const float* bias, const float* peephole,
            const float* cell, const float* layer_norm, const float* x, const float* h) const {
    for (int b = 0; b < batches_; ++b) {
      for (int c = 0; c < n_cell_; ++c) gate[b * n_cell_ + c] = 0.f;
    }
    MatVecAccumulate(w, n_cell_, n_input_, x, batches_, gate);
    if (!layer_norm) {
      for (int b = 0; b < batches_; ++b) {
        for (int c = 0; c < n_cell_; ++c) gate[b * n_cell_ + c] += bias[c];
      }
    }
    MatVecAccumulate(r, n_cell_, n_output_, h, batches_, gate);
    if (peephole != nullptr && use_peephole_) {
      for (int b = 0; b < batches_; ++b) {
        for (int c = 0; c < n_cell_; ++c) gate[b * n_cell_ + c] += peephole[c] * cell[b * n_cell_ + c];
      }
    }
    if (layer_norm) {
      MeanStddevNormalize(gate, n_cell_, batches_);
      for (int b = 0; b < batches_; ++b) {
        for (int c = 0; c < n_cell_; ++c) {
          gate[b * n_cell_ + c] = gate[b * n_cell_ + c] * layer_norm[c] + bias[c];
        }
      }
    }
  }

  bool time_major_ = false, use_cifg_ = false, use_peephole_ = false, use_layer_norm_ = false,
       use_projection_ = false;
  int64_t activation_ = PLINTH_ACTIVATION_TANH;
  float cell_clip_ = 0.f, proj_clip_ = 0.f;
  int32_t max_time_ = 0, batches_ = 0, n_input_ = 0, n_cell_ = 0, n_output_ = 0;
  int32_t scratch_ = -1;
};

}  // namespace

PlinthStatus RegisterUnidirectionalSequenceLstm(Registrar& r) {
  return r.AddBuiltin<UnidirectionalSequenceLstm>("UNIDIRECTIONAL_SEQUENCE_LSTM", 1, 4,
                                                  {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
