// An OpenCL platform/device/context/queue and the delegate's compiled program.
#ifndef PLINTH_DELEGATES_GPU_GPU_DEVICE_H_
#define PLINTH_DELEGATES_GPU_GPU_DEVICE_H_

#include <memory>
#include <string>

#include "delegates/gpu/cl_api.h"
#include "delegates/gpu/gpu_options.h"

namespace plinth::gpu {

class GpuDevice {
 public:
  // Opens the device the options select and builds (or loads from the cache) the kernels.
  // `unavailable` is set when the failure means "no OpenCL here" (no library, no platform, no
  // device) rather than a fault.
  static std::unique_ptr<GpuDevice> Open(const GpuOptions& options, std::string* error,
                                         bool* unavailable);
  ~GpuDevice();
  GpuDevice(const GpuDevice&) = delete;
  GpuDevice& operator=(const GpuDevice&) = delete;

  const ClApi& api() const { return api_; }
  cl_context context() const { return context_; }
  cl_command_queue queue() const { return queue_; }
  cl_program program() const { return program_; }
  bool fp16() const { return fp16_; }
  // "NVIDIA CUDA / NVIDIA H100 (driver 550.54)".
  const std::string& description() const { return description_; }
  // How the program was obtained: "compiled", "compiled and cached", "loaded from cache".
  const std::string& program_origin() const { return program_origin_; }

 private:
  GpuDevice() = default;
  bool SelectDevice(const GpuOptions& options, std::string* error, bool* unavailable);
  bool BuildProgram(const GpuOptions& options, std::string* error);

  ClApi api_;
  cl_platform_id platform_ = nullptr;
  cl_device_id device_ = nullptr;
  cl_context context_ = nullptr;
  cl_command_queue queue_ = nullptr;
  cl_program program_ = nullptr;
  bool fp16_ = false;
  std::string description_;
  std::string program_origin_;
};

}  // namespace plinth::gpu

#endif  // PLINTH_DELEGATES_GPU_GPU_DEVICE_H_
