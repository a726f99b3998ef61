// Differential cases for QUANTIZE and DEQUANTIZE: float inputs with values at rounding ties,
// beyond the output range and non-finite; requantization over every 8-bit value; per-channel
// scales.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "core/model.h"
#include "core/schema_reflection.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/differential/diff_case.h"
#include "tests/differential/ew_case_util.h"

namespace plinth::testing {
namespace {

std::vector<float> QuantizeInputs(float scale) {
  std::vector<float> v = RandomValues<float>(200, -300 * scale, 300 * scale, 111);
  // Exact ties (x / scale = k + 0.5), far out of range, zeros and specials.
  for (int k = -6; k <= 6; ++k) v.push_back((k + 0.5f) * scale);
  for (float x :
       {0.f, -0.f, 1e10f, -1e10f, 3e9f, -3e9f, 1e30f, std::numeric_limits<float>::infinity(),
        -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()}) {
    v.push_back(x);
  }
  return v;
}

PLINTH_DIFF_CASES(QuantizeCases) {
  struct Target {
    PlinthType type;
    QuantSpec q;
  };
  const std::vector<Target> targets = {
      {PLINTH_INT8, {{0.05f}, {0}}},    {PLINTH_INT8, {{0.3f}, {-128}}},
      {PLINTH_INT8, {{0.01f}, {127}}},  {PLINTH_INT8, {{0.07f}, {-5}}},
      {PLINTH_UINT8, {{0.05f}, {128}}}, {PLINTH_UINT8, {{0.2f}, {0}}},
      {PLINTH_UINT8, {{0.02f}, {255}}}, {PLINTH_INT16, {{0.001f}, {0}}},
      {PLINTH_INT16, {{0.0003f}, {-7}}}};
  for (size_t i = 0; i < targets.size(); ++i) {
    const Target& t = targets[i];
    std::vector<float> x = QuantizeInputs(t.q.scales[0]);
    cases->push_back(Unary<float>(Cat("quantize_f32_", TypeName(t.type), "_", i), "exact",
                                  "QUANTIZE", {static_cast<int32_t>(x.size())}, x, {}, t.type,
                                  t.q));
  }
  // Per channel along each axis.
  for (int axis = 0; axis < 3; ++axis) {
    const std::vector<int32_t> shape = {3, 4, 5};
    const int channels = shape[axis];
    QuantSpec q;
    q.quantized_dimension = axis;
    for (int c = 0; c < channels; ++c) {
      q.scales.push_back(0.01f * (c + 1) + 0.003f);
      q.zero_points.push_back(c * 7 - 10);
    }
    cases->push_back(Unary<float>(Cat("quantize_f32_per_channel_axis", axis), "exact", "QUANTIZE",
                                  shape, RandomValues<float>(60, -2, 2, 112 + axis), {},
                                  PLINTH_INT8, q));
  }
  // Requantize: every input value, scale ratios above and below one, zero points at the edges.
  const std::vector<std::pair<float, float>> ratios = {
      {0.05f, 0.05f}, {0.02f, 0.07f}, {0.3f, 0.01f}, {0.0123f, 0.0125f}};
  for (size_t i = 0; i < ratios.size(); ++i) {
    const auto [si, so] = ratios[i];
    for (int32_t zi : {-128, 0, 127}) {
      for (int32_t zo : {-128, 3, 127}) {
        cases->push_back(Unary<int8_t>(Cat("requantize_i8_i8_", i, "_", zi, "_", zo), "exact",
                                       "QUANTIZE", {256}, AllValues<int8_t>(), {{si}, {zi}},
                                       PLINTH_INT8, {{so}, {zo}}));
        cases->push_back(Unary<int8_t>(Cat("requantize_i8_u8_", i, "_", zi, "_", zo), "exact",
                                       "QUANTIZE", {256}, AllValues<int8_t>(), {{si}, {zi}},
                                       PLINTH_UINT8, {{so}, {zo + 128}}));
        cases->push_back(Unary<uint8_t>(Cat("requantize_u8_i8_", i, "_", zi, "_", zo), "exact",
                                        "QUANTIZE", {256}, AllValues<uint8_t>(), {{si}, {zi + 128}},
                                        PLINTH_INT8, {{so}, {zo}}));
        cases->push_back(Unary<uint8_t>(Cat("requantize_u8_u8_", i, "_", zi, "_", zo), "exact",
                                        "QUANTIZE", {256}, AllValues<uint8_t>(), {{si}, {zi + 128}},
                                        PLINTH_UINT8, {{so}, {zo + 128}}));
      }
    }
    // The int8 <-> uint8 shift by 128 at equal scales (TFLite's fast path).
    cases->push_back(Unary<int8_t>(Cat("requantize_i8_u8_shift_", i), "exact", "QUANTIZE", {256},
                                   AllValues<int8_t>(), {{si}, {-3}}, PLINTH_UINT8, {{si}, {125}}));
    std::vector<int16_t> x16;
    for (int v = -32768; v <= 32767; v += 11) x16.push_back(static_cast<int16_t>(v));
    const int32_t n16 = static_cast<int32_t>(x16.size());
    const float si16 = si / 100, so16 = so / 100;
    cases->push_back(Unary<int16_t>(Cat("requantize_i16_i16_", i), "exact", "QUANTIZE", {n16}, x16,
                                    {{si16}, {0}}, PLINTH_INT16, {{so16}, {0}}));
    cases->push_back(Unary<int16_t>(Cat("requantize_i16_i8_", i), "exact", "QUANTIZE", {n16}, x16,
                                    {{si16}, {5}}, PLINTH_INT8, {{so}, {-9}}));
    cases->push_back(Unary<int16_t>(Cat("requantize_i16_i32_", i), "exact", "QUANTIZE", {n16}, x16,
                                    {{si16}, {0}}, PLINTH_INT32, {{so16 / 1000}, {11}}));
    std::vector<int32_t> x32 = RandomValues<int32_t>(500, -2000000, 2000000, 113);
    for (int32_t v : {std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(), 0})
      x32.push_back(v);
    cases->push_back(Unary<int32_t>(Cat("requantize_i32_i8_", i), "exact", "QUANTIZE", {503}, x32,
                                    {{si / 10000}, {4}}, PLINTH_INT8, {{so}, {-2}}));
    cases->push_back(Unary<int32_t>(Cat("requantize_i32_i16_", i), "exact", "QUANTIZE", {503}, x32,
                                    {{si / 10000}, {-4}}, PLINTH_INT16, {{so16}, {0}}));
  }
}

PLINTH_DIFF_CASES(DequantizeCases) {
  for (const QuantSpec& q :
       std::vector<QuantSpec>{{{0.05f}, {0}}, {{0.0371f}, {-128}}, {{3.5f}, {127}}}) {
    cases->push_back(Unary<int8_t>(Cat("dequantize_i8_", q.zero_points[0]), "exact", "DEQUANTIZE",
                                   {256}, AllValues<int8_t>(), q, PLINTH_FLOAT32, {}));
    QuantSpec u = q;
    u.zero_points[0] += 128;
    cases->push_back(Unary<uint8_t>(Cat("dequantize_u8_", u.zero_points[0]), "exact", "DEQUANTIZE",
                                    {256}, AllValues<uint8_t>(), u, PLINTH_FLOAT32, {}));
  }
  std::vector<int16_t> x16;
  for (int v = -32768; v <= 32767; v += 13) x16.push_back(static_cast<int16_t>(v));
  cases->push_back(Unary<int16_t>("dequantize_i16", "exact", "DEQUANTIZE",
                                  {static_cast<int32_t>(x16.size())}, x16, {{0.000917f}, {0}},
                                  PLINTH_FLOAT32, {}));
  // Per channel, as a constant (weights) and as an input, along each axis.
  for (int axis = 0; axis < 3; ++axis) {
    const std::vector<int32_t> shape = {3, 4, 5};
    QuantSpec q;
    q.quantized_dimension = axis;
    for (int c = 0; c < shape[axis]; ++c) {
      q.scales.push_back(0.02f * (c + 1) + 0.001f);
      q.zero_points.push_back(c * 5 - 8);
    }
    const std::vector<int8_t> x = RandomValues<int8_t>(60, -128, 127, 114 + axis);
    cases->push_back(Unary<int8_t>(Cat("dequantize_i8_per_channel_axis", axis), "exact",
                                   "DEQUANTIZE", shape, x, q, PLINTH_FLOAT32, {}));
    DiffCase c(Cat("dequantize_const_u8_per_channel_axis", axis), "exact");
    QuantSpec qu = q;
    for (auto& zp : qu.zero_points) zp += 128;
    const std::vector<uint8_t> w = RandomValues<uint8_t>(60, 0, 255, 117 + axis);
    int a = c.builder.AddConstant<uint8_t>(PLINTH_UINT8, shape, w, "", qu);
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("DEQUANTIZE", {a}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  // float16: normals, subnormals, infinities.
  std::vector<uint16_t> halves = {0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0xbc00, 0x7bff,
                                  0xfbff, 0x7c00, 0xfc00, 0x3555, 0x4248, 0x1234, 0x8abc};
  cases->push_back(Unary<uint16_t>("dequantize_f16", "exact", "DEQUANTIZE",
                                   {static_cast<int32_t>(halves.size())}, halves, {},
                                   PLINTH_FLOAT32, {}, {}, PLINTH_FLOAT16));
}

// Random raw bytes for an input of `type` (floats in [-6, 6]).
std::vector<uint8_t> RandomBytesFor(PlinthType type, size_t n, uint32_t seed) {
  if (type == PLINTH_FLOAT32) return Bytes(RandomValues<float>(n, -6, 6, seed));
  if (type == PLINTH_INT32) return Bytes(RandomValues<int32_t>(n, -100000, 100000, seed));
  return RandomValues<uint8_t>(n * TypeSize(type), 0, 255, seed);
}

// Every node of this family's ops in the shared models (../shared/models), replayed alone with
// the model's tensor types, shapes, quantization and options on random inputs: the golden
// models' own parameters, checked against TFLite's reference kernels.
PLINTH_DIFF_CASES(GoldenModelNodeCases) {
  const std::optional<std::string> dir = SharedModelsDir();
  if (!dir) return;
  const std::set<std::string> ops = {
      "ADD",        "SUB",      "MUL",     "SOFTMAX", "QUANTIZE",   "DEQUANTIZE",
      "CAST",       "LOGISTIC", "TANH",    "RELU",    "RELU6",      "HARD_SWISH",
      "LEAKY_RELU", "PRELU",    "MAXIMUM", "MINIMUM", "LOG_SOFTMAX"};
  const char* option_names[] = {"fused_activation_function", "beta", "pot_scale_int16", "alpha"};
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    if (entry.path().extension() == ".tflite") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  uint32_t seed = 1000;
  for (const auto& file : files) {
    auto model = Model::Load(file.string());
    if (!model.ok()) continue;
    const SubgraphDef& sg = (*model)->graph().subgraphs[0];
    for (size_t n = 0; n < sg.nodes.size(); ++n) {
      const NodeDef& node = sg.nodes[n];
      if (node.is_custom || !ops.count(node.op_name)) continue;
      DiffCase c(Cat("golden_", file.stem().string(), "_node", n, "_", node.op_name), "exact");
      bool has_float_output = false;
      auto quant_of = [](const TensorDef& t) {
        return QuantSpec{t.quant.scales, t.quant.zero_points, t.quant.quantized_dimension};
      };
      std::vector<int32_t> inputs, outputs;
      for (int32_t i : node.inputs) {
        if (i < 0) {
          inputs.push_back(-1);
          continue;
        }
        const TensorDef& t = sg.tensors[i];
        if (t.data != nullptr) {
          inputs.push_back(
              c.builder.AddConstantBytes(t.type, t.shape, t.data, t.data_size, "", quant_of(t)));
        } else {
          size_t count = 1;
          for (int32_t d : t.shape) count *= static_cast<size_t>(d);
          const int id = c.builder.AddTensor(t.type, t.shape, "", quant_of(t));
          c.inputs.push_back(id);
          c.feeds.push_back(RandomBytesFor(t.type, count, seed++));
          inputs.push_back(id);
        }
      }
      for (int32_t o : node.outputs) {
        const TensorDef& t = sg.tensors[o];
        has_float_output |= t.type == PLINTH_FLOAT32;
        outputs.push_back(c.builder.AddTensor(t.type, t.shape, "", quant_of(t)));
      }
      Options options;
      if (node.options_table != nullptr) {
        for (const char* name : option_names) {
          PlinthOptionValue v{};
          v.struct_size = sizeof(v);
          ReadOption(node.options_type, node.options_table, name, &v);
          if (v.kind == PLINTH_OPTION_INT) options.emplace_back(name, static_cast<int64_t>(v.i));
          if (v.kind == PLINTH_OPTION_FLOAT) options.emplace_back(name, v.f);
        }
      }
      if (has_float_output) c.tolerance = "ulp 2";
      c.builder.AddOperator(node.op_name, inputs, outputs, options, node.version);
      c.Outputs(outputs);
      cases->push_back(std::move(c));
    }
  }
}

}  // namespace
}  // namespace plinth::testing
