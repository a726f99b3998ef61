// Differential cases for the activation kernels. 8-bit quantized cases run every input value;
// int16 ones a dense sweep of the range; float ones random values plus specials.
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "tests/builtin_ops/op_test_util.h"
#include "tests/differential/diff_case.h"
#include "tests/differential/ew_case_util.h"

namespace plinth::testing {
namespace {

std::vector<float> ActivationSweep() {
  std::vector<float> v = {0.f,
                          -0.f,
                          1.f,
                          -1.f,
                          3.f,
                          -3.f,
                          6.f,
                          6.5f,
                          -6.5f,
                          0.5f,
                          1e-6f,
                          20.f,
                          -20.f,
                          100.f,
                          -100.f,
                          16.7f,
                          -9.1f,
                          std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity()};
  for (float x : RandomValues<float>(300, -10, 10, 81)) v.push_back(x);
  return v;
}

std::vector<int16_t> Int16Sweep() {
  std::vector<int16_t> v;
  for (int x = -32768; x <= 32767; x += 5) v.push_back(static_cast<int16_t>(x));
  v.push_back(32767);
  return v;
}

const std::vector<std::pair<QuantSpec, QuantSpec>> kInt8Pairs = {
    {{{0.05f}, {0}}, {{0.05f}, {0}}},
    {{{0.02f}, {-128}}, {{0.07f}, {127}}},
    {{{0.1f}, {127}}, {{0.003f}, {-128}}},
    {{{0.0123f}, {-7}}, {{0.3f}, {22}}},
    {{{0.2f}, {-100}}, {{0.011f}, {5}}}};

QuantSpec ToUint8(QuantSpec q) {
  q.zero_points[0] += 128;
  return q;
}

PLINTH_DIFF_CASES(ActivationCases) {
  const std::vector<float> sweep = ActivationSweep();
  const int n = static_cast<int>(sweep.size());
  const std::vector<int8_t> all8 = AllValues<int8_t>();
  const std::vector<uint8_t> allu8 = AllValues<uint8_t>();
  const std::vector<int16_t> sweep16 = Int16Sweep();
  const int n16 = static_cast<int>(sweep16.size());

  // Float (with NaN for the clamping ones).
  std::vector<float> with_nan = sweep;
  with_nan.push_back(std::numeric_limits<float>::quiet_NaN());
  for (const char* op : {"RELU", "RELU6", "RELU_N1_TO_1", "RELU_0_TO_1"}) {
    cases->push_back(
        Unary<float>(Cat("act_f32_", op), "ulp 0", op, {n + 1}, with_nan, {}, PLINTH_FLOAT32, {}));
  }
  for (const char* op : {"LOGISTIC", "TANH", "HARD_SWISH"}) {
    // TANH: the fast path returns the correctly rounded tanh; TFLite's reference calls glibc's
    // tanhf (fdlibm's float formula), up to 2 ulp away from it.
    const char* tolerance = std::string(op) == "TANH" ? "ulp 2" : "ulp 1";
    cases->push_back(
        Unary<float>(Cat("act_f32_", op), tolerance, op, {n}, sweep, {}, PLINTH_FLOAT32, {}));
  }
  for (float alpha : {0.2f, -0.5f, 1.7f}) {
    cases->push_back(Unary<float>(Cat("act_f32_LEAKY_RELU_", alpha), "ulp 0", "LEAKY_RELU", {n},
                                  sweep, {}, PLINTH_FLOAT32, {}, {{"alpha", alpha}}));
  }
  for (bool approximate : {false, true}) {
    // TFLite evaluates float GELU with Eigen's fast tanh / erf (about 1e-7 absolute error).
    cases->push_back(Unary<float>(Cat("act_f32_GELU_", approximate ? "approx" : "exact"),
                                  "abs 1e-6", "GELU", {n}, sweep, {}, PLINTH_FLOAT32, {},
                                  {{"approximate", approximate}}));
  }

  // float16 LOGISTIC and TANH: every finite half in [-16, 16] at a 1/64 step.
  std::vector<uint16_t> halves;
  for (int k = -1024; k <= 1024; ++k) {
    const float f = k / 64.f;
    uint32_t u;
    std::memcpy(&u, &f, 4);
    halves.push_back(f == 0 ? 0
                            : static_cast<uint16_t>(((u >> 16) & 0x8000) |
                                                    ((((u >> 23) & 0xff) - 112) << 10) |
                                                    ((u >> 13) & 0x3ff)));
  }
  for (const char* op : {"LOGISTIC", "TANH"}) {
    cases->push_back(Unary<uint16_t>(Cat("act_f16_", op), "exact", op,
                                     {static_cast<int32_t>(halves.size())}, halves, {},
                                     PLINTH_FLOAT16, {}, {}, PLINTH_FLOAT16));
  }

  // Quantized RELU family, LEAKY_RELU, HARD_SWISH, TANH, GELU: int8 and uint8, every value.
  for (size_t i = 0; i < kInt8Pairs.size(); ++i) {
    const auto& [qi, qo] = kInt8Pairs[i];
    const std::string k = Cat(i);
    for (const char* op : {"RELU", "RELU6", "RELU_N1_TO_1", "RELU_0_TO_1", "HARD_SWISH", "TANH"}) {
      cases->push_back(Unary<int8_t>(Cat("act_q_i8_", op, "_", k), "exact", op, {256}, all8, qi,
                                     PLINTH_INT8, qo));
      cases->push_back(Unary<uint8_t>(Cat("act_q_u8_", op, "_", k), "exact", op, {256}, allu8,
                                      ToUint8(qi), PLINTH_UINT8, ToUint8(qo)));
    }
    for (float alpha : {0.2f, -0.5f}) {
      const char* a = alpha > 0 ? "pos" : "neg";
      cases->push_back(Unary<int8_t>(Cat("act_q_i8_LEAKY_RELU_", a, k), "exact", "LEAKY_RELU",
                                     {256}, all8, qi, PLINTH_INT8, qo, {{"alpha", alpha}}));
      cases->push_back(Unary<uint8_t>(Cat("act_q_u8_LEAKY_RELU_", a, k), "exact", "LEAKY_RELU",
                                      {256}, allu8, ToUint8(qi), PLINTH_UINT8, ToUint8(qo),
                                      {{"alpha", alpha}}));
    }
    for (bool approximate : {false, true}) {
      const char* a = approximate ? "approx" : "exact";
      cases->push_back(Unary<int8_t>(Cat("act_q_i8_GELU_", a, k), "exact", "GELU", {256}, all8, qi,
                                     PLINTH_INT8, qo, {{"approximate", approximate}}));
      cases->push_back(Unary<uint8_t>(Cat("act_q_u8_GELU_", a, k), "exact", "GELU", {256}, allu8,
                                      ToUint8(qi), PLINTH_UINT8, ToUint8(qo),
                                      {{"approximate", approximate}}));
    }
    // LOGISTIC: the output scale is fixed at 1/256.
    cases->push_back(Unary<int8_t>(Cat("act_q_i8_LOGISTIC_", k), "exact", "LOGISTIC", {256}, all8,
                                   qi, PLINTH_INT8, {{1.f / 256}, {-128}}));
    cases->push_back(Unary<uint8_t>(Cat("act_q_u8_LOGISTIC_", k), "exact", "LOGISTIC", {256}, allu8,
                                    ToUint8(qi), PLINTH_UINT8, {{1.f / 256}, {0}}));
  }

  // int16: symmetric; RELU/RELU6/LEAKY_RELU/GELU with general scales, LOGISTIC/TANH with output
  // 2^-15 and power-of-two or general input scales.
  const std::vector<std::pair<float, float>> s16 = {
      {0.001f, 0.001f}, {0.0003f, 0.002f}, {0.01f, 0.0001f}};
  for (size_t i = 0; i < s16.size(); ++i) {
    const QuantSpec qi = {{s16[i].first}, {0}}, qo = {{s16[i].second}, {0}};
    const std::string k = Cat(i);
    for (const char* op : {"RELU", "RELU6", "GELU"}) {
      cases->push_back(Unary<int16_t>(Cat("act_q_i16_", op, "_", k), "exact", op, {n16}, sweep16,
                                      qi, PLINTH_INT16, qo));
    }
    cases->push_back(Unary<int16_t>(Cat("act_q_i16_LEAKY_RELU_", k), "exact", "LEAKY_RELU", {n16},
                                    sweep16, qi, PLINTH_INT16, qo, {{"alpha", 0.3f}}));
  }
  for (float in_scale : {1.f / 4096, 1.f / 2048, 1.f / 8192, 0.001f, 0.0007f, 0.01f}) {
    const QuantSpec qi = {{in_scale}, {0}}, qo = {{1.f / 32768}, {0}};
    const std::string k = Cat(in_scale);
    for (const char* op : {"LOGISTIC", "TANH"}) {
      cases->push_back(Unary<int16_t>(Cat("act_q_i16_", op, "_", k), "exact", op, {n16}, sweep16,
                                      qi, PLINTH_INT16, qo));
    }
  }
}

PLINTH_DIFF_CASES(PreluCases) {
  // alpha broadcast along the channel dimension, or fully shaped.
  for (const auto& shape :
       std::vector<std::vector<int32_t>>{{3}, {1, 1, 3}, {2, 1, 3}, {2, 4, 3}}) {
    std::string name = "prelu_f32_alpha";
    for (int32_t d : shape) name += Cat("_", d);
    DiffCase c(name, "ulp 0");
    int x = c.Input<float>({2, 4, 3}, RandomValues<float>(24, -5, 5, 91));
    int a = c.Input<float>(shape, RandomValues<float>(NumElementsOfShape(shape), -1, 1, 92));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("PRELU", {x, a}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  // Quantized: every input value against every alpha value.
  const std::vector<std::tuple<QuantSpec, QuantSpec, QuantSpec>> q = {
      {{{0.05f}, {0}}, {{0.01f}, {0}}, {{0.05f}, {0}}},
      {{{0.02f}, {-128}}, {{0.004f}, {127}}, {{0.07f}, {3}}},
      {{{0.3f}, {17}}, {{0.02f}, {-30}}, {{0.002f}, {-128}}}};
  for (size_t i = 0; i < q.size(); ++i) {
    const auto& [qx, qa, qo] = q[i];
    cases->push_back(
        ExhaustiveBinary8<int8_t>(Cat("prelu_q_i8_", i), "PRELU", PLINTH_INT8, qx, qa, qo, {}));
    cases->push_back(ExhaustiveBinary8<uint8_t>(Cat("prelu_q_u8_", i), "PRELU", PLINTH_UINT8,
                                                ToUint8(qx), ToUint8(qa), ToUint8(qo), {}));
  }
}

PLINTH_DIFF_CASES(SoftmaxCases) {
  // Float: any rank, several betas.
  for (float beta : {1.f, 0.5f, 2.7f}) {
    for (const auto& shape :
         std::vector<std::vector<int32_t>>{{7}, {3, 10}, {2, 3, 4, 5}, {1, 2, 1, 2, 6}}) {
      std::string name = Cat("softmax_f32_b", beta);
      for (int32_t d : shape) name += Cat("_", d);
      cases->push_back(Unary<float>(name, "ulp 4", "SOFTMAX", shape,
                                    RandomValues<float>(NumElementsOfShape(shape), -8, 8, 101), {},
                                    PLINTH_FLOAT32, {}, {{"beta", beta}}));
    }
  }
  for (const auto& shape : std::vector<std::vector<int32_t>>{{9}, {4, 16}, {2, 3, 5}}) {
    std::string dims;
    for (int32_t d : shape) dims += Cat("_", d);
    cases->push_back(Unary<float>(Cat("log_softmax_f32", dims), "ulp 4", "LOG_SOFTMAX", shape,
                                  RandomValues<float>(NumElementsOfShape(shape), -8, 8, 102), {},
                                  PLINTH_FLOAT32, {}));
  }
  // 8-bit: rows of random values (one row of all 256 values) and input scales that make the
  // multiplier small and large.
  for (float scale : {0.0039f, 0.05f, 0.2f, 1.3f}) {
    for (float beta : {1.f, 0.3f}) {
      const std::string k = Cat(scale, "_b", beta);
      std::vector<int8_t> x = RandomValues<int8_t>(8 * 40, -128, 127, 103);
      std::vector<int8_t> all = AllValues<int8_t>();
      x.insert(x.end(), all.begin(), all.end());
      std::vector<uint8_t> xu;
      for (int8_t v : x) xu.push_back(static_cast<uint8_t>(v + 128));
      const int rows = static_cast<int>(x.size()) / 64;
      cases->push_back(Unary<int8_t>(Cat("softmax_q_i8_", k), "exact", "SOFTMAX", {rows, 64}, x,
                                     {{scale}, {-3}}, PLINTH_INT8, {{1.f / 256}, {-128}},
                                     {{"beta", beta}}));
      cases->push_back(Unary<int8_t>(Cat("softmax_q_i8_i16_", k), "exact", "SOFTMAX", {rows, 64}, x,
                                     {{scale}, {12}}, PLINTH_INT16, {{1.f / 65536}, {-32768}},
                                     {{"beta", beta}}));
      cases->push_back(Unary<uint8_t>(Cat("softmax_q_u8_", k), "exact", "SOFTMAX", {rows, 64}, xu,
                                      {{scale}, {128}}, PLINTH_UINT8, {{1.f / 256}, {0}},
                                      {{"beta", beta}}));
      cases->push_back(Unary<uint8_t>(Cat("softmax_q_u8_i16_", k), "exact", "SOFTMAX", {rows, 64},
                                      xu, {{scale}, {0}}, PLINTH_INT16, {{1.f / 65536}, {-32768}},
                                      {{"beta", beta}}));
      cases->push_back(Unary<int8_t>(Cat("log_softmax_q_i8_", k), "exact", "LOG_SOFTMAX",
                                     {rows, 64}, x, {{scale}, {-3}}, PLINTH_INT8,
                                     {{16.f / 256}, {127}}));
      cases->push_back(Unary<uint8_t>(Cat("log_softmax_q_u8_", k), "exact", "LOG_SOFTMAX",
                                      {rows, 64}, xu, {{scale}, {128}}, PLINTH_UINT8,
                                      {{16.f / 256}, {255}}));
    }
  }
  // Rank 1 and 4 quantized, odd depths.
  cases->push_back(Unary<int8_t>("softmax_q_i8_rank1", "exact", "SOFTMAX", {13},
                                 RandomValues<int8_t>(13, -128, 127, 104), {{0.1f}, {0}},
                                 PLINTH_INT8, {{1.f / 256}, {-128}}, {{"beta", 1.f}}));
  cases->push_back(Unary<int8_t>("softmax_q_i8_rank4", "exact", "SOFTMAX", {2, 3, 2, 7},
                                 RandomValues<int8_t>(84, -128, 127, 105), {{0.07f}, {5}},
                                 PLINTH_INT8, {{1.f / 256}, {-128}}, {{"beta", 1.f}}));
  // int16.
  for (float scale : {0.001f, 0.0002f, 0.01f, 1.f / 4096}) {
    for (float beta : {1.f, 0.6f}) {
      const std::string k = Cat(scale, "_b", beta);
      std::vector<int16_t> x = RandomValues<int16_t>(12 * 50, -32768, 32767, 106);
      std::vector<int16_t> near = RandomValues<int16_t>(12 * 50, -600, 600, 107);
      x.insert(x.end(), near.begin(), near.end());
      cases->push_back(Unary<int16_t>(Cat("softmax_q_i16_", k), "exact", "SOFTMAX", {24, 50}, x,
                                      {{scale}, {0}}, PLINTH_INT16, {{1.f / 32768}, {0}},
                                      {{"beta", beta}}));
    }
  }
}

}  // namespace
}  // namespace plinth::testing
