#include "delegates/gpu/gpu_options.h"

#include <cstdlib>

namespace plinth::gpu {

bool ParseGpuOptions(const char* const* keys, const char* const* values, int32_t count,
                     GpuOptions* options, std::string* error) {
  if (const char* env = std::getenv("PLINTH_OPENCL_LIBRARY"); env != nullptr && env[0] != '\0') {
    options->library = env;
  }
  for (int32_t i = 0; i < count; ++i) {
    const std::string key = keys[i], value = values[i];
    if (key == "precision") {
      if (value != "fp32" && value != "fp16") {
        *error = "precision must be fp32 or fp16, got '" + value + "'";
        return false;
      }
      options->fp16 = value == "fp16";
    } else if (key == "cache_dir") {
      options->cache_dir = value;
    } else if (key == "platform") {
      options->platform = value;
    } else if (key == "device") {
      options->device = value;
    } else if (key == "library") {
      options->library = value;
    } else {
      *error = "unknown option '" + key +
               "' (known: precision=fp32|fp16, cache_dir=DIR, platform=I|NAME, device=I|NAME, "
               "library=PATH)";
      return false;
    }
  }
  return true;
}

}  // namespace plinth::gpu
