#include "core/interpreter_state.h"

#include <cstdio>

namespace plinth {

void InterpreterState::Warn(const std::string& message) {
  if (!warned.insert(message).second) return;
  if (options.warning_sink) {
    options.warning_sink(message);
  } else {
    std::fprintf(stderr, "plinth: warning: %s\n", message.c_str());
  }
}

}  // namespace plinth
