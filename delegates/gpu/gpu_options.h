// Options of the GPU delegate (`--delegate gpu:key=value,...`).
#ifndef PLINTH_DELEGATES_GPU_GPU_OPTIONS_H_
#define PLINTH_DELEGATES_GPU_GPU_OPTIONS_H_

#include <cstdint>
#include <string>

namespace plinth::gpu {

struct GpuOptions {
  std::string library;    // OpenCL library; default libOpenCL.so.1 or $PLINTH_OPENCL_LIBRARY
  std::string platform;   // index or case-insensitive substring of the platform name
  std::string device;     // index or substring of the device name; default: first GPU, else first
  bool fp16 = false;      // precision=fp16: tensors stored as half, arithmetic in float
  std::string cache_dir;  // compiled-program cache; empty: no cache
};

// Parses key=value pairs; false with a message naming the bad option.
bool ParseGpuOptions(const char* const* keys, const char* const* values, int32_t count,
                     GpuOptions* options, std::string* error);

}  // namespace plinth::gpu

#endif  // PLINTH_DELEGATES_GPU_GPU_OPTIONS_H_
