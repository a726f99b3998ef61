// SVDF: float against the definition (a memory of the last memory_size feature activations per
// filter, weighted in time and summed over rank) across several invocations; hybrid against an
// emulation of its input quantization; integer against the integer arithmetic written out
// (TFLite's two rescales); invalid parameters.
#include <cmath>

#include "builtin_ops/common/quantization_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"

namespace plinth::testing {
namespace {

using builtin::MultiplyByQuantizedMultiplier;
using builtin::QuantizeMultiplier;

struct SvdfSpec {
  int batch = 2, n_input = 3, units = 2, rank = 2, memory = 4;
  bool bias = true, hybrid = false, asymmetric = false;
  std::string activation = "NONE";
  uint32_t seed = 1;
};

double Act(double x, const std::string& a) {
  if (a == "RELU") return std::max(0.0, x);
  if (a == "RELU6") return std::min(std::max(0.0, x), 6.0);
  if (a == "TANH") return std::tanh(x);
  return x;
}

TEST(Svdf, FloatAndHybridFollowTheDefinitionOverInvocations) {
  for (int variant = 0; variant < 8; ++variant) {
    SvdfSpec s;
    s.hybrid = variant >= 4;
    s.asymmetric = variant >= 6;
    s.rank = 1 + variant % 2;
    s.bias = variant % 3 != 0;
    s.activation = variant % 2 ? "RELU" : "TANH";
    s.seed = 3 + variant;
    const int B = s.batch, I = s.n_input, F = s.units * s.rank, M = s.memory, U = s.units;
    ModelBuilder b;
    const int x = b.AddTensor(PLINTH_FLOAT32, {B, I});
    std::vector<double> wf(static_cast<size_t>(F) * I), wt(static_cast<size_t>(F) * M);
    int wft, wtt;
    const float wf_scale = 0.01f, wt_scale = 0.02f;
    if (s.hybrid) {
      auto q1 = RandomValues<int8_t>(wf.size(), -127, 127, s.seed);
      auto q2 = RandomValues<int8_t>(wt.size(), -127, 127, s.seed + 1);
      for (size_t i = 0; i < wf.size(); ++i) wf[i] = q1[i];
      for (size_t i = 0; i < wt.size(); ++i) wt[i] = q2[i] * wt_scale;
      wft = b.AddConstant<int8_t>(PLINTH_INT8, {F, I}, q1, "", {{wf_scale}, {0}});
      wtt = b.AddConstant<int8_t>(PLINTH_INT8, {F, M}, q2, "", {{wt_scale}, {0}});
    } else {
      auto f1 = RandomValues<float>(wf.size(), -0.8, 0.8, s.seed);
      auto f2 = RandomValues<float>(wt.size(), -0.8, 0.8, s.seed + 1);
      wf.assign(f1.begin(), f1.end());
      wt.assign(f2.begin(), f2.end());
      wft = b.AddConstant<float>(PLINTH_FLOAT32, {F, I}, f1);
      wtt = b.AddConstant<float>(PLINTH_FLOAT32, {F, M}, f2);
    }
    const std::vector<float> bias = RandomValues<float>(U, -0.2, 0.2, s.seed + 2);
    const int bt = s.bias ? b.AddConstant<float>(PLINTH_FLOAT32, {U}, bias) : -1;
    const int state = b.AddVariable(PLINTH_FLOAT32, {B, F * M});
    const int y = b.AddTensor(PLINTH_FLOAT32, {});
    b.AddOperator("SVDF", {x, wft, wtt, bt, state}, {y},
                  {{"rank", s.rank},
                   {"fused_activation_function", s.activation},
                   {"asymmetric_quantize_inputs", s.asymmetric}});
    b.SetInputs({x});
    b.SetOutputs({y});
    auto interp = PrepareModel(*b.Build());
    ASSERT_TRUE(interp.ok()) << interp.status();
    // memory[b][f] holds the last M activations, oldest first.
    std::vector<std::vector<std::vector<double>>> memory(
        B, std::vector<std::vector<double>>(F, std::vector<double>(M, 0.0)));
    for (int step = 0; step < 6; ++step) {
      std::vector<float> in =
          RandomValues<float>(static_cast<size_t>(B) * I, -1, 1, s.seed * 5 + step);
      if (step == 2) in.assign(in.size(), 0.f);  // all-zero input: only the memory shifts
      ASSERT_TRUE((*interp)->SetInput(0, Bytes(in)).ok());
      ASSERT_TRUE((*interp)->Invoke().ok());
      EXPECT_EQ((*interp)->output(0).shape(), (std::vector<int32_t>{B, U}));
      const std::vector<float> got = Values<float>((*interp)->output(0));
      for (int bb = 0; bb < B; ++bb) {
        // Feature activations, quantized per batch row for the hybrid kernel.
        std::vector<double> act(F, 0.0);
        std::vector<double> row(in.begin() + bb * I, in.begin() + bb * I + I);
        const bool zero = std::all_of(row.begin(), row.end(), [](double v) { return v == 0; });
        if (s.hybrid && !zero) {
          float lo = 0, hi = 0, mn = static_cast<float>(row[0]), mx = mn;
          for (double v : row) {
            lo = std::min(lo, static_cast<float>(v));
            hi = std::max(hi, static_cast<float>(v));
            mn = std::min(mn, static_cast<float>(v));
            mx = std::max(mx, static_cast<float>(v));
          }
          std::vector<int> q(I);
          float scale;
          int offset = 0;
          if (!s.asymmetric) {
            const float range = std::max(std::abs(mn), std::abs(mx));
            scale = range / 127;
            for (int i = 0; i < I; ++i)
              q[i] = static_cast<int>(std::round(static_cast<float>(row[i]) * (127 / range)));
          } else {
            const double sd = (static_cast<double>(hi) - lo) / 255.0;
            const double zp = (128 + std::abs(lo / sd)) < (127 + std::abs(hi / sd)) ? -128 - lo / sd
                                                                                    : 127 - hi / sd;
            offset = zp <= -128 ? -128 : (zp >= 127 ? 127 : static_cast<int>(std::round(zp)));
            scale = static_cast<float>(sd);
            for (int i = 0; i < I; ++i) {
              q[i] = std::clamp(static_cast<int>(std::round(offset + static_cast<float>(row[i]) *
                                                                         (1.0f / scale))),
                                -128, 127);
            }
          }
          for (int f = 0; f < F; ++f) {
            long dot = 0;
            for (int i = 0; i < I; ++i) dot += static_cast<long>(wf[f * I + i]) * (q[i] - offset);
            act[f] = dot * (scale * wf_scale);
          }
        } else if (!s.hybrid) {
          for (int f = 0; f < F; ++f)
            for (int i = 0; i < I; ++i) act[f] += wf[f * I + i] * row[i];
        }
        for (int f = 0; f < F; ++f) {
          memory[bb][f].erase(memory[bb][f].begin());
          memory[bb][f].push_back(static_cast<float>(act[f]));
        }
        for (int u = 0; u < U; ++u) {
          double sum = s.bias ? bias[u] : 0.0;
          for (int r = 0; r < s.rank; ++r) {
            const int f = u * s.rank + r;
            for (int m = 0; m < M; ++m) sum += wt[f * M + m] * memory[bb][f][m];
          }
          EXPECT_NEAR(got[bb * U + u], Act(sum, s.activation), 2e-5)
              << "variant " << variant << " step " << step << " b " << bb << " u " << u;
        }
      }
    }
  }
}

TEST(Svdf, IntegerFollowsItsArithmetic) {
  const int B = 2, I = 5, U = 3, R = 2, F = U * R, M = 3;
  const float in_scale = 0.03f, wf_scale = 0.004f, state_scale = 0.0011f, wt_scale = 1.5e-5f,
              out_scale = 0.08f;
  const int in_zp = -7, out_zp = 4;
  for (bool with_bias : {true, false}) {
    ModelBuilder b;
    const int x = b.AddTensor(PLINTH_INT8, {B, I}, "", {{in_scale}, {in_zp}});
    auto wf = RandomValues<int8_t>(F * I, -127, 127, 1);
    auto wt = RandomValues<int16_t>(F * M, -30000, 30000, 2);
    auto bias = RandomValues<int32_t>(U, -20000, 20000, 3);
    const int wft = b.AddConstant<int8_t>(PLINTH_INT8, {F, I}, wf, "", {{wf_scale}, {0}});
    const int wtt = b.AddConstant<int16_t>(PLINTH_INT16, {F, M}, wt, "", {{wt_scale}, {0}});
    const int bt = with_bias ? b.AddConstant<int32_t>(PLINTH_INT32, {U}, bias, "",
                                                      {{state_scale * wt_scale}, {0}})
                             : -1;
    const int state = b.AddVariable(PLINTH_INT16, {B, F * M}, "", {{state_scale}, {0}});
    const int y = b.AddTensor(PLINTH_INT8, {B, U}, "", {{out_scale}, {out_zp}});
    b.AddOperator("SVDF", {x, wft, wtt, bt, state}, {y},
                  {{"rank", R}, {"fused_activation_function", "RELU"}});
    b.SetInputs({x});
    b.SetOutputs({y});
    auto interp = PrepareModel(*b.Build());
    ASSERT_TRUE(interp.ok()) << interp.status();
    const auto m1 = QuantizeMultiplier(static_cast<double>(in_scale * wf_scale / state_scale));
    const auto m2 = QuantizeMultiplier(static_cast<double>(state_scale * wt_scale / out_scale));
    std::vector<std::vector<std::vector<int32_t>>> memory(
        B, std::vector<std::vector<int32_t>>(F, std::vector<int32_t>(M, 0)));
    for (int step = 0; step < 5; ++step) {
      auto in = RandomValues<int8_t>(B * I, -128, 127, 10 + step);
      ASSERT_TRUE((*interp)->SetInput(0, Bytes(in)).ok());
      ASSERT_TRUE((*interp)->Invoke().ok());
      const auto got = Values<int8_t>((*interp)->output(0));
      for (int bb = 0; bb < B; ++bb) {
        for (int f = 0; f < F; ++f) {
          int32_t dot = 0;
          for (int i = 0; i < I; ++i) dot += wf[f * I + i] * (in[bb * I + i] - in_zp);
          const int32_t a = std::clamp(MultiplyByQuantizedMultiplier(dot, m1), -32768, 32767);
          memory[bb][f].erase(memory[bb][f].begin());
          memory[bb][f].push_back(a);
        }
        for (int u = 0; u < U; ++u) {
          int32_t sum = with_bias ? bias[u] : 0;
          for (int r = 0; r < R; ++r) {
            for (int m = 0; m < M; ++m) sum += wt[(u * R + r) * M + m] * memory[bb][u * R + r][m];
          }
          const int32_t q = std::clamp(MultiplyByQuantizedMultiplier(sum, m2) + out_zp, -128, 127);
          EXPECT_EQ(got[bb * U + u], q) << "step " << step << " b " << bb << " u " << u;
        }
      }
    }
  }
}

std::string PrepareError(void (*mutate)(ModelBuilder&, std::vector<int32_t>&, Options&)) {
  ModelBuilder b;
  std::vector<int32_t> in = {b.AddTensor(PLINTH_FLOAT32, {2, 3}),
                             b.AddConstant<float>(PLINTH_FLOAT32, {4, 3}, std::vector<float>(12)),
                             b.AddConstant<float>(PLINTH_FLOAT32, {4, 5}, std::vector<float>(20)),
                             b.AddConstant<float>(PLINTH_FLOAT32, {2}, std::vector<float>(2)),
                             b.AddVariable(PLINTH_FLOAT32, {2, 20})};
  Options o = {{"rank", 2}};
  mutate(b, in, o);
  const int y = b.AddTensor(PLINTH_FLOAT32, {});
  b.AddOperator("SVDF", in, {y}, o);
  b.SetInputs({in[0]});
  b.SetOutputs({y});
  auto interp = PrepareModel(*b.Build());
  return interp.ok() ? std::string() : std::string(interp.status().message());
}

TEST(Svdf, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  EXPECT_EQ(PrepareError([](ModelBuilder&, std::vector<int32_t>&, Options&) {}), "");
  EXPECT_THAT(PrepareError([](ModelBuilder&, std::vector<int32_t>&, Options& o) {
                o = {{"rank", 3}};
              }),
              HasSubstr("must be a multiple of rank"));
  EXPECT_THAT(PrepareError([](ModelBuilder&, std::vector<int32_t>&, Options& o) {
                o = {{"rank", 0}};
              }),
              HasSubstr("must be a multiple of rank"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[4] = b.AddVariable(PLINTH_FLOAT32, {2, 19});
              }),
              HasSubstr("state must be [2, 20]"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[4] = b.AddConstant<float>(PLINTH_FLOAT32, {2, 20}, std::vector<float>(40));
              }),
              HasSubstr("must be a variable"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[3] = b.AddConstant<float>(PLINTH_FLOAT32, {3}, std::vector<float>(3));
              }),
              HasSubstr("bias must be [2]"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[1] = b.AddConstant<int8_t>(PLINTH_INT8, {4, 3}, std::vector<int8_t>(12), "",
                                              {{0.1f}, {0}});
              }),
              HasSubstr("hybrid SVDF needs INT8 weights_time"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[0] = b.AddTensor(PLINTH_INT8, {2, 3}, "", {{0.1f}, {0}});
              }),
              HasSubstr("integer SVDF needs INT8 feature weights"));
  EXPECT_THAT(PrepareError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[0] = b.AddTensor(PLINTH_FLOAT32, {2, 3, 1});
              }),
              HasSubstr("input must be 2-D"));
}

}  // namespace
}  // namespace plinth::testing
