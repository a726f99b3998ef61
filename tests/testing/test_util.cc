#include "tests/testing/test_util.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/plugin_loader.h"

namespace plinth::testing {

std::string BuiltinPluginPath() { return PLINTH_TEST_BUILTIN_PLUGIN; }

std::string TestPluginPath(const std::string& file_name) {
  return absl::StrCat(PLINTH_TEST_PLUGIN_DIR, "/", file_name);
}

std::shared_ptr<OpRegistry> BuiltinRegistry() {
  static std::shared_ptr<OpRegistry> registry = [] {
    auto r = std::make_shared<OpRegistry>();
    auto loaded = LoadPlugin(BuiltinPluginPath(), r.get());
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load the built-in plugin: %s\n",
                   std::string(loaded.status().message()).c_str());
      std::abort();
    }
    return r;
  }();
  return registry;
}

std::optional<std::string> SharedModelsDir() {
  std::string dir;
  if (const char* env = std::getenv("PLINTH_SHARED_MODELS"); env && env[0]) {
    dir = env;
  } else {
    dir = absl::StrCat(PLINTH_TEST_SOURCE_DIR, "/../shared/models");
  }
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  return dir;
}

bool GoldenRequired() {
  const char* env = std::getenv("PLINTH_REQUIRE_GOLDEN");
  return env != nullptr && env[0] != '\0' && env[0] != '0';
}

absl::StatusOr<std::unique_ptr<Interpreter>> PrepareModel(const std::vector<uint8_t>& bytes,
                                                          const InterpreterOptions& options) {
  auto model = Model::FromBuffer(bytes, "test-model");
  if (!model.ok()) return model.status();
  auto interp = Interpreter::Create(*model, BuiltinRegistry(), options);
  if (!interp.ok()) return interp.status();
  if (auto s = (*interp)->AllocateTensors(); !s.ok()) return s;
  return interp;
}

absl::StatusOr<std::unique_ptr<Interpreter>> RunModel(
    const ModelBuilder& builder, const std::vector<std::vector<uint8_t>>& inputs,
    const InterpreterOptions& options) {
  auto bytes = builder.Build();
  if (!bytes.ok()) return bytes.status();
  auto interp = PrepareModel(*bytes, options);
  if (!interp.ok()) return interp.status();
  if (inputs.size() != (*interp)->num_inputs()) {
    return absl::InvalidArgumentError(absl::StrCat("the model has ", (*interp)->num_inputs(),
                                                   " inputs, the test gave ", inputs.size()));
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (auto s = (*interp)->SetInput(i, inputs[i]); !s.ok()) return s;
  }
  if (auto s = (*interp)->Invoke(); !s.ok()) return s;
  return interp;
}

}  // namespace plinth::testing
