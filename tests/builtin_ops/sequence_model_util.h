// Builders of LSTM / RNN / SVDF test models with deterministic random weights, shared by the
// kernel tests and the differential cases. Each returns the values it used (dequantized for
// quantized models) so tests can compute references.
#ifndef PLINTH_TESTS_BUILTIN_OPS_SEQUENCE_MODEL_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_SEQUENCE_MODEL_UTIL_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/builtin_ops/op_test_util.h"
#include "tools/model_builder/model_builder.h"

namespace plinth::testing {

enum class SeqKind { kFloat, kHybrid, kInteger };

struct LstmSpec {
  SeqKind kind = SeqKind::kFloat;
  int batch = 2, time = 3, n_input = 3, n_cell = 4, n_output = 4;
  bool cifg = false, peephole = false, projection = false, projection_bias = false;
  bool layer_norm = false, time_major = false, asymmetric = false;
  float cell_clip = 0.f, proj_clip = 0.f;
  std::string activation = "TANH";
  PlinthType hybrid_weight_type = PLINTH_INT8;
  // Integer models: input / output state quantization and the hidden intermediate.
  float input_scale = 0.05f, state_scale = 0.02f, hidden_scale = 0.007f;
  int32_t input_zp = 3, state_zp = 5, hidden_zp = -3;
  int cell_scale_log2 = -11;
  uint32_t seed = 1;
  bool init_state_to_zero_point = false;
  float cell_scale_override = 0.f;  // integer models: a cell scale other than 2^cell_scale_log2
};

// Dequantized (or float) parameters of one LSTM direction; absent tensors are empty.
struct LstmValues {
  std::vector<float> w_in[4], w_rec[4], peephole[4], bias[4], norm[4], proj, proj_bias;
  std::vector<float> w_aux[4];
};

// Adds one direction's parameter tensors to `b`; fills `indices` in the op's layout order
// (input_to_* 4, recurrent_to_* 4, cell_to_* 3, biases 4, projection 2), -1 for absent ones.
inline void AddLstmParameters(ModelBuilder& b, const LstmSpec& s, uint32_t seed,
                              std::vector<int32_t>* indices, LstmValues* values, int subgraph = 0) {
  const int nc = s.n_cell, ni = s.n_input, no = s.n_output;
  uint32_t k = seed * 101;
  auto weights = [&](int rows, int cols, std::vector<float>* out, float weight_scale) -> int {
    const size_t n = static_cast<size_t>(rows) * cols;
    if (s.kind == SeqKind::kFloat) {
      *out = RandomValues<float>(n, -0.5, 0.5, ++k);
      return b.AddConstant<float>(PLINTH_FLOAT32, {rows, cols}, *out, "", {}, subgraph);
    }
    std::vector<int8_t> q = RandomValues<int8_t>(n, -127, 127, ++k);
    out->resize(n);
    for (size_t i = 0; i < n; ++i) out->at(i) = q[i] * weight_scale;
    const PlinthType type = s.kind == SeqKind::kHybrid ? s.hybrid_weight_type : PLINTH_INT8;
    return b.AddConstant<int8_t>(type, {rows, cols}, q, "", {{weight_scale}, {0}}, subgraph);
  };
  auto vec = [&](int n, std::vector<float>* out, PlinthType int_type, float scale, double lo,
                 double hi) -> int {
    if (s.kind != SeqKind::kInteger || int_type == PLINTH_FLOAT32) {
      *out = RandomValues<float>(static_cast<size_t>(n), lo, hi, ++k);
      if (s.kind == SeqKind::kHybrid && int_type == PLINTH_INT16) {  // hybrid peephole: int8
        std::vector<int8_t> q = RandomValues<int8_t>(static_cast<size_t>(n), -127, 127, ++k);
        for (int i = 0; i < n; ++i) out->at(i) = q[i] * 0.005f;
        return b.AddConstant<int8_t>(s.hybrid_weight_type, {n}, q, "", {{0.005f}, {0}}, subgraph);
      }
      return b.AddConstant<float>(PLINTH_FLOAT32, {n}, *out, "", {}, subgraph);
    }
    if (int_type == PLINTH_INT32) {
      std::vector<int32_t> q = RandomValues<int32_t>(static_cast<size_t>(n), lo, hi, ++k);
      out->assign(q.begin(), q.end());
      return b.AddConstant<int32_t>(PLINTH_INT32, {n}, q, "", {{scale}, {0}}, subgraph);
    }
    std::vector<int16_t> q = RandomValues<int16_t>(static_cast<size_t>(n), lo, hi, ++k);
    out->resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) out->at(i) = q[i] * scale;
    return b.AddConstant<int16_t>(PLINTH_INT16, {n}, q, "", {{scale}, {0}}, subgraph);
  };
  indices->assign(18, -1);
  for (int g = 0; g < 4; ++g) {
    if (g == 0 && s.cifg) continue;
    (*indices)[g] = weights(nc, ni, &values->w_in[g], 0.01f + 0.002f * g);
    (*indices)[4 + g] = weights(nc, no, &values->w_rec[g], 0.008f + 0.001f * g);
  }
  if (s.peephole) {
    const int gates[3] = {0, 1, 3};
    for (int j = 0; j < 3; ++j) {
      if (gates[j] == 0 && s.cifg) continue;
      const bool integer = s.kind == SeqKind::kInteger;
      (*indices)[8 + j] = vec(nc, &values->peephole[gates[j]], PLINTH_INT16, 0.0005f,
                              integer ? -2000 : -0.5, integer ? 2000 : 0.5);
    }
  }
  for (int g = 0; g < 4; ++g) {
    if (g == 0 && s.cifg) continue;
    const double lo = s.kind == SeqKind::kInteger ? -3000 : -0.5;
    const double hi = s.kind == SeqKind::kInteger ? 3000 : 0.5;
    (*indices)[11 + g] =
        vec(nc, &values->bias[g], s.kind == SeqKind::kInteger ? PLINTH_INT32 : PLINTH_FLOAT32,
            1e-5f, lo, hi);
  }
  if (s.projection) {
    (*indices)[15] = weights(no, nc, &values->proj, 0.012f);
    if (s.projection_bias) {
      const double lo = s.kind == SeqKind::kInteger ? -500 : -0.2;
      const double hi = s.kind == SeqKind::kInteger ? 500 : 0.2;
      (*indices)[16] =
          vec(no, &values->proj_bias, s.kind == SeqKind::kInteger ? PLINTH_INT32 : PLINTH_FLOAT32,
              1e-5f, lo, hi);
    }
  }
}

// Layer norm coefficient tensors (4, the first -1 with CIFG).
inline std::vector<int32_t> AddLayerNorm(ModelBuilder& b, const LstmSpec& s, LstmValues* values,
                                         uint32_t seed) {
  std::vector<int32_t> out(4, -1);
  for (int g = 0; g < 4; ++g) {
    if (g == 0 && s.cifg) continue;
    if (s.kind == SeqKind::kInteger) {
      std::vector<int16_t> q =
          RandomValues<int16_t>(static_cast<size_t>(s.n_cell), 8000, 32767, seed * 7 + g);
      const float scale = 3.05e-5f * (1 + g);
      values->norm[g].resize(q.size());
      for (size_t i = 0; i < q.size(); ++i) values->norm[g][i] = q[i] * scale;
      out[g] = b.AddConstant<int16_t>(PLINTH_INT16, {s.n_cell}, q, "", {{scale}, {0}});
    } else {
      values->norm[g] = RandomValues<float>(static_cast<size_t>(s.n_cell), 0.5, 1.5, seed * 7 + g);
      out[g] = b.AddConstant<float>(PLINTH_FLOAT32, {s.n_cell}, values->norm[g]);
    }
  }
  return out;
}

// Adds a UNIDIRECTIONAL_SEQUENCE_LSTM reading `input`; returns the output tensor.
inline int AddUnidirectionalLstm(ModelBuilder& b, const LstmSpec& s, int input,
                                 LstmValues* values) {
  std::vector<int32_t> p;
  AddLstmParameters(b, s, s.seed, &p, values);
  const bool integer = s.kind == SeqKind::kInteger;
  QuantSpec state_q, cell_q;
  if (integer) {
    state_q = {{s.state_scale}, {s.state_zp}};
    cell_q = {
        {s.cell_scale_override > 0 ? s.cell_scale_override : std::ldexp(1.0f, s.cell_scale_log2)},
        {0}};
  }
  // TFLite resets int8 variables to their zero point; Plinth's core zero-fills them unless the
  // model gives initial bytes (which TFLite refuses), so models for Plinth alone can state it.
  std::vector<uint8_t> h_init;
  if (integer && s.init_state_to_zero_point)
    h_init.assign(static_cast<size_t>(s.batch) * s.n_output, static_cast<uint8_t>(s.state_zp));
  const int h = b.AddVariable(integer ? PLINTH_INT8 : PLINTH_FLOAT32, {s.batch, s.n_output},
                              "output_state", state_q, h_init);
  const int c = b.AddVariable(integer ? PLINTH_INT16 : PLINTH_FLOAT32, {s.batch, s.n_cell},
                              "cell_state", cell_q);
  std::vector<int32_t> inputs = {input};
  inputs.insert(inputs.end(), p.begin(), p.begin() + 17);
  inputs.push_back(h);
  inputs.push_back(c);
  if (s.layer_norm) {
    for (int32_t t : AddLayerNorm(b, s, values, s.seed)) inputs.push_back(t);
  }
  const std::vector<int32_t> out_shape = s.time_major
                                             ? std::vector<int32_t>{s.time, s.batch, s.n_output}
                                             : std::vector<int32_t>{s.batch, s.time, s.n_output};
  const int out = b.AddTensor(integer ? PLINTH_INT8 : PLINTH_FLOAT32, out_shape, "output", state_q);
  Options options = {{"fused_activation_function", s.activation},
                     {"cell_clip", s.cell_clip},
                     {"proj_clip", s.proj_clip},
                     {"time_major", s.time_major},
                     {"asymmetric_quantize_inputs", s.asymmetric}};
  const int node = b.AddOperator("UNIDIRECTIONAL_SEQUENCE_LSTM", inputs, {out}, options,
                                 integer ? 3 : (s.kind == SeqKind::kHybrid ? 2 : 1));
  if (integer) {
    std::vector<int32_t> intermediates;
    for (int g = 0; g < 4; ++g) {
      intermediates.push_back(b.AddTensor(PLINTH_INT16, {}, "gate" + std::to_string(g),
                                          {{0.0007f + 0.0002f * g}, {0}}));
    }
    intermediates.push_back(
        b.AddTensor(PLINTH_INT8, {}, "hidden", {{s.hidden_scale}, {s.hidden_zp}}));
    b.SetIntermediates(node, intermediates);
  }
  return out;
}

// The input tensor of an LSTM spec (int8 for integer models) with deterministic values.
inline std::vector<int32_t> LstmInputShape(const LstmSpec& s) {
  return s.time_major ? std::vector<int32_t>{s.time, s.batch, s.n_input}
                      : std::vector<int32_t>{s.batch, s.time, s.n_input};
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_SEQUENCE_MODEL_UTIL_H_
