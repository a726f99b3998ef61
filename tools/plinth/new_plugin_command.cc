// `plinth new-plugin NAME [--dir DIR]`: writes a complete custom-op plugin folder that builds
// against an installed Plinth with find_package(Plinth): the op, a test program that builds a
// one-node model and runs it through the runtime, a CMakeLists.txt and a README. The files are
// the templates below with @OP@ (the op's name as models spell it) and @NAME@ (its snake_case
// form: folder, library and file names) filled in.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/commands.h"

ABSL_FLAG(std::string, dir, ".", "folder in which the plugin's own folder is created");

namespace plinth::cli {
namespace {

constexpr char kCMakeLists[] =
    R"(# The Plinth custom-op plugin for "@OP@" and its test, built against an installed Plinth:
#   cmake -S . -B build -DCMAKE_PREFIX_PATH=<plinth install prefix>
#   cmake --build build && ctest --test-dir build --output-on-failure
cmake_minimum_required(VERSION 3.16)
project(plinth_@NAME@ CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(Plinth REQUIRED)

# The plugin: a shared library exporting only Plinth's entry point.
plinth_add_plugin(plinth_@NAME@ @NAME@.cc)

# The test: a one-node model using the op, run with the plugin through the Plinth runtime.
add_executable(@NAME@_test @NAME@_test.cc)
target_link_libraries(@NAME@_test PRIVATE Plinth::plinth)
add_dependencies(@NAME@_test plinth_@NAME@)
enable_testing()
add_test(NAME @NAME@_test COMMAND @NAME@_test $<TARGET_FILE:plinth_@NAME@>)

# `cmake --install build` puts the plugin in Plinth's default plugin directory, where `plinth`
# and every application using the runtime find it without --plugin.
if(PLINTH_PLUGIN_INSTALL_DIR)
  install(TARGETS plinth_@NAME@ LIBRARY DESTINATION ${PLINTH_PLUGIN_INSTALL_DIR})
endif()
)";

constexpr char kOpSource[] =
    R"(// Custom op "@OP@" for Plinth: y = scale * x on float32 tensors of any shape, `scale` read from
// the op's custom options (a FlexBuffer map, as TensorFlow's converter writes them; default 1).
// To make it your op, change Compute() and the checks in Prepare(), and Reference() in
// @NAME@_test.cc.
#include <cmath>
#include <string>

#include "plinth/custom_options.hpp"
#include "plinth/plugin.hpp"

namespace {

class Kernel {
 public:
  // Once per node, when an interpreter is created: read the options.
  explicit Kernel(plinth::KernelContext& ctx) {
    plinth::CustomOptions options(ctx.node());
    error_ = options.error();
    scale_ = static_cast<float>(options.Float("scale", 1.0));
  }

  // Before the first run and after input resizes: check the inputs, shape the output.
  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    if (!error_.empty()) return ctx.Error("@OP@ options: ", error_);
    if (ctx.num_inputs() != 1 || ctx.num_outputs() != 1) {
      return ctx.Error("@OP@ takes 1 input and 1 output, got ", ctx.num_inputs(), " and ",
                       ctx.num_outputs());
    }
    plinth::Tensor x = ctx.input(0);
    if (!x || x.type() != PLINTH_FLOAT32) return ctx.Error("@OP@ takes a FLOAT32 input");
    return ctx.Resize(ctx.output(0), x.shape());
  }

  // Every run: compute the output (no heap allocation here).
  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    const int64_t n = ctx.input(0).num_elements();
    for (int64_t i = 0; i < n; ++i) y[i] = Compute(x[i]);
    return PLINTH_OK;
  }

 private:
  float Compute(float x) const { return scale_ * x; }

  std::string error_;
  float scale_ = 1.f;
};

PlinthStatus Register(plinth::Registrar& r) {
  return r.AddCustom<Kernel>("@OP@", /*min_version=*/1, /*max_version=*/1, {PLINTH_FLOAT32});
}

}  // namespace

PLINTH_DEFINE_PLUGIN("@NAME@", "0.1.0", Register)
)";

constexpr char kTestSource[] =
    R"(// Test of the "@OP@" plugin: builds a model with one @OP@ node, runs it through the Plinth
// runtime with the plugin loaded, and compares every output with Reference().
//   @NAME@_test path/to/libplinth_@NAME@.so [MODEL_OUT]   (ctest passes the built plugin)
// With MODEL_OUT it also writes the model there, e.g. for `plinth run MODEL_OUT --plugin ...`.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/interpreter.h"
#include "core/plugin_loader.h"
#include "plinth/custom_options.hpp"
#include "single_op_model.h"

namespace {

// The `scale` option the test writes into the model.
constexpr float kScale = 2.5f;

// What the op must compute; keep it in step with Compute() in @NAME@.cc.
float Reference(float x) { return kScale * x; }

int Fail(const std::string& what) {
  std::fprintf(stderr, "@NAME@_test: FAILED: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    return Fail("usage: @NAME@_test path/to/libplinth_@NAME@.so [MODEL_OUT]");
  }

  // The op's options, written as TensorFlow's converter writes custom options.
  flexbuffers::Builder options;
  options.Map([&]() { options.Float("scale", kScale); });
  options.Finish();

  // input [2, 8] -> @OP@ -> output
  const std::vector<uint8_t> bytes =
      plinth_template::SingleOpModel("@OP@", {{2, 8}}, /*num_outputs=*/1, options.GetBuffer());
  if (argc == 3 && !std::ofstream(argv[2], std::ios::binary)
                        .write(reinterpret_cast<const char*>(bytes.data()),
                               static_cast<std::streamsize>(bytes.size()))) {
    return Fail(std::string("cannot write ") + argv[2]);
  }
  auto model = plinth::Model::FromBuffer(bytes, "@NAME@_test_model");
  if (!model.ok()) return Fail(std::string(model.status().message()));
  auto registry = std::make_shared<plinth::OpRegistry>();
  if (auto plugin = plinth::LoadPlugin(argv[1], registry.get()); !plugin.ok()) {
    return Fail(std::string(plugin.status().message()));
  }
  auto interpreter = plinth::Interpreter::Create(*model, registry);
  if (!interpreter.ok()) return Fail(std::string(interpreter.status().message()));
  plinth::Interpreter& interp = **interpreter;
  if (auto s = interp.AllocateTensors(); !s.ok()) return Fail(std::string(s.message()));

  std::vector<float> x(16);
  for (size_t i = 0; i < x.size(); ++i) x[i] = (static_cast<float>(i) - 8.f) * 0.75f;
  auto s = interp.SetInput(0, absl::Span<const uint8_t>(reinterpret_cast<const uint8_t*>(x.data()),
                                                        x.size() * sizeof(float)));
  if (s.ok()) s = interp.Invoke();
  if (!s.ok()) return Fail(std::string(s.message()));

  plinth::Tensor y = interp.output(0);
  if (y.num_elements() != static_cast<int64_t>(x.size())) return Fail("wrong output size");
  for (size_t i = 0; i < x.size(); ++i) {
    const float want = Reference(x[i]), got = y.data<float>()[i];
    if (std::fabs(got - want) > 1e-6f * (1.f + std::fabs(want))) {
      return Fail("output " + std::to_string(i) + " is " + std::to_string(got) + ", expected " +
                  std::to_string(want));
    }
  }
  std::printf("@NAME@_test: all %zu outputs match\n", x.size());
  return 0;
}
)";

constexpr char kModelWriter[] =
    R"(// Writes a TensorFlow Lite model (a TFL3 flatbuffer) holding a single custom op: float32 inputs of
// the given shapes, `num_outputs` float32 outputs (declared with input 0's shape; the op's
// Prepare sets their real shapes) and the op's custom options. Enough to test a custom op
// without a converter. Uses only flatbuffers/flatbuffers.h: field numbers follow the TFL3 schema
// (tensorflow/lite/schema/schema.fbs), vtable slot = 4 + 2 * field number.
#ifndef PLINTH_TEMPLATE_SINGLE_OP_MODEL_H_
#define PLINTH_TEMPLATE_SINGLE_OP_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#ifndef FLATBUFFERS_LOCALE_INDEPENDENT
#define FLATBUFFERS_LOCALE_INDEPENDENT 0
#endif
#include "flatbuffers/flatbuffers.h"

namespace plinth_template {

inline std::vector<uint8_t> SingleOpModel(const std::string& op_name,
                                          const std::vector<std::vector<int32_t>>& input_shapes,
                                          int num_outputs, const std::vector<uint8_t>& options) {
  struct Table {};
  using Ref = flatbuffers::Offset<Table>;
  constexpr int32_t kCustom = 32;  // BuiltinOperator CUSTOM
  auto slot = [](int field) { return static_cast<flatbuffers::voffset_t>(4 + 2 * field); };
  flatbuffers::FlatBufferBuilder b;

  // Tensors (type FLOAT32 and buffer 0, "no data", are the schema defaults).
  std::vector<Ref> tensors;
  std::vector<int32_t> inputs, outputs;
  const int num_inputs = static_cast<int>(input_shapes.size());
  for (int i = 0; i < num_inputs + num_outputs; ++i) {
    const bool is_input = i < num_inputs;
    auto shape = b.CreateVector(is_input ? input_shapes[i]
                                         : (num_inputs ? input_shapes[0] : std::vector<int32_t>{}));
    auto name = b.CreateString((is_input ? "input" : "output") +
                               std::to_string(is_input ? i : i - num_inputs));
    const auto start = b.StartTable();
    b.AddOffset(slot(0), shape);  // Tensor.shape
    b.AddOffset(slot(3), name);   // Tensor.name
    tensors.push_back(Ref(b.EndTable(start)));
    (is_input ? inputs : outputs).push_back(i);
  }
  auto tensor_vector = b.CreateVector(tensors);
  auto input_vector = b.CreateVector(inputs);
  auto output_vector = b.CreateVector(outputs);
  auto option_vector = b.CreateVector(options);

  auto op_start = b.StartTable();  // Operator; opcode_index 0 is the default
  b.AddOffset(slot(1), input_vector);
  b.AddOffset(slot(2), output_vector);
  b.AddOffset(slot(5), option_vector);  // custom_options (format FLEXBUFFERS, the default)
  const std::vector<Ref> operators = {Ref(b.EndTable(op_start))};
  auto operator_vector = b.CreateVector(operators);

  auto subgraph_name = b.CreateString("main");
  auto subgraph_start = b.StartTable();  // SubGraph
  b.AddOffset(slot(0), tensor_vector);
  b.AddOffset(slot(1), input_vector);
  b.AddOffset(slot(2), output_vector);
  b.AddOffset(slot(3), operator_vector);
  b.AddOffset(slot(4), subgraph_name);
  const std::vector<Ref> subgraphs = {Ref(b.EndTable(subgraph_start))};
  auto subgraph_vector = b.CreateVector(subgraphs);

  auto custom_code = b.CreateString(op_name);
  auto code_start = b.StartTable();                                // OperatorCode
  b.AddElement<int8_t>(slot(0), static_cast<int8_t>(kCustom), 0);  // deprecated_builtin_code
  b.AddOffset(slot(1), custom_code);
  b.AddElement<int32_t>(slot(3), kCustom, 0);  // builtin_code
  const std::vector<Ref> codes = {Ref(b.EndTable(code_start))};
  auto code_vector = b.CreateVector(codes);

  const std::vector<Ref> buffers = {Ref(b.EndTable(b.StartTable()))};  // buffer 0: empty
  auto buffer_vector = b.CreateVector(buffers);
  auto description = b.CreateString("single " + op_name + " op");

  auto model_start = b.StartTable();      // Model
  b.AddElement<uint32_t>(slot(0), 3, 0);  // version
  b.AddOffset(slot(1), code_vector);
  b.AddOffset(slot(2), subgraph_vector);
  b.AddOffset(slot(3), description);
  b.AddOffset(slot(4), buffer_vector);
  b.Finish(Ref(b.EndTable(model_start)), "TFL3");
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

}  // namespace plinth_template

#endif  // PLINTH_TEMPLATE_SINGLE_OP_MODEL_H_
)";

constexpr char kReadme[] = R"(# @OP@: a custom op for Plinth

Made by `plinth new-plugin @OP@`. A plugin is a small shared library built against the installed
Plinth SDK; the runtime loads it and runs every `@OP@` node of a model with it.

| file | what it is |
|---|---|
| `@NAME@.cc` | the op: checks in `Prepare`, the computation in `Invoke`/`Compute`, the registration |
| `@NAME@_test.cc` | builds a one-node model using the op, runs it with the plugin, compares with `Reference` |
| `single_op_model.h` | writes that model (a `.tflite` flatbuffer) without a converter |
| `CMakeLists.txt` | `find_package(Plinth)`, the plugin, the test |

## Build and test

```sh
cmake -S . -B build -DCMAKE_PREFIX_PATH=<plinth install prefix>
cmake --build build
ctest --test-dir build --output-on-failure
```

## Use it

```sh
plinth run your_model.tflite --plugin build/libplinth_@NAME@.so
cmake --install build   # or: into Plinth's default plugin directory, found without --plugin
```

## Make it your op

1. `Compute()` in `@NAME@.cc`: the math; `Prepare()`: which types and shapes you accept and the
   output's shape. Options come from the node's custom options (`plinth::CustomOptions`:
   `Int`, `Float`, `Bool`, `String`, `Ints` with fallbacks).
2. `Reference()` (and, for other shapes or inputs, the model) in `@NAME@_test.cc`.
3. Rebuild and run `ctest`.

The SDK guide (`docs/plugin-sdk.md` in Plinth) describes the kernel life cycle, scratch memory,
threads and the ABI rules.
)";

// "MyOp" -> "my_op", "SSD_PostProcess2" -> "ssd_post_process2".
std::string SnakeCase(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool upper = std::isupper(static_cast<unsigned char>(c)) != 0;
    if (upper && i > 0 && out.back() != '_') {
      const char prev = name[i - 1];
      const bool next_lower =
          i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1])) != 0;
      if (std::islower(static_cast<unsigned char>(prev)) ||
          std::isdigit(static_cast<unsigned char>(prev)) ||
          (std::isupper(static_cast<unsigned char>(prev)) && next_lower)) {
        out += '_';
      }
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsIdentifier(const std::string& name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

int NewPluginCommand(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    return Fail(absl::InvalidArgumentError("usage: plinth new-plugin NAME [--dir DIR]"));
  }
  const std::string& op = args[0];
  if (!IsIdentifier(op)) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(
        "'", op, "' is not a usable op name: use a letter then letters, digits or '_' (MyOp)")));
  }
  const std::string name = SnakeCase(op);
  const std::filesystem::path folder = std::filesystem::path(absl::GetFlag(FLAGS_dir)) / name;
  std::error_code ec;
  if (std::filesystem::exists(folder, ec) && !std::filesystem::is_empty(folder, ec)) {
    return Fail(absl::AlreadyExistsError(
        absl::StrCat(folder.string(), " exists and is not empty; choose another --dir or NAME")));
  }
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    return Fail(absl::PermissionDeniedError(
        absl::StrCat(folder.string(), ": cannot create: ", ec.message())));
  }
  const std::vector<std::pair<std::string, const char*>> files = {
      {"CMakeLists.txt", kCMakeLists},
      {name + ".cc", kOpSource},
      {name + "_test.cc", kTestSource},
      {"single_op_model.h", kModelWriter},
      {"README.md", kReadme}};
  for (const auto& [file, text] : files) {
    const std::string content = absl::StrReplaceAll(text, {{"@OP@", op}, {"@NAME@", name}});
    const std::string path = (folder / file).string();
    if (auto s = WriteFile(path, content.data(), content.size()); !s.ok()) return Fail(s);
  }
  std::printf(
      "created %s: the custom op \"%s\" as a plugin, with a test\n\n"
      "  cmake -S %s -B %s/build -DCMAKE_PREFIX_PATH=<plinth install prefix>\n"
      "  cmake --build %s/build && ctest --test-dir %s/build --output-on-failure\n\n"
      "then: plinth run MODEL --plugin %s/build/libplinth_%s.so\n",
      folder.string().c_str(), op.c_str(), folder.string().c_str(), folder.string().c_str(),
      folder.string().c_str(), folder.string().c_str(), folder.string().c_str(), name.c_str());
  return 0;
}

}  // namespace plinth::cli
