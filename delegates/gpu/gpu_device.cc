#include "delegates/gpu/gpu_device.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "delegates/gpu/program_cache.h"

namespace plinth::gpu {

extern const char* const kGpuKernelsSource;

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool IsIndex(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

GpuDevice::~GpuDevice() {
  if (queue_ != nullptr) api_.clFinish(queue_);
  if (program_ != nullptr) api_.clReleaseProgram(program_);
  if (queue_ != nullptr) api_.clReleaseCommandQueue(queue_);
  if (context_ != nullptr) api_.clReleaseContext(context_);
}

std::unique_ptr<GpuDevice> GpuDevice::Open(const GpuOptions& options, std::string* error,
                                           bool* unavailable) {
  std::unique_ptr<GpuDevice> device(new GpuDevice());
  *unavailable = false;
  if (!LoadClApi(options.library, &device->api_, error)) {
    *unavailable = true;
    return nullptr;
  }
  if (!device->SelectDevice(options, error, unavailable)) return nullptr;
  const ClApi& cl = device->api_;
  cl_int status = CL_SUCCESS;
  device->context_ = cl.clCreateContext(nullptr, 1, &device->device_, nullptr, nullptr, &status);
  if (status != CL_SUCCESS) {
    *error = "clCreateContext failed: " + ClErrorName(status);
    return nullptr;
  }
  device->queue_ = cl.clCreateCommandQueue(device->context_, device->device_, 0, &status);
  if (status != CL_SUCCESS) {
    *error = "clCreateCommandQueue failed: " + ClErrorName(status);
    return nullptr;
  }
  device->fp16_ = options.fp16;
  if (!device->BuildProgram(options, error)) return nullptr;
  return device;
}

bool GpuDevice::SelectDevice(const GpuOptions& options, std::string* error, bool* unavailable) {
  const ClApi& cl = api_;
  cl_uint num_platforms = 0;
  cl_int status = cl.clGetPlatformIDs(0, nullptr, &num_platforms);
  if (status != CL_SUCCESS || num_platforms == 0) {
    *error = "no OpenCL platform (" + ClErrorName(status) +
             "; is an ICD installed, or "
             "OCL_ICD_VENDORS pointing at one?)";
    *unavailable = true;
    return false;
  }
  std::vector<cl_platform_id> platforms(num_platforms);
  cl.clGetPlatformIDs(num_platforms, platforms.data(), nullptr);
  auto info = [&](cl_platform_id p, cl_platform_info what) {
    char buffer[512] = {0};
    cl.clGetPlatformInfo(p, what, sizeof(buffer) - 1, buffer, nullptr);
    return std::string(buffer);
  };
  auto device_info = [&](cl_device_id d, cl_device_info what) {
    char buffer[512] = {0};
    cl.clGetDeviceInfo(d, what, sizeof(buffer) - 1, buffer, nullptr);
    return std::string(buffer);
  };
  // Candidates in preference order: GPUs before other devices, platforms in order.
  struct Candidate {
    cl_platform_id platform;
    cl_device_id device;
    int platform_index;
    int device_index;
    bool gpu;
  };
  std::vector<Candidate> candidates;
  for (cl_uint p = 0; p < num_platforms; ++p) {
    if (!options.platform.empty()) {
      if (IsIndex(options.platform)
              ? std::stoul(options.platform) != p
              : Lower(info(platforms[p], CL_PLATFORM_NAME)).find(Lower(options.platform)) ==
                    std::string::npos) {
        continue;
      }
    }
    cl_uint num_devices = 0;
    if (cl.clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, nullptr, &num_devices) !=
        CL_SUCCESS) {
      continue;
    }
    std::vector<cl_device_id> devices(num_devices);
    cl.clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, num_devices, devices.data(), nullptr);
    for (cl_uint d = 0; d < num_devices; ++d) {
      if (!options.device.empty()) {
        if (IsIndex(options.device)
                ? std::stoul(options.device) != d
                : Lower(device_info(devices[d], CL_DEVICE_NAME)).find(Lower(options.device)) ==
                      std::string::npos) {
          continue;
        }
      }
      cl_device_type type = 0;
      cl.clGetDeviceInfo(devices[d], CL_DEVICE_TYPE, sizeof(type), &type, nullptr);
      candidates.push_back({platforms[p], devices[d], static_cast<int>(p), static_cast<int>(d),
                            (type & CL_DEVICE_TYPE_GPU) != 0});
    }
  }
  if (candidates.empty()) {
    *error = "no OpenCL device matches platform='" + options.platform + "' device='" +
             options.device + "'";
    *unavailable = true;
    return false;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.gpu && !b.gpu; });
  platform_ = candidates[0].platform;
  device_ = candidates[0].device;
  description_ = info(platform_, CL_PLATFORM_NAME) + " / " + device_info(device_, CL_DEVICE_NAME) +
                 " (driver " + device_info(device_, CL_DRIVER_VERSION) + ", " +
                 device_info(device_, CL_DEVICE_VERSION) + ")";
  return true;
}

bool GpuDevice::BuildProgram(const GpuOptions& options, std::string* error) {
  const ClApi& cl = api_;
  const std::string build_options = std::string("-cl-std=CL1.2 -DFP16=") + (fp16_ ? "1" : "0");
  // Everything that shapes the binary goes into the key.
  uint64_t key = Fnv1a64(description_.data(), description_.size());
  key = Fnv1a64(build_options.data(), build_options.size(), key);
  key = Fnv1a64(kGpuKernelsSource, std::strlen(kGpuKernelsSource), key);
  ProgramCache cache(options.cache_dir);
  cl_int status = CL_SUCCESS;
  if (cache.enabled()) {
    std::vector<uint8_t> binary;
    std::string why;
    if (cache.Load(key, &binary, &why)) {
      const unsigned char* data = binary.data();
      size_t size = binary.size();
      cl_int binary_status = CL_SUCCESS;
      program_ = cl.clCreateProgramWithBinary(context_, 1, &device_, &size, &data, &binary_status,
                                              &status);
      if (status == CL_SUCCESS && binary_status == CL_SUCCESS &&
          cl.clBuildProgram(program_, 1, &device_, build_options.c_str(), nullptr, nullptr) ==
              CL_SUCCESS) {
        program_origin_ = "loaded from cache";
        return true;
      }
      // The driver refused the binary (another driver version wrote it?): compile afresh.
      if (program_ != nullptr) cl.clReleaseProgram(program_);
      program_ = nullptr;
    }
  }
  const char* source = kGpuKernelsSource;
  program_ = cl.clCreateProgramWithSource(context_, 1, &source, nullptr, &status);
  if (status != CL_SUCCESS) {
    *error = "clCreateProgramWithSource failed: " + ClErrorName(status);
    return false;
  }
  status = cl.clBuildProgram(program_, 1, &device_, build_options.c_str(), nullptr, nullptr);
  if (status != CL_SUCCESS) {
    size_t size = 0;
    cl.clGetProgramBuildInfo(program_, device_, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size);
    std::string log(size, '\0');
    cl.clGetProgramBuildInfo(program_, device_, CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr);
    *error =
        "building the OpenCL kernels failed: " + ClErrorName(status) + ": " + log.substr(0, 2000);
    return false;
  }
  program_origin_ = "compiled";
  if (cache.enabled()) {
    size_t size = 0;
    if (cl.clGetProgramInfo(program_, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, nullptr) ==
            CL_SUCCESS &&
        size > 0) {
      std::vector<uint8_t> binary(size);
      unsigned char* data = binary.data();
      std::string why;
      if (cl.clGetProgramInfo(program_, CL_PROGRAM_BINARIES, sizeof(data), &data, nullptr) ==
              CL_SUCCESS &&
          cache.Store(key, binary, &why)) {
        program_origin_ = "compiled and cached";
      }
    }
  }
  return true;
}

}  // namespace plinth::gpu
