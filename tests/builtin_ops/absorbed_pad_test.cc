// An explicit PAD / PADV2 absorbed by the CONV_2D or DEPTHWISE_CONV_2D after it (absorbed_pad.h)
// must give the very bytes the two nodes give when run one after the other (--fuse=false), for
// every type, asymmetric and window-sized paddings, SAME on top of them, strides and dilation;
// and a PAD the convolution cannot reproduce must stay its own node.
#include <array>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Geometry {
  const char* what;
  std::vector<int32_t> input;  // NHWC
  int32_t k = 3, stride = 1, dilation = 1;
  bool same = false;
  std::array<int32_t, 4> pads{};  // top, bottom, left, right
};

const Geometry kGeometries[] = {
    {"one pixel all round (TF explicit padding)", {1, 7, 9, 20}, 3, 1, 1, false, {1, 1, 1, 1}},
    {"bottom/right only, stride 2 (PyTorch)", {1, 8, 10, 20}, 3, 2, 1, false, {0, 1, 0, 1}},
    {"asymmetric under SAME", {2, 6, 7, 20}, 3, 1, 1, true, {2, 0, 3, 1}},
    {"wider than the window", {1, 4, 5, 20}, 3, 1, 1, false, {4, 5, 4, 5}},
    {"dilated 5x5", {1, 9, 11, 20}, 5, 1, 2, false, {4, 4, 4, 4}},
    {"zero paddings", {1, 5, 6, 20}, 3, 1, 1, false, {0, 0, 0, 0}},
    {"long rows (interior kernels)", {1, 5, 40, 32}, 3, 1, 1, false, {1, 1, 1, 1}},
};

// Quantization of each integer type: input, filter (per-channel for int8 and int16 inputs),
// output; bias scale = input scale x filter scale.
struct TypeSetup {
  PlinthType type;
  PlinthType filter_type;
  QuantSpec input_q, output_q;
  float filter_scale = 0.f;
  int64_t filter_zp = 0;
};

const TypeSetup kTypes[] = {
    {PLINTH_FLOAT32, PLINTH_FLOAT32, {}, {}},
    {PLINTH_INT8, PLINTH_INT8, PerTensorQ(0.05f, -3), PerTensorQ(0.2f, 5), 0.02f},
    {PLINTH_UINT8, PLINTH_UINT8, PerTensorQ(0.05f, 120), PerTensorQ(0.2f, 100), 0.02f, 128},
    {PLINTH_INT16, PLINTH_INT8, PerTensorQ(0.01f, 0), PerTensorQ(0.05f, 0), 0.02f},
};

std::vector<uint8_t> RandomBytes(PlinthType type, size_t n, uint32_t seed) {
  switch (type) {
    case PLINTH_FLOAT32:
      return Bytes(RandomValues<float>(n, -1.0, 1.0, seed));
    case PLINTH_INT8:
      return Bytes(FullRange<int8_t>(n, seed));
    case PLINTH_UINT8:
      return Bytes(FullRange<uint8_t>(n, seed));
    default:
      return Bytes(RandomValues<int16_t>(n, -3000, 3000, seed));
  }
}

size_t Elements(const std::vector<int32_t>& shape) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

struct Built {
  int output = -1;
};

// input -> PAD (or PADV2 with the given value bytes) -> CONV_2D / DEPTHWISE_CONV_2D -> output.
Built BuildPadConv(OpTest& t, const Geometry& g, const TypeSetup& ts, bool depthwise,
                   std::vector<int32_t> paddings, const std::vector<uint8_t>* padv2_value = nullptr,
                   bool pad_output_is_model_output = false) {
  const int32_t c = g.input[3];
  const int32_t padded_c = c + paddings[6] + paddings[7];
  const int in =
      t.InputBytes(ts.type, g.input, RandomBytes(ts.type, Elements(g.input), 7), ts.input_q);
  const int pads = t.Const<int32_t>({4, 2}, paddings);
  const int padded = pad_output_is_model_output ? t.Output(ts.type, {}, ts.input_q)
                                                : t.Internal(ts.type, {}, ts.input_q);
  if (padv2_value != nullptr) {
    const int value = t.builder().AddConstantBytes(ts.type, {}, padv2_value->data(),
                                                   padv2_value->size(), "", ts.input_q);
    t.Op("PADV2", {in, pads, value}, {padded});
  } else {
    t.Op("PAD", {in, pads}, {padded});
  }
  const int32_t out_c = depthwise ? padded_c : 8;
  const std::vector<int32_t> filter_shape = depthwise
                                                ? std::vector<int32_t>{1, g.k, g.k, padded_c}
                                                : std::vector<int32_t>{out_c, g.k, g.k, padded_c};
  const size_t filter_n = Elements(filter_shape);
  const bool is_float = ts.type == PLINTH_FLOAT32;
  QuantSpec filter_q, bias_q;
  if (!is_float) {
    if (ts.type == PLINTH_UINT8) {
      filter_q = PerTensorQ(ts.filter_scale, ts.filter_zp);
      bias_q = PerTensorQ(ts.input_q.scales[0] * ts.filter_scale, 0);
    } else {
      std::vector<float> scales(out_c), bias_scales(out_c);
      for (int32_t o = 0; o < out_c; ++o) {
        scales[o] = ts.filter_scale * (1.f + 0.1f * static_cast<float>(o % 5));
        bias_scales[o] = ts.input_q.scales[0] * scales[o];
      }
      filter_q = PerChannelQ(scales, depthwise ? 3 : 0);
      bias_q = PerChannelQ(bias_scales, 0);
    }
  }
  const std::vector<uint8_t> filter_bytes =
      is_float                         ? Bytes(RandomValues<float>(filter_n, -1.0, 1.0, 11))
      : ts.filter_type == PLINTH_UINT8 ? Bytes(FullRange<uint8_t>(filter_n, 11))
                                       : Bytes(RandomValues<int8_t>(filter_n, -127, 127, 11));
  const int filter = t.builder().AddConstantBytes(ts.filter_type, filter_shape, filter_bytes.data(),
                                                  filter_bytes.size(), "", filter_q);
  int bias;
  if (is_float) {
    bias = t.Const<float>({out_c}, RandomValues<float>(out_c, -1.0, 1.0, 13));
  } else if (ts.type == PLINTH_INT16) {
    bias = t.Const<int64_t>({out_c}, RandomValues<int64_t>(out_c, -20000, 20000, 13), bias_q);
  } else {
    bias = t.Const<int32_t>({out_c}, RandomValues<int32_t>(out_c, -2000, 2000, 13), bias_q);
  }
  Built b;
  b.output = t.Output(ts.type, {}, ts.output_q);
  Options options = {{"padding", g.same ? "SAME" : "VALID"},
                     {"stride_h", g.stride},
                     {"stride_w", g.stride},
                     {"dilation_h_factor", g.dilation},
                     {"dilation_w_factor", g.dilation},
                     {"fused_activation_function", "RELU6"}};
  if (depthwise) options.push_back({"depth_multiplier", 1});
  t.Op(depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D", {padded, filter, bias}, {b.output}, options);
  return b;
}

std::vector<uint8_t> OutputBytes(const OpTest& t, int tensor) {
  const Tensor out = t.Out(tensor);
  const uint8_t* p = static_cast<const uint8_t*>(out.raw_data());
  return std::vector<uint8_t>(p, p + out.bytes());
}

// Runs `t` fused (the default) and with fuse_producers off; the outputs must be identical.
// Returns node 0's fused_into in the fused run.
int32_t ExpectSameBytesBothWays(OpTest& t, int output) {
  InterpreterOptions separate;
  separate.fuse_producers = false;
  auto unfused_status = t.Run(separate);
  EXPECT_TRUE(unfused_status.ok()) << unfused_status.message();
  if (!unfused_status.ok()) return -2;
  EXPECT_EQ(t.interpreter().placement().nodes[0].fused_into, -1);
  const std::vector<uint8_t> unfused = OutputBytes(t, output);
  auto fused_status = t.Run();
  EXPECT_TRUE(fused_status.ok()) << fused_status.message();
  if (!fused_status.ok()) return -2;
  EXPECT_EQ(OutputBytes(t, output), unfused);
  EXPECT_EQ(t.Shape(output).size(), 4u);
  return t.interpreter().placement().nodes[0].fused_into;
}

std::vector<int32_t> SpatialPaddings(const Geometry& g) {
  return {0, 0, g.pads[0], g.pads[1], g.pads[2], g.pads[3], 0, 0};
}

TEST(AbsorbedPad, ConvolutionsGiveTheBytesOfPadThenConvolution) {
  for (const TypeSetup& ts : kTypes) {
    for (bool depthwise : {false, true}) {
      for (const Geometry& g : kGeometries) {
        SCOPED_TRACE(std::string(TypeName(ts.type)) + (depthwise ? " depthwise, " : " conv, ") +
                     g.what);
        OpTest t;
        const Built b = BuildPadConv(t, g, ts, depthwise, SpatialPaddings(g));
        EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), 1) << "the PAD was not absorbed";
      }
    }
  }
}

TEST(AbsorbedPad, PadV2WithTheZeroPaddingValueIsAbsorbed) {
  const Geometry& g = kGeometries[1];
  for (const TypeSetup& ts : kTypes) {
    SCOPED_TRACE(TypeName(ts.type));
    const int64_t zp = ts.input_q.zero_points.empty() ? 0 : ts.input_q.zero_points[0];
    std::vector<uint8_t> value;
    if (ts.type == PLINTH_FLOAT32) value = Bytes<float>({0.f});
    if (ts.type == PLINTH_INT8) value = Bytes<int8_t>({static_cast<int8_t>(zp)});
    if (ts.type == PLINTH_UINT8) value = Bytes<uint8_t>({static_cast<uint8_t>(zp)});
    if (ts.type == PLINTH_INT16) value = Bytes<int16_t>({static_cast<int16_t>(zp)});
    OpTest t;
    const Built b = BuildPadConv(t, g, ts, /*depthwise=*/true, SpatialPaddings(g), &value);
    EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), 1);
  }
}

// What the convolution's own padding cannot reproduce stays a PAD node (with the same result).
TEST(AbsorbedPad, PadsTheConvolutionCannotReproduceStayNodes) {
  const Geometry& g = kGeometries[0];
  const TypeSetup& f32 = kTypes[0];
  const TypeSetup& i8 = kTypes[1];
  {
    SCOPED_TRACE("PADV2 with a non-zero value");
    const std::vector<uint8_t> value = Bytes<float>({0.5f});
    OpTest t;
    const Built b = BuildPadConv(t, g, f32, false, SpatialPaddings(g), &value);
    EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), -1);
  }
  {
    SCOPED_TRACE("PADV2 with -0.0");
    const std::vector<uint8_t> value = Bytes<float>({-0.f});
    OpTest t;
    const Built b = BuildPadConv(t, g, f32, true, SpatialPaddings(g), &value);
    EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), -1);
  }
  {
    SCOPED_TRACE("int8 PADV2 with a value other than the zero point");
    const std::vector<uint8_t> value = Bytes<int8_t>({0});
    OpTest t;
    const Built b = BuildPadConv(t, g, i8, true, SpatialPaddings(g), &value);
    EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), -1);
  }
  {
    SCOPED_TRACE("channel padding");
    OpTest t;
    const Built b = BuildPadConv(t, g, i8, false, {0, 0, 1, 1, 1, 1, 2, 1});
    EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), -1);
  }
  {
    SCOPED_TRACE("batch padding");
    OpTest t;
    const Built b = BuildPadConv(t, g, f32, true, {1, 0, 1, 1, 1, 1, 0, 0});
    EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), -1);
  }
  {
    SCOPED_TRACE("the padded tensor is also a model output");
    OpTest t;
    const Built b = BuildPadConv(t, g, i8, true, SpatialPaddings(g), nullptr, true);
    EXPECT_EQ(ExpectSameBytesBothWays(t, b.output), -1);
  }
}

// Hostile paddings are not absorbed: the PAD node stays and reports them with its own error.
TEST(AbsorbedPad, BadPaddingsStayWithThePadKernelsError) {
  const Geometry& g = kGeometries[0];
  struct Case {
    const char* what;
    std::vector<int32_t> paddings;
    const char* error;
  };
  const Case cases[] = {
      {"negative", {0, 0, -1, 1, 1, 1, 0, 0}, "must not be negative"},
      {"past int32", {0, 0, 2147483647, 1, 1, 1, 0, 0}, "is too large"},
  };
  for (const Case& c : cases) {
    for (bool depthwise : {false, true}) {
      SCOPED_TRACE(std::string(c.what) + (depthwise ? ", depthwise" : ", conv"));
      OpTest t;
      BuildPadConv(t, g, kTypes[1], depthwise, c.paddings);
      const absl::Status status = t.Run();
      ASSERT_FALSE(status.ok());
      EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("node 0 (PAD"));
      EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(c.error));
    }
  }
}

TEST(AbsorbedPad, HybridConvolutionKeepsItsPad) {
  // Float input, int8 filter: the kernel quantizes its input at run time, so it keeps the PAD.
  OpTest t;
  const int in = t.Input<float>({1, 5, 5, 3}, RandomValues<float>(75, -1.0, 1.0, 3));
  const int pads = t.Const<int32_t>({4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  const int padded = t.Internal(PLINTH_FLOAT32);
  t.Op("PAD", {in, pads}, {padded});
  const int filter = t.Const<int8_t>({4, 3, 3, 3}, RandomValues<int8_t>(108, -127, 127, 5),
                                     PerChannelQ({0.1f, 0.2f, 0.3f, 0.4f}, 0));
  const int y = t.Output(PLINTH_FLOAT32);
  t.Op("CONV_2D", {padded, filter, -1}, {y},
       {{"padding", "VALID"}, {"stride_h", 1}, {"stride_w", 1}});
  EXPECT_EQ(ExpectSameBytesBothWays(t, y), -1);
}

}  // namespace
}  // namespace plinth::testing
