// The NNAPI runtime (libneuralnetworks.so) opened with dlopen at run time: every function the
// delegate calls, resolved with dlsym, and the runtime's feature level. Nothing links against the
// library, so the same plugin loads on any machine and reports "unavailable" where it is missing.
#ifndef PLINTH_DELEGATES_NNAPI_NNAPI_LIBRARY_H_
#define PLINTH_DELEGATES_NNAPI_NNAPI_LIBRARY_H_

#include <cstdint>
#include <string>

#include "delegates/nnapi/nnapi_types.h"

namespace plinth::nnapi {

// The lowest feature level the delegate works with: 3 (Android 10, API 29) brings device
// enumeration, getSupportedOperationsForDevices, per-channel weights and dilated convolutions.
constexpr int kMinFeatureLevel = 3;

struct NnApi {
  void* library = nullptr;
  std::string path;
  // Feature level 1..8 (API 27 -> 1, ..., API 31 -> 5, 1000006 -> 6, ...).
  int feature_level = 0;

// Required functions (feature levels 1 to 3).
#define PLINTH_NNAPI_REQUIRED(X)                              \
  X(ANeuralNetworksMemory_createFromFd)                       \
  X(ANeuralNetworksMemory_free)                               \
  X(ANeuralNetworksModel_create)                              \
  X(ANeuralNetworksModel_free)                                \
  X(ANeuralNetworksModel_finish)                              \
  X(ANeuralNetworksModel_addOperand)                          \
  X(ANeuralNetworksModel_setOperandValue)                     \
  X(ANeuralNetworksModel_setOperandValueFromMemory)           \
  X(ANeuralNetworksModel_addOperation)                        \
  X(ANeuralNetworksModel_identifyInputsAndOutputs)            \
  X(ANeuralNetworksModel_relaxComputationFloat32toFloat16)    \
  X(ANeuralNetworksModel_setOperandSymmPerChannelQuantParams) \
  X(ANeuralNetworksModel_getSupportedOperationsForDevices)    \
  X(ANeuralNetworksCompilation_createForDevices)              \
  X(ANeuralNetworksCompilation_free)                          \
  X(ANeuralNetworksCompilation_setPreference)                 \
  X(ANeuralNetworksCompilation_setCaching)                    \
  X(ANeuralNetworksCompilation_finish)                        \
  X(ANeuralNetworksExecution_create)                          \
  X(ANeuralNetworksExecution_free)                            \
  X(ANeuralNetworksExecution_setInput)                        \
  X(ANeuralNetworksExecution_setOutput)                       \
  X(ANeuralNetworksExecution_compute)                         \
  X(ANeuralNetworks_getDeviceCount)                           \
  X(ANeuralNetworks_getDevice)                                \
  X(ANeuralNetworksDevice_getName)                            \
  X(ANeuralNetworksDevice_getType)                            \
  X(ANeuralNetworksDevice_getFeatureLevel)
// Optional functions: null where the runtime predates them.
#define PLINTH_NNAPI_OPTIONAL(X)            \
  X(ANeuralNetworksCompilation_setPriority) \
  X(ANeuralNetworks_getRuntimeFeatureLevel)
#define PLINTH_NNAPI_DECLARE(name) name##_fn name = nullptr;
  PLINTH_NNAPI_REQUIRED(PLINTH_NNAPI_DECLARE)
  PLINTH_NNAPI_OPTIONAL(PLINTH_NNAPI_DECLARE)
#undef PLINTH_NNAPI_DECLARE

  NnApi() = default;
  NnApi(const NnApi&) = delete;
  NnApi& operator=(const NnApi&) = delete;
  ~NnApi();
};

// Opens `path` (default: libneuralnetworks.so), resolves the functions and reads the feature
// level. False with the reason in *error when the library is missing, lacks a function, or is
// older than kMinFeatureLevel.
bool LoadNnApi(const std::string& path, NnApi* api, std::string* error);

// Feature level code (27..31, 1000006..) -> level 1..8; 0 when unknown.
int FeatureLevelFromCode(int64_t code);
// "feature level 4 (Android 11, API 30)".
std::string DescribeFeatureLevel(int level);

// "ANEURALNETWORKS_BAD_DATA (4)".
std::string ResultName(int code);

}  // namespace plinth::nnapi

#endif  // PLINTH_DELEGATES_NNAPI_NNAPI_LIBRARY_H_
