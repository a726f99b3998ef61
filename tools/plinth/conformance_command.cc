// `plinth conformance --delegate PATH_OR_NAME[:options]`: runs the conformance catalog through a
// delegate and through the built-in kernels and prints op x type results; non-zero on any failure.
#include <unistd.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "tools/conformance/conformance_runner.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/cli_flags.h"
#include "tools/plinth/commands.h"

namespace plinth::cli {

int ConformanceCommand(const std::vector<std::string>& args) {
  if (!args.empty()) {
    return Fail(absl::InvalidArgumentError("plinth conformance takes no positional arguments"));
  }
  auto registry = LoadRegistry();
  if (!registry.ok()) return Fail(registry.status());
  auto interpreter_options = InterpreterOptionsFromFlags(**registry);
  if (!interpreter_options.ok()) return Fail(interpreter_options.status());
  if (interpreter_options->delegates.size() != 1) {
    return Fail(absl::InvalidArgumentError("plinth conformance needs exactly one --delegate"));
  }
  conformance::Options options;
  options.delegate = interpreter_options->delegates[0];
  options.op_filter = absl::GetFlag(FLAGS_ops);
  auto tolerances = conformance::ParseTolerances(absl::GetFlag(FLAGS_tolerance).values);
  if (!tolerances.ok()) return Fail(tolerances.status());
  options.tolerances = *tolerances;
  const bool tty = isatty(STDERR_FILENO);
  options.progress = [&](size_t done, size_t total, const std::string& op) {
    const int width = 30, filled = static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu %-24s", std::string(filled, '=').c_str(),
                 std::string(width - filled, ' ').c_str(), done, total, op.c_str());
    if (!tty && done == total) std::fprintf(stderr, "\n");
    if (tty && done == total) std::fprintf(stderr, "\r%*s\r", width + 40, "");
  };
  auto report = conformance::Run(*registry, options);
  if (!report.ok()) return Fail(report.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::fputs(conformance::FormatJson(*report, options.tolerances).c_str(), stdout);
  } else {
    std::fputs(conformance::FormatTable(*report, options.tolerances).c_str(), stdout);
  }
  if (report->compared_cases == 0) {
    std::fprintf(stderr, "plinth: error: the delegate took none of the conformance cases\n");
    return 1;
  }
  return report->failed_cases > 0 ? 1 : 0;
}

}  // namespace plinth::cli
