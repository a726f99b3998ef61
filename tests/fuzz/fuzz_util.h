// Shared pieces of the libFuzzer harnesses: the built-in plugin loaded once, and the resource caps
// that keep a hostile model from exhausting the fuzzing machine.
#ifndef PLINTH_TESTS_FUZZ_FUZZ_UTIL_H_
#define PLINTH_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/interpreter.h"
#include "core/plugin_loader.h"

namespace plinth::fuzz {

inline std::shared_ptr<OpRegistry> Registry() {
  static std::shared_ptr<OpRegistry> registry = [] {
    auto r = std::make_shared<OpRegistry>();
    auto loaded = LoadPlugin(PLINTH_FUZZ_BUILTIN_PLUGIN, r.get());
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load the built-in plugin: %s\n",
                   std::string(loaded.status().message()).c_str());
      std::abort();
    }
    return r;
  }();
  return registry;
}

// Caps well under libFuzzer's default -rss_limit_mb=2048, and small enough that one invoke stays
// far from libFuzzer's 20 s timeout under ASan: a legitimate 33M-element int8 CONV_2D (a mutated
// batch size, kept in regressions/model_invoke) took longer with 64 MB tensors allowed.
inline ModelLimits FuzzModelLimits() {
  ModelLimits limits;
  limits.max_tensor_bytes = 4u << 20;
  limits.max_flatbuffer_tables = 200'000;
  return limits;
}

inline InterpreterOptions FuzzInterpreterOptions() {
  InterpreterOptions options;
  options.max_arena_bytes = 16u << 20;
  options.max_dynamic_tensor_bytes = 4u << 20;
  options.max_subgraph_depth = 8;
  options.warning_sink = [](const std::string&) {};
  return options;
}

}  // namespace plinth::fuzz

#endif  // PLINTH_TESTS_FUZZ_FUZZ_UTIL_H_
