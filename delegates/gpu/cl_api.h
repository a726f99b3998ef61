// The OpenCL functions the GPU delegate uses, resolved with dlsym from the ICD loader
// (libOpenCL.so.1) at run time: no link-time dependency, and tests can stand in a library that
// injects failures.
#ifndef PLINTH_DELEGATES_GPU_CL_API_H_
#define PLINTH_DELEGATES_GPU_CL_API_H_

#define CL_TARGET_OPENCL_VERSION 120
#define CL_USE_DEPRECATED_OPENCL_1_2_APIS
#include <CL/cl.h>

#include <string>

namespace plinth::gpu {

struct ClApi {
  void* library = nullptr;
#define PLINTH_CL_FUNCTIONS(X) \
  X(clGetPlatformIDs)          \
  X(clGetPlatformInfo)         \
  X(clGetDeviceIDs)            \
  X(clGetDeviceInfo)           \
  X(clCreateContext)           \
  X(clReleaseContext)          \
  X(clCreateCommandQueue)      \
  X(clReleaseCommandQueue)     \
  X(clCreateProgramWithSource) \
  X(clCreateProgramWithBinary) \
  X(clBuildProgram)            \
  X(clGetProgramBuildInfo)     \
  X(clGetProgramInfo)          \
  X(clReleaseProgram)          \
  X(clCreateKernel)            \
  X(clReleaseKernel)           \
  X(clSetKernelArg)            \
  X(clCreateBuffer)            \
  X(clReleaseMemObject)        \
  X(clEnqueueWriteBuffer)      \
  X(clEnqueueReadBuffer)       \
  X(clEnqueueCopyBuffer)       \
  X(clEnqueueNDRangeKernel)    \
  X(clFinish)
#define PLINTH_CL_DECLARE(name) decltype(&::name) name = nullptr;
  PLINTH_CL_FUNCTIONS(PLINTH_CL_DECLARE)
#undef PLINTH_CL_DECLARE

  ClApi() = default;
  ClApi(const ClApi&) = delete;
  ClApi& operator=(const ClApi&) = delete;
  ~ClApi();
};

// Opens `path` (default: the ICD loader, libOpenCL.so.1) and resolves every function. On failure
// returns false with the reason in *error ("no OpenCL library", "missing symbol clX").
bool LoadClApi(const std::string& path, ClApi* api, std::string* error);

// "CL_OUT_OF_RESOURCES (-5)".
std::string ClErrorName(cl_int code);

}  // namespace plinth::gpu

#endif  // PLINTH_DELEGATES_GPU_CL_API_H_
