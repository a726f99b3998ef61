#include "delegates/nnapi/nnapi_options.h"

#include <cstdlib>

#include "delegates/nnapi/nnapi_library.h"

namespace plinth::nnapi {
namespace {

bool ParseInt(const std::string& text, int64_t lo, int64_t hi, int64_t* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool ParseBool(const std::string& text, bool* out) {
  if (text == "1" || text == "true") {
    *out = true;
  } else if (text == "0" || text == "false") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool ParseNnApiOptions(const char* const* keys, const char* const* values, int32_t count,
                       NnApiOptions* options, std::string* error) {
  if (const char* env = std::getenv("PLINTH_NNAPI_LIBRARY"); env != nullptr && env[0] != '\0') {
    options->library = env;
  }
  for (int32_t i = 0; i < count; ++i) {
    const std::string key = keys[i], value = values[i];
    auto bad = [&](const char* expected) {
      *error = "option " + key + "='" + value + "': expected " + expected;
      return false;
    };
    int64_t n = 0;
    if (key == "library") {
      options->library = value;
    } else if (key == "execution_preference") {
      if (value == "low_power") {
        options->preference = ANEURALNETWORKS_PREFER_LOW_POWER;
      } else if (value == "fast_single_answer") {
        options->preference = ANEURALNETWORKS_PREFER_FAST_SINGLE_ANSWER;
      } else if (value == "sustained_speed") {
        options->preference = ANEURALNETWORKS_PREFER_SUSTAINED_SPEED;
      } else {
        return bad("low_power, fast_single_answer or sustained_speed");
      }
    } else if (key == "priority") {
      if (value == "low") {
        options->priority = ANEURALNETWORKS_PRIORITY_LOW;
      } else if (value == "medium") {
        options->priority = ANEURALNETWORKS_PRIORITY_MEDIUM;
      } else if (value == "high") {
        options->priority = ANEURALNETWORKS_PRIORITY_HIGH;
      } else {
        return bad("low, medium or high");
      }
      options->priority_set = true;
    } else if (key == "accelerator") {
      options->accelerator = value;
    } else if (key == "allow_nnapi_cpu") {
      if (!ParseBool(value, &options->allow_nnapi_cpu)) return bad("0 or 1");
    } else if (key == "max_feature_level") {
      if (!ParseInt(value, 1, 1000099, &n)) return bad("a feature level (1..8) or its code");
      const int level = n <= 8 ? static_cast<int>(n) : FeatureLevelFromCode(n);
      if (level == 0) return bad("a feature level (1..8) or its code (27..31, 1000006..)");
      options->max_feature_level = level;
    } else if (key == "allow_fp16") {
      if (!ParseBool(value, &options->allow_fp16)) return bad("0 or 1");
    } else if (key == "cache_dir") {
      options->cache_dir = value;
    } else if (key == "model_token") {
      options->model_token = value;
    } else if (key == "max_partitions") {
      if (!ParseInt(value, 0, 1 << 20, &n)) return bad("a count (0 = no limit)");
      options->max_partitions = static_cast<int>(n);
    } else {
      *error = "unknown option '" + key +
               "' (known: library, execution_preference, priority, accelerator, allow_nnapi_cpu, "
               "max_feature_level, allow_fp16, cache_dir, model_token, max_partitions)";
      return false;
    }
  }
  if (options->cache_dir.empty() != options->model_token.empty()) {
    *error = "cache_dir and model_token go together: the cache needs both";
    return false;
  }
  return true;
}

}  // namespace plinth::nnapi
