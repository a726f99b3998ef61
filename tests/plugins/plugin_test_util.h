// Tests of the custom-op plugins in plugins/: single-op (or small) models made with the model
// builder, run on a registry holding the built-in plugin and the plugin under test, both loaded
// from their built .so files with plinth::LoadPlugin, exactly as an application would.
//
//   PluginOpTest t(MediapipePluginPath());
//   int x = t.Input<float>({1, 4, 4, 1}, values);
//   int y = t.Output(PLINTH_FLOAT32);
//   t.CustomOp("MaxUnpooling2D", {x, idx}, {y}, PoolOptionBytes(...));
//   ASSERT_TRUE(t.Run().ok());
#ifndef PLINTH_TESTS_PLUGINS_PLUGIN_TEST_UTIL_H_
#define PLINTH_TESTS_PLUGINS_PLUGIN_TEST_UTIL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/interpreter.h"
#include "core/plugin_loader.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"
#include "tools/model_builder/model_builder.h"

// Asserts that an absl::Status is OK, printing it otherwise.
#define PLINTH_ASSERT_OK(expr)                          \
  do {                                                  \
    const absl::Status plinth_status_ = (expr);         \
    ASSERT_TRUE(plinth_status_.ok()) << plinth_status_; \
  } while (0)

namespace plinth::testing {

inline std::string DetectionPluginPath() { return PLINTH_TEST_DETECTION_PLUGIN; }
inline std::string MediapipePluginPath() { return PLINTH_TEST_MEDIAPIPE_PLUGIN; }

// A registry with the built-in plugin and the plugin at `path`, made once per path and process.
inline std::shared_ptr<OpRegistry> RegistryWithPlugin(const std::string& path) {
  static auto* registries = new std::map<std::string, std::shared_ptr<OpRegistry>>();
  auto it = registries->find(path);
  if (it != registries->end()) return it->second;
  auto registry = std::make_shared<OpRegistry>();
  for (const std::string& file : {BuiltinPluginPath(), path}) {
    auto loaded = LoadPlugin(file, registry.get());
    if (!loaded.ok()) {
      ADD_FAILURE() << "cannot load " << file << ": " << loaded.status().message();
      return nullptr;
    }
  }
  (*registries)[path] = registry;
  return registry;
}

class PluginOpTest {
 public:
  explicit PluginOpTest(std::string plugin_path) : plugin_path_(std::move(plugin_path)) {}

  template <class T>
  int Input(std::vector<int32_t> shape, const std::vector<T>& values, QuantSpec quant = {},
            PlinthType type = TypeOf<T>::value) {
    int t = builder_.AddTensor(type, std::move(shape), "", std::move(quant));
    inputs_.push_back(t);
    feeds_.push_back(Bytes(values));
    return t;
  }
  template <class T>
  int Const(std::vector<int32_t> shape, const std::vector<T>& values, QuantSpec quant = {},
            PlinthType type = TypeOf<T>::value) {
    return builder_.AddConstant(type, std::move(shape), values, "", std::move(quant));
  }
  // A model output; its shape is what prepare computes.
  int Output(PlinthType type = PLINTH_FLOAT32) {
    int t = builder_.AddTensor(type, {});
    outputs_.push_back(t);
    return t;
  }
  // A tensor between two ops.
  int Internal(PlinthType type = PLINTH_FLOAT32) { return builder_.AddTensor(type, {}); }
  void CustomOp(const std::string& name, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                std::vector<uint8_t> options) {
    builder_.AddCustomOperator(name, std::move(inputs), std::move(outputs), std::move(options));
  }
  ModelBuilder& builder() { return builder_; }

  // Builds, prepares and invokes; errors carry the interpreter's message.
  absl::Status Run() {
    builder_.SetInputs(inputs_);
    builder_.SetOutputs(outputs_);
    auto bytes = builder_.Build();
    if (!bytes.ok()) return bytes.status();
    auto model = Model::FromBuffer(*bytes, "plugin-test-model");
    if (!model.ok()) return model.status();
    auto registry = RegistryWithPlugin(plugin_path_);
    if (!registry) return absl::InternalError("plugin not loaded");
    auto interp = Interpreter::Create(*model, registry);
    if (!interp.ok()) return interp.status();
    interp_ = *std::move(interp);
    if (auto s = interp_->AllocateTensors(); !s.ok()) return s;
    for (size_t i = 0; i < feeds_.size(); ++i) {
      if (auto s = interp_->SetInput(i, feeds_[i]); !s.ok()) return s;
    }
    return interp_->Invoke();
  }
  Interpreter& interpreter() { return *interp_; }

  Tensor Out(int tensor) const {
    for (size_t i = 0; i < outputs_.size(); ++i) {
      if (outputs_[i] == tensor) return interp_->output(i);
    }
    return Tensor();
  }
  template <class T>
  std::vector<T> Values(int tensor) const {
    return testing::Values<T>(Out(tensor));
  }
  std::vector<int32_t> Shape(int tensor) const { return Out(tensor).shape(); }

 private:
  std::string plugin_path_;
  ModelBuilder builder_;
  std::vector<int32_t> inputs_, outputs_;
  std::vector<std::vector<uint8_t>> feeds_;
  std::unique_ptr<Interpreter> interp_;
};

// Deterministic uniform random floats.
inline std::vector<float> RandomFloats(size_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

// Little-endian int32 words: how MediaPipe's option structs are stored.
inline std::vector<uint8_t> Int32Words(const std::vector<int32_t>& words) {
  std::vector<uint8_t> bytes;
  for (int32_t w : words) {
    const uint32_t u = static_cast<uint32_t>(w);
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(u >> (8 * i)));
  }
  return bytes;
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_PLUGINS_PLUGIN_TEST_UTIL_H_
