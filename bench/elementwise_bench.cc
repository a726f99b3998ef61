// Element-wise, pooling, MEAN and activation ops at MobileNet v2 / DeepLab v3 shapes, each as a
// one-op model through the built-in plugin, with the reference, portable and best kernels side by
// side in one run (the benchmark sets PLINTH_BUILTIN_ISA before preparing each model). Built into
// plinth_layers_bench (whose main runs every registered benchmark); select these with
// --benchmark_filter=ew/.
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

using plinth::ModelBuilder;
using plinth::QuantSpec;

std::shared_ptr<plinth::OpRegistry> EwRegistry() {
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

struct Spec {
  std::string name, op;
  PlinthType type;
  std::vector<int32_t> a, b;  // b empty: unary (or MEAN's axes in `axes`)
  plinth::Options options;
  std::vector<int32_t> axes;  // MEAN
};

QuantSpec QuantFor(PlinthType t, float scale) {
  if (t == PLINTH_UINT8) return {{scale}, {128}, 0};
  if (t == PLINTH_INT8) return {{scale}, {-5}, 0};
  return {};
}

std::vector<Spec> Specs() {
  const plinth::Options relu6 = {{"fused_activation_function", "RELU6"}};
  const plinth::Options none = {{"fused_activation_function", "NONE"}};
  auto pool = [](int f, int s, const char* pad) {
    return plinth::Options{{"padding", pad},    {"stride_h", s},
                           {"stride_w", s},     {"filter_height", f},
                           {"filter_width", f}, {"fused_activation_function", "NONE"}};
  };
  return {
      {"add_f32_56x56x144", "ADD", PLINTH_FLOAT32, {1, 56, 56, 144}, {1, 56, 56, 144}, none, {}},
      {"mul_f32_65x65x256_by_c", "MUL", PLINTH_FLOAT32, {1, 65, 65, 256}, {256}, relu6, {}},
      {"sub_f32_scalar", "SUB", PLINTH_FLOAT32, {1, 56, 56, 144}, {1}, none, {}},
      {"add_u8_56x56x24", "ADD", PLINTH_UINT8, {1, 56, 56, 24}, {1, 56, 56, 24}, none, {}},
      {"add_s8_28x28x32", "ADD", PLINTH_INT8, {1, 28, 28, 32}, {1, 28, 28, 32}, relu6, {}},
      {"mul_u8_28x28x192", "MUL", PLINTH_UINT8, {1, 28, 28, 192}, {1, 28, 28, 192}, none, {}},
      {"avgpool_f32_33x33x320",
       "AVERAGE_POOL_2D",
       PLINTH_FLOAT32,
       {1, 33, 33, 320},
       {},
       pool(33, 33, "VALID"),
       {}},
      {"avgpool_u8_7x7x1280",
       "AVERAGE_POOL_2D",
       PLINTH_UINT8,
       {1, 7, 7, 1280},
       {},
       pool(7, 7, "VALID"),
       {}},
      {"avgpool_f32_3x3s1_28x28x96",
       "AVERAGE_POOL_2D",
       PLINTH_FLOAT32,
       {1, 28, 28, 96},
       {},
       pool(3, 1, "SAME"),
       {}},
      {"maxpool_f32_3x3s2_112x112x64",
       "MAX_POOL_2D",
       PLINTH_FLOAT32,
       {1, 112, 112, 64},
       {},
       pool(3, 2, "SAME"),
       {}},
      {"maxpool_s8_3x3s2_112x112x64",
       "MAX_POOL_2D",
       PLINTH_INT8,
       {1, 112, 112, 64},
       {},
       pool(3, 2, "SAME"),
       {}},
      {"mean_f32_33x33x320",
       "MEAN",
       PLINTH_FLOAT32,
       {1, 33, 33, 320},
       {},
       {{"keep_dims", true}},
       {1, 2}},
      {"mean_u8_7x7x1280",
       "MEAN",
       PLINTH_UINT8,
       {1, 7, 7, 1280},
       {},
       {{"keep_dims", false}},
       {1, 2}},
      {"logistic_f32_56x56x96", "LOGISTIC", PLINTH_FLOAT32, {1, 56, 56, 96}, {}, {}, {}},
      {"tanh_f32_56x56x96", "TANH", PLINTH_FLOAT32, {1, 56, 56, 96}, {}, {}, {}},
      {"gelu_tanh_f32_56x56x96",
       "GELU",
       PLINTH_FLOAT32,
       {1, 56, 56, 96},
       {},
       {{"approximate", true}},
       {}},
      {"gelu_erf_f32_56x56x96",
       "GELU",
       PLINTH_FLOAT32,
       {1, 56, 56, 96},
       {},
       {{"approximate", false}},
       {}},
      {"hard_swish_f32_56x56x96", "HARD_SWISH", PLINTH_FLOAT32, {1, 56, 56, 96}, {}, {}, {}},
      {"softmax_f32_16x1001", "SOFTMAX", PLINTH_FLOAT32, {16, 1001}, {}, {{"beta", 1.f}}, {}},
  };
}

size_t Elements(const std::vector<int32_t>& s) {
  size_t n = 1;
  for (int32_t d : s) n *= static_cast<size_t>(d);
  return n;
}

std::vector<uint8_t> Build(const Spec& s) {
  ModelBuilder b;
  const QuantSpec q = QuantFor(s.type, 0.05f);
  std::vector<int32_t> inputs;
  const int a = b.AddTensor(s.type, s.a, "a", q);
  inputs.push_back(a);
  std::vector<int32_t> op_inputs = {a};
  if (!s.b.empty()) {
    const int bb = b.AddTensor(s.type, s.b, "b", QuantFor(s.type, 0.03f));
    inputs.push_back(bb);
    op_inputs.push_back(bb);
  }
  if (s.op == "MEAN") {
    op_inputs.push_back(
        b.AddConstant(PLINTH_INT32, {static_cast<int32_t>(s.axes.size())}, s.axes, "axes"));
  }
  const int y = b.AddTensor(s.type, {}, "y", QuantFor(s.type, s.op == "MUL" ? 0.2f : 0.08f));
  b.AddOperator(s.op, op_inputs, {y}, s.options, 1);
  b.SetInputs(inputs);
  b.SetOutputs({y});
  auto bytes = b.Build();
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s: %s\n", s.name.c_str(), std::string(bytes.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(bytes);
}

void BM_Ew(benchmark::State& state, Spec s) {
  static const char* const kIsa[] = {"reference", "portable", ""};
  const char* isa = kIsa[state.range(0)];
  if (isa[0] == '\0') {
    unsetenv("PLINTH_BUILTIN_ISA");
  } else {
    setenv("PLINTH_BUILTIN_ISA", isa, 1);
  }
  const std::vector<uint8_t> bytes = Build(s);
  auto model = plinth::Model::FromBuffer(bytes, s.name);
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  plinth::InterpreterOptions options;
  options.num_threads = 1;
  auto interp = plinth::Interpreter::Create(*model, EwRegistry(), options);
  // Kernels choose their path at prepare (AllocateTensors).
  const bool prepared = interp.ok() && (*interp)->AllocateTensors().ok();
  unsetenv("PLINTH_BUILTIN_ISA");
  if (!prepared) {
    state.SkipWithError("cannot prepare the op");
    return;
  }
  const size_t size = s.type == PLINTH_FLOAT32 ? 4 : 1;
  for (int i = 0; i < (s.b.empty() ? 1 : 2); ++i) {
    std::vector<uint8_t> input(Elements(i == 0 ? s.a : s.b) * size);
    if (s.type == PLINTH_FLOAT32) {
      std::vector<float> x(input.size() / 4);
      for (size_t k = 0; k < x.size(); ++k) x[k] = static_cast<float>(k % 97) * 0.13f - 6.f;
      std::memcpy(input.data(), x.data(), input.size());
    } else {
      for (size_t k = 0; k < input.size(); ++k) input[k] = static_cast<uint8_t>(k * 37 % 251);
    }
    if (!(*interp)->SetInput(i, input).ok()) {
      state.SkipWithError("cannot set an input");
      return;
    }
  }
  for (auto _ : state) {
    if (!(*interp)->Invoke().ok()) {
      state.SkipWithError("invoke failed");
      return;
    }
  }
  state.SetLabel(isa[0] == '\0' ? "best" : isa);
}

[[maybe_unused]] const bool kRegistered = [] {
  for (const Spec& s : Specs()) {
    benchmark::RegisterBenchmark(("ew/" + s.name).c_str(), BM_Ew, s)
        ->ArgName("isa")
        ->DenseRange(0, 2)
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

}  // namespace
