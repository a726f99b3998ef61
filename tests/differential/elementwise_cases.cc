// Differential cases for the elementwise kernels (binary arithmetic, unary math, comparisons,
// logic, select, cast). Quantized cases are exhaustive over 8-bit input pairs (one input along
// rows, the other along columns, broadcast) and compared bit for bit.
#include <cmath>
#include <cstring>
#include <limits>

#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"
#include "tests/differential/diff_case.h"
#include "tests/differential/ew_case_util.h"

namespace plinth::testing {
namespace {

struct QuantCombo {
  const char* name;
  QuantSpec a, b, out;
};

// Scales whose multipliers fall above and below one, and zero points at the type's edges.
std::vector<QuantCombo> Int8Combos() {
  return {
      {"same", {{0.05f}, {0}}, {{0.05f}, {0}}, {{0.05f}, {0}}},
      {"mixed", {{0.02f}, {-128}}, {{0.137f}, {127}}, {{0.0713f}, {-3}}},
      {"wide_out", {{0.011f}, {5}}, {{0.0093f}, {-90}}, {{0.9f}, {100}}},
      {"narrow_out", {{0.5f}, {-20}}, {{0.3f}, {17}}, {{0.0021f}, {-128}}},
      {"edge_zp", {{0.0317f}, {127}}, {{0.0119f}, {-128}}, {{0.043f}, {127}}},
  };
}
std::vector<QuantCombo> Uint8Combos() {
  return {
      {"same", {{0.05f}, {128}}, {{0.05f}, {128}}, {{0.05f}, {128}}},
      {"mixed", {{0.02f}, {0}}, {{0.137f}, {255}}, {{0.0713f}, {125}}},
      {"wide_out", {{0.011f}, {133}}, {{0.0093f}, {38}}, {{0.9f}, {228}}},
      {"narrow_out", {{0.5f}, {108}}, {{0.3f}, {145}}, {{0.0021f}, {0}}},
  };
}
std::vector<QuantCombo> Int16Combos() {
  return {
      {"same", {{0.001f}, {0}}, {{0.001f}, {0}}, {{0.001f}, {0}}},
      {"mixed", {{0.00031f}, {0}}, {{0.0021f}, {0}}, {{0.0017f}, {0}}},
      {"narrow_out", {{0.01f}, {0}}, {{0.007f}, {0}}, {{0.00005f}, {0}}},
  };
}

const char* kActivations[] = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"};

PLINTH_DIFF_CASES(QuantizedBinaryCases) {
  for (const char* op : {"ADD", "SUB", "MUL"}) {
    for (const QuantCombo& q : Int8Combos()) {
      for (const char* act : kActivations) {
        cases->push_back(ExhaustiveBinary8<int8_t>(
            std::string("q_i8_") + op + "_" + q.name + "_" + act, op, PLINTH_INT8, q.a, q.b, q.out,
            {{"fused_activation_function", act}}));
      }
    }
    for (const QuantCombo& q : Uint8Combos()) {
      for (const char* act : kActivations) {
        cases->push_back(ExhaustiveBinary8<uint8_t>(
            std::string("q_u8_") + op + "_" + q.name + "_" + act, op, PLINTH_UINT8, q.a, q.b, q.out,
            {{"fused_activation_function", act}}));
      }
    }
    for (const QuantCombo& q : Int16Combos()) {
      for (const char* act : kActivations) {
        cases->push_back(RandomBinary16(std::string("q_i16_") + op + "_" + q.name + "_" + act, op,
                                        q.a, q.b, q.out, {{"fused_activation_function", act}}, 7));
      }
    }
  }
  for (const QuantCombo& q : Int8Combos()) {
    cases->push_back(ExhaustiveBinary8<int8_t>(std::string("q_i8_DIV_") + q.name, "DIV",
                                               PLINTH_INT8, q.a, q.b, q.out, {},
                                               /*skip_b_zp=*/true));
    cases->push_back(ExhaustiveBinary8<int8_t>(std::string("q_i8_SQUARED_DIFFERENCE_") + q.name,
                                               "SQUARED_DIFFERENCE", PLINTH_INT8, q.a, q.b, q.out,
                                               {}));
  }
  for (const QuantCombo& q : Uint8Combos()) {
    cases->push_back(ExhaustiveBinary8<uint8_t>(std::string("q_u8_DIV_") + q.name, "DIV",
                                                PLINTH_UINT8, q.a, q.b, q.out, {}, true));
  }
  // int16 x int16 -> int8/uint8 (TFLite's LSTM helper path; same shapes only).
  for (PlinthType out : {PLINTH_INT8, PLINTH_UINT8}) {
    for (const char* act : {"NONE", "RELU", "RELU6"}) {
      DiffCase c(Cat("q_i16_MUL_to_", TypeName(out), "_", act), "exact");
      const QuantSpec q15 = {{1.f / 32768}, {0}};
      int a = c.Input<int16_t>({40, 48}, RandomInt16(1920, 21), q15);
      int b = c.Input<int16_t>({40, 48}, RandomInt16(1920, 22), q15);
      const QuantSpec qo = {{1.f / 128}, {out == PLINTH_INT8 ? 3 : 130}};
      int y = c.builder.AddTensor(out, {40, 48}, "", qo);
      c.builder.AddOperator("MUL", {a, b}, {y}, {{"fused_activation_function", act}});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
}

// int16 ADD/SUB with power-of-two scales take TFLite's pot_scale_int16 path.
PLINTH_DIFF_CASES(PotInt16Cases) {
  const float k12 = 1.f / 4096, k14 = 1.f / 16384, k10 = 1.f / 1024;
  const std::vector<std::pair<std::string, std::vector<float>>> scales = {
      {"same", {k12, k12, k12}}, {"shift_a", {k14, k12, k12}}, {"shift_b", {k12, k10 / 8, k12}}};
  for (const char* op : {"ADD", "SUB"}) {
    for (const auto& [name, s] : scales) {
      for (const char* act : {"NONE", "RELU", "RELU_N1_TO_1"}) {
        // Same shapes: TFLite's pot ADD kernel does not broadcast.
        DiffCase c(std::string("pot_i16_") + op + "_" + name + "_" + act, "exact");
        int a = c.Input<int16_t>({24, 40}, RandomInt16(960, 3), {{s[0]}, {0}});
        int b = c.Input<int16_t>({24, 40}, RandomInt16(960, 4), {{s[1]}, {0}});
        int y = c.builder.AddTensor(PLINTH_INT16, {24, 40}, "", {{s[2]}, {0}});
        c.builder.AddOperator(op, {a, b}, {y}, {{"fused_activation_function", act}});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
    // pot_scale_int16 = false forces the general path for the same scales.
    DiffCase g(std::string("pot_i16_") + op + "_general", "exact");
    int a = g.Input<int16_t>({24, 40}, RandomInt16(960, 5), {{k12}, {0}});
    int b = g.Input<int16_t>({40}, RandomInt16(40, 6), {{k14}, {0}});
    int y = g.builder.AddTensor(PLINTH_INT16, {24, 40}, "", {{k12}, {0}});
    g.builder.AddOperator(op, {a, b}, {y}, {{"pot_scale_int16", false}});
    g.Outputs({y});
    cases->push_back(std::move(g));
  }
  // SUB's pot path with broadcasting and equal scales.
  DiffCase c("pot_i16_SUB_broadcast", "exact");
  int a = c.Input<int16_t>({24, 40}, RandomInt16(960, 8), {{k12}, {0}});
  int b = c.Input<int16_t>({40}, RandomInt16(40, 9), {{k12}, {0}});
  int y = c.builder.AddTensor(PLINTH_INT16, {24, 40}, "", {{k12}, {0}});
  c.builder.AddOperator("SUB", {a, b}, {y}, {});
  c.Outputs({y});
  cases->push_back(std::move(c));
}

template <class T>
DiffCase PlainBinary(const std::string& name, const std::string& tolerance, const std::string& op,
                     std::vector<int32_t> sa, const std::vector<T>& a, std::vector<int32_t> sb,
                     const std::vector<T>& b, Options options = {},
                     PlinthType type = TypeOf<T>::value) {
  DiffCase c(name, tolerance);
  int ia = c.Input<T>(std::move(sa), a, {}, type);
  int ib = c.Input<T>(std::move(sb), b, {}, type);
  int y = c.builder.AddTensor(type, {});
  c.builder.AddOperator(op, {ia, ib}, {y}, std::move(options));
  c.Outputs({y});
  return c;
}

std::vector<float> FloatSpecials() {
  const float inf = std::numeric_limits<float>::infinity();
  return {0.f,
          -0.f,
          1.f,
          -1.f,
          2.5f,
          -3.75f,
          1e30f,
          -1e30f,
          3e38f,
          -3e38f,
          inf,
          -inf,
          std::numeric_limits<float>::quiet_NaN(),
          1e-40f,
          7.f,
          0.5f};
}

PLINTH_DIFF_CASES(FloatBinaryCases) {
  const std::vector<std::string> ops = {
      "ADD", "SUB",       "MUL",       "DIV",  "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM",
      "POW", "FLOOR_DIV", "FLOOR_MOD", "ATAN2"};
  for (const std::string& op : ops) {
    const std::string tol = (op == "POW" || op == "ATAN2") ? "ulp 2" : "ulp 0";
    if (op == "ATAN2") {
      // ATAN2 does not broadcast.
      const std::vector<float> sp = FloatSpecials();
      std::vector<float> rows, cols;
      for (float x : sp)
        for (float y : sp) rows.push_back(x), cols.push_back(y);
      cases->push_back(
          PlainBinary<float>("f32_ATAN2_specials", tol, op, {16, 16}, rows, {16, 16}, cols));
      cases->push_back(PlainBinary<float>("f32_ATAN2_random", tol, op, {2, 3, 4},
                                          RandomValues<float>(24, -4, 4, 21), {2, 3, 4},
                                          RandomValues<float>(24, -4, 4, 22)));
      continue;
    }
    cases->push_back(PlainBinary<float>("f32_" + op + "_bc", tol, op, {2, 3, 4},
                                        RandomValues<float>(24, -4, 4, 21), {3, 1},
                                        RandomValues<float>(3, 0.25, 3, 22)));
    // TFLite aborts on 5-D broadcasting for these (its kernels stop at 4-D).
    if (op != "SQUARED_DIFFERENCE" && op != "POW" && op != "FLOOR_DIV" && op != "FLOOR_MOD") {
      cases->push_back(PlainBinary<float>("f32_" + op + "_bc_rank5", tol, op, {2, 1, 3, 1, 2},
                                          RandomValues<float>(12, -4, 4, 23), {1, 4, 1, 5, 1},
                                          RandomValues<float>(20, -3, 3, 24)));
    }
    // Every special value against every other one (FLOOR_DIV refuses a zero divisor).
    const std::vector<float> sp = FloatSpecials();
    std::vector<float> divisors = sp;
    if (op == "FLOOR_DIV") divisors = {1.f, -1.f, 2.5f, -3.75f, 1e30f, -1e30f, 3e38f, 1e-40f, 0.5f};
    cases->push_back(PlainBinary<float>("f32_" + op + "_specials", tol, op, {16, 1}, sp,
                                        {1, static_cast<int32_t>(divisors.size())}, divisors));
    cases->push_back(PlainBinary<float>("f32_" + op + "_empty", tol, op, {0, 3},
                                        std::vector<float>{}, {3}, std::vector<float>{1, 2, 3}));
  }
  for (const char* op : {"ADD", "SUB", "MUL", "DIV"}) {
    for (const char* act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH", "SIGN_BIT"}) {
      cases->push_back(PlainBinary<float>(std::string("f32_") + op + "_act_" + act, "ulp 0", op,
                                          {4, 6}, RandomValues<float>(24, -9, 9, 25), {6},
                                          RandomValues<float>(6, 0.5, 2, 26),
                                          {{"fused_activation_function", act}}));
    }
  }
  // float16 and float64 where TFLite has them.
  auto halves = [](size_t n, uint32_t seed) {
    std::vector<uint16_t> v(n);
    std::vector<float> f = RandomValues<float>(n, -8, 8, seed);
    for (size_t i = 0; i < n; ++i) {
      // Round to a value exactly representable in half: 1/16 steps.
      float r = std::round(f[i] * 16) / 16;
      uint32_t u;
      std::memcpy(&u, &r, 4);
      v[i] = static_cast<uint16_t>(((u >> 16) & 0x8000) | ((((u >> 23) & 0xff) - 112) << 10) |
                                   ((u >> 13) & 0x3ff));
      if (r == 0) v[i] = 0;
    }
    return v;
  };
  for (const char* op : {"MAXIMUM", "MINIMUM", "ATAN2"}) {
    cases->push_back(PlainBinary<uint16_t>(std::string("f16_") + op, "exact", op, {3, 4},
                                           halves(12, 27), {3, 4}, halves(12, 28), {},
                                           PLINTH_FLOAT16));
  }
  cases->push_back(PlainBinary<double>("f64_ATAN2", "exact", "ATAN2", {3, 4},
                                       RandomValues<double>(12, -5, 5, 29), {3, 4},
                                       RandomValues<double>(12, -5, 5, 30)));
}

PLINTH_DIFF_CASES(IntegerBinaryCases) {
  const int32_t big = std::numeric_limits<int32_t>::max(),
                small = std::numeric_limits<int32_t>::min();
  const std::vector<int32_t> i32 = {0,      1,       -1,  7,     -7,    13, -13,
                                    100000, -100000, big, small, 65536, 3};
  std::vector<int32_t> nonzero;
  for (int32_t v : i32)
    if (v != 0 && v != -1) nonzero.push_back(v);
  const int n = static_cast<int>(i32.size()), nz = static_cast<int>(nonzero.size());
  for (const char* op : {"ADD", "SUB", "MUL", "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM"}) {
    cases->push_back(
        PlainBinary<int32_t>(std::string("i32_") + op, "exact", op, {n, 1}, i32, {1, n}, i32));
  }
  for (const char* op : {"DIV", "FLOOR_DIV", "FLOOR_MOD"}) {
    cases->push_back(
        PlainBinary<int32_t>(std::string("i32_") + op, "exact", op, {n, 1}, i32, {1, nz}, nonzero));
  }
  for (const char* op : {"ADD", "SUB", "MUL", "DIV"}) {
    for (const char* act : {"RELU", "RELU6", "RELU_N1_TO_1"}) {
      cases->push_back(PlainBinary<int32_t>(std::string("i32_") + op + "_" + act, "exact", op,
                                            {n, 1}, i32, {1, nz}, nonzero,
                                            {{"fused_activation_function", act}}));
    }
  }
  std::vector<int32_t> bases = {0, 1, -1, 2, -2, 3, 10, -10, 46341, 7};
  std::vector<int32_t> exps = {0, 1, 2, 3, 5, 10, 31, 33};
  cases->push_back(PlainBinary<int32_t>("i32_POW", "exact", "POW", {10, 1}, bases, {1, 8}, exps));

  const int64_t big64 = std::numeric_limits<int64_t>::max(),
                small64 = std::numeric_limits<int64_t>::min();
  const std::vector<int64_t> i64 = {
      0, 1, -1, 7, -7, int64_t{1} << 40, -(int64_t{1} << 40), big64, small64, 3};
  std::vector<int64_t> nz64 = {1, 7, -7, int64_t{1} << 40, 3, small64};
  for (const char* op : {"ADD", "SUB", "MUL", "MAXIMUM", "MINIMUM"}) {
    cases->push_back(
        PlainBinary<int64_t>(std::string("i64_") + op, "exact", op, {10, 1}, i64, {1, 10}, i64));
  }
  cases->push_back(
      PlainBinary<int64_t>("i64_FLOOR_MOD", "exact", "FLOOR_MOD", {10, 1}, i64, {1, 6}, nz64));
  cases->push_back(PlainBinary<int64_t>("i64_ADD_RELU6", "exact", "ADD", {10, 1}, i64, {1, 10}, i64,
                                        {{"fused_activation_function", "RELU6"}}));

  const std::vector<int16_t> i16 = {0, 1, -1, 300, -300, 32767, -32768, 181, -182, 12};
  std::vector<int16_t> nz16 = {1, 300, -300, 32767, -32768, 181, 12, 2};
  for (const char* op : {"ADD", "MUL", "MAXIMUM", "MINIMUM"}) {
    cases->push_back(
        PlainBinary<int16_t>(std::string("i16_") + op, "exact", op, {10, 1}, i16, {1, 10}, i16));
  }
  for (const char* op : {"FLOOR_DIV", "FLOOR_MOD"}) {
    cases->push_back(
        PlainBinary<int16_t>(std::string("i16_") + op, "exact", op, {10, 1}, i16, {1, 8}, nz16));
  }
  cases->push_back(PlainBinary<int16_t>("i16_ADD_RELU", "exact", "ADD", {10, 1}, i16, {1, 10}, i16,
                                        {{"fused_activation_function", "RELU"}}));
  const std::vector<int8_t> all8 = AllValues<int8_t>();
  std::vector<int8_t> nz8 = AllValues<int8_t>(true, 0);
  for (const char* op : {"MAXIMUM", "MINIMUM"}) {
    cases->push_back(
        PlainBinary<int8_t>(std::string("i8_") + op, "exact", op, {256, 1}, all8, {1, 256}, all8));
    cases->push_back(PlainBinary<uint8_t>(std::string("u8_") + op, "exact", op, {256, 1},
                                          AllValues<uint8_t>(), {1, 256}, AllValues<uint8_t>()));
  }
  for (const char* op : {"FLOOR_DIV", "FLOOR_MOD"}) {
    cases->push_back(
        PlainBinary<int8_t>(std::string("i8_") + op, "exact", op, {256, 1}, all8, {1, 255}, nz8));
  }
  // Quantized int8 inputs are raw integers for these ops.
  {
    DiffCase c("i8q_FLOOR_DIV_raw", "exact");
    int a = c.Input<int8_t>({256, 1}, all8, {{0.5f}, {3}});
    int b = c.Input<int8_t>({1, 255}, nz8, {{0.25f}, {-2}});
    int y = c.builder.AddTensor(PLINTH_INT8, {}, "", {{0.5f}, {3}});
    c.builder.AddOperator("FLOOR_DIV", {a, b}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  const std::vector<uint32_t> u32 = {0, 1, 7, 65536, 4000000000u, 123456789u};
  cases->push_back(PlainBinary<uint32_t>("u32_MUL", "exact", "MUL", {6, 1}, u32, {1, 6}, u32));
  const std::vector<float> c64 = {1.f, 2.f, -3.5f, 0.25f, 0.f, -1.f, 1e20f, 3.f};
  cases->push_back(
      PlainBinary<float>("c64_MUL", "exact", "MUL", {4}, c64, {4}, c64, {}, PLINTH_COMPLEX64));
}

std::vector<float> FloatSweep() {
  std::vector<float> v = FloatSpecials();
  for (float x : RandomValues<float>(200, -12, 12, 31)) v.push_back(x);
  for (float x : {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 3.4999998f, 1e7f + 1, 8388609.f})
    v.push_back(x);
  return v;
}

PLINTH_DIFF_CASES(UnaryMathCases) {
  const std::vector<float> sweep = FloatSweep();
  const int n = static_cast<int>(sweep.size());
  for (const char* op :
       {"ABS", "NEG", "SIGN", "SQUARE", "SQRT", "RSQRT", "EXP", "LOG", "SIN", "COS", "FLOOR"}) {
    cases->push_back(
        Unary<float>(std::string("f32_u_") + op, "ulp 1", op, {n}, sweep, {}, PLINTH_FLOAT32, {}));
  }
  const std::vector<int32_t> i32 = {0, 1, -1, 5, -5, 2147483647, -2147483647 - 1, 123456};
  for (const char* op : {"ABS", "NEG", "SIGN"}) {
    cases->push_back(
        Unary<int32_t>(std::string("i32_u_") + op, "exact", op, {8}, i32, {}, PLINTH_INT32, {}));
  }
  cases->push_back(Unary<int64_t>(
      "i64_u_NEG", "exact", "NEG", {4},
      std::vector<int64_t>{0, -7, int64_t{1} << 50, std::numeric_limits<int64_t>::min()}, {},
      PLINTH_INT64, {}));
  cases->push_back(Unary<int16_t>("i16_u_NEG", "exact", "NEG", {6},
                                  std::vector<int16_t>{0, 1, -1, 32767, -32768, 99}, {},
                                  PLINTH_INT16, {}));
  cases->push_back(Unary<int16_t>("i16_u_ABS", "exact", "ABS", {6},
                                  std::vector<int16_t>{0, 1, -1, 32767, -32768, -99}, {},
                                  PLINTH_INT16, {}));
  cases->push_back(
      Unary<int8_t>("i8_u_NEG", "exact", "NEG", {256}, AllValues<int8_t>(), {}, PLINTH_INT8, {}));
  cases->push_back(Unary<int8_t>("i8q_u_NEG_raw", "exact", "NEG", {256}, AllValues<int8_t>(),
                                 {{0.5f}, {10}}, PLINTH_INT8, {{0.25f}, {-3}}));
  const std::vector<uint16_t> halves = {0x0000, 0x8000, 0x3c00, 0xbc00, 0x3e00, 0xbe00, 0x4248,
                                        0xc248, 0x7c00, 0xfc00, 0x7e00, 0x0001, 0x8001, 0x5640};
  for (const char* op : {"NEG", "FLOOR"}) {
    cases->push_back(Unary<uint16_t>(std::string("f16_u_") + op, "exact", op, {14}, halves, {},
                                     PLINTH_FLOAT16, {}, {}, PLINTH_FLOAT16));
  }
  {
    DiffCase c("cmp_f16_LESS", "exact");
    int a = c.Input<uint16_t>({14, 1}, halves, {}, PLINTH_FLOAT16);
    int b = c.Input<uint16_t>({1, 14}, halves, {}, PLINTH_FLOAT16);
    int y = c.builder.AddTensor(PLINTH_BOOL, {});
    c.builder.AddOperator("LESS", {a, b}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  cases->push_back(Unary<double>("f64_u_SIGN", "exact", "SIGN", {5},
                                 std::vector<double>{0.0, -0.0, 3.5, -1e300, 7}, {}, PLINTH_FLOAT64,
                                 {}));

  // Quantized, exhaustive over int8 inputs.
  const std::vector<std::pair<QuantSpec, QuantSpec>> q8 = {{{{0.05f}, {0}}, {{0.05f}, {0}}},
                                                           {{{0.02f}, {-128}}, {{0.07f}, {127}}},
                                                           {{{0.1f}, {127}}, {{0.003f}, {-128}}},
                                                           {{{0.0123f}, {-7}}, {{0.3f}, {22}}},
                                                           {{{0.9f}, {-100}}, {{0.01f}, {-128}}}};
  for (size_t i = 0; i < q8.size(); ++i) {
    const auto& [qi, qo] = q8[i];
    for (const char* op : {"ABS", "EXP", "LOG"}) {
      cases->push_back(Unary<int8_t>(std::string("q_i8_u_") + op + "_" + std::to_string(i), "exact",
                                     op, {256}, AllValues<int8_t>(), qi, PLINTH_INT8, qo));
    }
    // RSQRT refuses inputs below the zero point.
    std::vector<int8_t> nonneg;
    for (int v = static_cast<int>(qi.zero_points[0]); v <= 127; ++v)
      nonneg.push_back(static_cast<int8_t>(v));
    cases->push_back(Unary<int8_t>("q_i8_u_RSQRT_" + std::to_string(i), "exact", "RSQRT",
                                   {static_cast<int32_t>(nonneg.size())}, nonneg, qi, PLINTH_INT8,
                                   qo));
  }
  const std::vector<std::pair<float, float>> q16 = {
      {0.001f, 0.001f}, {0.0003f, 0.002f}, {0.01f, 0.0001f}, {1.f / 4096, 1.f / 32768}};
  for (size_t i = 0; i < q16.size(); ++i) {
    const QuantSpec qi = {{q16[i].first}, {0}}, qo = {{q16[i].second}, {0}};
    std::vector<int16_t> all16;
    for (int v = -32768; v <= 32767; v += 7) all16.push_back(static_cast<int16_t>(v));
    all16.push_back(32767);
    const int32_t m = static_cast<int32_t>(all16.size());
    for (const char* op : {"ABS", "EXP", "LOG"}) {
      cases->push_back(Unary<int16_t>(std::string("q_i16_u_") + op + "_" + std::to_string(i),
                                      "exact", op, {m}, all16, qi, PLINTH_INT16, qo));
    }
    std::vector<int16_t> nonneg;
    for (int v = 0; v <= 32767; v += 3) nonneg.push_back(static_cast<int16_t>(v));
    cases->push_back(Unary<int16_t>("q_i16_u_RSQRT_" + std::to_string(i), "exact", "RSQRT",
                                    {static_cast<int32_t>(nonneg.size())}, nonneg, qi, PLINTH_INT16,
                                    qo));
  }
}

PLINTH_DIFF_CASES(ComparisonCases) {
  const char* ops[] = {"EQUAL", "NOT_EQUAL", "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL"};
  for (const char* op : ops) {
    std::vector<float> sp = FloatSpecials();
    {
      DiffCase c(std::string("cmp_f32_") + op, "exact");
      int a = c.Input<float>({16, 1}, sp), b = c.Input<float>({1, 16}, sp);
      int y = c.builder.AddTensor(PLINTH_BOOL, {});
      c.builder.AddOperator(op, {a, b}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    {
      DiffCase c(std::string("cmp_i32_") + op, "exact");
      int a = c.Input<int32_t>({2, 3, 4}, RandomValues<int32_t>(24, -3, 3, 41));
      int b = c.Input<int32_t>({3, 1}, RandomValues<int32_t>(3, -3, 3, 42));
      int y = c.builder.AddTensor(PLINTH_BOOL, {});
      c.builder.AddOperator(op, {a, b}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    {
      DiffCase c(std::string("cmp_i64_") + op, "exact");
      int a = c.Input<int64_t>({5}, std::vector<int64_t>{1, -1, int64_t{1} << 40, 0, 9});
      int b = c.Input<int64_t>({1}, std::vector<int64_t>{int64_t{1} << 40});
      int y = c.builder.AddTensor(PLINTH_BOOL, {});
      c.builder.AddOperator(op, {a, b}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    // Quantized: exhaustive pairs, different scales (compared by real value) and equal ones.
    const std::vector<std::pair<QuantSpec, QuantSpec>> q = {{{{0.05f}, {3}}, {{0.05f}, {-9}}},
                                                            {{{0.02f}, {-128}}, {{0.137f}, {127}}},
                                                            {{{0.5f}, {10}}, {{0.25f}, {-20}}}};
    for (size_t i = 0; i < q.size(); ++i) {
      cases->push_back(ExhaustiveBinary8<int8_t>(std::string("cmp_q_i8_") + op + std::to_string(i),
                                                 op, PLINTH_INT8, q[i].first, q[i].second, {}, {},
                                                 false, PLINTH_BOOL));
      QuantSpec ua = q[i].first, ub = q[i].second;
      ua.zero_points[0] += 128, ub.zero_points[0] += 128;
      cases->push_back(ExhaustiveBinary8<uint8_t>(std::string("cmp_q_u8_") + op + std::to_string(i),
                                                  op, PLINTH_UINT8, ua, ub, {}, {}, false,
                                                  PLINTH_BOOL));
    }
  }
  for (const char* op : {"EQUAL", "LESS", "GREATER_EQUAL"}) {
    DiffCase c(std::string("cmp_i16_") + op, "exact");
    int a = c.Input<int16_t>({4, 6}, RandomValues<int16_t>(24, -5, 5, 43));
    int b = c.Input<int16_t>({6}, RandomValues<int16_t>(6, -5, 5, 44));
    int y = c.builder.AddTensor(PLINTH_BOOL, {});
    c.builder.AddOperator(op, {a, b}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  for (const char* op : {"EQUAL", "NOT_EQUAL"}) {
    DiffCase c(std::string("cmp_bool_") + op, "exact");
    int a = c.Input<uint8_t>({2, 2}, std::vector<uint8_t>{1, 0, 1, 0}, {}, PLINTH_BOOL);
    int b = c.Input<uint8_t>({2, 1}, std::vector<uint8_t>{1, 0}, {}, PLINTH_BOOL);
    int y = c.builder.AddTensor(PLINTH_BOOL, {});
    c.builder.AddOperator(op, {a, b}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(LogicSelectCases) {
  auto bools = [](size_t n, uint32_t seed) {
    std::vector<uint8_t> v = RandomValues<uint8_t>(n, 0, 1, seed);
    return v;
  };
  for (const char* op : {"LOGICAL_AND", "LOGICAL_OR"}) {
    DiffCase c(std::string("logic_") + op, "exact");
    int a = c.Input<uint8_t>({3, 1, 4}, bools(12, 51), {}, PLINTH_BOOL);
    int b = c.Input<uint8_t>({5, 1}, bools(5, 52), {}, PLINTH_BOOL);
    int y = c.builder.AddTensor(PLINTH_BOOL, {});
    c.builder.AddOperator(op, {a, b}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  cases->push_back(Unary<uint8_t>("logic_LOGICAL_NOT", "exact", "LOGICAL_NOT", {7}, bools(7, 53),
                                  {}, PLINTH_BOOL, {}, {}, PLINTH_BOOL));
  // SELECT: same shapes, scalar and rank-1 conditions; SELECT_V2: broadcasting all three.
  struct SelectShapes {
    const char* name;
    std::vector<int32_t> c, x;
    bool v2only;
    std::vector<int32_t> y;
  };
  const std::vector<SelectShapes> shapes = {
      {"same", {2, 3}, {2, 3}, false, {2, 3}},        {"scalar", {}, {2, 3}, false, {2, 3}},
      {"rank1", {2}, {2, 3, 2}, false, {2, 3, 2}},    {"bc", {1, 3}, {2, 1}, true, {3}},
      {"bc3", {4, 1, 1}, {1, 3, 1}, true, {1, 1, 2}},
  };
  for (const auto& s : shapes) {
    for (const char* op : {"SELECT", "SELECT_V2"}) {
      if (s.v2only && std::string(op) == "SELECT") continue;
      if (std::string(op) == "SELECT_V2" && std::string(s.name) == "rank1") continue;
      size_t nc = NumElementsOf(s.c), nx = NumElementsOf(s.x), ny = NumElementsOf(s.y);
      {
        DiffCase c(std::string("sel_f32_") + op + "_" + s.name, "exact");
        int ic = c.Input<uint8_t>(s.c, bools(nc, 54), {}, PLINTH_BOOL);
        int ix = c.Input<float>(s.x, RandomValues<float>(nx, -5, 5, 55));
        int iy = c.Input<float>(s.y, RandomValues<float>(ny, -5, 5, 56));
        int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
        c.builder.AddOperator(op, {ic, ix, iy}, {y});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
      {
        DiffCase c(std::string("sel_i8q_") + op + "_" + s.name, "exact");
        int ic = c.Input<uint8_t>(s.c, bools(nc, 57), {}, PLINTH_BOOL);
        int ix = c.Input<int8_t>(s.x, RandomValues<int8_t>(nx, -128, 127, 58), {{0.1f}, {2}});
        int iy = c.Input<int8_t>(s.y, RandomValues<int8_t>(ny, -128, 127, 59), {{0.1f}, {2}});
        int y = c.builder.AddTensor(PLINTH_INT8, {}, "", {{0.1f}, {2}});
        c.builder.AddOperator(op, {ic, ix, iy}, {y});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
  }
  for (PlinthType t :
       {PLINTH_INT16, PLINTH_INT32, PLINTH_INT64, PLINTH_UINT8, PLINTH_BOOL, PLINTH_UINT32}) {
    DiffCase c(std::string("sel_types_") + TypeName(t), "exact");
    size_t es = TypeSize(t);
    int ic = c.Input<uint8_t>({2, 3}, bools(6, 60), {}, PLINTH_BOOL);
    std::vector<uint8_t> xb = RandomValues<uint8_t>(6 * es, 0, 255, 61),
                         yb = RandomValues<uint8_t>(6 * es, 0, 255, 62);
    if (t == PLINTH_BOOL) xb = bools(6, 63), yb = bools(6, 64);
    int ix = c.Input<uint8_t>({2, 3}, xb, {}, t);
    int iy = c.Input<uint8_t>({2, 3}, yb, {}, t);
    int y = c.builder.AddTensor(t, {});
    c.builder.AddOperator("SELECT_V2", {ic, ix, iy}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  for (PlinthType t : {PLINTH_FLOAT32, PLINTH_INT32}) {
    DiffCase c(std::string("addn_") + TypeName(t), t == PLINTH_FLOAT32 ? "ulp 1" : "exact");
    std::vector<int> in;
    for (int k = 0; k < 4; ++k) {
      if (t == PLINTH_FLOAT32) {
        in.push_back(c.Input<float>({3, 5}, RandomValues<float>(15, -100, 100, 70 + k)));
      } else {
        std::vector<int32_t> v = RandomValues<int32_t>(15, -2000000000, 2000000000, 70 + k);
        in.push_back(c.Input<int32_t>({3, 5}, v));
      }
    }
    int y = c.builder.AddTensor(t, {});
    c.builder.AddOperator("ADD_N", in, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

// Appends `v` converted to the storage of `type` (values are exact in every float type).
void PutValue(PlinthType type, double v, std::vector<uint8_t>* bytes) {
  auto put = [&](auto x) {
    const uint8_t* p = reinterpret_cast<const uint8_t*>(&x);
    bytes->insert(bytes->end(), p, p + sizeof(x));
  };
  switch (type) {
    case PLINTH_FLOAT32:
      put(static_cast<float>(v));
      break;
    case PLINTH_FLOAT64:
      put(v);
      break;
    case PLINTH_FLOAT16: {
      const float f = static_cast<float>(v);
      uint32_t u;
      std::memcpy(&u, &f, 4);
      const uint16_t h =
          f == 0 ? 0
                 : static_cast<uint16_t>(((u >> 16) & 0x8000) | ((((u >> 23) & 0xff) - 112) << 10) |
                                         ((u >> 13) & 0x3ff));
      put(h);
      break;
    }
    case PLINTH_INT8:
      put(static_cast<int8_t>(static_cast<int64_t>(v)));  // wraps, as the storage does
      break;
    case PLINTH_INT16:
      put(static_cast<int16_t>(static_cast<int64_t>(v)));  // wraps, as the storage does
      break;
    case PLINTH_INT32:
      put(static_cast<int32_t>(static_cast<int64_t>(v)));  // wraps, as the storage does
      break;
    case PLINTH_INT64:
      put(static_cast<int64_t>(v));
      break;
    case PLINTH_UINT8:
      put(static_cast<uint8_t>(static_cast<int64_t>(v) & 0xff));
      break;
    case PLINTH_UINT16:
      put(static_cast<uint16_t>(static_cast<int64_t>(v) & 0xffff));
      break;
    case PLINTH_UINT32:
      put(static_cast<uint32_t>(static_cast<int64_t>(v)));
      break;
    case PLINTH_BOOL:
      put(static_cast<uint8_t>(v != 0));
      break;
    case PLINTH_COMPLEX64:
      put(static_cast<float>(v));
      put(static_cast<float>(-v));
      break;
    default:
      break;
  }
}

bool IsFloatType(PlinthType t) {
  return t == PLINTH_FLOAT32 || t == PLINTH_FLOAT64 || t == PLINTH_FLOAT16 || t == PLINTH_COMPLEX64;
}

PLINTH_DIFF_CASES(CastCases) {
  const std::vector<PlinthType> types = {PLINTH_FLOAT32, PLINTH_FLOAT64, PLINTH_FLOAT16,
                                         PLINTH_INT8,    PLINTH_INT16,   PLINTH_INT32,
                                         PLINTH_INT64,   PLINTH_UINT8,   PLINTH_UINT16,
                                         PLINTH_UINT32,  PLINTH_BOOL,    PLINTH_COMPLEX64};
  // Integer sources wrap into narrower types; float sources get only values inside the target's
  // range (outside it TFLite's conversion is undefined).
  const std::vector<double> values = {0,   1,    -1,   2,    7,   -7,  100,
                                      127, -128, 3.75, -2.5, 0.5, 255, 200.9};
  for (PlinthType from : types) {
    for (PlinthType to : types) {
      const bool unsigned_to = to == PLINTH_UINT8 || to == PLINTH_UINT16 || to == PLINTH_UINT32;
      std::vector<uint8_t> bytes;
      int n = 0;
      for (double v : values) {
        if (IsFloatType(from) && !IsFloatType(to) && to != PLINTH_BOOL) {
          if (unsigned_to && v < 0) continue;
          if (to == PLINTH_INT8 && v > 127) continue;
        }
        PutValue(from, v, &bytes);
        ++n;
      }
      DiffCase c(std::string("cast_") + TypeName(from) + "_" + TypeName(to), "exact");
      int a = c.Input<uint8_t>({n}, bytes, {}, from);
      int y = c.builder.AddTensor(to, {});
      c.builder.AddOperator("CAST", {a}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  // Float specials into float and bool outputs.
  const std::vector<float> wild = {1e10f,
                                   -1e10f,
                                   3e9f,
                                   -3e9f,
                                   65536.5f,
                                   -70000.f,
                                   1e-45f,
                                   std::numeric_limits<float>::infinity(),
                                   -std::numeric_limits<float>::infinity(),
                                   std::numeric_limits<float>::quiet_NaN(),
                                   1e-40f,
                                   70000.f,
                                   -0.f};
  for (PlinthType to : {PLINTH_FLOAT64, PLINTH_FLOAT16, PLINTH_BOOL}) {
    DiffCase c(std::string("cast_wild_FLOAT32_") + TypeName(to), "exact");
    int a = c.Input<float>({13}, wild);
    int y = c.builder.AddTensor(to, {});
    c.builder.AddOperator("CAST", {a}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

}  // namespace
}  // namespace plinth::testing
