// Differential cases for the nn/ kernels (convolutions, fully connected, batch matmul, pooling,
// normalization) against TFLite's reference kernels. Quantized outputs are compared bit for bit;
// float outputs within a few ulp (the accumulation order is the reference kernels').
#include <cmath>
#include <string>

#include "tests/builtin_ops/op_test_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {
namespace {

QuantSpec PerTensor(float scale, int64_t zero_point) { return {{scale}, {zero_point}, 0}; }

// Symmetric per-channel scales along `axis`, spread geometrically over [lo, hi].
QuantSpec PerChannel(int32_t channels, float lo, float hi, int32_t axis) {
  QuantSpec q;
  q.quantized_dimension = axis;
  for (int32_t c = 0; c < channels; ++c) {
    const float t = channels > 1 ? static_cast<float>(c) / (channels - 1) : 0.f;
    q.scales.push_back(lo * std::pow(hi / lo, t));
    q.zero_points.push_back(0);
  }
  return q;
}

// Bias quantization matching input scale x filter scale (per channel when the filter is).
QuantSpec BiasQuant(float input_scale, const QuantSpec& filter) {
  QuantSpec q;
  for (float s : filter.scales) {
    q.scales.push_back(input_scale * s);
    q.zero_points.push_back(0);
  }
  return q;
}

size_t Count(const std::vector<int32_t>& shape) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

// A convolution-like op (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED): float32 input, constant
// weights and bias.
struct FloatConv {
  std::string name, op, tolerance = "ulp 2";
  std::vector<int32_t> input, filter;
  int32_t bias = 0;  // bias elements; 0 for none
  Options options;
  uint32_t seed = 1;
};

void AddFloat(std::vector<DiffCase>* cases, const FloatConv& f) {
  DiffCase c(f.name, f.tolerance);
  int in = c.Input<float>(f.input, RandomValues<float>(Count(f.input), -2, 2, f.seed));
  int w = c.builder.AddConstant<float>(PLINTH_FLOAT32, f.filter,
                                       RandomValues<float>(Count(f.filter), -1, 1, f.seed + 1));
  int b = -1;
  if (f.bias > 0) {
    b = c.builder.AddConstant<float>(PLINTH_FLOAT32, {f.bias},
                                     RandomValues<float>(f.bias, -1, 1, f.seed + 2));
  }
  int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
  c.builder.AddOperator(f.op, {in, w, b}, {y}, f.options);
  c.Outputs({y});
  cases->push_back(std::move(c));
}

// A quantized convolution-like op: integer input, constant integer weights and bias.
struct QuantConv {
  std::string name, op, tolerance = "exact";
  PlinthType input_type = PLINTH_INT8, filter_type = PLINTH_INT8, bias_type = PLINTH_INT32;
  PlinthType output_type = PLINTH_INT8;
  std::vector<int32_t> input, filter;
  QuantSpec input_q, filter_q, output_q;
  bool bias = true;
  Options options;
  uint32_t seed = 1;
};

template <class T>
std::vector<T> RandomOfType(size_t n, uint32_t seed) {
  return RandomValues<T>(n, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), seed);
}

std::vector<uint8_t> RandomBytesOf(PlinthType type, size_t n, uint32_t seed) {
  switch (type) {
    case PLINTH_UINT8:
      return Bytes(RandomOfType<uint8_t>(n, seed));
    case PLINTH_INT8:
      return Bytes(RandomOfType<int8_t>(n, seed));
    case PLINTH_INT16:
      return Bytes(RandomValues<int16_t>(n, -20000, 20000, seed));
    default:
      return {};
  }
}

void AddQuant(std::vector<DiffCase>* cases, const QuantConv& q) {
  DiffCase c(q.name, q.tolerance);
  int in = c.builder.AddTensor(q.input_type, q.input, "", q.input_q);
  c.inputs.push_back(in);
  c.feeds.push_back(RandomBytesOf(q.input_type, Count(q.input), q.seed));
  std::vector<uint8_t> wbytes = RandomBytesOf(q.filter_type, Count(q.filter), q.seed + 1);
  if (q.filter_type == PLINTH_INT8) {
    // Symmetric int8 weights stay in [-127, 127].
    for (uint8_t& v : wbytes) {
      if (static_cast<int8_t>(v) == -128) v = static_cast<uint8_t>(-127);
    }
  }
  int w = c.builder.AddConstantBytes(q.filter_type, q.filter, wbytes.data(), wbytes.size(), "",
                                     q.filter_q);
  int b = -1;
  const int32_t units = q.op == "DEPTHWISE_CONV_2D" ? q.filter.back() : q.filter.front();
  if (q.bias) {
    QuantSpec bq = BiasQuant(q.input_q.scales[0], q.filter_q);
    if (q.bias_type == PLINTH_INT64) {
      auto v = RandomValues<int64_t>(units, -3000000, 3000000, q.seed + 2);
      b = c.builder.AddConstant<int64_t>(PLINTH_INT64, {units}, v, "", bq);
    } else {
      auto v = RandomValues<int32_t>(units, -20000, 20000, q.seed + 2);
      b = c.builder.AddConstant<int32_t>(PLINTH_INT32, {units}, v, "", bq);
    }
  }
  int y = c.builder.AddTensor(q.output_type, {}, "", q.output_q);
  c.builder.AddOperator(q.op, {in, w, b}, {y}, q.options);
  c.Outputs({y});
  cases->push_back(std::move(c));
}

Options ConvOptions(const char* padding, int stride_h, int stride_w, int dil_h, int dil_w,
                    const char* activation) {
  return {{"padding", padding},         {"stride_h", stride_h},
          {"stride_w", stride_w},       {"dilation_h_factor", dil_h},
          {"dilation_w_factor", dil_w}, {"fused_activation_function", activation}};
}

// DEPTHWISE_CONV_2D options; TFLite's int16 kernel reads depth_multiplier from them.
Options DwOptions(const char* padding, int stride_h, int stride_w, int dil_h, int dil_w,
                  const char* activation, int multiplier) {
  Options o = ConvOptions(padding, stride_h, stride_w, dil_h, dil_w, activation);
  o.push_back({"depth_multiplier", multiplier});
  return o;
}

PLINTH_DIFF_CASES(Conv2DCases) {
  const char* activations[] = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1", "TANH", "SIGN_BIT"};
  int i = 0;
  for (const char* act : activations) {
    AddFloat(cases, {std::string("conv2d_f32_act_") + act,
                     "CONV_2D",
                     "ulp 2",
                     {2, 7, 6, 3},
                     {4, 3, 3, 3},
                     4,
                     ConvOptions("SAME", 1, 1, 1, 1, act),
                     10u + i++});
  }
  AddFloat(cases, {"conv2d_f32_valid_stride2",
                   "CONV_2D",
                   "ulp 2",
                   {1, 9, 8, 5},
                   {6, 3, 2, 5},
                   6,
                   ConvOptions("VALID", 2, 2, 1, 1, "NONE"),
                   21});
  AddFloat(cases, {"conv2d_f32_same_stride2_dilated",
                   "CONV_2D",
                   "ulp 2",
                   {2, 11, 10, 3},
                   {5, 3, 3, 3},
                   5,
                   ConvOptions("SAME", 2, 1, 2, 3, "RELU"),
                   22});
  AddFloat(cases, {"conv2d_f32_grouped",
                   "CONV_2D",
                   "ulp 2",
                   {1, 6, 6, 8},
                   {6, 3, 3, 4},
                   6,
                   ConvOptions("SAME", 1, 1, 1, 1, "NONE"),
                   23});

  // int8 per-channel: multipliers from ~0.05 to ~4, zero points at the edges.
  struct Int8Conv {
    const char* name;
    std::vector<int32_t> input, filter;
    Options options;
    int64_t in_zp, out_zp;
  };
  const std::vector<Int8Conv> int8_cases = {
      {"conv2d_i8_same",
       {2, 7, 6, 5},
       {8, 3, 3, 5},
       ConvOptions("SAME", 1, 1, 1, 1, "NONE"),
       -128,
       127},
      {"conv2d_i8_valid_stride2_relu6",
       {1, 9, 9, 3},
       {4, 3, 3, 3},
       ConvOptions("VALID", 2, 2, 1, 1, "RELU6"),
       5,
       -128},
      {"conv2d_i8_dilated_relu",
       {1, 10, 9, 4},
       {6, 3, 2, 4},
       ConvOptions("SAME", 1, 2, 2, 2, "RELU"),
       127,
       -3},
      {"conv2d_i8_grouped",
       {1, 5, 5, 6},
       {6, 2, 2, 2},
       ConvOptions("SAME", 1, 1, 1, 1, "RELU_N1_TO_1"),
       -10,
       10},
  };
  for (const Int8Conv& k : int8_cases) {
    QuantConv q;
    q.name = k.name;
    q.op = "CONV_2D";
    q.input = k.input;
    q.filter = k.filter;
    q.input_q = PerTensor(0.05f, k.in_zp);
    q.filter_q = PerChannel(k.filter[0], 0.002f, 0.2f, 0);
    q.output_q = PerTensor(0.1f, k.out_zp);
    q.options = k.options;
    q.seed = 100 + i++;
    AddQuant(cases, q);
  }
  {  // per-tensor int8 weights
    QuantConv q;
    q.name = "conv2d_i8_per_tensor_weights";
    q.op = "CONV_2D";
    q.input = {1, 6, 6, 3};
    q.filter = {5, 3, 3, 3};
    q.input_q = PerTensor(0.02f, 0);
    q.filter_q = PerTensor(0.01f, 0);
    q.output_q = PerTensor(0.03f, 7);
    q.options = ConvOptions("SAME", 1, 1, 1, 1, "NONE");
    q.seed = 150;
    AddQuant(cases, q);
  }
  // uint8: asymmetric per-tensor weights with a non-zero zero point. Plinth rounds legacy uint8
  // requantization once (as XNNPACK does), TFLite's reference kernels twice: 1 step apart at most
  // (docs/quantization.md).
  for (int k = 0; k < 2; ++k) {
    QuantConv q;
    q.tolerance = "abs 1";
    q.name = k == 0 ? "conv2d_u8_same" : "conv2d_u8_valid_stride2_relu6";
    q.op = "CONV_2D";
    q.input_type = q.filter_type = q.output_type = PLINTH_UINT8;
    q.input = {2, 8, 7, 3};
    q.filter = {5, 3, 3, 3};
    q.input_q = PerTensor(0.03f, 128);
    q.filter_q = PerTensor(0.004f, k == 0 ? 140 : 0);
    q.output_q = PerTensor(k == 0 ? 0.05f : 0.0005f, k == 0 ? 120 : 0);
    q.options = k == 0 ? ConvOptions("SAME", 1, 1, 1, 1, "NONE")
                       : ConvOptions("VALID", 2, 2, 1, 1, "RELU6");
    q.seed = 160 + k;
    AddQuant(cases, q);
  }
  // 16x8 with int64 and int32 bias (TFLite needs quantized_bias_type to read an int32 bias).
  for (int k = 0; k < 2; ++k) {
    QuantConv q;
    q.name = k == 0 ? "conv2d_16x8_i64_bias" : "conv2d_16x8_i32_bias";
    q.op = "CONV_2D";
    q.input_type = q.output_type = PLINTH_INT16;
    q.bias_type = k == 0 ? PLINTH_INT64 : PLINTH_INT32;
    q.input = {1, 7, 7, 4};
    q.filter = {6, 3, 3, 4};
    q.input_q = PerTensor(0.001f, 0);
    q.filter_q = PerChannel(6, 0.001f, 0.05f, 0);
    q.output_q = PerTensor(0.002f, 0);
    q.options = ConvOptions(k == 0 ? "SAME" : "VALID", 1, 2, 1, 1, k == 1 ? "RELU" : "NONE");
    if (k == 1) q.options.push_back({"quantized_bias_type", "INT32"});
    q.seed = 170 + k;
    AddQuant(cases, q);
  }
}

PLINTH_DIFF_CASES(DepthwiseConv2DCases) {
  AddFloat(cases, {"dwconv_f32_same_m2",
                   "DEPTHWISE_CONV_2D",
                   "ulp 2",
                   {2, 7, 6, 3},
                   {1, 3, 3, 6},
                   6,
                   DwOptions("SAME", 1, 1, 1, 1, "RELU6", 2),
                   200});
  AddFloat(cases, {"dwconv_f32_valid_stride2_dilated",
                   "DEPTHWISE_CONV_2D",
                   "ulp 2",
                   {1, 11, 9, 4},
                   {1, 3, 2, 4},
                   4,
                   DwOptions("VALID", 2, 1, 2, 2, "NONE", 1),
                   201});
  // Multiplier 1 without dilation: the shapes the dedicated 3x3 / 5x5 kernels serve (interior
  // blocks of 4 pixels x 16 channels, borders and leftover channels on both sides).
  AddFloat(cases, {"dwconv_f32_3x3_same_m1",
                   "DEPTHWISE_CONV_2D",
                   "ulp 2",
                   {1, 9, 11, 20},
                   {1, 3, 3, 20},
                   20,
                   DwOptions("SAME", 1, 1, 1, 1, "RELU6", 1),
                   202});
  AddFloat(cases, {"dwconv_f32_5x5_same_stride2_m1",
                   "DEPTHWISE_CONV_2D",
                   "ulp 2",
                   {2, 12, 13, 9},
                   {1, 5, 5, 9},
                   9,
                   DwOptions("SAME", 2, 2, 1, 1, "NONE", 1),
                   203});
  {
    QuantConv q;
    q.name = "dwconv_i8_per_channel_m2";
    q.op = "DEPTHWISE_CONV_2D";
    q.input = {2, 7, 6, 4};
    q.filter = {1, 3, 3, 8};
    q.input_q = PerTensor(0.05f, -128);
    q.filter_q = PerChannel(8, 0.002f, 0.3f, 3);
    q.output_q = PerTensor(0.04f, 127);
    q.options = DwOptions("SAME", 2, 2, 1, 1, "RELU", 2);
    q.seed = 210;
    AddQuant(cases, q);
  }
  {
    QuantConv q;
    q.name = "dwconv_i8_dilated_valid";
    q.op = "DEPTHWISE_CONV_2D";
    q.input = {1, 9, 9, 3};
    q.filter = {1, 2, 3, 3};
    q.input_q = PerTensor(0.02f, 3);
    q.filter_q = PerChannel(3, 0.01f, 0.05f, 3);
    q.output_q = PerTensor(0.01f, -4);
    q.options = DwOptions("VALID", 1, 1, 2, 3, "NONE", 1);
    q.seed = 211;
    AddQuant(cases, q);
  }
  {
    QuantConv q;
    q.name = "dwconv_u8_m3";
    q.op = "DEPTHWISE_CONV_2D";
    q.input_type = q.filter_type = q.output_type = PLINTH_UINT8;
    q.input = {1, 6, 5, 2};
    q.filter = {1, 3, 3, 6};
    q.input_q = PerTensor(0.03f, 100);
    q.filter_q = PerTensor(0.005f, 130);
    q.output_q = PerTensor(0.02f, 128);
    q.options = DwOptions("SAME", 1, 1, 1, 1, "RELU6", 3);
    q.seed = 212;
    AddQuant(cases, q);
  }
  {
    QuantConv q;
    q.name = "dwconv_16x8";
    q.op = "DEPTHWISE_CONV_2D";
    q.input_type = q.output_type = PLINTH_INT16;
    q.bias_type = PLINTH_INT64;
    q.input = {1, 6, 6, 3};
    q.filter = {1, 3, 3, 6};
    q.input_q = PerTensor(0.001f, 0);
    q.filter_q = PerChannel(6, 0.001f, 0.1f, 3);
    q.output_q = PerTensor(0.0005f, 0);
    q.options = DwOptions("SAME", 1, 1, 1, 1, "NONE", 2);
    q.seed = 213;
    AddQuant(cases, q);
  }
}

// A hybrid op: float32 input and output, constant int8 weights, float32 bias.
struct HybridConv {
  std::string name, op, tolerance = "exact";
  std::vector<int32_t> input, filter;
  QuantSpec filter_q;
  bool bias = true;
  Options options;
  uint32_t seed = 1;
};

void AddHybrid(std::vector<DiffCase>* cases, const HybridConv& h) {
  DiffCase c(h.name, h.tolerance);
  int in = c.Input<float>(h.input, RandomValues<float>(Count(h.input), -3, 2, h.seed));
  auto w = RandomValues<int8_t>(Count(h.filter), -127, 127, h.seed + 1);
  int wt = c.builder.AddConstant<int8_t>(PLINTH_INT8, h.filter, w, "", h.filter_q);
  int b = -1;
  const int32_t units = h.op == "DEPTHWISE_CONV_2D" ? h.filter.back() : h.filter.front();
  if (h.bias) {
    b = c.builder.AddConstant<float>(PLINTH_FLOAT32, {units},
                                     RandomValues<float>(units, -1, 1, h.seed + 2));
  }
  int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
  c.builder.AddOperator(h.op, {in, wt, b}, {y}, h.options);
  c.Outputs({y});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(HybridCases) {
  AddHybrid(cases, {"hybrid_conv2d_per_tensor",
                    "CONV_2D",
                    "exact",
                    {2, 7, 6, 3},
                    {4, 3, 3, 3},
                    PerTensor(0.01f, 0),
                    true,
                    ConvOptions("SAME", 1, 1, 1, 1, "RELU"),
                    400});
  AddHybrid(cases, {"hybrid_conv2d_per_tensor_dilated",
                    "CONV_2D",
                    "exact",
                    {1, 9, 8, 2},
                    {3, 3, 3, 2},
                    PerTensor(0.02f, 0),
                    true,
                    ConvOptions("VALID", 1, 2, 2, 2, "NONE"),
                    401});
  AddHybrid(cases, {"hybrid_conv2d_per_channel",
                    "CONV_2D",
                    "exact",
                    {2, 8, 7, 4},
                    {5, 3, 3, 4},
                    PerChannel(5, 0.001f, 0.05f, 0),
                    true,
                    ConvOptions("SAME", 2, 2, 1, 1, "NONE"),
                    402});
  AddHybrid(cases, {"hybrid_conv2d_per_channel_dilated",
                    "CONV_2D",
                    "exact",
                    {1, 9, 9, 2},
                    {3, 3, 3, 2},
                    PerChannel(3, 0.002f, 0.02f, 0),
                    true,
                    ConvOptions("SAME", 1, 1, 2, 2, "RELU6"),
                    403});
  AddHybrid(cases, {"hybrid_dwconv_per_channel",
                    "DEPTHWISE_CONV_2D",
                    "exact",
                    {2, 7, 7, 3},
                    {1, 3, 3, 6},
                    PerChannel(6, 0.001f, 0.05f, 3),
                    true,
                    DwOptions("SAME", 1, 1, 1, 1, "NONE", 2),
                    404});
  AddHybrid(cases, {"hybrid_dwconv_per_channel_dilated",
                    "DEPTHWISE_CONV_2D",
                    "exact",
                    {1, 9, 8, 2},
                    {1, 3, 2, 2},
                    PerChannel(2, 0.01f, 0.02f, 3),
                    true,
                    DwOptions("VALID", 2, 1, 2, 2, "RELU", 1),
                    405});
  // TFLite applies TANH with Eigen's rational approximation; std::tanh is within a few ulp.
  const std::pair<const char*, const char*> fc_acts[] = {
      {"NONE", "exact"},  {"RELU", "exact"}, {"RELU_N1_TO_1", "exact"},
      {"RELU6", "exact"}, {"TANH", "ulp 8"}, {"SIGN_BIT", "exact"}};
  uint32_t seed = 410;
  for (bool asymmetric : {false, true}) {
    for (bool per_channel : {false, true}) {
      for (const auto& [act, tol] : fc_acts) {
        const std::string name = std::string("hybrid_fc_") + (asymmetric ? "asym_" : "sym_") +
                                 (per_channel ? "per_channel_" : "per_tensor_") + act;
        AddHybrid(cases,
                  {name,
                   "FULLY_CONNECTED",
                   tol,
                   {3, 13},
                   {6, 13},
                   per_channel ? PerChannel(6, 0.001f, 0.05f, 0) : PerTensor(0.02f, 0),
                   true,
                   {{"fused_activation_function", act}, {"asymmetric_quantize_inputs", asymmetric}},
                   seed++});
      }
    }
  }
}

PLINTH_DIFF_CASES(FullyConnectedCases) {
  const char* activations[] = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"};
  int i = 0;
  for (const char* act : activations) {
    AddFloat(cases, {std::string("fc_f32_act_") + act,
                     "FULLY_CONNECTED",
                     "ulp 2",
                     {3, 10},
                     {7, 10},
                     7,
                     {{"fused_activation_function", act}},
                     300u + i++});
  }
  AddFloat(cases, {"fc_f32_keep_num_dims",
                   "FULLY_CONNECTED",
                   "ulp 2",
                   {2, 3, 6},
                   {5, 6},
                   5,
                   {{"keep_num_dims", true}},
                   310});
  AddFloat(cases,
           {"fc_f32_flatten_no_bias", "FULLY_CONNECTED", "ulp 2", {2, 3, 4}, {5, 6}, 0, {}, 311});
  {
    QuantConv q;
    q.name = "fc_i8_per_tensor";
    q.op = "FULLY_CONNECTED";
    q.input = {4, 12};
    q.filter = {6, 12};
    q.input_q = PerTensor(0.05f, -128);
    q.filter_q = PerTensor(0.01f, 0);
    q.output_q = PerTensor(0.2f, 127);
    q.seed = 320;
    AddQuant(cases, q);
  }
  {
    QuantConv q;
    q.name = "fc_i8_per_channel_relu";
    q.op = "FULLY_CONNECTED";
    q.input = {3, 16};
    q.filter = {8, 16};
    q.input_q = PerTensor(0.05f, 4);
    q.filter_q = PerChannel(8, 0.001f, 0.5f, 0);
    q.output_q = PerTensor(0.1f, -5);
    q.options = {{"fused_activation_function", "RELU"}};
    q.seed = 321;
    AddQuant(cases, q);
  }
  {
    QuantConv q;
    q.name = "fc_u8";
    q.tolerance = "abs 1";  // one rounding for uint8, see above
    q.op = "FULLY_CONNECTED";
    q.input_type = q.filter_type = q.output_type = PLINTH_UINT8;
    q.input = {2, 20};
    q.filter = {5, 20};
    q.input_q = PerTensor(0.02f, 128);
    q.filter_q = PerTensor(0.01f, 120);
    q.output_q = PerTensor(0.05f, 100);
    q.options = {{"fused_activation_function", "RELU6"}};
    q.seed = 322;
    AddQuant(cases, q);
  }
  for (int k = 0; k < 3; ++k) {
    QuantConv q;
    q.name = k == 0 ? "fc_16x8_i64_bias" : k == 1 ? "fc_16x8_i32_bias" : "fc_16x8_per_channel";
    // ai-edge-litert 1.4's reference FULLY_CONNECTED requantizes with a single rounding; Plinth
    // keeps TFLite's published reference (double rounding), which tflite-micro and the golden
    // vectors use: outputs at a rounding tie differ by one step (1 of these 12).
    q.tolerance = k == 2 ? "abs 1" : "exact";
    q.op = "FULLY_CONNECTED";
    q.input_type = q.output_type = PLINTH_INT16;
    q.bias_type = k == 1 ? PLINTH_INT32 : PLINTH_INT64;
    q.input = {3, 9};
    q.filter = {4, 9};
    q.input_q = PerTensor(0.001f, 0);
    q.filter_q = k == 2 ? PerChannel(4, 0.001f, 0.05f, 0) : PerTensor(0.01f, 0);
    q.output_q = PerTensor(0.003f, 0);
    if (k == 1) q.options = {{"quantized_bias_type", "INT32"}};
    q.seed = 330 + k;
    AddQuant(cases, q);
  }
}

// TRANSPOSE_CONV: (output_shape, weights, input[, bias]); output_shape constant unless `dynamic`.
struct TransposeCase {
  std::string name;
  PlinthType type = PLINTH_FLOAT32, bias_type = PLINTH_FLOAT32;
  std::vector<int32_t> input, weights, output;
  QuantSpec input_q, weights_q, output_q;
  bool bias = true, dynamic = false;
  Options options;
  uint32_t seed = 1;
};

void AddTranspose(std::vector<DiffCase>* cases, const TransposeCase& t) {
  const bool is_float = t.type == PLINTH_FLOAT32;
  // Legacy uint8 rounds once (see the uint8 CONV_2D cases): 1 step from TFLite's reference.
  DiffCase c(t.name, is_float ? "ulp 2" : (t.type == PLINTH_UINT8 ? "abs 1" : "exact"));
  int shape;
  if (t.dynamic) {
    shape = c.Input<int32_t>({4}, t.output);
  } else {
    shape = c.builder.AddConstant<int32_t>(PLINTH_INT32, {4}, t.output);
  }
  int in, w;
  const PlinthType wtype = t.type == PLINTH_INT16 ? PLINTH_INT8 : t.type;
  if (is_float) {
    in = c.Input<float>(t.input, RandomValues<float>(Count(t.input), -2, 2, t.seed));
    w = c.builder.AddConstant<float>(PLINTH_FLOAT32, t.weights,
                                     RandomValues<float>(Count(t.weights), -1, 1, t.seed + 1));
  } else {
    in = c.builder.AddTensor(t.type, t.input, "", t.input_q);
    c.inputs.push_back(in);
    c.feeds.push_back(RandomBytesOf(t.type, Count(t.input), t.seed));
    std::vector<uint8_t> wb = RandomBytesOf(wtype, Count(t.weights), t.seed + 1);
    if (wtype == PLINTH_INT8) {
      for (uint8_t& v : wb) {
        if (static_cast<int8_t>(v) == -128) v = static_cast<uint8_t>(-127);
      }
    }
    w = c.builder.AddConstantBytes(wtype, t.weights, wb.data(), wb.size(), "", t.weights_q);
  }
  std::vector<int32_t> ids = {shape, w, in};
  if (t.bias) {
    const int32_t n = t.weights[0];
    if (t.bias_type == PLINTH_FLOAT32) {
      ids.push_back(c.builder.AddConstant<float>(PLINTH_FLOAT32, {n},
                                                 RandomValues<float>(n, -1, 1, t.seed + 2)));
    } else if (t.bias_type == PLINTH_INT64) {
      ids.push_back(c.builder.AddConstant<int64_t>(
          PLINTH_INT64, {n}, RandomValues<int64_t>(n, -300000, 300000, t.seed + 2), "",
          BiasQuant(t.input_q.scales[0], t.weights_q)));
    } else {
      ids.push_back(c.builder.AddConstant<int32_t>(
          PLINTH_INT32, {n}, RandomValues<int32_t>(n, -5000, 5000, t.seed + 2), "",
          BiasQuant(t.input_q.scales[0], t.weights_q)));
    }
  }
  int y = c.builder.AddTensor(t.type, {}, "", t.output_q);
  c.builder.AddOperator("TRANSPOSE_CONV", ids, {y}, t.options, 4);
  c.Outputs({y});
  cases->push_back(std::move(c));
}

Options TransposeOptions(const char* padding, int stride_h, int stride_w, const char* activation) {
  return {{"padding", padding},
          {"stride_h", stride_h},
          {"stride_w", stride_w},
          {"fused_activation_function", activation}};
}

PLINTH_DIFF_CASES(TransposeConvCases) {
  TransposeCase t;
  t.name = "tconv_f32_same_stride2";
  t.input = {2, 4, 3, 3};
  t.weights = {5, 3, 3, 3};
  t.output = {2, 8, 6, 5};
  t.options = TransposeOptions("SAME", 2, 2, "NONE");
  t.seed = 500;
  AddTranspose(cases, t);
  t.name = "tconv_f32_valid_stride2_relu6";
  t.output = {2, 9, 7, 5};
  t.options = TransposeOptions("VALID", 2, 2, "RELU6");
  t.seed = 501;
  AddTranspose(cases, t);
  t.name = "tconv_f32_valid_stride_1x3_no_bias";
  t.input = {1, 5, 4, 2};
  t.weights = {3, 2, 4, 2};
  t.output = {1, 6, 13, 3};
  t.bias = false;
  t.options = TransposeOptions("VALID", 1, 3, "NONE");
  t.seed = 502;
  AddTranspose(cases, t);
  t.name = "tconv_f32_dynamic_shape";
  t.input = {1, 3, 3, 4};
  t.weights = {2, 3, 3, 4};
  t.output = {1, 6, 6, 2};
  t.bias = true;
  t.dynamic = true;
  t.options = TransposeOptions("SAME", 2, 2, "RELU");
  t.seed = 503;
  AddTranspose(cases, t);

  TransposeCase q;
  q.name = "tconv_i8_per_channel";
  q.type = PLINTH_INT8;
  q.bias_type = PLINTH_INT32;
  q.input = {1, 5, 4, 3};
  q.weights = {6, 3, 3, 3};
  q.output = {1, 10, 8, 6};
  q.input_q = PerTensor(0.05f, -128);
  q.weights_q = PerChannel(6, 0.002f, 0.2f, 0);
  q.output_q = PerTensor(0.1f, 127);
  q.options = TransposeOptions("SAME", 2, 2, "NONE");
  q.seed = 510;
  AddTranspose(cases, q);
  q.name = "tconv_i8_valid_relu";
  q.output = {1, 11, 9, 6};
  q.input_q = PerTensor(0.02f, 5);
  q.output_q = PerTensor(0.02f, -10);
  q.options = TransposeOptions("VALID", 2, 2, "RELU");
  q.seed = 511;
  AddTranspose(cases, q);
  q.name = "tconv_u8";
  q.type = PLINTH_UINT8;
  q.input_q = PerTensor(0.03f, 128);
  q.weights_q = PerTensor(0.01f, 131);
  q.output_q = PerTensor(0.08f, 120);
  q.output = {1, 10, 8, 6};
  q.options = TransposeOptions("SAME", 2, 2, "RELU6");
  q.seed = 512;
  AddTranspose(cases, q);
  for (int k = 0; k < 2; ++k) {
    q.name = k == 0 ? "tconv_16x8_i64_bias" : "tconv_16x8_i32_bias";
    q.type = PLINTH_INT16;
    q.bias_type = k == 0 ? PLINTH_INT64 : PLINTH_INT32;
    q.input_q = PerTensor(0.001f, 0);
    q.weights_q = PerChannel(6, 0.002f, 0.05f, 0);
    q.output_q = PerTensor(0.003f, 0);
    q.options = TransposeOptions("SAME", 2, 1, "NONE");
    // TFLite reads an int32 bias only when the options declare it.
    if (k == 1) q.options.push_back({"quantized_bias_type", "INT32"});
    q.output = {1, 10, 4, 6};
    q.seed = 513 + k;
    AddTranspose(cases, q);
  }
}

PLINTH_DIFF_CASES(Conv3DCases) {
  struct C3 {
    const char* name;
    std::vector<int32_t> input, filter;
    Options options;
  };
  const std::vector<C3> c3 = {
      {"conv3d_f32_same",
       {1, 5, 6, 7, 3},
       {3, 3, 3, 3, 4},
       {{"padding", "SAME"}, {"stride_d", 1}, {"stride_h", 1}, {"stride_w", 1}}},
      {"conv3d_f32_valid_strided_relu",
       {2, 6, 7, 5, 2},
       {2, 3, 2, 2, 3},
       {{"padding", "VALID"},
        {"stride_d", 2},
        {"stride_h", 1},
        {"stride_w", 2},
        {"fused_activation_function", "RELU"}}},
      {"conv3d_f32_dilated",
       {1, 7, 7, 7, 2},
       {2, 2, 3, 2, 2},
       {{"padding", "SAME"},
        {"stride_d", 1},
        {"stride_h", 2},
        {"stride_w", 1},
        {"dilation_d_factor", 2},
        {"dilation_h_factor", 1},
        {"dilation_w_factor", 3},
        {"fused_activation_function", "RELU6"}}},
  };
  uint32_t seed = 600;
  for (const C3& k : c3) {
    DiffCase c(k.name, "ulp 2");
    int in = c.Input<float>(k.input, RandomValues<float>(Count(k.input), -2, 2, seed));
    int w = c.builder.AddConstant<float>(PLINTH_FLOAT32, k.filter,
                                         RandomValues<float>(Count(k.filter), -1, 1, seed + 1));
    const int32_t n = k.filter.back();
    int b =
        c.builder.AddConstant<float>(PLINTH_FLOAT32, {n}, RandomValues<float>(n, -1, 1, seed + 2));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("CONV_3D", {in, w, b}, {y}, k.options);
    c.Outputs({y});
    cases->push_back(std::move(c));
    seed += 3;
  }
}

// BATCH_MATMUL: lhs is always a model input; rhs is constant or an input.
struct MatMulCase {
  std::string name, tolerance = "exact";
  PlinthType lhs_type = PLINTH_FLOAT32, rhs_type = PLINTH_FLOAT32, out_type = PLINTH_FLOAT32;
  std::vector<int32_t> lhs, rhs;
  QuantSpec lhs_q, rhs_q, out_q;
  bool rhs_constant = false, adj_x = false, adj_y = false, asymmetric = false;
  uint32_t seed = 1;
};

void AddMatMul(std::vector<DiffCase>* cases, const MatMulCase& m) {
  DiffCase c(m.name, m.tolerance);
  int lhs;
  if (m.lhs_type == PLINTH_FLOAT32) {
    lhs = c.Input<float>(m.lhs, RandomValues<float>(Count(m.lhs), -2, 2, m.seed));
  } else {
    lhs = c.builder.AddTensor(m.lhs_type, m.lhs, "", m.lhs_q);
    c.inputs.push_back(lhs);
    c.feeds.push_back(RandomBytesOf(m.lhs_type, Count(m.lhs), m.seed));
  }
  std::vector<uint8_t> rb = m.rhs_type == PLINTH_FLOAT32
                                ? Bytes(RandomValues<float>(Count(m.rhs), -1, 1, m.seed + 1))
                                : RandomBytesOf(m.rhs_type, Count(m.rhs), m.seed + 1);
  int rhs;
  if (m.rhs_constant) {
    rhs = c.builder.AddConstantBytes(m.rhs_type, m.rhs, rb.data(), rb.size(), "", m.rhs_q);
  } else {
    rhs = c.builder.AddTensor(m.rhs_type, m.rhs, "", m.rhs_q);
    c.inputs.push_back(rhs);
    c.feeds.push_back(rb);
  }
  int y = c.builder.AddTensor(m.out_type, {}, "", m.out_q);
  c.builder.AddOperator(
      "BATCH_MATMUL", {lhs, rhs}, {y},
      {{"adj_x", m.adj_x}, {"adj_y", m.adj_y}, {"asymmetric_quantize_inputs", m.asymmetric}});
  c.Outputs({y});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(BatchMatMulCases) {
  uint32_t seed = 700;
  auto f32 = [&](const char* name, std::vector<int32_t> lhs, std::vector<int32_t> rhs, bool adj_x,
                 bool adj_y, bool constant) {
    MatMulCase m;
    m.name = name;
    m.tolerance = "ulp 2";
    m.lhs = lhs;
    m.rhs = rhs;
    m.adj_x = adj_x;
    m.adj_y = adj_y;
    m.rhs_constant = constant;
    m.seed = seed++;
    AddMatMul(cases, m);
  };
  f32("bmm_f32_rank2", {5, 7}, {7, 3}, false, false, false);
  f32("bmm_f32_rank3_broadcast_const", {4, 5, 7}, {7, 6}, false, false, true);
  f32("bmm_f32_rank4_adj", {2, 1, 7, 5}, {1, 3, 6, 7}, true, true, false);
  f32("bmm_f32_rank5_adj_y", {2, 1, 2, 3, 4}, {1, 2, 1, 5, 4}, false, true, false);

  MatMulCase q;
  q.lhs_type = q.rhs_type = q.out_type = PLINTH_INT8;
  q.lhs = {3, 6, 9};
  q.rhs = {3, 9, 5};
  q.lhs_q = PerTensor(0.05f, -7);
  q.rhs_q = PerTensor(0.03f, 3);
  q.out_q = PerTensor(0.2f, 10);
  q.name = "bmm_i8";
  q.seed = seed++;
  AddMatMul(cases, q);
  q.name = "bmm_i8_adj_broadcast_const";
  q.lhs = {2, 1, 9, 6};
  q.rhs = {3, 5, 9};
  q.adj_x = q.adj_y = true;
  q.rhs_constant = true;
  q.seed = seed++;
  AddMatMul(cases, q);
  q.name = "bmm_i8_to_i32";
  q.out_type = PLINTH_INT32;
  q.out_q = {};
  q.lhs = {2, 4, 8};
  q.rhs = {2, 8, 3};
  q.adj_x = q.adj_y = false;
  q.rhs_constant = false;
  q.seed = seed++;
  AddMatMul(cases, q);
  q.name = "bmm_i16";
  q.lhs_type = q.rhs_type = q.out_type = PLINTH_INT16;
  q.lhs_q = PerTensor(0.001f, 0);
  q.rhs_q = PerTensor(0.002f, 0);
  q.out_q = PerTensor(0.05f, 0);
  q.lhs = {2, 5, 6};
  q.rhs = {2, 6, 4};
  q.seed = seed++;
  AddMatMul(cases, q);

  MatMulCase h;
  h.lhs_type = h.out_type = PLINTH_FLOAT32;
  h.rhs_type = PLINTH_INT8;
  h.rhs_constant = true;
  for (int k = 0; k < 6; ++k) {
    h.name = std::string("bmm_hybrid_") + std::to_string(k);
    h.lhs = k < 4 ? std::vector<int32_t>{2, 5, 8} : std::vector<int32_t>{8, 5};
    h.rhs = k < 4 ? std::vector<int32_t>{8, 6} : std::vector<int32_t>{8, 6};
    h.asymmetric = (k & 1) != 0;
    h.rhs_q = (k & 2) ? PerChannel(6, 0.001f, 0.05f, 1) : PerTensor(0.02f, 0);
    h.adj_x = k >= 4;
    h.seed = seed++;
    AddMatMul(cases, h);
  }
}

// A pooling case over a random input; quantized ones share input and output quantization.
void AddPool(std::vector<DiffCase>* cases, const std::string& name, const char* op, PlinthType type,
             std::vector<int32_t> shape, QuantSpec q, Options options, uint32_t seed) {
  DiffCase c(name, type == PLINTH_FLOAT32 ? "ulp 1" : "exact");
  int in;
  if (type == PLINTH_FLOAT32) {
    in = c.Input<float>(shape, RandomValues<float>(Count(shape), -3, 8, seed));
  } else {
    in = c.builder.AddTensor(type, shape, "", q);
    c.inputs.push_back(in);
    c.feeds.push_back(RandomBytesOf(type, Count(shape), seed));
  }
  int y = c.builder.AddTensor(type, {}, "", q);
  c.builder.AddOperator(op, {in}, {y}, options);
  c.Outputs({y});
  cases->push_back(std::move(c));
}

Options PoolOptions(const char* padding, int stride_h, int stride_w, int fh, int fw,
                    const char* activation) {
  return {{"padding", padding},  {"stride_h", stride_h}, {"stride_w", stride_w},
          {"filter_height", fh}, {"filter_width", fw},   {"fused_activation_function", activation}};
}

PLINTH_DIFF_CASES(PoolingCases) {
  uint32_t seed = 800;
  for (const char* op : {"AVERAGE_POOL_2D", "MAX_POOL_2D", "L2_POOL_2D"}) {
    const std::string base = std::string("pool_") + op;
    AddPool(cases, base + "_f32_same", op, PLINTH_FLOAT32, {2, 7, 6, 3}, {},
            PoolOptions("SAME", 2, 2, 3, 3, "NONE"), seed++);
    AddPool(cases, base + "_f32_valid_relu6", op, PLINTH_FLOAT32, {1, 9, 8, 2}, {},
            PoolOptions("VALID", 1, 2, 2, 3, "RELU6"), seed++);
  }
  for (const char* op : {"AVERAGE_POOL_2D", "MAX_POOL_2D"}) {
    const std::string base = std::string("pool_") + op;
    AddPool(cases, base + "_u8_same", op, PLINTH_UINT8, {1, 7, 7, 4}, PerTensor(0.05f, 128),
            PoolOptions("SAME", 2, 2, 3, 3, "RELU6"), seed++);
    AddPool(cases, base + "_i8_valid", op, PLINTH_INT8, {2, 8, 6, 3}, PerTensor(0.1f, -128),
            PoolOptions("VALID", 2, 1, 2, 2, "NONE"), seed++);
    AddPool(cases, base + "_i8_same_relu", op, PLINTH_INT8, {1, 6, 9, 2}, PerTensor(0.03f, 9),
            PoolOptions("SAME", 1, 2, 4, 3, "RELU"), seed++);
    AddPool(cases, base + "_i16_same", op, PLINTH_INT16, {1, 7, 5, 3}, PerTensor(0.001f, 0),
            PoolOptions("SAME", 2, 2, 2, 2, "RELU_N1_TO_1"), seed++);
  }
}

PLINTH_DIFF_CASES(NormalizationCases) {
  {
    DiffCase c("l2norm_f32_rank4", "ulp 1");
    int in = c.Input<float>({2, 3, 4, 5}, RandomValues<float>(120, -2, 2, 900));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("L2_NORMALIZATION", {in}, {y}, {});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  for (PlinthType type : {PLINTH_UINT8, PLINTH_INT8}) {
    const bool u8 = type == PLINTH_UINT8;
    DiffCase c(u8 ? "l2norm_u8" : "l2norm_i8", "exact");
    int in = c.builder.AddTensor(type, {3, 17}, "", PerTensor(0.05f, u8 ? 100 : -20));
    c.inputs.push_back(in);
    std::vector<uint8_t> bytes = RandomBytesOf(type, 51, u8 ? 901 : 902);
    // One row of pure zero points exercises the all-zero norm.
    for (int i = 0; i < 17; ++i) bytes[i] = static_cast<uint8_t>(u8 ? 100 : -20);
    c.feeds.push_back(bytes);
    int y = c.builder.AddTensor(type, {}, "", PerTensor(1.f / 128.f, u8 ? 128 : 0));
    c.builder.AddOperator("L2_NORMALIZATION", {in}, {y}, {});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("lrn_f32", "ulp 2");
    int in = c.Input<float>({2, 3, 4, 9}, RandomValues<float>(216, -2, 2, 903));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("LOCAL_RESPONSE_NORMALIZATION", {in}, {y},
                          {{"radius", 2}, {"bias", 1.5f}, {"alpha", 0.3f}, {"beta", 0.75f}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

// Models both runtimes must refuse at prepare.
PLINTH_DIFF_CASES(NnInvalidCases) {
  {
    DiffCase c("invalid_fc_f32_tanh", "exact");  // TANH needs hybrid weights
    int in = c.Input<float>({2, 4}, RandomValues<float>(8, -1, 1, 1));
    int w = c.builder.AddConstant<float>(PLINTH_FLOAT32, {3, 4}, RandomValues<float>(12, -1, 1, 2));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("FULLY_CONNECTED", {in, w, -1}, {y},
                          {{"fused_activation_function", "TANH"}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    QuantConv q;  // int16 activations need zero point 0
    q.name = "invalid_conv2d_16x8_input_zero_point";
    q.op = "CONV_2D";
    q.input_type = q.output_type = PLINTH_INT16;
    q.bias_type = PLINTH_INT64;
    q.input = {1, 4, 4, 2};
    q.filter = {2, 3, 3, 2};
    q.input_q = PerTensor(0.001f, 5);
    q.filter_q = PerChannel(2, 0.01f, 0.02f, 0);
    q.output_q = PerTensor(0.002f, 0);
    q.options = ConvOptions("SAME", 1, 1, 1, 1, "NONE");
    AddQuant(cases, q);
  }
  {
    QuantConv q;  // uint8 bias scale far from input x filter scale
    q.name = "invalid_conv2d_u8_bias_scale";
    q.op = "CONV_2D";
    q.input_type = q.filter_type = q.output_type = PLINTH_UINT8;
    q.input = {1, 4, 4, 2};
    q.filter = {2, 3, 3, 2};
    q.input_q = PerTensor(0.5f, 128);
    q.filter_q = PerTensor(0.5f, 128);
    q.output_q = PerTensor(0.01f, 128);
    q.options = ConvOptions("SAME", 1, 1, 1, 1, "NONE");
    DiffCase c(q.name, "exact");
    int in = c.builder.AddTensor(q.input_type, q.input, "", q.input_q);
    c.inputs.push_back(in);
    c.feeds.push_back(RandomBytesOf(PLINTH_UINT8, 32, 3));
    auto wb = RandomBytesOf(PLINTH_UINT8, 36, 4);
    int w =
        c.builder.AddConstantBytes(PLINTH_UINT8, q.filter, wb.data(), wb.size(), "", q.filter_q);
    int b = c.builder.AddConstant<int32_t>(PLINTH_INT32, {2}, {1, 2}, "", PerTensor(1.f, 0));
    int y = c.builder.AddTensor(PLINTH_UINT8, {}, "", q.output_q);
    c.builder.AddOperator("CONV_2D", {in, w, b}, {y}, q.options);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("invalid_bmm_depth_mismatch", "exact");
    int a = c.Input<float>({2, 3, 4}, RandomValues<float>(24, -1, 1, 5));
    int b = c.Input<float>({2, 5, 3}, RandomValues<float>(30, -1, 1, 6));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("BATCH_MATMUL", {a, b}, {y}, {});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("invalid_bmm_batch_broadcast", "exact");
    int a = c.Input<float>({2, 3, 4}, RandomValues<float>(24, -1, 1, 7));
    int b = c.Input<float>({3, 4, 3}, RandomValues<float>(36, -1, 1, 8));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("BATCH_MATMUL", {a, b}, {y}, {});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("invalid_l2norm_i8_output_scale", "exact");
    int in = c.builder.AddTensor(PLINTH_INT8, {2, 5}, "", PerTensor(0.05f, 0));
    c.inputs.push_back(in);
    c.feeds.push_back(RandomBytesOf(PLINTH_INT8, 10, 9));
    int y = c.builder.AddTensor(PLINTH_INT8, {}, "", PerTensor(0.01f, 0));
    c.builder.AddOperator("L2_NORMALIZATION", {in}, {y}, {});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("invalid_conv2d_channels", "exact");
    int in = c.Input<float>({1, 4, 4, 3}, RandomValues<float>(48, -1, 1, 10));
    int w = c.builder.AddConstant<float>(PLINTH_FLOAT32, {2, 3, 3, 2},
                                         RandomValues<float>(36, -1, 1, 11));
    int b = c.builder.AddConstant<float>(PLINTH_FLOAT32, {2}, {0.f, 0.f});
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("CONV_2D", {in, w, b}, {y}, ConvOptions("SAME", 1, 1, 1, 1, "NONE"));
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("invalid_lrn_rank3", "exact");
    int in = c.Input<float>({2, 3, 4}, RandomValues<float>(24, -1, 1, 12));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
    c.builder.AddOperator("LOCAL_RESPONSE_NORMALIZATION", {in}, {y}, {{"radius", 1}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

}  // namespace
}  // namespace plinth::testing
