// The GPU delegate plugin (libplinth_gpu_delegate.so): registers delegate "gpu", which runs float
// partitions through OpenCL on the device the options select.
#include <memory>
#include <string>

#include "delegates/gpu/gpu_device.h"
#include "delegates/gpu/gpu_partition.h"
#include "plinth/plugin.hpp"

struct PlinthDelegateInstance {
  std::unique_ptr<plinth::gpu::GpuDevice> device;
};

struct PlinthDelegateKernel {
  std::unique_ptr<plinth::gpu::GpuPartition> partition;
};

namespace plinth::gpu {
namespace {

PlinthStatus Create(PlinthContext* ctx, const char* const* keys, const char* const* values,
                    int32_t count, PlinthDelegateInstance** out) {
  GpuOptions options;
  std::string error;
  if (!ParseGpuOptions(keys, values, count, &options, &error)) {
    ctx->report_error(ctx, error.c_str());
    return PLINTH_ERROR;
  }
  bool unavailable = false;
  auto device = GpuDevice::Open(options, &error, &unavailable);
  if (device == nullptr) {
    ctx->report_error(ctx, error.c_str());
    return unavailable ? PLINTH_UNSUPPORTED : PLINTH_ERROR;
  }
  auto instance = std::make_unique<PlinthDelegateInstance>();
  instance->device = std::move(device);
  *out = instance.release();
  return PLINTH_OK;
}

void Destroy(PlinthDelegateInstance* instance) { delete instance; }

PlinthStatus Supports(PlinthDelegateInstance*, PlinthContext* ctx, const PlinthGraphView* graph,
                      int32_t node, char* reason, size_t reason_size) {
  std::string why;
  if (SupportsNode(ctx, graph->nodes[node], &why)) return PLINTH_OK;
  std::snprintf(reason, reason_size, "%s", why.c_str());
  return PLINTH_UNSUPPORTED;
}

PlinthStatus Prepare(PlinthDelegateInstance* instance, PlinthContext* ctx,
                     const PlinthGraphView* graph, const PlinthPartition* partition,
                     PlinthDelegateKernel** out) {
  std::string error;
  auto compiled = GpuPartition::Build(instance->device.get(), ctx, graph, partition, &error);
  if (compiled == nullptr) {
    ctx->report_error(ctx, error.c_str());
    return PLINTH_ERROR;
  }
  auto kernel = std::make_unique<PlinthDelegateKernel>();
  kernel->partition = std::move(compiled);
  *out = kernel.release();
  return PLINTH_OK;
}

PlinthStatus Invoke(PlinthDelegateKernel* kernel, PlinthContext* ctx, PlinthTensor* const* inputs,
                    int32_t num_inputs, PlinthTensor* const* outputs, int32_t num_outputs) {
  std::string error;
  if (!kernel->partition->Run(inputs, num_inputs, outputs, num_outputs, &error)) {
    ctx->report_error(ctx, error.c_str());
    return PLINTH_ERROR;
  }
  return PLINTH_OK;
}

void FreeKernel(PlinthDelegateKernel* kernel) { delete kernel; }

PlinthStatus Register(Registrar& r) {
  PlinthDelegateRegistration d{};
  d.struct_size = sizeof(d);
  d.name = "gpu";
  d.description =
      "OpenCL (ICD loader): float32 convolutions, pooling, element-wise, softmax, resize, ... "
      "options precision=fp32|fp16, cache_dir, platform, device, library";
  d.create = &Create;
  d.destroy = &Destroy;
  d.supports_node = &Supports;
  d.prepare = &Prepare;
  d.invoke = &Invoke;
  d.free_kernel = &FreeKernel;
  return r.AddDelegate(d);
}

}  // namespace
}  // namespace plinth::gpu

PLINTH_DEFINE_PLUGIN("gpu_delegate", "0.1.0", plinth::gpu::Register)
