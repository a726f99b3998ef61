// Flags of the `plinth` CLI (abseil flags). Each subcommand accepts the subset it lists in
// Commands(); `--a-b` is accepted as a spelling of `--a_b`.
#ifndef PLINTH_TOOLS_PLINTH_CLI_FLAGS_H_
#define PLINTH_TOOLS_PLINTH_CLI_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::vector<std::string>, plugin);
ABSL_DECLARE_FLAG(bool, no_default_plugins);
ABSL_DECLARE_FLAG(std::vector<std::string>, input);
ABSL_DECLARE_FLAG(std::string, output_dir);
ABSL_DECLARE_FLAG(int32_t, threads);
ABSL_DECLARE_FLAG(std::vector<std::string>, delegate);
ABSL_DECLARE_FLAG(bool, delegate_fallback);
ABSL_DECLARE_FLAG(int32_t, top_k);
ABSL_DECLARE_FLAG(uint32_t, seed);
ABSL_DECLARE_FLAG(bool, verbose);
ABSL_DECLARE_FLAG(int32_t, runs);
ABSL_DECLARE_FLAG(int32_t, warmup);
ABSL_DECLARE_FLAG(bool, profile);
ABSL_DECLARE_FLAG(bool, json);

#endif  // PLINTH_TOOLS_PLINTH_CLI_FLAGS_H_
