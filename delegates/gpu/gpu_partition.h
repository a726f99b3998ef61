// A partition compiled for the GPU: one device buffer per tensor it touches (constants uploaded
// once), a fixed list of kernel launches, and the copies at the partition's edges.
#ifndef PLINTH_DELEGATES_GPU_GPU_PARTITION_H_
#define PLINTH_DELEGATES_GPU_GPU_PARTITION_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "delegates/gpu/gpu_device.h"
#include "plinth/plugin.h"

namespace plinth::gpu {

// Whether the GPU delegate runs `node`; if not, a short reason.
bool SupportsNode(PlinthContext* ctx, const PlinthNode* node, std::string* reason);

class GpuPartition {
 public:
  // Lowers every node of the partition to kernel launches and uploads the constants.
  static std::unique_ptr<GpuPartition> Build(GpuDevice* device, PlinthContext* ctx,
                                             const PlinthGraphView* graph,
                                             const PlinthPartition* partition, std::string* error);
  ~GpuPartition();
  GpuPartition(const GpuPartition&) = delete;
  GpuPartition& operator=(const GpuPartition&) = delete;

  // Copies inputs in, runs the launches, copies outputs out (float32 at the edges).
  bool Run(PlinthTensor* const* inputs, int32_t num_inputs, PlinthTensor* const* outputs,
           int32_t num_outputs, std::string* error);

  // --- used while lowering ops (gpu_ops.cc) ---------------------------------------------------
  // The device buffer holding `tensor` (created on first use; constants uploaded).
  cl_mem Buffer(const PlinthTensor* tensor);
  // Makes `output` share `input`'s buffer (reshapes).
  void Alias(const PlinthTensor* output, const PlinthTensor* input);
  // A kernel argument: a buffer, a scalar or a vector.
  struct Arg {
    const void* data;
    size_t size;
  };
  template <class T>
  static Arg ArgOf(const T& value) {
    return {&value, sizeof(T)};
  }
  // Adds a launch of `kernel` over a 1- to 3-D range.
  void Launch(const char* kernel, std::initializer_list<Arg> args,
              std::initializer_list<size_t> global);
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  PlinthContext* context() const { return ctx_; }

 private:
  GpuPartition(GpuDevice* device, PlinthContext* ctx) : device_(device), ctx_(ctx) {}
  cl_mem NewBuffer(size_t bytes);
  void Fail(const std::string& what, cl_int status);
  size_t StorageBytes(const PlinthTensor* t) const;
  cl_mem Staging(size_t elements);

  struct Step {
    cl_kernel kernel;
    cl_uint dims;
    size_t global[3];
  };
  GpuDevice* device_;
  PlinthContext* ctx_;
  std::map<int32_t, cl_mem> buffers_;  // by tensor index
  std::vector<cl_mem> owned_;
  std::vector<cl_kernel> kernels_;
  std::vector<Step> steps_;
  cl_mem staging_ = nullptr;  // float32 edge buffer for fp16 storage
  size_t staging_elements_ = 0;
  cl_kernel to_storage_ = nullptr;
  cl_kernel from_storage_ = nullptr;
  std::string error_;
};

// Lowers one node into launches on `partition`; false with a reason when it cannot.
bool LowerNode(GpuPartition* partition, const PlinthNode* node, std::string* error);

}  // namespace plinth::gpu

#endif  // PLINTH_DELEGATES_GPU_GPU_PARTITION_H_
