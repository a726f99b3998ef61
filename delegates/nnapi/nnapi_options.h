// Options of the NNAPI delegate (`--delegate nnapi:key=value,...`).
#ifndef PLINTH_DELEGATES_NNAPI_NNAPI_OPTIONS_H_
#define PLINTH_DELEGATES_NNAPI_NNAPI_OPTIONS_H_

#include <cstdint>
#include <string>

#include "delegates/nnapi/nnapi_types.h"

namespace plinth::nnapi {

struct NnApiOptions {
  // library=PATH; default $PLINTH_NNAPI_LIBRARY, else libneuralnetworks.so.
  std::string library;
  // execution_preference=low_power|fast_single_answer|sustained_speed.
  int32_t preference = ANEURALNETWORKS_PREFER_FAST_SINGLE_ANSWER;
  // priority=low|medium|high (feature level 4; ignored below).
  int32_t priority = ANEURALNETWORKS_PRIORITY_DEFAULT;
  bool priority_set = false;
  // accelerator=NAME: only that device; default every device but the runtime's own CPU
  // implementation ("nnapi-reference") unless allow_nnapi_cpu=1.
  std::string accelerator;
  bool allow_nnapi_cpu = false;
  // max_feature_level=N (1..8, or an API level / feature level code such as 30 or 1000006):
  // translate as if the runtime were no newer than that.
  int max_feature_level = 0;  // 0: no cap
  // allow_fp16=1: let the driver compute float32 in float16 (relaxComputationFloat32toFloat16).
  bool allow_fp16 = false;
  // cache_dir=DIR and model_token=TEXT: compilation caching (both or neither).
  std::string cache_dir;
  std::string model_token;
  // max_partitions=N: delegate at most N partitions (the largest), 0 = no limit.
  int max_partitions = 0;
};

// Parses key=value pairs; false with a message naming the bad option.
bool ParseNnApiOptions(const char* const* keys, const char* const* values, int32_t count,
                       NnApiOptions* options, std::string* error);

}  // namespace plinth::nnapi

#endif  // PLINTH_DELEGATES_NNAPI_NNAPI_OPTIONS_H_
