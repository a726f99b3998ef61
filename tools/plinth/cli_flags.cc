#include "tools/plinth/cli_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace plinth::cli {

bool AbslParseFlag(absl::string_view text, RepeatedValues* flag, std::string*) {
  flag->values.clear();
  if (text.empty()) return true;
  for (absl::string_view v : absl::StrSplit(text, RepeatedValues::kRepeatSeparator)) {
    flag->values.emplace_back(v);
  }
  return true;
}

std::string AbslUnparseFlag(const RepeatedValues& flag) {
  return absl::StrJoin(flag.values, std::string(1, RepeatedValues::kRepeatSeparator));
}

}  // namespace plinth::cli

ABSL_FLAG(plinth::cli::RepeatedValues, plugin, {},
          "plugin .so to load before any discovered one (repeatable)");
ABSL_FLAG(bool, no_default_plugins, false,
          "do not load plugins from PLINTH_PLUGIN_PATH and the default plugin directory");
ABSL_FLAG(plinth::cli::RepeatedValues, input, {},
          "KEY=FILE or KEY=random: raw little-endian bytes for the input KEY (index or name); "
          "inputs not given are filled with seeded random values (repeatable)");
ABSL_FLAG(std::string, output_dir, "",
          "write output i to DIR/output<i>.bin and a description to DIR/outputs.json");
ABSL_FLAG(int32_t, threads, 1, "worker threads for kernels");
ABSL_FLAG(plinth::cli::RepeatedValues, delegate, {},
          "NAME[:key=value,...] (or PATH.so[:...]) delegate to apply, in order (repeatable)");
ABSL_FLAG(bool, delegate_fallback, true,
          "when a delegate is unavailable or fails, run on the CPU with a warning instead of "
          "failing");
ABSL_FLAG(bool, fuse, true,
          "let kernels absorb the nodes that feed only them (an explicit PAD into the convolution "
          "after it); --fuse=false runs every node as its own step");
ABSL_FLAG(int32_t, top_k, 5, "outputs that look like class scores print their top K entries");
ABSL_FLAG(uint32_t, seed, 1, "seed of the random values for inputs not given");
ABSL_FLAG(bool, verbose, false, "print more detail");
ABSL_FLAG(bool, markdown, false, "print the op x type coverage table in Markdown (docs/ops.md)");
ABSL_FLAG(int32_t, runs, 50, "timed runs");
ABSL_FLAG(int32_t, warmup, 5, "untimed runs before the timed ones");
ABSL_FLAG(bool, profile, false, "time every node and print a per-op table");
ABSL_FLAG(bool, json, false, "print one JSON object on stdout instead of text");
ABSL_FLAG(std::string, ops, "", "only ops whose name contains this text");
ABSL_FLAG(
    plinth::cli::RepeatedValues, tolerance, {},
    "TYPE=KIND:VALUE allowed distance from the built-in kernels, KIND one of rel (x max|ref|), "
    "abs, ulp, lsb (repeatable); defaults float32=rel:1e-4, int8/uint8/int16=lsb:1");
ABSL_FLAG(bool, compare, false,
          "also run without delegates and report, per partition boundary tensor and output, how "
          "far the delegated run is; names the first partition that diverges");
