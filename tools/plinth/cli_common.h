// Pieces the `plinth` subcommands share: flag handling, plugin and model loading, input filling,
// output formatting.
#ifndef PLINTH_TOOLS_PLINTH_CLI_COMMON_H_
#define PLINTH_TOOLS_PLINTH_CLI_COMMON_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/interpreter.h"
#include "core/model.h"
#include "core/op_registry.h"

namespace plinth::cli {

// A subcommand: its name, one-line summary, usage text, the flags it accepts, and its body.
struct Command {
  const char* name;
  const char* summary;
  const char* usage;  // e.g. "plinth run MODEL [flags]"
  std::vector<const char*> flags;
  int (*run)(const std::vector<std::string>& args);
};

// All subcommands, in the order `plinth --help` lists them.
const std::vector<Command>& Commands();

// Loads plugins from --plugin and (unless --no_default_plugins) PLINTH_PLUGIN_PATH and the
// default directory. Rejected discovered files are printed as warnings.
absl::StatusOr<std::shared_ptr<OpRegistry>> LoadRegistry();

// Interpreter options from --threads, --delegate and --delegate_fallback. A --delegate given as a
// path to a .so loads that plugin into `registry` and uses the delegate it registers.
absl::StatusOr<InterpreterOptions> InterpreterOptionsFromFlags(OpRegistry& registry);

// Parses one `--delegate NAME[:key=value,...]` value.
absl::StatusOr<DelegateRequest> ParseDelegateSpec(const std::string& spec);

// Fills the interpreter's inputs from --input KEY=FILE|random specs; inputs not named are filled
// with seeded random values, and a line says so on stderr.
absl::Status FillInputs(Interpreter& interp, const std::vector<std::string>& specs, uint32_t seed);

// Reads a whole file.
absl::StatusOr<std::vector<uint8_t>> ReadFile(const std::string& path);
absl::Status WriteFile(const std::string& path, const void* data, size_t size);

// "FLOAT32[1, 224, 224, 3]" and, when quantized, " q(scale=..., zp=...)".
std::string DescribeTensor(const Tensor& t);
// One line of leading values, or the top-k classes of a [1, N] score vector.
std::string FormatValues(const Tensor& t, int top_k);
// JSON string literal with escaping.
std::string JsonString(const std::string& s);

// Prints "plinth: error: <message>" and returns exit code 1.
int Fail(const absl::Status& status);

}  // namespace plinth::cli

#endif  // PLINTH_TOOLS_PLINTH_CLI_COMMON_H_
