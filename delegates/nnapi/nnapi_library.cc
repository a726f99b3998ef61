#include "delegates/nnapi/nnapi_library.h"

#include <dlfcn.h>

namespace plinth::nnapi {

NnApi::~NnApi() {
  if (library != nullptr) dlclose(library);
}

int FeatureLevelFromCode(int64_t code) {
  if (code >= ANEURALNETWORKS_FEATURE_LEVEL_1 && code <= ANEURALNETWORKS_FEATURE_LEVEL_5) {
    return static_cast<int>(code - ANEURALNETWORKS_FEATURE_LEVEL_1 + 1);
  }
  if (code > 1000005 && code < 1000100) return static_cast<int>(code - 1000000);
  return 0;
}

std::string DescribeFeatureLevel(int level) {
  static const char* const kAndroid[] = {"", "8.1", "9", "10", "11", "12"};
  std::string text = "feature level " + std::to_string(level);
  if (level >= 1 && level <= 5) {
    text +=
        std::string(" (Android ") + kAndroid[level] + ", API " + std::to_string(26 + level) + ")";
  }
  return text;
}

bool LoadNnApi(const std::string& path, NnApi* api, std::string* error) {
  const std::string name = path.empty() ? "libneuralnetworks.so" : path;
  api->path = name;
  dlerror();
  api->library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (api->library == nullptr) {
    const char* why = dlerror();
    *error = "cannot load the NNAPI library " + name + ": " + (why ? why : "unknown error");
    return false;
  }
  auto resolve = [&](const char* symbol) { return dlsym(api->library, symbol); };
  if (resolve("ANeuralNetworksModel_create") == nullptr) {
    *error = name + " has no symbol ANeuralNetworksModel_create: not an NNAPI runtime";
    return false;
  }
  // The feature level first: a missing function of a newer level then reads as "too old".
  api->ANeuralNetworks_getRuntimeFeatureLevel =
      reinterpret_cast<ANeuralNetworks_getRuntimeFeatureLevel_fn>(
          resolve("ANeuralNetworks_getRuntimeFeatureLevel"));
  if (api->ANeuralNetworks_getRuntimeFeatureLevel != nullptr) {
    api->feature_level = FeatureLevelFromCode(api->ANeuralNetworks_getRuntimeFeatureLevel());
  } else if (resolve("ANeuralNetworksCompilation_setPriority") != nullptr) {
    api->feature_level = 4;  // before feature level 5 the level follows the functions present
  } else if (resolve("ANeuralNetworks_getDeviceCount") != nullptr) {
    api->feature_level = 3;
  } else if (resolve("ANeuralNetworksModel_relaxComputationFloat32toFloat16") != nullptr) {
    api->feature_level = 2;
  } else {
    api->feature_level = 1;
  }
  if (api->feature_level < kMinFeatureLevel) {
    *error = name + " offers NNAPI " + DescribeFeatureLevel(api->feature_level) +
             "; the delegate needs " + DescribeFeatureLevel(kMinFeatureLevel) + " or later";
    return false;
  }
#define PLINTH_NNAPI_RESOLVE(fn)                                         \
  api->fn = reinterpret_cast<fn##_fn>(resolve(#fn));                     \
  if (api->fn == nullptr) {                                              \
    *error = name + " has no symbol " #fn " (not an NNAPI runtime of " + \
             DescribeFeatureLevel(api->feature_level) + ")";             \
    return false;                                                        \
  }
  PLINTH_NNAPI_REQUIRED(PLINTH_NNAPI_RESOLVE)
#undef PLINTH_NNAPI_RESOLVE
  api->ANeuralNetworksCompilation_setPriority =
      reinterpret_cast<ANeuralNetworksCompilation_setPriority_fn>(
          resolve("ANeuralNetworksCompilation_setPriority"));
  return true;
}

std::string ResultName(int code) {
  static const char* const kNames[] = {"ANEURALNETWORKS_NO_ERROR",
                                       "ANEURALNETWORKS_OUT_OF_MEMORY",
                                       "ANEURALNETWORKS_INCOMPLETE",
                                       "ANEURALNETWORKS_UNEXPECTED_NULL",
                                       "ANEURALNETWORKS_BAD_DATA",
                                       "ANEURALNETWORKS_OP_FAILED",
                                       "ANEURALNETWORKS_BAD_STATE",
                                       "ANEURALNETWORKS_UNMAPPABLE",
                                       "ANEURALNETWORKS_OUTPUT_INSUFFICIENT_SIZE",
                                       "ANEURALNETWORKS_UNAVAILABLE_DEVICE",
                                       "ANEURALNETWORKS_MISSED_DEADLINE_TRANSIENT",
                                       "ANEURALNETWORKS_MISSED_DEADLINE_PERSISTENT",
                                       "ANEURALNETWORKS_RESOURCE_EXHAUSTED_TRANSIENT",
                                       "ANEURALNETWORKS_RESOURCE_EXHAUSTED_PERSISTENT",
                                       "ANEURALNETWORKS_DEAD_OBJECT"};
  const char* name = code >= 0 && code < static_cast<int>(sizeof(kNames) / sizeof(kNames[0]))
                         ? kNames[code]
                         : "unknown NNAPI result";
  return std::string(name) + " (" + std::to_string(code) + ")";
}

}  // namespace plinth::nnapi
