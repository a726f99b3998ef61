// Differential cases for the sequence kernels: UNIDIRECTIONAL_SEQUENCE_LSTM (float, hybrid,
// integer 8x8->16), BIDIRECTIONAL_SEQUENCE_LSTM (float, hybrid), UNIDIRECTIONAL_SEQUENCE_RNN
// (float, hybrid) and SVDF (float, hybrid, integer). Integer outputs are exact; float and hybrid
// outputs allow 1e-5 of the largest value (TFLite's float matmuls accumulate in another order).
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"
#include "tests/builtin_ops/sequence_model_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {
namespace {

int LstmInput(DiffCase& c, const LstmSpec& s, uint32_t seed, bool zero_steps = false) {
  const std::vector<int32_t> shape = LstmInputShape(s);
  const size_t n = NumElementsOf(shape);
  if (s.kind == SeqKind::kInteger) {
    return c.Input<int8_t>(shape, RandomValues<int8_t>(n, -128, 127, seed),
                           {{s.input_scale}, {s.input_zp}});
  }
  std::vector<float> v = RandomValues<float>(n, -1, 1, seed);
  for (size_t i = 0; i < n; i += 7) v[i] = 0.f;
  if (zero_steps) {  // every other whole step (all batches) is zero
    const size_t step = static_cast<size_t>(s.batch) * s.n_input;
    for (size_t i = 0; i < n; ++i) {
      if ((i / step) % 2 == 1) v[i] = 0.f;
    }
  }
  return c.Input<float>(shape, v);
}

void AddLstm(std::vector<DiffCase>* cases, const std::string& name, LstmSpec s,
             bool zero_steps = false) {
  // TFLite starts int8 variables at their zero point, Plinth's core at 0 (and TFLite refuses
  // initial values), so the output state's zero point stays 0 here; the kernel tests cover others.
  s.state_zp = 0;
  const char* tolerance = s.kind == SeqKind::kInteger ? "exact" : "rel 1e-5";
  DiffCase c("lstm_" + name, tolerance);
  const int input = LstmInput(c, s, s.seed + 1000, zero_steps);
  LstmValues values;
  const int out = AddUnidirectionalLstm(c.builder, s, input, &values);
  c.Outputs({out});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(UnidirectionalLstmCases) {
  for (SeqKind kind : {SeqKind::kFloat, SeqKind::kHybrid, SeqKind::kInteger}) {
    const std::string k = kind == SeqKind::kFloat    ? "f32_"
                          : kind == SeqKind::kHybrid ? "hybrid_"
                                                     : "int8_";
    LstmSpec s;
    s.kind = kind;
    AddLstm(cases, k + "basic", s);
    s.time_major = true;
    s.seed = 2;
    AddLstm(cases, k + "time_major", s);
    s = LstmSpec();
    s.kind = kind;
    s.cifg = true;
    s.peephole = true;
    s.seed = 3;
    AddLstm(cases, k + "cifg_peephole", s);
    s = LstmSpec();
    s.kind = kind;
    s.peephole = true;
    s.seed = 4;
    AddLstm(cases, k + "peephole", s);
    s = LstmSpec();
    s.kind = kind;
    s.projection = true;
    s.projection_bias = true;
    s.n_output = 3;
    s.n_cell = 5;
    s.proj_clip = 0.3f;
    s.cell_clip = 0.8f;
    s.seed = 5;
    AddLstm(cases, k + "projection_clip", s);
    s = LstmSpec();
    s.kind = kind;
    s.layer_norm = true;
    s.seed = 6;
    AddLstm(cases, k + "layer_norm", s);
    s = LstmSpec();
    s.kind = kind;
    s.layer_norm = true;
    s.cifg = true;
    s.peephole = true;
    s.projection = true;
    s.n_output = 2;
    s.n_cell = 4;
    s.time_major = true;
    s.batch = 3;
    s.time = 4;
    s.seed = 7;
    AddLstm(cases, k + "ln_cifg_peephole_projection", s);
    if (kind != SeqKind::kInteger) {
      s = LstmSpec();
      s.kind = kind;
      s.activation = "RELU6";
      s.seed = 8;
      AddLstm(cases, k + "relu6", s);
      for (const char* activation : {"NONE", "TANH"}) {
        s = LstmSpec();
        s.kind = kind;
        s.time_major = true;
        s.activation = activation;
        s.peephole = true;
        s.time = 4;
        s.seed = 15;
        AddLstm(cases, k + "zero_steps_" + activation, s, /*zero_steps=*/true);
        s.layer_norm = true;
        s.cifg = true;
        s.seed = 16;
        AddLstm(cases, k + "zero_steps_layer_norm_" + activation, s, /*zero_steps=*/true);
      }
    }
    if (kind == SeqKind::kHybrid) {
      s = LstmSpec();
      s.kind = kind;
      s.hybrid_weight_type = PLINTH_UINT8;  // TFLite reads uint8 weights as int8
      s.seed = 17;
      AddLstm(cases, "hybrid_uint8_weights", s);
      for (bool projection : {false, true}) {
        s = LstmSpec();
        s.kind = kind;
        s.asymmetric = true;
        s.projection = projection;
        s.peephole = projection;
        s.seed = projection ? 10 : 9;
        AddLstm(cases, std::string("hybrid_asymmetric") + (projection ? "_projection" : ""), s);
      }
    }
    if (kind == SeqKind::kInteger) {
      s = LstmSpec();
      s.kind = kind;
      s.input_zp = -128;
      s.state_zp = 127;
      s.hidden_zp = 0;
      s.cell_scale_log2 = -15;
      s.cell_clip = 0.5f;
      s.seed = 11;
      AddLstm(cases, "int8_edge_zero_points", s);
      s = LstmSpec();
      s.kind = kind;
      s.cell_scale_log2 = -9;
      s.input_scale = 0.2f;
      s.seed = 12;
      AddLstm(cases, "int8_saturating", s);
      s = LstmSpec();
      s.kind = kind;
      s.input_scale = 0.002f;
      s.seed = 13;
      AddLstm(cases, "int8_small_inputs", s);
    }
  }
}

// TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM has no 16x8 (int16 activation) variant: both refuse it.
PLINTH_DIFF_CASES(UnidirectionalLstmInt16Cases) {
  LstmSpec s;
  s.kind = SeqKind::kInteger;
  s.state_zp = 0;
  DiffCase c("lstm_int16_activations_refused", "exact");
  const std::vector<int32_t> shape = LstmInputShape(s);
  const int input = c.Input<int16_t>(
      shape, RandomValues<int16_t>(NumElementsOf(shape), -900, 900, 3), {{0.001f}, {0}});
  LstmValues values;
  c.Outputs({AddUnidirectionalLstm(c.builder, s, input, &values)});
  cases->push_back(std::move(c));
}

// BIDIRECTIONAL_SEQUENCE_LSTM: each direction's 17 tensors, states, optional aux input.
void AddBidi(std::vector<DiffCase>* cases, const std::string& name, LstmSpec s, bool merge,
             int aux_mode /* 0 none, 1 aux as bw input, 2 aux with weights */) {
  DiffCase c("bidi_lstm_" + name, "rel 1e-5");
  const int input = LstmInput(c, s, s.seed + 2000);
  std::vector<int32_t> fw, bw;
  LstmValues vf, vb;
  AddLstmParameters(c.builder, s, s.seed, &fw, &vf);
  AddLstmParameters(c.builder, s, s.seed + 50, &bw, &vb);
  std::vector<int32_t> inputs = {input};
  inputs.insert(inputs.end(), fw.begin(), fw.begin() + 17);
  inputs.insert(inputs.end(), bw.begin(), bw.begin() + 17);
  for (int d = 0; d < 2; ++d) {
    inputs.push_back(c.builder.AddVariable(PLINTH_FLOAT32, {s.batch, s.n_output}));
    inputs.push_back(c.builder.AddVariable(PLINTH_FLOAT32, {s.batch, s.n_cell}));
  }
  int aux = -1;
  if (aux_mode != 0) {
    aux = LstmInput(c, s, s.seed + 3000);
  }
  inputs.push_back(aux);
  for (int d = 0; d < 2; ++d) {
    for (int g = 0; g < 4; ++g) {
      int t = -1;
      if (aux_mode == 2 && !(g == 0 && s.cifg)) {
        if (s.kind == SeqKind::kFloat) {
          t = c.builder.AddConstant<float>(
              PLINTH_FLOAT32, {s.n_cell, s.n_input},
              RandomValues<float>(static_cast<size_t>(s.n_cell) * s.n_input, -0.5, 0.5,
                                  77 + d * 4 + g));
        } else {
          t = c.builder.AddConstant<int8_t>(
              PLINTH_INT8, {s.n_cell, s.n_input},
              RandomValues<int8_t>(static_cast<size_t>(s.n_cell) * s.n_input, -127, 127,
                                   77 + d * 4 + g),
              "", {{0.011f}, {0}});
        }
      }
      inputs.push_back(t);
    }
  }
  const int32_t t0 = s.time_major ? s.time : s.batch, t1 = s.time_major ? s.batch : s.time;
  std::vector<int32_t> outputs;
  if (merge) {
    outputs.push_back(c.builder.AddTensor(PLINTH_FLOAT32, {t0, t1, 2 * s.n_output}));
  } else {
    outputs.push_back(c.builder.AddTensor(PLINTH_FLOAT32, {t0, t1, s.n_output}));
    outputs.push_back(c.builder.AddTensor(PLINTH_FLOAT32, {t0, t1, s.n_output}));
  }
  c.builder.AddOperator("BIDIRECTIONAL_SEQUENCE_LSTM", inputs, outputs,
                        {{"fused_activation_function", s.activation},
                         {"cell_clip", s.cell_clip},
                         {"proj_clip", s.proj_clip},
                         {"merge_outputs", merge},
                         {"time_major", s.time_major},
                         {"asymmetric_quantize_inputs", s.asymmetric}},
                        s.kind == SeqKind::kHybrid ? 2 : 1);
  c.Outputs(outputs);
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(BidirectionalLstmCases) {
  for (SeqKind kind : {SeqKind::kFloat, SeqKind::kHybrid}) {
    const std::string k = kind == SeqKind::kFloat ? "f32_" : "hybrid_";
    LstmSpec s;
    s.kind = kind;
    s.time_major = true;
    AddBidi(cases, k + "basic", s, false, 0);
    s.seed = 2;
    AddBidi(cases, k + "merged", s, true, 0);
    s.seed = 3;
    AddBidi(cases, k + "aux_as_backward_input", s, false, 1);
    s.seed = 4;
    s.peephole = true;
    s.cifg = true;
    AddBidi(cases, k + "aux_weights_cifg_peephole", s, true, 2);
    s = LstmSpec();
    s.kind = kind;
    s.time_major = false;
    s.batch = 1;
    s.projection = true;
    s.n_output = 3;
    s.seed = 5;
    AddBidi(cases, k + "batch_major_projection", s, false, 0);
    s.batch = 2;
    s.seed = 6;
    AddBidi(cases, k + "batch_major_two_batches", s, false, 2);
    // (Merged outputs stay time-major: batch-major TFLite offsets the states by the merged
    // width, reading and writing past them for batch > 0.)
    s = LstmSpec();
    s.kind = kind;
    s.time_major = true;
    s.activation = "NONE";
    s.seed = 8;
    AddBidi(cases, k + "aux_weights_activation_none", s, true, 2);
    if (kind == SeqKind::kHybrid) {
      s = LstmSpec();
      s.kind = kind;
      s.asymmetric = true;
      s.time_major = true;
      s.seed = 7;
      AddBidi(cases, "hybrid_asymmetric_merged_aux_weights", s, true, 2);
    }
  }
}

// UNIDIRECTIONAL_SEQUENCE_RNN.
void AddRnn(std::vector<DiffCase>* cases, const std::string& name, bool hybrid, bool time_major,
            bool asymmetric, const char* activation, uint32_t seed) {
  const int batch = 2, time = 4, n_input = 3, units = 5;
  DiffCase c("rnn_" + name, "rel 1e-5");
  const std::vector<int32_t> in_shape = time_major ? std::vector<int32_t>{time, batch, n_input}
                                                   : std::vector<int32_t>{batch, time, n_input};
  std::vector<float> x = RandomValues<float>(NumElementsOf(in_shape), -1, 1, seed);
  for (size_t i = 0; i < x.size(); i += 5) x[i] = 0.f;
  const int input = c.Input<float>(in_shape, x);
  auto weights = [&](int rows, int cols, uint32_t k) {
    const size_t n = static_cast<size_t>(rows) * cols;
    if (!hybrid) {
      return c.builder.AddConstant<float>(PLINTH_FLOAT32, {rows, cols},
                                          RandomValues<float>(n, -0.6, 0.6, k));
    }
    return c.builder.AddConstant<int8_t>(PLINTH_INT8, {rows, cols},
                                         RandomValues<int8_t>(n, -127, 127, k), "",
                                         {{0.005f * (1 + k % 3)}, {0}});
  };
  const int w = weights(units, n_input, seed + 1);
  const int r = weights(units, units, seed + 2);
  const int b = c.builder.AddConstant<float>(PLINTH_FLOAT32, {units},
                                             RandomValues<float>(units, -0.3, 0.3, seed + 3));
  const int h = c.builder.AddVariable(PLINTH_FLOAT32, {batch, units});
  const std::vector<int32_t> out_shape = time_major ? std::vector<int32_t>{time, batch, units}
                                                    : std::vector<int32_t>{batch, time, units};
  const int out = c.builder.AddTensor(PLINTH_FLOAT32, out_shape);
  c.builder.AddOperator("UNIDIRECTIONAL_SEQUENCE_RNN", {input, w, r, b, h}, {out},
                        {{"time_major", time_major},
                         {"fused_activation_function", activation},
                         {"asymmetric_quantize_inputs", asymmetric}},
                        hybrid ? 2 : 1);
  c.Outputs({out});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(RnnCases) {
  AddRnn(cases, "f32_batch_major_tanh", false, false, false, "TANH", 1);
  AddRnn(cases, "f32_time_major_relu", false, true, false, "RELU", 2);
  AddRnn(cases, "f32_relu_n1_to_1", false, true, false, "RELU_N1_TO_1", 3);
  AddRnn(cases, "hybrid_symmetric", true, true, false, "TANH", 4);
  AddRnn(cases, "hybrid_batch_major", true, false, false, "RELU6", 5);
  AddRnn(cases, "hybrid_asymmetric", true, true, true, "TANH", 6);
  AddRnn(cases, "hybrid_asymmetric_batch_major", true, false, true, "NONE", 7);
}

// SVDF (one invocation: the state starts at zero).
void AddSvdf(std::vector<DiffCase>* cases, const std::string& name, SeqKind kind, int rank,
             bool bias, bool asymmetric, const char* activation, uint32_t seed) {
  const int batch = 2, n_input = 4, units = 3, filters = units * rank, memory = 5;
  DiffCase c("svdf_" + name, kind == SeqKind::kInteger ? "exact" : "rel 1e-5");
  int input, out;
  int wf, wt, b = -1, state;
  if (kind == SeqKind::kInteger) {
    input = c.Input<int8_t>(
        {batch, n_input}, RandomValues<int8_t>(batch * n_input, -128, 127, seed), {{0.03f}, {-7}});
    wf = c.builder.AddConstant<int8_t>(PLINTH_INT8, {filters, n_input},
                                       RandomValues<int8_t>(filters * n_input, -127, 127, seed + 1),
                                       "", {{0.004f}, {0}});
    wt = c.builder.AddConstant<int16_t>(
        PLINTH_INT16, {filters, memory},
        RandomValues<int16_t>(filters * memory, -30000, 30000, seed + 2), "", {{1.5e-5f}, {0}});
    if (bias) {
      b = c.builder.AddConstant<int32_t>(PLINTH_INT32, {units},
                                         RandomValues<int32_t>(units, -20000, 20000, seed + 3), "",
                                         {{0.0011f * 1.5e-5f}, {0}});
    }
    state = c.builder.AddVariable(PLINTH_INT16, {batch, filters * memory}, "", {{0.0011f}, {0}});
    out = c.builder.AddTensor(PLINTH_INT8, {batch, units}, "", {{0.08f}, {4}});
  } else {
    input = c.Input<float>({batch, n_input}, RandomValues<float>(batch * n_input, -1, 1, seed));
    if (kind == SeqKind::kFloat) {
      wf =
          c.builder.AddConstant<float>(PLINTH_FLOAT32, {filters, n_input},
                                       RandomValues<float>(filters * n_input, -0.5, 0.5, seed + 1));
      wt = c.builder.AddConstant<float>(PLINTH_FLOAT32, {filters, memory},
                                        RandomValues<float>(filters * memory, -0.5, 0.5, seed + 2));
    } else {
      wf = c.builder.AddConstant<int8_t>(
          PLINTH_INT8, {filters, n_input},
          RandomValues<int8_t>(filters * n_input, -127, 127, seed + 1), "", {{0.006f}, {0}});
      wt = c.builder.AddConstant<int8_t>(
          PLINTH_INT8, {filters, memory},
          RandomValues<int8_t>(filters * memory, -127, 127, seed + 2), "", {{0.004f}, {0}});
    }
    if (bias) {
      b = c.builder.AddConstant<float>(PLINTH_FLOAT32, {units},
                                       RandomValues<float>(units, -0.2, 0.2, seed + 3));
    }
    state = c.builder.AddVariable(PLINTH_FLOAT32, {batch, filters * memory});
    out = c.builder.AddTensor(PLINTH_FLOAT32, {batch, units});
  }
  c.builder.AddOperator("SVDF", {input, wf, wt, b, state}, {out},
                        {{"rank", rank},
                         {"fused_activation_function", activation},
                         {"asymmetric_quantize_inputs", asymmetric}},
                        kind == SeqKind::kInteger ? 3 : (kind == SeqKind::kHybrid ? 2 : 1));
  c.Outputs({out});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(SvdfCases) {
  AddSvdf(cases, "f32_rank1", SeqKind::kFloat, 1, true, false, "NONE", 1);
  AddSvdf(cases, "f32_rank2_relu", SeqKind::kFloat, 2, true, false, "RELU", 2);
  AddSvdf(cases, "f32_no_bias", SeqKind::kFloat, 2, false, false, "NONE", 3);
  AddSvdf(cases, "hybrid_rank1", SeqKind::kHybrid, 1, true, false, "NONE", 4);
  AddSvdf(cases, "hybrid_rank2_asymmetric", SeqKind::kHybrid, 2, true, true, "RELU", 5);
  // TFLite's integer SVDF requires RELU (and applies no clamp beyond the output range).
  AddSvdf(cases, "int8_rank1", SeqKind::kInteger, 1, true, false, "RELU", 6);
  AddSvdf(cases, "int8_rank2", SeqKind::kInteger, 2, true, false, "RELU", 7);
  AddSvdf(cases, "int8_no_bias", SeqKind::kInteger, 3, false, false, "RELU", 8);
}

}  // namespace
}  // namespace plinth::testing
