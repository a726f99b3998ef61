// A stand-in OpenCL library for failure injection: every function forwards to the real ICD loader
// (libOpenCL.so.1) unless PLINTH_FAKE_OPENCL_FAIL names it ("clBuildProgram", or
// "clEnqueueNDRangeKernel:12" to fail from its 12th call on), in which case it fails the way a
// driver would. The GPU delegate loads it through its `library=` option. It also counts
// non-blocking writes not yet followed by a clFinish or a blocking transfer
// (plinth_fake_opencl_unfinished_writes): until then the driver may still read the host memory.
#define CL_TARGET_OPENCL_VERSION 120
#define CL_USE_DEPRECATED_OPENCL_1_2_APIS
#include <CL/cl.h>
#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

namespace {

void* RealSymbol(const char* name) {
  static void* library = dlopen("libOpenCL.so.1", RTLD_NOW | RTLD_LOCAL);
  return library ? dlsym(library, name) : nullptr;
}

bool ShouldFail(const char* name) {
  const char* spec = std::getenv("PLINTH_FAKE_OPENCL_FAIL");
  if (spec == nullptr) return false;
  std::string s(spec);
  std::string target = s.substr(0, s.find(':'));
  if (target != name) return false;
  long after = s.find(':') == std::string::npos ? 1 : std::atol(s.c_str() + s.find(':') + 1);
  static std::mutex mu;
  static std::map<std::string, long> calls;
  std::lock_guard<std::mutex> lock(mu);
  return ++calls[name] >= after;
}

std::atomic<int> unfinished_writes{0};

}  // namespace

#define PLINTH_FAKE_EXPORT extern "C" __attribute__((visibility("default")))
// Calls the real `name`, or returns `failure` when the injection names it.
#define CALL_REAL(name, args, failure)                                       \
  (ShouldFail(#name) ? (failure) : [] {                                      \
    static auto real = reinterpret_cast<decltype(&name)>(RealSymbol(#name)); \
    return real;                                                             \
  }() args)
#define FORWARD(ret, name, params, args, failure) \
  PLINTH_FAKE_EXPORT ret CL_API_CALL name params { return CALL_REAL(name, args, failure); }
#define FAIL_OBJECT(errcode) ((errcode) ? (*(errcode) = CL_OUT_OF_RESOURCES, nullptr) : nullptr)

FORWARD(cl_int, clGetPlatformIDs, (cl_uint n, cl_platform_id* p, cl_uint* np), (n, p, np), -1001)
FORWARD(cl_int, clGetPlatformInfo,
        (cl_platform_id p, cl_platform_info i, size_t s, void* v, size_t* r), (p, i, s, v, r),
        CL_INVALID_VALUE)
FORWARD(cl_int, clGetDeviceIDs,
        (cl_platform_id p, cl_device_type t, cl_uint n, cl_device_id* d, cl_uint* nd),
        (p, t, n, d, nd), CL_DEVICE_NOT_FOUND)
FORWARD(cl_int, clGetDeviceInfo, (cl_device_id d, cl_device_info i, size_t s, void* v, size_t* r),
        (d, i, s, v, r), CL_INVALID_VALUE)
FORWARD(cl_context, clCreateContext,
        (const cl_context_properties* p, cl_uint n, const cl_device_id* d,
         void(CL_CALLBACK* f)(const char*, const void*, size_t, void*), void* u, cl_int* e),
        (p, n, d, f, u, e), FAIL_OBJECT(e))
FORWARD(cl_int, clReleaseContext, (cl_context c), (c), CL_INVALID_CONTEXT)
FORWARD(cl_command_queue, clCreateCommandQueue,
        (cl_context c, cl_device_id d, cl_command_queue_properties p, cl_int* e), (c, d, p, e),
        FAIL_OBJECT(e))
FORWARD(cl_int, clReleaseCommandQueue, (cl_command_queue q), (q), CL_INVALID_COMMAND_QUEUE)
FORWARD(cl_program, clCreateProgramWithSource,
        (cl_context c, cl_uint n, const char** s, const size_t* l, cl_int* e), (c, n, s, l, e),
        FAIL_OBJECT(e))
FORWARD(cl_program, clCreateProgramWithBinary,
        (cl_context c, cl_uint n, const cl_device_id* d, const size_t* l, const unsigned char** b,
         cl_int* bs, cl_int* e),
        (c, n, d, l, b, bs, e), FAIL_OBJECT(e))
FORWARD(cl_int, clBuildProgram,
        (cl_program p, cl_uint n, const cl_device_id* d, const char* o,
         void(CL_CALLBACK* f)(cl_program, void*), void* u),
        (p, n, d, o, f, u), CL_BUILD_PROGRAM_FAILURE)
FORWARD(cl_int, clGetProgramBuildInfo,
        (cl_program p, cl_device_id d, cl_program_build_info i, size_t s, void* v, size_t* r),
        (p, d, i, s, v, r), CL_INVALID_VALUE)
FORWARD(cl_int, clGetProgramInfo, (cl_program p, cl_program_info i, size_t s, void* v, size_t* r),
        (p, i, s, v, r), CL_INVALID_VALUE)
FORWARD(cl_int, clReleaseProgram, (cl_program p), (p), CL_INVALID_PROGRAM)
FORWARD(cl_kernel, clCreateKernel, (cl_program p, const char* n, cl_int* e), (p, n, e),
        FAIL_OBJECT(e))
FORWARD(cl_int, clReleaseKernel, (cl_kernel k), (k), CL_INVALID_KERNEL)
FORWARD(cl_int, clSetKernelArg, (cl_kernel k, cl_uint i, size_t s, const void* v), (k, i, s, v),
        CL_INVALID_ARG_VALUE)
FORWARD(cl_mem, clCreateBuffer, (cl_context c, cl_mem_flags f, size_t s, void* h, cl_int* e),
        (c, f, s, h, e), ((e) ? (*(e) = CL_MEM_OBJECT_ALLOCATION_FAILURE, nullptr) : nullptr))
FORWARD(cl_int, clReleaseMemObject, (cl_mem m), (m), CL_INVALID_MEM_OBJECT)
FORWARD(cl_int, clEnqueueCopyBuffer,
        (cl_command_queue q, cl_mem a, cl_mem b, size_t so, size_t d, size_t s, cl_uint n,
         const cl_event* w, cl_event* e),
        (q, a, b, so, d, s, n, w, e), CL_OUT_OF_RESOURCES)
FORWARD(cl_int, clEnqueueNDRangeKernel,
        (cl_command_queue q, cl_kernel k, cl_uint d, const size_t* o, const size_t* g,
         const size_t* l, cl_uint n, const cl_event* w, cl_event* e),
        (q, k, d, o, g, l, n, w, e), CL_OUT_OF_RESOURCES)

// The synchronising calls, wrapped to keep the count of unfinished writes.
PLINTH_FAKE_EXPORT cl_int CL_API_CALL clEnqueueWriteBuffer(cl_command_queue q, cl_mem b, cl_bool bl,
                                                           size_t o, size_t s, const void* p,
                                                           cl_uint n, const cl_event* w,
                                                           cl_event* e) {
  cl_int status =
      CALL_REAL(clEnqueueWriteBuffer, (q, b, bl, o, s, p, n, w, e), CL_OUT_OF_RESOURCES);
  if (status == CL_SUCCESS) {
    if (bl)
      unfinished_writes = 0;
    else
      ++unfinished_writes;
  }
  return status;
}
PLINTH_FAKE_EXPORT cl_int CL_API_CALL clEnqueueReadBuffer(cl_command_queue q, cl_mem b, cl_bool bl,
                                                          size_t o, size_t s, void* p, cl_uint n,
                                                          const cl_event* w, cl_event* e) {
  cl_int status = CALL_REAL(clEnqueueReadBuffer, (q, b, bl, o, s, p, n, w, e), CL_OUT_OF_RESOURCES);
  if (status == CL_SUCCESS && bl) unfinished_writes = 0;
  return status;
}
PLINTH_FAKE_EXPORT cl_int CL_API_CALL clFinish(cl_command_queue q) {
  cl_int status = CALL_REAL(clFinish, (q), CL_OUT_OF_RESOURCES);
  if (status == CL_SUCCESS) unfinished_writes = 0;
  return status;
}
PLINTH_FAKE_EXPORT int plinth_fake_opencl_unfinished_writes() { return unfinished_writes; }
