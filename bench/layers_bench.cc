// The CONV_2D and DEPTHWISE_CONV_2D layers of MobileNet v1 (224x224, width 1.0) at their real
// shapes, float32 and int8 (per-channel weights), each as a one-op model run through the built-in
// plugin as the interpreter runs it. PLINTH_BUILTIN_ISA=reference|portable picks the kernels, so
// the same binary measures each path; GFLOP/s counts 2 x multiply-adds.
//
// gemm_ops/...: FULLY_CONNECTED (int8, uint8), BATCH_MATMUL and TRANSPOSE_CONV (float) at typical
// shapes, each under the reference kernels, the portable fast path and the best ISA (the "isa"
// argument: 0 reference, 1 portable, 2 best; set through PLINTH_BUILTIN_ISA before the layer is
// prepared), so every path is measured side by side in one run.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/interpreter.h"
#include "core/model.h"
#include "core/op_registry.h"
#include "core/plugin_loader.h"
#include "tools/model_builder/model_builder.h"

namespace {

using plinth::Interpreter;
using plinth::ModelBuilder;
using plinth::QuantSpec;

struct Layer {
  std::string name;
  bool depthwise;
  int size, in_c, out_c, kernel, stride;  // square input size
};

std::vector<Layer> Layers() {
  return {
      {"conv0", false, 224, 3, 32, 3, 2},   {"dw1", true, 112, 32, 32, 3, 1},
      {"pw1", false, 112, 32, 64, 1, 1},    {"dw2", true, 112, 64, 64, 3, 2},
      {"pw2", false, 56, 64, 128, 1, 1},    {"dw3", true, 56, 128, 128, 3, 1},
      {"pw3", false, 56, 128, 128, 1, 1},   {"dw4", true, 56, 128, 128, 3, 2},
      {"pw4", false, 28, 128, 256, 1, 1},   {"dw5", true, 28, 256, 256, 3, 1},
      {"pw5", false, 28, 256, 256, 1, 1},   {"dw6", true, 28, 256, 256, 3, 2},
      {"pw6", false, 14, 256, 512, 1, 1},   {"dw7", true, 14, 512, 512, 3, 1},
      {"pw7", false, 14, 512, 512, 1, 1},   {"dw12", true, 14, 512, 512, 3, 2},
      {"pw12", false, 7, 512, 1024, 1, 1},  {"dw13", true, 7, 1024, 1024, 3, 1},
      {"pw13", false, 7, 1024, 1024, 1, 1},
  };
}

// The first layers of vww_mobilenet_v1_025_96 (MobileNet v1 at width 0.25 on 96x96): few
// channels, where the per-output requantization weighs more than the products.
std::vector<Layer> VwwLayers() {
  return {
      {"conv0", false, 96, 3, 8, 3, 2}, {"dw1", true, 48, 8, 8, 3, 1},
      {"pw1", false, 48, 8, 16, 1, 1},  {"dw2", true, 48, 16, 16, 3, 2},
      {"pw2", false, 24, 16, 32, 1, 1}, {"dw3", true, 24, 32, 32, 3, 1},
      {"pw3", false, 24, 32, 32, 1, 1},
  };
}

// The first layers of resnet8_cifar10 (32x32 RGB to 16 channels, stride 1) and of a MNIST CNN
// (28x28 gray to 32): the small-input float kernel's 16- and 32-channel shapes at stride 1.
std::vector<Layer> FirstLayers() {
  return {{"resnet8_conv0", false, 32, 3, 16, 3, 1}, {"mnist_conv0", false, 28, 1, 32, 3, 1}};
}

std::shared_ptr<plinth::OpRegistry> Registry() {
  static std::shared_ptr<plinth::OpRegistry> registry = [] {
    auto r = std::make_shared<plinth::OpRegistry>();
    auto loaded = plinth::LoadPlugin(PLINTH_BENCH_BUILTIN_PLUGIN, r.get());
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load the built-in plugin: %s\n",
                   std::string(loaded.status().message()).c_str());
      std::exit(1);
    }
    return r;
  }();
  return registry;
}

template <class T>
std::vector<T> Pattern(size_t n, int mod, int offset, double scale) {
  std::vector<T> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<T>((static_cast<int>(i % mod) - offset) * scale);
  return v;
}

// A one-op model of the layer: SAME padding, RELU6, per-channel int8 weights when quantized.
std::vector<uint8_t> BuildLayer(const Layer& l, bool int8) {
  ModelBuilder b;
  const int out = (l.size + l.stride - 1) / l.stride;
  const std::vector<int32_t> filter_shape =
      l.depthwise ? std::vector<int32_t>{1, l.kernel, l.kernel, l.out_c}
                  : std::vector<int32_t>{l.out_c, l.kernel, l.kernel, l.in_c};
  size_t filter_n = 1;
  for (int32_t d : filter_shape) filter_n *= static_cast<size_t>(d);
  const int quant_axis = l.depthwise ? 3 : 0;
  int in, w, bias, y;
  if (int8) {
    in = b.AddTensor(PLINTH_INT8, {1, l.size, l.size, l.in_c}, "x", QuantSpec{{0.02f}, {-3}, 0});
    QuantSpec wq{std::vector<float>(static_cast<size_t>(l.out_c), 0.01f),
                 std::vector<int64_t>(static_cast<size_t>(l.out_c), 0), quant_axis};
    w = b.AddConstant(PLINTH_INT8, filter_shape, Pattern<int8_t>(filter_n, 251, 125, 1.0), "w", wq);
    QuantSpec bq{std::vector<float>(static_cast<size_t>(l.out_c), 0.0002f),
                 std::vector<int64_t>(static_cast<size_t>(l.out_c), 0), 0};
    bias = b.AddConstant(PLINTH_INT32, {l.out_c},
                         Pattern<int32_t>(static_cast<size_t>(l.out_c), 17, 8, 100.0), "b", bq);
    y = b.AddTensor(PLINTH_INT8, {1, out, out, l.out_c}, "y", QuantSpec{{0.05f}, {-128}, 0});
  } else {
    in = b.AddTensor(PLINTH_FLOAT32, {1, l.size, l.size, l.in_c}, "x");
    w = b.AddConstant(PLINTH_FLOAT32, filter_shape, Pattern<float>(filter_n, 13, 6, 0.05), "w");
    bias = b.AddConstant(PLINTH_FLOAT32, {l.out_c},
                         Pattern<float>(static_cast<size_t>(l.out_c), 7, 3, 0.1), "b");
    y = b.AddTensor(PLINTH_FLOAT32, {1, out, out, l.out_c}, "y");
  }
  plinth::Options options = {{"padding", "SAME"},
                             {"stride_h", l.stride},
                             {"stride_w", l.stride},
                             {"fused_activation_function", "RELU6"}};
  if (l.depthwise) options.push_back({"depth_multiplier", 1});
  b.AddOperator(l.depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D", {in, w, bias}, {y}, options,
                int8 ? 3 : 1);
  b.SetInputs({in});
  b.SetOutputs({y});
  auto bytes = b.Build();
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s: %s\n", l.name.c_str(), std::string(bytes.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(bytes);
}

// A one-op model with its non-constant inputs' byte sizes and its multiply-adds.
struct OpLayer {
  std::string name;
  std::vector<uint8_t> model;
  std::vector<size_t> input_bytes;
  double macs = 0;
};

std::vector<uint8_t> Finish(ModelBuilder& b, const std::string& name) {
  auto bytes = b.Build();
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), std::string(bytes.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(bytes);
}

// FULLY_CONNECTED [batch, depth] x [units, depth]: int8 with per-channel weights or uint8.
OpLayer FullyConnectedLayer(const std::string& name, bool uint8, int batch, int depth, int units) {
  ModelBuilder b;
  const PlinthType type = uint8 ? PLINTH_UINT8 : PLINTH_INT8;
  const size_t wn = static_cast<size_t>(units) * depth;
  int in = b.AddTensor(type, {batch, depth}, "x", QuantSpec{{0.02f}, {uint8 ? 128 : -3}, 0});
  int w, bias;
  if (uint8) {
    w = b.AddConstant(PLINTH_UINT8, {units, depth}, Pattern<uint8_t>(wn, 251, 0, 1.0), "w",
                      QuantSpec{{0.01f}, {120}, 0});
    bias = b.AddConstant(PLINTH_INT32, {units},
                         Pattern<int32_t>(static_cast<size_t>(units), 17, 8, 100.0), "b",
                         QuantSpec{{0.0002f}, {0}, 0});
  } else {
    w = b.AddConstant(PLINTH_INT8, {units, depth}, Pattern<int8_t>(wn, 251, 125, 1.0), "w",
                      QuantSpec{std::vector<float>(static_cast<size_t>(units), 0.01f),
                                std::vector<int64_t>(static_cast<size_t>(units), 0), 0});
    bias = b.AddConstant(PLINTH_INT32, {units},
                         Pattern<int32_t>(static_cast<size_t>(units), 17, 8, 100.0), "b",
                         QuantSpec{std::vector<float>(static_cast<size_t>(units), 0.0002f),
                                   std::vector<int64_t>(static_cast<size_t>(units), 0), 0});
  }
  int y = b.AddTensor(type, {batch, units}, "y", QuantSpec{{0.05f}, {uint8 ? 3 : -128}, 0});
  b.AddOperator("FULLY_CONNECTED", {in, w, bias}, {y}, {{"fused_activation_function", "RELU"}},
                uint8 ? 1 : 4);
  b.SetInputs({in});
  b.SetOutputs({y});
  return {name,
          Finish(b, name),
          {static_cast<size_t>(batch) * depth},
          double{1.0} * batch * depth * units};
}

// BATCH_MATMUL [batches, m, k] x rhs ([k, n] constant, or [batches, n, k] per batch with adj_y).
OpLayer BatchMatMulLayer(const std::string& name, int batches, int m, int n, int k,
                         bool constant_rhs) {
  ModelBuilder b;
  int lhs = b.AddTensor(PLINTH_FLOAT32, {batches, m, k}, "lhs");
  int rhs;
  std::vector<size_t> inputs = {static_cast<size_t>(batches) * m * k * 4};
  std::vector<int32_t> inputs_ids = {lhs};
  if (constant_rhs) {
    rhs = b.AddConstant(PLINTH_FLOAT32, {k, n},
                        Pattern<float>(static_cast<size_t>(k) * n, 13, 6, 0.05), "rhs");
  } else {
    rhs = b.AddTensor(PLINTH_FLOAT32, {batches, n, k}, "rhs");
    inputs.push_back(static_cast<size_t>(batches) * n * k * 4);
    inputs_ids.push_back(rhs);
  }
  int y = b.AddTensor(PLINTH_FLOAT32, {batches, m, n}, "y");
  b.AddOperator("BATCH_MATMUL", {lhs, rhs}, {y}, {{"adj_y", !constant_rhs}}, 1);
  b.SetInputs(inputs_ids);
  b.SetOutputs({y});
  return {name, Finish(b, name), inputs, double{1.0} * batches * m * n * k};
}

// TRANSPOSE_CONV of a [1, size, size, in_c] input, SAME, bias, RELU.
OpLayer TransposeConvLayer(const std::string& name, int size, int in_c, int out_c, int kernel,
                           int stride) {
  ModelBuilder b;
  const int out = size * stride;
  const size_t wn = static_cast<size_t>(out_c) * kernel * kernel * in_c;
  int shape = b.AddConstant(PLINTH_INT32, {4}, std::vector<int32_t>{1, out, out, out_c}, "shape");
  int w = b.AddConstant(PLINTH_FLOAT32, {out_c, kernel, kernel, in_c},
                        Pattern<float>(wn, 13, 6, 0.05), "w");
  int in = b.AddTensor(PLINTH_FLOAT32, {1, size, size, in_c}, "x");
  int bias = b.AddConstant(PLINTH_FLOAT32, {out_c},
                           Pattern<float>(static_cast<size_t>(out_c), 7, 3, 0.1), "b");
  int y = b.AddTensor(PLINTH_FLOAT32, {1, out, out, out_c}, "y");
  b.AddOperator("TRANSPOSE_CONV", {shape, w, in, bias}, {y},
                {{"padding", "SAME"},
                 {"stride_h", stride},
                 {"stride_w", stride},
                 {"fused_activation_function", "RELU"}},
                4);
  b.SetInputs({in});
  b.SetOutputs({y});
  // Every input pixel meets every weight once (SAME, output = input x stride).
  return {name,
          Finish(b, name),
          {static_cast<size_t>(size) * size * in_c * 4},
          double{1.0} * size * size * in_c * kernel * kernel * out_c};
}

std::vector<OpLayer> OpLayers() {
  return {
      FullyConnectedLayer("fc_int8/1x1024x1000", false, 1, 1024, 1000),
      FullyConnectedLayer("fc_int8/8x640x128", false, 8, 640, 128),
      FullyConnectedLayer("fc_int8/49x256x256", false, 49, 256, 256),
      FullyConnectedLayer("fc_uint8/1x1024x1001", true, 1, 1024, 1001),
      FullyConnectedLayer("fc_uint8/16x512x512", true, 16, 512, 512),
      BatchMatMulLayer("batch_matmul/const_rhs_1x256x512x512", 1, 256, 512, 512, true),
      BatchMatMulLayer("batch_matmul/attention_12x128x128x64", 12, 128, 128, 64, false),
      TransposeConvLayer("transpose_conv/16x16x64_to_32x32x32_k4s2", 16, 64, 32, 4, 2),
      TransposeConvLayer("transpose_conv/28x28x128_to_56x56x64_k3s2", 28, 128, 64, 3, 2),
  };
}

const char* kIsaLevels[] = {"reference", "portable", ""};

void BM_OpLayer(benchmark::State& state, OpLayer l) {
  const char* isa = kIsaLevels[state.range(0)];
  if (isa[0] == '\0') {
    unsetenv("PLINTH_BUILTIN_ISA");
  } else {
    setenv("PLINTH_BUILTIN_ISA", isa, 1);
  }
  auto model = plinth::Model::FromBuffer(l.model, l.name);
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  plinth::InterpreterOptions options;
  options.num_threads = 1;
  auto interp = Interpreter::Create(*model, Registry(), options);
  const bool prepared = interp.ok() && (*interp)->AllocateTensors().ok();
  unsetenv("PLINTH_BUILTIN_ISA");  // kernels read it at prepare
  if (!prepared) {
    state.SkipWithError("cannot prepare the layer");
    return;
  }
  for (size_t i = 0; i < l.input_bytes.size(); ++i) {
    std::vector<uint8_t> input(l.input_bytes[i]);
    for (size_t j = 0; j < input.size(); ++j) input[j] = static_cast<uint8_t>(j * 37 % 61);
    if ((*interp)->input(i).type() == PLINTH_FLOAT32) {
      std::vector<float> x = Pattern<float>(input.size() / 4, 29, 14, 0.07);
      std::memcpy(input.data(), x.data(), input.size());
    }
    if (!(*interp)->SetInput(i, input).ok()) {
      state.SkipWithError("cannot set the input");
      return;
    }
  }
  for (auto _ : state) {
    if (!(*interp)->Invoke().ok()) {
      state.SkipWithError("invoke failed");
      return;
    }
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * l.macs * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Layer(benchmark::State& state, Layer l, bool int8) {
  const std::vector<uint8_t> bytes = BuildLayer(l, int8);
  auto model = plinth::Model::FromBuffer(bytes, l.name);
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  plinth::InterpreterOptions options;
  options.num_threads = static_cast<int>(state.range(0));
  auto interp = Interpreter::Create(*model, Registry(), options);
  if (!interp.ok() || !(*interp)->AllocateTensors().ok()) {
    state.SkipWithError("cannot prepare the layer");
    return;
  }
  const size_t in_bytes = static_cast<size_t>(l.size) * l.size * l.in_c * (int8 ? 1 : 4);
  std::vector<uint8_t> input(in_bytes);
  for (size_t i = 0; i < in_bytes; ++i) input[i] = static_cast<uint8_t>(i * 37 % 61);
  if (!int8) {
    std::vector<float> x = Pattern<float>(in_bytes / 4, 29, 14, 0.07);
    std::memcpy(input.data(), x.data(), in_bytes);
  }
  if (!(*interp)->SetInput(0, input).ok()) {
    state.SkipWithError("cannot set the input");
    return;
  }
  for (auto _ : state) {
    if (!(*interp)->Invoke().ok()) {
      state.SkipWithError("invoke failed");
      return;
    }
  }
  const double out = (l.size + l.stride - 1) / l.stride;
  const double macs = out * out * l.out_c * l.kernel * l.kernel * (l.depthwise ? 1 : l.in_c);
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * macs * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  if (l.depthwise) {  // input read once and output written once, as the memory limit counts
    const double bytes = static_cast<double>(in_bytes) + out * out * l.out_c * (int8 ? 1 : 4);
    state.counters["GB/s"] =
        benchmark::Counter(bytes * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  }
}

// The memory-bound limit of a depthwise layer: the time to read its input once and write its
// output once (what a kernel that kept everything else in registers and L1 would still pay), in
// the same buffers' sizes, so the cache level matches the layer's. The depthwise benchmark's
// time over this one is how far the kernel is from that limit.
void BM_DepthwiseMemoryLimit(benchmark::State& state, Layer l, bool int8) {
  const size_t elem = int8 ? 1 : 4;
  const size_t out = static_cast<size_t>((l.size + l.stride - 1) / l.stride);
  std::vector<uint64_t> input(static_cast<size_t>(l.size) * l.size * l.in_c * elem / 8 + 1, 3);
  std::vector<uint8_t> output(out * out * l.out_c * elem);
  for (auto _ : state) {
    uint64_t x = 0;
    for (uint64_t v : input) x ^= v;
    std::memset(output.data(), static_cast<int>(x & 0x7f), output.size());
    benchmark::DoNotOptimize(output.data());
    benchmark::ClobberMemory();
  }
  state.counters["GB/s"] =
      benchmark::Counter(static_cast<double>(input.size() * 8 + output.size()) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

int main(int argc, char** argv) {
  for (const auto& [family, layers] :
       {std::pair{std::string("mnv1/"), Layers()}, std::pair{std::string("vww/"), VwwLayers()},
        std::pair{std::string("first/"), FirstLayers()}}) {
    for (const Layer& l : layers) {
      for (bool int8 : {false, true}) {
        benchmark::RegisterBenchmark((family + l.name + (int8 ? "/int8" : "/float")).c_str(),
                                     BM_Layer, l, int8)
            ->ArgName("threads")
            ->Arg(1)
            ->Arg(2)
            ->Unit(benchmark::kMicrosecond);
        if (l.depthwise) {
          benchmark::RegisterBenchmark(
              (family + l.name + (int8 ? "/int8" : "/float") + "/memory_limit").c_str(),
              BM_DepthwiseMemoryLimit, l, int8)
              ->Unit(benchmark::kMicrosecond);
        }
      }
    }
  }
  for (const OpLayer& l : OpLayers()) {
    benchmark::RegisterBenchmark(("gemm_ops/" + l.name).c_str(), BM_OpLayer, l)
        ->ArgName("isa")
        ->Arg(0)
        ->Arg(1)
        ->Arg(2)
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
