// BIDIRECTIONAL_SEQUENCE_LSTM against its definition in terms of the unidirectional op (itself
// checked against the LSTM equations): the forward output is a unidirectional LSTM over the
// input, the backward output one over the time-reversed input (or the aux input when there are
// no aux weights), reversed back; merge_outputs concatenates them; aux weights act as extra input
// columns. Float and hybrid, time- and batch-major; invalid parameters.
#include <cstring>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"
#include "tests/builtin_ops/sequence_model_util.h"

namespace plinth::testing {
namespace {

constexpr uint32_t kBackwardSeedOffset = 50;

// Reverses the time axis of a [T, B, n] (time-major) or [B, T, n] float array.
std::vector<float> ReverseTime(const std::vector<float>& v, const LstmSpec& s, int n) {
  std::vector<float> out(v.size());
  for (int t = 0; t < s.time; ++t) {
    for (int b = 0; b < s.batch; ++b) {
      const int from = s.time_major ? t * s.batch + b : b * s.time + t;
      const int rt = s.time - 1 - t;
      const int to = s.time_major ? rt * s.batch + b : b * s.time + rt;
      std::memcpy(&out[static_cast<size_t>(to) * n], &v[static_cast<size_t>(from) * n],
                  sizeof(float) * n);
    }
  }
  return out;
}

std::vector<float> RunUnidirectional(const LstmSpec& s, const std::vector<float>& x) {
  ModelBuilder b;
  const int in = b.AddTensor(PLINTH_FLOAT32, LstmInputShape(s));
  LstmValues v;
  const int out = AddUnidirectionalLstm(b, s, in, &v);
  b.SetInputs({in});
  b.SetOutputs({out});
  auto interp = RunModel(b, {Bytes(x)});
  EXPECT_TRUE(interp.ok()) << interp.status();
  return interp.ok() ? Values<float>((*interp)->output(0)) : std::vector<float>();
}

struct Bidi {
  std::vector<float> fw, bw;  // split outputs (also when merged)
};

// aux_mode: 0 none, 1 aux input read by the backward direction, 2 aux input with aux weights.
absl::StatusOr<Bidi> RunBidirectional(const LstmSpec& s, bool merge, int aux_mode,
                                      const std::vector<float>& x, const std::vector<float>& aux,
                                      std::vector<std::vector<float>>* aux_weights,
                                      int aux_width = 0, bool forward_aux_weights_only = false) {
  ModelBuilder b;
  const int in = b.AddTensor(PLINTH_FLOAT32, LstmInputShape(s));
  std::vector<int32_t> fw, bw;
  LstmValues vf, vb;
  AddLstmParameters(b, s, s.seed, &fw, &vf);
  AddLstmParameters(b, s, s.seed + kBackwardSeedOffset, &bw, &vb);
  std::vector<int32_t> inputs = {in};
  inputs.insert(inputs.end(), fw.begin(), fw.begin() + 17);
  inputs.insert(inputs.end(), bw.begin(), bw.begin() + 17);
  for (int d = 0; d < 2; ++d) {
    inputs.push_back(b.AddVariable(PLINTH_FLOAT32, {s.batch, s.n_output}));
    inputs.push_back(b.AddVariable(PLINTH_FLOAT32, {s.batch, s.n_cell}));
  }
  std::vector<int32_t> aux_shape = LstmInputShape(s);
  if (aux_width > 0) aux_shape.back() = aux_width;
  const int aux_t = aux_mode ? b.AddTensor(PLINTH_FLOAT32, aux_shape) : -1;
  inputs.push_back(aux_t);
  for (int d = 0; d < 2; ++d) {
    for (int g = 0; g < 4; ++g) {
      int t = -1;
      if (aux_mode == 2 && !(g == 0 && s.cifg) && !(d == 1 && forward_aux_weights_only)) {
        const auto w = RandomValues<float>(static_cast<size_t>(s.n_cell) * s.n_input, -0.5, 0.5,
                                           900 + d * 4 + g);
        (*aux_weights)[d * 4 + g] = w;
        t = b.AddConstant<float>(PLINTH_FLOAT32, {s.n_cell, s.n_input}, w);
      }
      inputs.push_back(t);
    }
  }
  const int32_t d0 = s.time_major ? s.time : s.batch, d1 = s.time_major ? s.batch : s.time;
  std::vector<int32_t> outputs = {b.AddTensor(PLINTH_FLOAT32, {})};
  if (!merge) outputs.push_back(b.AddTensor(PLINTH_FLOAT32, {}));
  b.AddOperator("BIDIRECTIONAL_SEQUENCE_LSTM", inputs, outputs,
                {{"fused_activation_function", s.activation},
                 {"cell_clip", s.cell_clip},
                 {"proj_clip", s.proj_clip},
                 {"merge_outputs", merge},
                 {"time_major", s.time_major},
                 {"asymmetric_quantize_inputs", s.asymmetric}});
  std::vector<int32_t> model_inputs = {in};
  std::vector<std::vector<uint8_t>> feeds = {Bytes(x)};
  if (aux_mode) {
    model_inputs.push_back(aux_t);
    feeds.push_back(Bytes(aux));
  }
  b.SetInputs(model_inputs);
  b.SetOutputs(outputs);
  auto interp = RunModel(b, feeds);
  if (!interp.ok()) return interp.status();
  Bidi r;
  const int n = s.n_output;
  if (merge) {
    EXPECT_EQ((*interp)->output(0).shape(), (std::vector<int32_t>{d0, d1, 2 * n}));
    const auto all = Values<float>((*interp)->output(0));
    for (size_t row = 0; row < all.size() / (2 * n); ++row) {
      r.fw.insert(r.fw.end(), all.begin() + row * 2 * n, all.begin() + row * 2 * n + n);
      r.bw.insert(r.bw.end(), all.begin() + row * 2 * n + n, all.begin() + (row + 1) * 2 * n);
    }
  } else {
    EXPECT_EQ((*interp)->output(0).shape(), (std::vector<int32_t>{d0, d1, n}));
    EXPECT_EQ((*interp)->output(1).shape(), (std::vector<int32_t>{d0, d1, n}));
    r.fw = Values<float>((*interp)->output(0));
    r.bw = Values<float>((*interp)->output(1));
  }
  return r;
}

TEST(BidirectionalSequenceLstm, DirectionsAreUnidirectionalLstms) {
  for (SeqKind kind : {SeqKind::kFloat, SeqKind::kHybrid}) {
    for (int variant = 0; variant < 6; ++variant) {
      LstmSpec s;
      s.kind = kind;
      s.time_major = variant % 2 == 0;
      s.peephole = variant >= 2;
      s.cifg = variant == 3;
      s.projection = variant >= 4;
      s.n_output = s.projection ? 3 : s.n_cell;
      s.seed = 20 + variant;
      const bool merge = variant % 3 == 1;
      const int aux_mode = variant == 5 ? 1 : 0;
      const size_t n = NumElementsOf(LstmInputShape(s));
      const auto x = RandomValues<float>(n, -1, 1, 100 + variant);
      const auto aux = RandomValues<float>(n, -1, 1, 200 + variant);
      std::vector<std::vector<float>> aux_weights(8);
      auto bidi = RunBidirectional(s, merge, aux_mode, x, aux, &aux_weights);
      ASSERT_TRUE(bidi.ok()) << bidi.status();
      EXPECT_EQ(bidi->fw, RunUnidirectional(s, x)) << "variant " << variant;
      LstmSpec sb = s;
      sb.seed = s.seed + kBackwardSeedOffset;
      const auto& bw_in = aux_mode == 1 ? aux : x;
      EXPECT_EQ(bidi->bw,
                ReverseTime(RunUnidirectional(sb, ReverseTime(bw_in, s, s.n_input)), s, s.n_output))
          << "variant " << variant;
    }
  }
}

// With aux weights each gate also sees W_aux aux: the same as a unidirectional LSTM over the
// concatenated input [x, aux] with weights [W, W_aux].
TEST(BidirectionalSequenceLstm, AuxWeightsActAsExtraInputColumns) {
  LstmSpec s;
  s.time_major = true;
  s.seed = 31;
  const size_t n = NumElementsOf(LstmInputShape(s));
  const auto x = RandomValues<float>(n, -1, 1, 1);
  const auto aux = RandomValues<float>(n, -1, 1, 2);
  std::vector<std::vector<float>> aux_weights(8);
  auto bidi = RunBidirectional(s, false, 2, x, aux, &aux_weights);
  ASSERT_TRUE(bidi.ok()) << bidi.status();
  for (int d = 0; d < 2; ++d) {
    // Build the widened unidirectional LSTM by hand from the same parameter values.
    LstmSpec ds = s;
    ds.seed = s.seed + (d ? kBackwardSeedOffset : 0);
    ModelBuilder scratch;
    std::vector<int32_t> unused;
    LstmValues v;
    AddLstmParameters(scratch, ds, ds.seed, &unused, &v);
    ModelBuilder b;
    const int I = s.n_input, C = s.n_cell;
    const int in = b.AddTensor(PLINTH_FLOAT32, {s.time, s.batch, 2 * I});
    std::vector<int32_t> inputs = {in};
    for (int g = 0; g < 4; ++g) {
      std::vector<float> w(static_cast<size_t>(C) * 2 * I);
      for (int r = 0; r < C; ++r) {
        for (int k = 0; k < I; ++k) {
          w[r * 2 * I + k] = v.w_in[g][r * I + k];
          w[r * 2 * I + I + k] = aux_weights[d * 4 + g][r * I + k];
        }
      }
      inputs.push_back(b.AddConstant<float>(PLINTH_FLOAT32, {C, 2 * I}, w));
    }
    for (int g = 0; g < 4; ++g)
      inputs.push_back(b.AddConstant<float>(PLINTH_FLOAT32, {C, C}, v.w_rec[g]));
    for (int k = 0; k < 3; ++k) inputs.push_back(-1);
    for (int g = 0; g < 4; ++g)
      inputs.push_back(b.AddConstant<float>(PLINTH_FLOAT32, {C}, v.bias[g]));
    inputs.push_back(-1);
    inputs.push_back(-1);
    inputs.push_back(b.AddVariable(PLINTH_FLOAT32, {s.batch, C}));
    inputs.push_back(b.AddVariable(PLINTH_FLOAT32, {s.batch, C}));
    const int out = b.AddTensor(PLINTH_FLOAT32, {});
    b.AddOperator("UNIDIRECTIONAL_SEQUENCE_LSTM", inputs, {out},
                  {{"fused_activation_function", "TANH"}, {"time_major", true}});
    b.SetInputs({in});
    b.SetOutputs({out});
    std::vector<float> xa(2 * n);
    const std::vector<float> xs = d ? ReverseTime(x, s, I) : x;
    const std::vector<float> as = d ? ReverseTime(aux, s, I) : aux;
    for (size_t row = 0; row < n / I; ++row) {
      std::memcpy(&xa[row * 2 * I], &xs[row * I], sizeof(float) * I);
      std::memcpy(&xa[row * 2 * I + I], &as[row * I], sizeof(float) * I);
    }
    auto interp = RunModel(b, {Bytes(xa)});
    ASSERT_TRUE(interp.ok()) << interp.status();
    std::vector<float> expected = Values<float>((*interp)->output(0));
    if (d) expected = ReverseTime(expected, s, C);
    const std::vector<float>& got = d ? bidi->bw : bidi->fw;
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-6) << d << " " << i;
  }
}

TEST(BidirectionalSequenceLstm, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  LstmSpec s;
  s.time_major = true;
  const size_t n = NumElementsOf(LstmInputShape(s));
  std::vector<std::vector<float>> w(8);
  // merge_outputs with two outputs: build by hand.
  {
    ModelBuilder b;
    const int in = b.AddTensor(PLINTH_FLOAT32, LstmInputShape(s));
    std::vector<int32_t> inputs(48, -1);
    inputs[0] = in;
    const int o1 = b.AddTensor(PLINTH_FLOAT32, {}), o2 = b.AddTensor(PLINTH_FLOAT32, {});
    b.AddOperator("BIDIRECTIONAL_SEQUENCE_LSTM", inputs, {o1, o2}, {{"merge_outputs", true}});
    b.SetInputs({in});
    b.SetOutputs({o1, o2});
    auto interp = RunModel(b, {Bytes(std::vector<float>(n))});
    ASSERT_FALSE(interp.ok());
    EXPECT_THAT(std::string(interp.status().message()), HasSubstr("expects 1 outputs"));
  }
  {
    ModelBuilder b;
    const int in = b.AddTensor(PLINTH_FLOAT32, LstmInputShape(s));
    const int o = b.AddTensor(PLINTH_FLOAT32, {});
    b.AddOperator("BIDIRECTIONAL_SEQUENCE_LSTM", {in}, {o}, {{"merge_outputs", true}});
    b.SetInputs({in});
    b.SetOutputs({o});
    auto interp = RunModel(b, {Bytes(std::vector<float>(n))});
    ASSERT_FALSE(interp.ok());
    EXPECT_THAT(std::string(interp.status().message()), HasSubstr("expects 48 inputs"));
  }
  // An aux input of another width than the input (TFLite walks it with the input's strides).
  {
    const size_t wide = n / s.n_input * (s.n_input + 1);
    auto r = RunBidirectional(s, false, 1, std::vector<float>(n), std::vector<float>(wide), &w,
                              s.n_input + 1);
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("must have the input's shape"));
  }
  // Aux weights for one direction only.
  {
    auto r = RunBidirectional(s, false, 2, std::vector<float>(n), std::vector<float>(n), &w, 0,
                              /*forward_aux_weights_only=*/true);
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("both directions or neither"));
  }
}

}  // namespace
}  // namespace plinth::testing
