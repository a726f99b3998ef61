// The `plinth` command line: run, inspect, plugins, ... Each subcommand accepts only its own
// flags; `--help` works on every one.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/cli_flags.h"
#include "tools/plinth/commands.h"

namespace plinth::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"run",
       "run a model once and print its outputs, placement and timing",
       "plinth run MODEL [--plugin PATH]... [--input KEY=FILE|random]... [--output-dir DIR]",
       {"plugin", "no_default_plugins", "input", "output_dir", "threads", "delegate",
        "delegate_fallback", "fuse", "top_k", "seed", "compare", "tolerance"},
       &RunCommand},
      {"inspect",
       "list a model's tensors, operators (and the plugin serving each), arena size",
       "plinth inspect MODEL [--plugin PATH]... [--verbose]",
       {"plugin", "no_default_plugins", "threads", "delegate", "delegate_fallback", "fuse",
        "verbose"},
       &InspectCommand},
      {"plugins",
       "list the plugins found, their ABI versions and what they register",
       "plinth plugins [--plugin PATH]... [--markdown]",
       {"plugin", "no_default_plugins", "verbose", "markdown"},
       &PluginsCommand},
      {"bench",
       "time a model: init, first run, latency percentiles, memory, per-op profile",
       "plinth bench MODEL [--threads N] [--runs N] [--warmup N] [--profile] [--json] [--input "
       "KEY=FILE|random]...",
       {"plugin", "no_default_plugins", "input", "seed", "threads", "delegate", "delegate_fallback",
        "fuse", "runs", "warmup", "profile", "json"},
       &BenchCommand},
      {"conformance",
       "check a delegate against the built-in kernels on single-op models",
       "plinth conformance --delegate PATH_OR_NAME[:key=value,...] [--ops FILTER] [--tolerance "
       "TYPE=KIND:VALUE]... [--json]",
       {"plugin", "no_default_plugins", "delegate", "ops", "tolerance", "json"},
       &ConformanceCommand},
      {"new-plugin",
       "create a custom-op plugin folder (op, test, CMakeLists) to build on the SDK",
       "plinth new-plugin NAME [--dir DIR]",
       {"dir"},
       &NewPluginCommand},
  };
  return commands;
}

namespace {

bool IsListFlag(absl::CommandLineFlag* flag) { return flag->IsOfType<RepeatedValues>(); }

void PrintGlobalHelp(FILE* out) {
  std::fprintf(out,
               "plinth: run TensorFlow Lite models on Plinth's plugin runtime\n\nusage: plinth "
               "COMMAND [flags] [args]\n\ncommands:\n");
  for (const Command& c : Commands()) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out, "\n`plinth COMMAND --help` lists a command's flags.\n");
}

void PrintCommandHelp(const Command& c) {
  std::printf("usage: %s\n\n%s.\n\nflags:\n", c.usage, c.summary);
  for (const char* name : c.flags) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) continue;
    std::string spelled = absl::StrReplaceAll(name, {{"_", "-"}});
    std::string def = flag->DefaultValue();
    std::printf("  --%s%s\n      %s\n", spelled.c_str(),
                def.empty() ? "" : absl::StrCat(" (default: ", def, ")").c_str(),
                flag->Help().c_str());
  }
}

// Checks flags against the command's list, folds repeated list flags into one comma-separated
// value, and returns an argv for absl: program, flags, "--", positionals.
bool Normalize(const Command& c, int argc, char** argv, std::vector<std::string>* out, bool* help) {
  std::vector<std::string> flags, positional;
  std::map<std::string, std::vector<std::string>> lists;
  for (int i = 2; i < argc; ++i) {
    std::string token = argv[i];
    if (token == "--help" || token == "-h" || token == "--helpfull") {
      *help = true;
      return true;
    }
    if (token == "--") {
      for (++i; i < argc; ++i) positional.push_back(argv[i]);
      break;
    }
    if (token.rfind("--", 0) != 0 || token.size() == 2) {
      positional.push_back(token);
      continue;
    }
    std::string body = token.substr(2);
    size_t eq = body.find('=');
    std::string name = absl::StrReplaceAll(body.substr(0, eq), {{"-", "_"}});
    bool negated = false;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr && name.rfind("no", 0) == 0) {
      flag = absl::FindCommandLineFlag(name.substr(2));
      negated = flag != nullptr && flag->IsOfType<bool>();
      if (negated) name = name.substr(2);
    }
    bool allowed = false;
    for (const char* f : c.flags) allowed |= name == f;
    if (flag == nullptr || !allowed) {
      std::fprintf(stderr, "plinth: error: plinth %s has no flag --%s (see plinth %s --help)\n",
                   c.name, body.substr(0, eq).c_str(), c.name);
      return false;
    }
    std::string value;
    bool has_value = eq != std::string::npos;
    if (has_value) {
      value = body.substr(eq + 1);
    } else if (!flag->IsOfType<bool>()) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "plinth: error: --%s needs a value\n", body.c_str());
        return false;
      }
      value = argv[++i];
      has_value = true;
    }
    if (IsListFlag(flag)) {
      lists[name].push_back(value);
    } else if (negated) {
      flags.push_back(absl::StrCat("--no", name));
    } else {
      flags.push_back(has_value ? absl::StrCat("--", name, "=", value) : absl::StrCat("--", name));
    }
  }
  for (const auto& [name, values] : lists) {
    flags.push_back(absl::StrCat(
        "--", name, "=", absl::StrJoin(values, std::string(1, RepeatedValues::kRepeatSeparator))));
  }
  out->push_back(argv[0]);
  out->insert(out->end(), flags.begin(), flags.end());
  out->push_back("--");
  out->insert(out->end(), positional.begin(), positional.end());
  return true;
}

}  // namespace
}  // namespace plinth::cli

int main(int argc, char** argv) {
  using plinth::cli::Command;
  absl::SetProgramUsageMessage("plinth COMMAND [flags] [args]; plinth --help lists commands");
  if (argc < 2) {
    plinth::cli::PrintGlobalHelp(stderr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    plinth::cli::PrintGlobalHelp(stdout);
    return 0;
  }
  const Command* command = nullptr;
  for (const Command& c : plinth::cli::Commands()) {
    if (name == c.name) command = &c;
  }
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const Command& c : plinth::cli::Commands()) names.push_back(c.name);
    std::fprintf(stderr, "plinth: error: unknown command '%s'; commands: %s\n", name.c_str(),
                 absl::StrJoin(names, ", ").c_str());
    return 2;
  }
  std::vector<std::string> normalized;
  bool help = false;
  if (!plinth::cli::Normalize(*command, argc, argv, &normalized, &help)) return 2;
  if (help) {
    plinth::cli::PrintCommandHelp(*command);
    return 0;
  }
  std::vector<char*> cargv;
  for (std::string& s : normalized) cargv.push_back(s.data());
  std::vector<char*> rest = absl::ParseCommandLine(static_cast<int>(cargv.size()), cargv.data());
  std::vector<std::string> positional(rest.begin() + 1, rest.end());
  return command->run(positional);
}
