// UNIDIRECTIONAL_SEQUENCE_RNN: float against the equations in double precision; hybrid against an
// emulation of its per-batch-row input quantization (symmetric and asymmetric) with int32 dot
// products; state across invocations; invalid parameters.
#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

struct RnnSpec {
  int batch = 2, time = 3, n_input = 3, units = 4;
  bool time_major = false, hybrid = false, asymmetric = false;
  std::string activation = "TANH";
  uint32_t seed = 1;
};

double Act(double x, const std::string& a) {
  if (a == "RELU") return std::max(0.0, x);
  if (a == "RELU6") return std::min(std::max(0.0, x), 6.0);
  if (a == "RELU_N1_TO_1") return std::min(std::max(-1.0, x), 1.0);
  if (a == "TANH") return std::tanh(x);
  return x;
}

// Quantizes a row as TFLite's hybrid kernels do; returns the int8 values, scale and offset.
void QuantizeRow(const std::vector<double>& v, bool asymmetric, std::vector<int>* q, double* scale,
                 int* offset) {
  q->assign(v.size(), 0);
  *offset = 0;
  *scale = 1;
  double lo = 0, hi = 0;
  for (double x : v) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  if (!asymmetric) {
    const float range =
        std::max(std::abs(static_cast<float>(*std::min_element(v.begin(), v.end()))),
                 std::abs(static_cast<float>(*std::max_element(v.begin(), v.end()))));
    if (range == 0) return;
    *scale = range / 127.0f;
    for (size_t i = 0; i < v.size(); ++i) {
      (*q)[i] = std::clamp(
          static_cast<int>(std::round(static_cast<float>(v[i]) * (127.0f / range))), -127, 127);
    }
    return;
  }
  if (lo == hi) return;
  const double s = (hi - lo) / 255.0;
  const double zp_min = -128 - lo / s, zp_max = 127 - hi / s;
  const double zp =
      (std::abs(-128.0) + std::abs(lo / s)) < (127 + std::abs(hi / s)) ? zp_min : zp_max;
  *offset = zp <= -128 ? -128 : (zp >= 127 ? 127 : static_cast<int>(std::round(zp)));
  *scale = static_cast<float>(s);
  for (size_t i = 0; i < v.size(); ++i) {
    (*q)[i] =
        std::clamp(static_cast<int>(std::round(*offset + static_cast<float>(v[i]) *
                                                             (1.0f / static_cast<float>(*scale)))),
                   -128, 127);
  }
}

struct RnnRun {
  std::vector<float> expected, actual;
};

RnnRun RunRnn(const RnnSpec& s, int invocations) {
  const int B = s.batch, T = s.time, I = s.n_input, U = s.units;
  ModelBuilder b;
  const std::vector<int32_t> in_shape =
      s.time_major ? std::vector<int32_t>{T, B, I} : std::vector<int32_t>{B, T, I};
  const int x = b.AddTensor(PLINTH_FLOAT32, in_shape);
  std::vector<double> w(static_cast<size_t>(U) * I), r(static_cast<size_t>(U) * U);
  int wt, rt;
  const float w_scale = 0.01f, r_scale = 0.007f;
  if (s.hybrid) {
    auto wq = RandomValues<int8_t>(w.size(), -127, 127, s.seed + 1);
    auto rq = RandomValues<int8_t>(r.size(), -127, 127, s.seed + 2);
    for (size_t i = 0; i < w.size(); ++i) w[i] = wq[i];
    for (size_t i = 0; i < r.size(); ++i) r[i] = rq[i];
    wt = b.AddConstant<int8_t>(PLINTH_INT8, {U, I}, wq, "", {{w_scale}, {0}});
    rt = b.AddConstant<int8_t>(PLINTH_INT8, {U, U}, rq, "", {{r_scale}, {0}});
  } else {
    auto wf = RandomValues<float>(w.size(), -0.7, 0.7, s.seed + 1);
    auto rf = RandomValues<float>(r.size(), -0.7, 0.7, s.seed + 2);
    w.assign(wf.begin(), wf.end());
    r.assign(rf.begin(), rf.end());
    wt = b.AddConstant<float>(PLINTH_FLOAT32, {U, I}, wf);
    rt = b.AddConstant<float>(PLINTH_FLOAT32, {U, U}, rf);
  }
  const std::vector<float> bias = RandomValues<float>(U, -0.3, 0.3, s.seed + 3);
  const int bt = b.AddConstant<float>(PLINTH_FLOAT32, {U}, bias);
  const int h = b.AddVariable(PLINTH_FLOAT32, {B, U});
  const int y = b.AddTensor(PLINTH_FLOAT32, {});
  b.AddOperator("UNIDIRECTIONAL_SEQUENCE_RNN", {x, wt, rt, bt, h}, {y},
                {{"time_major", s.time_major},
                 {"fused_activation_function", s.activation},
                 {"asymmetric_quantize_inputs", s.asymmetric}});
  b.SetInputs({x});
  b.SetOutputs({y});
  auto interp = PrepareModel(*b.Build());
  EXPECT_TRUE(interp.ok()) << interp.status();
  RnnRun run;
  if (!interp.ok()) return run;
  std::vector<double> state(static_cast<size_t>(B) * U, 0.0);
  for (int k = 0; k < invocations; ++k) {
    std::vector<float> in = RandomValues<float>(NumElementsOf(in_shape), -1, 1, s.seed * 11 + k);
    EXPECT_TRUE((*interp)->SetInput(0, Bytes(in)).ok());
    EXPECT_TRUE((*interp)->Invoke().ok());
    std::vector<float> out((*interp)->output(0).num_elements());
    auto at = [&](int bb, int t) { return s.time_major ? t * B + bb : bb * T + t; };
    for (int t = 0; t < T; ++t) {
      for (int bb = 0; bb < B; ++bb) {
        std::vector<double> xb(in.begin() + at(bb, t) * I, in.begin() + at(bb, t) * I + I);
        std::vector<double> hb(state.begin() + bb * U, state.begin() + bb * U + U);
        std::vector<double> z(bias.begin(), bias.end());
        auto accumulate = [&](const std::vector<double>& m, const std::vector<double>& v,
                              double m_scale) {
          const int cols = static_cast<int>(v.size());
          if (!s.hybrid) {
            for (int u = 0; u < U; ++u)
              for (int c = 0; c < cols; ++c) z[u] += m[u * cols + c] * v[c];
            return;
          }
          if (std::all_of(v.begin(), v.end(), [](double e) { return e == 0; })) return;
          std::vector<int> q;
          double scale;
          int offset;
          QuantizeRow(v, s.asymmetric, &q, &scale, &offset);
          for (int u = 0; u < U; ++u) {
            long dot = 0;
            for (int c = 0; c < cols; ++c)
              dot += static_cast<long>(m[u * cols + c]) * (q[c] - offset);
            z[u] += dot * static_cast<float>(scale * m_scale);
          }
        };
        accumulate(w, xb, w_scale);
        accumulate(r, hb, r_scale);
        for (int u = 0; u < U; ++u) {
          const double v = Act(z[u], s.activation);
          state[bb * U + u] = static_cast<float>(v);
          out[at(bb, t) * U + u] = static_cast<float>(v);
        }
      }
    }
    run.expected.insert(run.expected.end(), out.begin(), out.end());
    auto actual = Values<float>((*interp)->output(0));
    run.actual.insert(run.actual.end(), actual.begin(), actual.end());
  }
  return run;
}

void ExpectNear(const RnnRun& run, double tolerance, const std::string& what) {
  ASSERT_EQ(run.actual.size(), run.expected.size()) << what;
  for (size_t i = 0; i < run.actual.size(); ++i) {
    EXPECT_NEAR(run.actual[i], run.expected[i], tolerance) << what << " at " << i;
  }
}

TEST(UnidirectionalSequenceRnn, FloatMatchesTheEquations) {
  for (bool time_major : {false, true}) {
    for (const char* activation : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH"}) {
      RnnSpec s;
      s.time_major = time_major;
      s.activation = activation;
      ExpectNear(RunRnn(s, 2), 1e-5, std::string(activation) + (time_major ? " tm" : " bm"));
    }
  }
  RnnSpec one;
  one.batch = 1;
  one.time = 7;
  ExpectNear(RunRnn(one, 1), 1e-5, "batch of one");
}

TEST(UnidirectionalSequenceRnn, HybridMatchesItsQuantizationEmulation) {
  for (bool asymmetric : {false, true}) {
    for (bool time_major : {false, true}) {
      RnnSpec s;
      s.hybrid = true;
      s.asymmetric = asymmetric;
      s.time_major = time_major;
      s.seed = 7;
      ExpectNear(RunRnn(s, 3), 2e-5,
                 std::string(asymmetric ? "asym" : "sym") + (time_major ? " tm" : " bm"));
    }
  }
}

std::string PrepareError(void (*mutate)(ModelBuilder&, std::vector<int32_t>&, Options&)) {
  ModelBuilder b;
  std::vector<int32_t> in = {b.AddTensor(PLINTH_FLOAT32, {2, 3, 4}),
                             b.AddConstant<float>(PLINTH_FLOAT32, {5, 4}, std::vector<float>(20)),
                             b.AddConstant<float>(PLINTH_FLOAT32, {5, 5}, std::vector<float>(25)),
                             b.AddConstant<float>(PLINTH_FLOAT32, {5}, std::vector<float>(5)),
                             b.AddVariable(PLINTH_FLOAT32, {2, 5})};
  Options o;
  mutate(b, in, o);
  const int y = b.AddTensor(PLINTH_FLOAT32, {});
  b.AddOperator("UNIDIRECTIONAL_SEQUENCE_RNN", in, {y}, o);
  b.SetInputs({in[0]});
  b.SetOutputs({y});
  auto interp = PrepareModel(*b.Build());
  return interp.ok() ? std::string() : std::string(interp.status().message());
}

TEST(UnidirectionalSequenceRnn, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  EXPECT_EQ(PrepareError([](ModelBuilder&, std::vector<int32_t>&, Options&) {}), "");
  EXPECT_THAT(
      PrepareError([](ModelBuilder&, std::vector<int32_t>& in, Options&) { in.pop_back(); }),
      HasSubstr("expects 5 inputs"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[1] = b.AddConstant<float>(PLINTH_FLOAT32, {5, 3}, std::vector<float>(15));
              }),
              HasSubstr("input weights must be [units, 4]"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[2] = b.AddConstant<float>(PLINTH_FLOAT32, {5, 4}, std::vector<float>(20));
              }),
              HasSubstr("recurrent weights must be [5, 5]"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[4] = b.AddTensor(PLINTH_FLOAT32, {2, 5});
              }),
              HasSubstr("variable"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[4] = b.AddVariable(PLINTH_FLOAT32, {3, 5});
              }),
              HasSubstr("hidden state must be [2, 5]"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[0] = b.AddTensor(PLINTH_FLOAT32, {2, 3});
              }),
              HasSubstr("input must be 3-D"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[1] = b.AddConstant<int8_t>(PLINTH_INT8, {5, 4}, std::vector<int8_t>(20));
              }),
              HasSubstr("recurrent weights must be INT8"));
  EXPECT_THAT(PrepareError([](ModelBuilder&, std::vector<int32_t>&, Options& o) {
                o.push_back({"fused_activation_function", 9});
              }),
              HasSubstr("unknown fused_activation_function"));
}

}  // namespace
}  // namespace plinth::testing
