// Flags of the `plinth` CLI (abseil flags). Each subcommand accepts the subset it lists in
// Commands(); `--a-b` is accepted as a spelling of `--a_b`.
#ifndef PLINTH_TOOLS_PLINTH_CLI_FLAGS_H_
#define PLINTH_TOOLS_PLINTH_CLI_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/strings/string_view.h"

namespace plinth::cli {

// A flag that may be given several times (`--plugin a.so --plugin b.so`); values keep their commas
// (`--delegate gpu:precision=fp16,cache_dir=d`). The command line is normalized so that repeated
// occurrences arrive as one value joined with kRepeatSeparator.
struct RepeatedValues {
  static constexpr char kRepeatSeparator = '\x1f';
  std::vector<std::string> values;
};
bool AbslParseFlag(absl::string_view text, RepeatedValues* flag, std::string* error);
std::string AbslUnparseFlag(const RepeatedValues& flag);

}  // namespace plinth::cli

ABSL_DECLARE_FLAG(plinth::cli::RepeatedValues, plugin);
ABSL_DECLARE_FLAG(bool, no_default_plugins);
ABSL_DECLARE_FLAG(plinth::cli::RepeatedValues, input);
ABSL_DECLARE_FLAG(std::string, output_dir);
ABSL_DECLARE_FLAG(int32_t, threads);
ABSL_DECLARE_FLAG(plinth::cli::RepeatedValues, delegate);
ABSL_DECLARE_FLAG(bool, delegate_fallback);
ABSL_DECLARE_FLAG(bool, fuse);
ABSL_DECLARE_FLAG(int32_t, top_k);
ABSL_DECLARE_FLAG(uint32_t, seed);
ABSL_DECLARE_FLAG(bool, verbose);
ABSL_DECLARE_FLAG(bool, markdown);
ABSL_DECLARE_FLAG(int32_t, runs);
ABSL_DECLARE_FLAG(int32_t, warmup);
ABSL_DECLARE_FLAG(bool, profile);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, ops);
ABSL_DECLARE_FLAG(plinth::cli::RepeatedValues, tolerance);
ABSL_DECLARE_FLAG(bool, compare);

#endif  // PLINTH_TOOLS_PLINTH_CLI_FLAGS_H_
