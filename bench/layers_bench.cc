// The CONV_2D and DEPTHWISE_CONV_2D layers of MobileNet v1 (224x224, width 1.0) at their real
// shapes, float32 and int8 (per-channel weights), each as a one-op model run through the built-in
// plugin as the interpreter runs it. PLINTH_BUILTIN_ISA=reference|portable picks the kernels, so
// the same binary measures each path; GFLOP/s counts 2 x multiply-adds.
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
}

}  // namespace

int main(int argc, char** argv) {
  for (const Layer& l : Layers()) {
    for (bool int8 : {false, true}) {
      benchmark::RegisterBenchmark(("mnv1/" + l.name + (int8 ? "/int8" : "/float")).c_str(),
                                   BM_Layer, l, int8)
          ->ArgName("threads")
          ->Arg(1)
          ->Arg(2)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
