// One direction of TFLite's LSTM over a sequence, shared by UNIDIRECTIONAL_SEQUENCE_LSTM and
// BIDIRECTIONAL_SEQUENCE_LSTM: validation, scratch sizing and the three evaluations of
// tensorflow/lite/kernels/lstm_eval.cc:
//  - float: float weights and activations;
//  - hybrid: float activations, int8 (or uint8, read as int8) weights with a per-tensor scale;
//    inputs are quantized per batch row (symmetric, or asymmetric with asymmetric_quantize_inputs);
//  - integer 8x8->16: int8 input/output state, int16 cell state (power-of-two scale), int8
//    weights, int32 biases, int16 peepholes and layer norm weights, the five intermediates giving
//    the gates' scales (Q3.12 without layer norm) and the hidden state's scale and zero point.
// Options: CIFG (no input gate), peepholes, projection (+ bias), layer norm, cell and projection
// clipping, time- or batch-major sequences, an auxiliary input (bidirectional stacking).
#ifndef PLINTH_BUILTIN_OPS_SEQUENCE_LSTM_H_
#define PLINTH_BUILTIN_OPS_SEQUENCE_LSTM_H_

#include <cstdint>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"

namespace plinth::builtin::lstm {

enum Gate { kInputGate = 0, kForgetGate = 1, kCellGate = 2, kOutputGate = 3 };

// Positions of one direction's tensors among the node's inputs; -1: absent from the layout.
struct Layout {
  int input = -1;
  int input_weights[4] = {-1, -1, -1, -1};
  int recurrent_weights[4] = {-1, -1, -1, -1};
  int peephole[4] = {-1, -1, -1, -1};  // no peephole for the cell gate
  int bias[4] = {-1, -1, -1, -1};
  int projection_weights = -1, projection_bias = -1;
  int output_state = -1, cell_state = -1;
  int layer_norm[4] = {-1, -1, -1, -1};
  int aux_input = -1;
  int aux_weights[4] = {-1, -1, -1, -1};
};

struct Options {
  int64_t activation = PLINTH_ACTIVATION_TANH;
  float cell_clip = 0.f, proj_clip = 0.f;
  bool time_major = true;
  bool asymmetric_quantize_inputs = false;
};

enum class Mode { kFloat, kHybrid, kInteger };

// Scales and precomputed terms of the integer LSTM (TFLite's IntegerLstmParameter).
struct IntegerParams {
  QuantizedMultiplier input_scale[4], recurrent_scale[4], peephole_scale[4];
  QuantizedMultiplier layer_norm_scale[4], hidden_scale, projection_scale;
  int32_t variance_guard[4] = {0, 0, 0, 0};
  int32_t input_zp = 0, hidden_zp = 0, output_state_zp = 0;
  int cell_scale = 0;
  int16_t cell_clip = 0;
  int8_t proj_clip = 0;
  // bias (when no layer norm) - input_zp * row sums, and the recurrent / projection analogues.
  std::vector<int32_t> input_bias[4], recurrent_bias[4], projection_bias;
};

class Direction {
 public:
  // Checks the tensors of `layout`, sizes everything, requests scratch. `name` prefixes messages
  // ("forward ", "" ...). `allow_integer`: whether int8 inputs (the integer LSTM) are served.
  PlinthStatus Prepare(const KernelContext& ctx, const Layout& layout, const Options& options,
                       bool allow_integer, const char* name);
  // Runs the whole sequence, updating the state tensors, writing rows of n_output values at
  // `output_offset` in `output` (whose last dimension may be wider). `forward` = false walks the
  // sequence backwards (bidirectional).
  PlinthStatus Invoke(const KernelContext& ctx, Tensor output, int output_offset, bool forward);

  Mode mode() const { return mode_; }
  int32_t max_time() const { return max_time_; }
  int32_t batches() const { return batches_; }
  int32_t n_output() const { return n_output_; }
  int32_t n_input() const { return n_input_; }

 private:
  struct Weights;
  void StepFloat(const Weights& w, const float* x, const float* aux, int nb, float* h, float* c,
                 float* out, int out_stride);
  void StepHybrid(const Weights& w, const float* x, const float* aux, int nb, float* h, float* c,
                  float* out, int out_stride);
  void HiddenState(const float* output_gate, const float* cell_gate, const float* c, int n,
                   float* hidden) const;
  void StepInteger(const Weights& w, const int8_t* x, int nb, int8_t* h, int16_t* c, int8_t* out);
  PlinthStatus PrepareInteger(const KernelContext& ctx);
  void PrecomputeInteger(const Weights& w);
  void PrecomputeRowSums(const Weights& w);
  Weights Gather(const KernelContext& ctx) const;

  Layout layout_;
  Options options_;
  Mode mode_ = Mode::kFloat;
  bool use_cifg_ = false, use_peephole_ = false, use_projection_ = false, use_layer_norm_ = false;
  bool use_aux_ = false;
  int32_t max_time_ = 0, batches_ = 0, n_input_ = 0, n_aux_ = 0, n_cell_ = 0, n_output_ = 0;
  int32_t scratch_ = -1;
  // Hybrid: weight scales and row sums (asymmetric inputs), computed on the first invoke.
  float input_scale_[4] = {1, 1, 1, 1}, recurrent_scale_[4] = {1, 1, 1, 1};
  float aux_scale_[4] = {1, 1, 1, 1}, peephole_scale_[4] = {1, 1, 1, 1}, projection_scale_ = 1;
  std::vector<int32_t> row_sums_;
  bool precomputed_ = false;
  IntegerParams integer_;
};

}  // namespace plinth::builtin::lstm

#endif  // PLINTH_BUILTIN_OPS_SEQUENCE_LSTM_H_
