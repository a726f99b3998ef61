// UNIDIRECTIONAL_SEQUENCE_LSTM: float against a double-precision reference of the LSTM equations
// (CIFG, peepholes, layer norm, projection, clipping, time/batch major, activations, state kept
// across invocations), hybrid and integer against the same reference within their quantization
// error, and the invalid-parameter errors. (Bit-exactness with TFLite: tests/differential.)
#include <cmath>
#include <cstring>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"
#include "tests/builtin_ops/sequence_model_util.h"

namespace plinth::testing {
namespace {

double Act(double x, const std::string& a) {
  if (a == "RELU") return std::max(0.0, x);
  if (a == "RELU6") return std::min(std::max(0.0, x), 6.0);
  if (a == "RELU_N1_TO_1") return std::min(std::max(-1.0, x), 1.0);
  if (a == "TANH") return std::tanh(x);
  if (a == "SIGN_BIT") return std::signbit(x) ? 1.0 : 0.0;
  return x;
}
double Sigm(double x) { return 1 / (1 + std::exp(-x)); }

// Real-valued parameters: for integer models the biases are converted from their int32 raws.
struct RealLstm {
  LstmValues v;
  std::vector<double> bias[4], proj_bias;
};

RealLstm RealParameters(const LstmSpec& s, const LstmValues& v) {
  RealLstm r{v, {}, {}};
  for (int g = 0; g < 4; ++g) {
    const double unit = s.kind == SeqKind::kInteger ? s.input_scale * (0.01 + 0.002 * g) : 1.0;
    for (float b : v.bias[g]) r.bias[g].push_back(b * unit);
  }
  const double proj_unit = s.kind == SeqKind::kInteger ? s.hidden_scale * 0.012 : 1.0;
  for (float b : v.proj_bias) r.proj_bias.push_back(b * proj_unit);
  return r;
}

// One sequence through the LSTM equations; `h`, `c` carry the state ([batch][n]).
std::vector<double> ReferenceLstm(const LstmSpec& s, const RealLstm& p,
                                  const std::vector<double>& x, std::vector<double>* h,
                                  std::vector<double>* c) {
  const int B = s.batch, T = s.time, I = s.n_input, C = s.n_cell, O = s.n_output;
  std::vector<double> out(static_cast<size_t>(B) * T * O);
  auto at = [&](int b, int t) { return s.time_major ? t * B + b : b * T + t; };
  for (int t = 0; t < T; ++t) {
    for (int b = 0; b < B; ++b) {
      const double* xb = &x[static_cast<size_t>(at(b, t)) * I];
      double* hb = &(*h)[static_cast<size_t>(b) * O];
      double* cb = &(*c)[static_cast<size_t>(b) * C];
      auto gate = [&](int g, bool peephole) {
        std::vector<double> z(C, 0.0);
        for (int i = 0; i < C; ++i) {
          for (int k = 0; k < I; ++k) z[i] += p.v.w_in[g][i * I + k] * xb[k];
          for (int k = 0; k < O; ++k) z[i] += p.v.w_rec[g][i * O + k] * hb[k];
          if (peephole && s.peephole) z[i] += p.v.peephole[g][i] * cb[i];
          if (!s.layer_norm) z[i] += p.bias[g][i];
        }
        if (s.layer_norm) {
          double mean = 0, var = 0;
          for (double v : z) mean += v / C;
          for (double v : z) var += (v - mean) * (v - mean) / C;
          for (int i = 0; i < C; ++i) {
            z[i] = (z[i] - mean) / std::sqrt(var + 1e-8) * p.v.norm[g][i] + p.bias[g][i];
          }
        }
        for (double& v : z) v = g == 2 ? Act(v, s.activation) : Sigm(v);
        return z;
      };
      std::vector<double> ig = s.cifg ? std::vector<double>() : gate(0, true);
      std::vector<double> fg = gate(1, true), cg = gate(2, false);
      for (int i = 0; i < C; ++i) {
        cb[i] = fg[i] * cb[i] + (s.cifg ? 1 - fg[i] : ig[i]) * cg[i];
        if (s.cell_clip > 0)
          cb[i] = std::min(std::max(cb[i], -double{s.cell_clip}), double{s.cell_clip});
      }
      std::vector<double> og = gate(3, true), hidden(C);
      // TFLite's quirk with activation NONE: the hidden state is output gate * cell gate (its
      // activation of the cell state writes nothing). The inputs here are never all zero, which
      // would add a second quirk (tests/differential covers both).
      for (int i = 0; i < C; ++i) {
        hidden[i] = og[i] * (s.activation == "NONE" ? cg[i] : Act(cb[i], s.activation));
      }
      for (int o = 0; o < O; ++o) {
        double v = hidden[o % C];
        if (s.projection) {
          v = p.proj_bias.empty() ? 0.0 : p.proj_bias[o];
          for (int i = 0; i < C; ++i) v += p.v.proj[o * C + i] * hidden[i];
          if (s.proj_clip > 0) {
            if (s.kind == SeqKind::kInteger) {
              // As TFLite: the clip is truncated to whole steps and applied to the raw int8
              // values, i.e. around the zero point's real value.
              const double c = std::trunc(s.proj_clip / s.state_scale);
              v = std::min(std::max(v, (-c - s.state_zp) * s.state_scale),
                           (c - s.state_zp) * s.state_scale);
            } else {
              v = std::min(std::max(v, -double{s.proj_clip}), double{s.proj_clip});
            }
          }
        }
        if (s.kind == SeqKind::kInteger) {  // the int8 state saturates
          v = std::min(std::max(v, (-128.0 - s.state_zp) * s.state_scale),
                       (127.0 - s.state_zp) * s.state_scale);
        }
        hb[o] = v;
        out[static_cast<size_t>(at(b, t)) * O + o] = v;
      }
    }
  }
  return out;
}

struct LstmRun {
  std::vector<double> expected, actual;
};

// Builds the model, runs `invocations` times on fresh random inputs and returns the reference
// and Plinth's (dequantized) outputs of all of them.
LstmRun RunLstm(const LstmSpec& s, int invocations = 1) {
  OpTest t;
  const std::vector<int32_t> shape = LstmInputShape(s);
  const size_t n = NumElementsOf(shape);
  const bool integer = s.kind == SeqKind::kInteger;
  std::vector<std::vector<uint8_t>> feeds;
  std::vector<std::vector<double>> real_inputs;
  for (int k = 0; k < invocations; ++k) {
    std::vector<double> real(n);
    if (integer) {
      std::vector<int8_t> q = RandomValues<int8_t>(n, -100, 100, s.seed * 31 + k);
      for (size_t i = 0; i < n; ++i) real[i] = (q[i] - s.input_zp) * double{s.input_scale};
      feeds.push_back(Bytes(q));
    } else {
      std::vector<float> f = RandomValues<float>(n, -1, 1, s.seed * 31 + k);
      for (size_t i = 0; i < n; ++i) real[i] = f[i];
      feeds.push_back(Bytes(f));
    }
    real_inputs.push_back(real);
  }
  const int input =
      integer ? t.Input<int8_t>(shape, std::vector<int8_t>(n), {{s.input_scale}, {s.input_zp}})
              : t.Input<float>(shape, std::vector<float>(n));
  LstmValues values;
  const int out = AddUnidirectionalLstm(t.builder(), s, input, &values);
  t.builder().SetOutputs({out});
  // OpTest::Run declares outputs from Output(); this op's output was added by the helper.
  LstmRun run;
  t.builder().SetInputs({input});
  auto interp = PrepareModel(*t.builder().Build());
  EXPECT_TRUE(interp.ok()) << interp.status();
  if (!interp.ok()) return run;
  const RealLstm p = RealParameters(s, values);
  std::vector<double> h(static_cast<size_t>(s.batch) * s.n_output, 0.0);
  std::vector<double> c(static_cast<size_t>(s.batch) * s.n_cell, 0.0);
  for (int k = 0; k < invocations; ++k) {
    EXPECT_TRUE((*interp)->SetInput(0, feeds[k]).ok());
    EXPECT_TRUE((*interp)->Invoke().ok());
    Tensor o = (*interp)->output(0);
    std::vector<double> expected = ReferenceLstm(s, p, real_inputs[k], &h, &c);
    run.expected.insert(run.expected.end(), expected.begin(), expected.end());
    if (integer) {
      for (int8_t q : Values<int8_t>(o))
        run.actual.push_back((q - s.state_zp) * double{s.state_scale});
    } else {
      for (float f : Values<float>(o)) run.actual.push_back(f);
    }
  }
  return run;
}

void ExpectNear(const LstmRun& run, double tolerance, const std::string& what) {
  ASSERT_EQ(run.actual.size(), run.expected.size()) << what;
  for (size_t i = 0; i < run.actual.size(); ++i) {
    EXPECT_NEAR(run.actual[i], run.expected[i], tolerance) << what << " at " << i;
  }
}

struct Variant {
  const char* name;
  void (*apply)(LstmSpec*);
};
const Variant kVariants[] = {
    {"basic", [](LstmSpec*) {}},
    {"time_major", [](LstmSpec* s) { s->time_major = true; }},
    {"cifg", [](LstmSpec* s) { s->cifg = true; }},
    {"peephole", [](LstmSpec* s) { s->peephole = true; }},
    {"cifg_peephole", [](LstmSpec* s) { s->cifg = s->peephole = true; }},
    {"projection",
     [](LstmSpec* s) {
       s->projection = true;
       s->n_output = 3;
       s->n_cell = 5;
     }},
    {"projection_bias_clips",
     [](LstmSpec* s) {
       s->projection = s->projection_bias = true;
       s->n_output = 2;
       s->proj_clip = 0.05f;
       s->cell_clip = 0.3f;
     }},
    {"layer_norm", [](LstmSpec* s) { s->layer_norm = true; }},
    {"layer_norm_cifg_peephole_projection",
     [](LstmSpec* s) {
       s->layer_norm = s->cifg = s->peephole = s->projection = true;
       s->n_output = 3;
     }},
    {"batch_of_one_long_sequence",
     [](LstmSpec* s) {
       s->batch = 1;
       s->time = 9;
     }},
    {"empty_sequence", [](LstmSpec* s) { s->time = 0; }},
};

TEST(UnidirectionalSequenceLstm, FloatMatchesTheEquations) {
  for (const Variant& v : kVariants) {
    LstmSpec s;
    v.apply(&s);
    ExpectNear(RunLstm(s), 2e-6, v.name);
  }
}

TEST(UnidirectionalSequenceLstm, FloatActivations) {
  for (const char* activation : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH", "SIGN_BIT"}) {
    LstmSpec s;
    s.activation = activation;
    s.peephole = true;
    ExpectNear(RunLstm(s), 2e-6, activation);
  }
}

TEST(UnidirectionalSequenceLstm, StateCarriesAcrossInvocations) {
  LstmSpec s;
  s.peephole = true;
  ExpectNear(RunLstm(s, 3), 2e-6, "float");
  s.kind = SeqKind::kHybrid;
  ExpectNear(RunLstm(s, 3), 0.03, "hybrid");
}

TEST(UnidirectionalSequenceLstm, HybridIsCloseToTheFloatEquations) {
  for (const Variant& v : kVariants) {
    for (bool asymmetric : {false, true}) {
      LstmSpec s;
      s.kind = SeqKind::kHybrid;
      s.asymmetric = asymmetric;
      v.apply(&s);
      // int8 weights are exact here (the reference uses their values); the error comes from
      // quantizing inputs and states to 8 bits per batch row.
      ExpectNear(RunLstm(s), 0.03, std::string(v.name) + (asymmetric ? " asymmetric" : ""));
    }
  }
  LstmSpec s;
  s.kind = SeqKind::kHybrid;
  s.hybrid_weight_type = PLINTH_UINT8;  // read as int8, as TFLite does
  s.seed = 9;
  LstmRun run = RunLstm(s);
  EXPECT_EQ(run.actual.size(), run.expected.size());
}

TEST(UnidirectionalSequenceLstm, IntegerIsCloseToTheFloatEquations) {
  for (const Variant& v : kVariants) {
    LstmSpec s;
    s.kind = SeqKind::kInteger;
    v.apply(&s);
    if (s.layer_norm)
      continue;  // integer layer norm: bit-exactness covered by the differential cases
    // Without projection the hidden state is the output: give it the output's quantization.
    s.hidden_scale = s.projection ? 0.007f : s.state_scale;
    s.hidden_zp = s.projection ? -3 : s.state_zp;
    s.init_state_to_zero_point = true;
    ExpectNear(RunLstm(s), 3.5 * s.state_scale, v.name);
  }
}

TEST(UnidirectionalSequenceLstm, IntegerZeroPointsAtTheEdges) {
  LstmSpec s;
  s.kind = SeqKind::kInteger;
  s.input_zp = -128;
  s.state_zp = 127;
  s.hidden_zp = 127;
  s.hidden_scale = s.state_scale;
  s.init_state_to_zero_point = true;
  ExpectNear(RunLstm(s, 2), 3.5 * s.state_scale, "edges");
}

// Runs one invocation on raw input bytes and returns the raw output bytes.
std::vector<uint8_t> RunRaw(const LstmSpec& s, const std::vector<uint8_t>& input) {
  ModelBuilder b;
  const bool integer = s.kind == SeqKind::kInteger;
  const int x = b.AddTensor(integer ? PLINTH_INT8 : PLINTH_FLOAT32, LstmInputShape(s), "x",
                            integer ? QuantSpec{{s.input_scale}, {s.input_zp}} : QuantSpec{});
  LstmValues values;
  const int out = AddUnidirectionalLstm(b, s, x, &values);
  b.SetInputs({x});
  b.SetOutputs({out});
  auto interp = RunModel(b, {input});
  EXPECT_TRUE(interp.ok()) << interp.status();
  if (!interp.ok()) return {};
  Tensor o = (*interp)->output(0);
  const uint8_t* p = static_cast<const uint8_t*>(o.raw_data());
  return std::vector<uint8_t>(p, p + o.bytes());
}

// [a, b, n] -> [b, a, n] of `elem`-byte values.
std::vector<uint8_t> SwapLeadingDims(const std::vector<uint8_t>& v, int a, int b, int n, int elem) {
  std::vector<uint8_t> out(v.size());
  for (int i = 0; i < a; ++i) {
    for (int j = 0; j < b; ++j) {
      std::memcpy(&out[((static_cast<size_t>(j) * a + i) * n) * elem],
                  &v[((static_cast<size_t>(i) * b + j) * n) * elem], static_cast<size_t>(n) * elem);
    }
  }
  return out;
}

TEST(UnidirectionalSequenceLstm, TimeMajorIsATransposeOfBatchMajor) {
  for (SeqKind kind : {SeqKind::kFloat, SeqKind::kHybrid, SeqKind::kInteger}) {
    LstmSpec s;
    s.kind = kind;
    s.batch = 3;
    // (The integer peepholes walk rows of n_output as TFLite does, which mixes batches when
    // n_output < n_cell; keep them square here.)
    s.peephole = s.projection = true;
    const int elem = kind == SeqKind::kInteger ? 1 : 4;
    const size_t n = static_cast<size_t>(s.batch) * s.time * s.n_input;
    std::vector<uint8_t> batch_major_in = kind == SeqKind::kInteger
                                              ? Bytes(RandomValues<int8_t>(n, -128, 127, 5))
                                              : Bytes(RandomValues<float>(n, -1, 1, 5));
    const std::vector<uint8_t> batch_major_out = RunRaw(s, batch_major_in);
    LstmSpec tm = s;
    tm.time_major = true;
    const std::vector<uint8_t> time_major_out =
        RunRaw(tm, SwapLeadingDims(batch_major_in, s.batch, s.time, s.n_input, elem));
    EXPECT_EQ(SwapLeadingDims(time_major_out, s.time, s.batch, s.n_output, elem), batch_major_out)
        << static_cast<int>(kind);
  }
}

// A small hand-made case with a closed form: one cell, zero weights, biases only.
TEST(UnidirectionalSequenceLstm, BiasOnlyCellHasAClosedForm) {
  OpTest t;
  const int x = t.Input<float>({1, 2, 1}, {0.f, 0.f});
  auto w = [&](float v) { return t.Const<float>({1, 1}, {v}); };
  auto b = [&](float v) { return t.Const<float>({1}, {v}); };
  const int h = t.builder().AddVariable(PLINTH_FLOAT32, {1, 1});
  const int c = t.builder().AddVariable(PLINTH_FLOAT32, {1, 1});
  const int y = t.Output(PLINTH_FLOAT32);
  t.Op("UNIDIRECTIONAL_SEQUENCE_LSTM",
       {x,  w(0), w(0),   w(0),   w(0),    w(0),   w(0), w(0), w(0), -1,
        -1, -1,   b(0.f), b(1.f), b(0.5f), b(2.f), -1,   -1,   h,    c},
       {y}, {{"fused_activation_function", "TANH"}});
  ASSERT_TRUE(t.Run().ok());
  const double i = Sigm(0), f = Sigm(1), g = std::tanh(0.5), o = Sigm(2);
  const double c1 = i * g, c2 = f * c1 + i * g;
  EXPECT_THAT(t.Values<float>(y),
              ::testing::ElementsAre(::testing::FloatNear(o * std::tanh(c1), 1e-6),
                                     ::testing::FloatNear(o * std::tanh(c2), 1e-6)));
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{1, 2, 1}));
}

// Builds a float LSTM and lets `mutate` break one of its 20 inputs or options.
std::string PrepareError(void (*mutate)(OpTest&, std::vector<int32_t>&, Options&)) {
  OpTest t;
  const int x = t.Input<float>({2, 3, 4}, std::vector<float>(24));
  std::vector<int32_t> in = {x};
  for (int k = 0; k < 8; ++k) {
    in.push_back(t.Const<float>(k < 4 ? std::vector<int32_t>{5, 4} : std::vector<int32_t>{5, 5},
                                std::vector<float>(k < 4 ? 20 : 25)));
  }
  for (int k = 0; k < 3; ++k) in.push_back(-1);
  for (int k = 0; k < 4; ++k) in.push_back(t.Const<float>({5}, std::vector<float>(5)));
  in.push_back(-1);
  in.push_back(-1);
  in.push_back(t.builder().AddVariable(PLINTH_FLOAT32, {2, 5}));
  in.push_back(t.builder().AddVariable(PLINTH_FLOAT32, {2, 5}));
  Options options = {{"fused_activation_function", "TANH"}};
  mutate(t, in, options);
  const int y = t.Output(PLINTH_FLOAT32);
  t.Op("UNIDIRECTIONAL_SEQUENCE_LSTM", in, {y}, options);
  return std::string(t.Run().message());
}

TEST(UnidirectionalSequenceLstm, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  EXPECT_EQ(PrepareError([](OpTest&, std::vector<int32_t>&, Options&) {}), "");
  EXPECT_THAT(PrepareError([](OpTest&, std::vector<int32_t>& in, Options&) { in.pop_back(); }),
              HasSubstr("expects 20 or 24 inputs"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[0] = t.Input<float>({2, 3, 2, 2}, std::vector<float>(24));
              }),
              HasSubstr("must be 2-D or 3-D"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[3] = t.Const<float>({5, 3}, std::vector<float>(15));
              }),
              HasSubstr("input_to_cell_weights must have shape [5, 4]"));
  EXPECT_THAT(PrepareError([](OpTest&, std::vector<int32_t>& in, Options&) { in[5] = -1; }),
              HasSubstr("both be present or both be absent"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[10] = t.Const<float>({5}, std::vector<float>(5));
              }),
              HasSubstr("peephole"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[17] = t.Const<float>({5}, std::vector<float>(5));
              }),
              HasSubstr("projection_bias needs projection_weights"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[18] = t.Input<float>({2, 5}, std::vector<float>(10));
              }),
              HasSubstr("variable"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[19] = t.builder().AddVariable(PLINTH_FLOAT32, {3, 5});
              }),
              HasSubstr("cell state"));
  EXPECT_THAT(PrepareError([](OpTest&, std::vector<int32_t>&, Options& o) {
                o.push_back({"cell_clip", -1.f});
              }),
              HasSubstr("cell_clip must not be negative"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[0] = t.Input<int32_t>({2, 3, 4}, std::vector<int32_t>(24));
              }),
              HasSubstr("input type INT32 is not supported"));
  EXPECT_THAT(PrepareError([](OpTest& t, std::vector<int32_t>& in, Options&) {
                in[13] = t.Const<int32_t>({5}, std::vector<int32_t>(5));
              }),
              HasSubstr("forget_gate_bias must be FLOAT32"));
}

// Prepare's error for an integer model changed by `mutate`.
std::string IntegerPrepareError(LstmSpec s, void (*mutate)(ModelBuilder&)) {
  ModelBuilder b;
  const int x = b.AddTensor(PLINTH_INT8, LstmInputShape(s), "x", {{s.input_scale}, {s.input_zp}});
  LstmValues v;
  const int out = AddUnidirectionalLstm(b, s, x, &v);
  b.SetInputs({x});
  b.SetOutputs({out});
  mutate(b);
  auto interp = PrepareModel(*b.Build());
  return interp.ok() ? std::string() : std::string(interp.status().message());
}

TEST(UnidirectionalSequenceLstm, IntegerNeedsItsIntermediatesAndAPowerOfTwoCellScale) {
  using ::testing::HasSubstr;
  LstmSpec s;
  s.kind = SeqKind::kInteger;
  EXPECT_EQ(IntegerPrepareError(s, [](ModelBuilder&) {}), "");
  EXPECT_THAT(IntegerPrepareError(s, [](ModelBuilder& b) { b.SetIntermediates(0, {}); }),
              HasSubstr("5 intermediate tensors"));
  LstmSpec odd = s;
  odd.cell_scale_override = 0.0003f;
  EXPECT_THAT(IntegerPrepareError(odd, [](ModelBuilder&) {}), HasSubstr("power of two"));
  LstmSpec coarse = s;
  coarse.cell_scale_log2 = -6;
  EXPECT_THAT(IntegerPrepareError(coarse, [](ModelBuilder&) {}), HasSubstr("2^-15 .. 2^-9"));
}

// Core gap (core/subgraph_executor.cc, SubgraphExecutor::ResetVariables): TFLite resets an int8
// variable without initial data to its zero point (tflite::ResetVariableTensor), Plinth to 0, so
// an integer LSTM whose output state has a nonzero zero point starts from another state than in
// TFLite. Enable when the core fills int8 variables with their zero point.
TEST(UnidirectionalSequenceLstm, CoreResetsInt8VariablesToTheirZeroPoint) {
  OpTest t;
  const int v = t.builder().AddVariable(PLINTH_INT8, {2}, "state", {{0.02f}, {5}});
  const int y = t.Output(PLINTH_INT8, {}, {{0.02f}, {5}});
  t.Op("CONCATENATION", {v, v}, {y}, {{"axis", 0}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int8_t>(y), (std::vector<int8_t>{5, 5, 5, 5}));
}

}  // namespace
}  // namespace plinth::testing
