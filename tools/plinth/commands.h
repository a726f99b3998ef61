// Entry points of the `plinth` subcommands; each takes its positional arguments and returns the
// process exit code.
#ifndef PLINTH_TOOLS_PLINTH_COMMANDS_H_
#define PLINTH_TOOLS_PLINTH_COMMANDS_H_

#include <string>
#include <vector>

namespace plinth::cli {

int RunCommand(const std::vector<std::string>& args);
int InspectCommand(const std::vector<std::string>& args);
int PluginsCommand(const std::vector<std::string>& args);
int BenchCommand(const std::vector<std::string>& args);
int ConformanceCommand(const std::vector<std::string>& args);
int NewPluginCommand(const std::vector<std::string>& args);

}  // namespace plinth::cli

#endif  // PLINTH_TOOLS_PLINTH_COMMANDS_H_
