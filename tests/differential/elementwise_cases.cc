// Differential cases for the elementwise kernels (binary arithmetic, unary math, comparisons,
// logic, select, cast). Quantized cases are exhaustive over 8-bit input pairs (one input along
// rows, the other along columns, broadcast) and compared bit for bit.
#include <cmath>
#include <limits>

#include "tests/builtin_ops/op_test_util.h"
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
        cases->push_back(ExhaustiveBinary8<int8_t>(std::string("q_i8_") + op + "_" + q.name + "_" + act,
                                                   op, PLINTH_INT8, q.a, q.b, q.out,
                                                   {{"fused_activation_function", act}}));
      }
    }
    for (const QuantCombo& q : Uint8Combos()) {
      for (const char* act : kActivations) {
        cases->push_back(ExhaustiveBinary8<uint8_t>(std::string("q_u8_") + op + "_" + q.name + "_" + act,
                                                    op, PLINTH_UINT8, q.a, q.b, q.out,
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
                                               PLINTH_INT8, q.a, q.b, q.out, {}, /*skip_b_zp=*/true));
    cases->push_back(ExhaustiveBinary8<int8_t>(std::string("q_i8_SQUARED_DIFFERENCE_") + q.name,
                                               "SQUARED_DIFFERENCE", PLINTH_INT8, q.a, q.b, q.out,
                                               {}));
  }
  for (const QuantCombo& q : Uint8Combos()) {
    cases->push_back(ExhaustiveBinary8<uint8_t>(std::string("q_u8_DIV_") + q.name, "DIV",
                                                PLINTH_UINT8, q.a, q.b, q.out, {}, true));
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

}  // namespace
}  // namespace plinth::testing
