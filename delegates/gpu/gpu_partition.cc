#include "delegates/gpu/gpu_partition.h"

#include <algorithm>
#include <cstring>

#include "plinth/plugin.hpp"

namespace plinth::gpu {

GpuPartition::~GpuPartition() {
  const ClApi& cl = device_->api();
  // Queued commands may still use these objects and the caller's tensors.
  cl.clFinish(device_->queue());
  for (cl_kernel k : kernels_) cl.clReleaseKernel(k);
  for (cl_mem m : owned_) cl.clReleaseMemObject(m);
}

void GpuPartition::Fail(const std::string& what, cl_int status) {
  if (error_.empty()) error_ = what + ": " + ClErrorName(status);
}

size_t GpuPartition::StorageBytes(const PlinthTensor* t) const {
  return static_cast<size_t>(Tensor(const_cast<PlinthTensor*>(t)).num_elements()) *
         (device_->fp16() ? 2 : 4);
}

cl_mem GpuPartition::NewBuffer(size_t bytes) {
  cl_int status = CL_SUCCESS;
  // Zero-sized buffers are invalid in OpenCL; keep one element.
  cl_mem m = device_->api().clCreateBuffer(device_->context(), CL_MEM_READ_WRITE,
                                           bytes == 0 ? 4 : bytes, nullptr, &status);
  if (status != CL_SUCCESS) {
    Fail("clCreateBuffer(" + std::to_string(bytes) + " bytes)", status);
    return nullptr;
  }
  owned_.push_back(m);
  return m;
}

cl_mem GpuPartition::Staging(size_t elements) {
  if (staging_ == nullptr || elements > staging_elements_) {
    staging_ = NewBuffer(elements * sizeof(float));
    staging_elements_ = elements;
  }
  return staging_;
}

cl_mem GpuPartition::Buffer(const PlinthTensor* t) {
  auto it = buffers_.find(t->index);
  if (it != buffers_.end()) return it->second;
  cl_mem m = NewBuffer(StorageBytes(t));
  if (m == nullptr) return nullptr;
  buffers_[t->index] = m;
  if ((t->flags & PLINTH_TENSOR_CONSTANT) != 0 && t->bytes > 0) {
    const ClApi& cl = device_->api();
    if (!device_->fp16()) {
      cl_int status = cl.clEnqueueWriteBuffer(device_->queue(), m, CL_TRUE, 0, t->bytes, t->data, 0,
                                              nullptr, nullptr);
      if (status != CL_SUCCESS) Fail("uploading a constant", status);
    } else {
      // Upload as float and convert on the device.
      const size_t n = t->bytes / sizeof(float);
      cl_mem staging = Staging(n);
      cl_int status = cl.clEnqueueWriteBuffer(device_->queue(), staging, CL_TRUE, 0, t->bytes,
                                              t->data, 0, nullptr, nullptr);
      cl.clSetKernelArg(to_storage_, 0, sizeof(cl_mem), &staging);
      cl.clSetKernelArg(to_storage_, 1, sizeof(cl_mem), &m);
      if (status == CL_SUCCESS) {
        status = cl.clEnqueueNDRangeKernel(device_->queue(), to_storage_, 1, nullptr, &n, nullptr,
                                           0, nullptr, nullptr);
      }
      if (status == CL_SUCCESS) status = cl.clFinish(device_->queue());
      if (status != CL_SUCCESS) Fail("converting a constant to fp16", status);
    }
  }
  return m;
}

void GpuPartition::Alias(const PlinthTensor* output, const PlinthTensor* input) {
  buffers_[output->index] = Buffer(input);
}

void GpuPartition::Launch(const char* name, std::initializer_list<Arg> args,
                          std::initializer_list<size_t> global) {
  if (failed()) return;
  const ClApi& cl = device_->api();
  cl_int status = CL_SUCCESS;
  cl_kernel kernel = cl.clCreateKernel(device_->program(), name, &status);
  if (status != CL_SUCCESS) {
    Fail(std::string("clCreateKernel(") + name + ")", status);
    return;
  }
  kernels_.push_back(kernel);
  cl_uint index = 0;
  for (const Arg& a : args) {
    status = cl.clSetKernelArg(kernel, index++, a.size, a.data);
    if (status != CL_SUCCESS) {
      Fail(std::string("clSetKernelArg(") + name + ", " + std::to_string(index - 1) + ")", status);
      return;
    }
  }
  Step step{kernel, static_cast<cl_uint>(global.size()), {1, 1, 1}};
  size_t d = 0;
  bool empty = false;
  for (size_t g : global) {
    step.global[d++] = g;
    empty |= g == 0;
  }
  if (!empty) steps_.push_back(step);  // nothing to compute for empty tensors
}

std::unique_ptr<GpuPartition> GpuPartition::Build(GpuDevice* device, PlinthContext* ctx,
                                                  const PlinthGraphView* graph,
                                                  const PlinthPartition* partition,
                                                  std::string* error) {
  std::unique_ptr<GpuPartition> p(new GpuPartition(device, ctx));
  const ClApi& cl = device->api();
  cl_int status = CL_SUCCESS;
  p->to_storage_ = cl.clCreateKernel(device->program(), "to_storage", &status);
  if (status == CL_SUCCESS) p->kernels_.push_back(p->to_storage_);
  p->from_storage_ = cl.clCreateKernel(device->program(), "from_storage", &status);
  if (status == CL_SUCCESS) p->kernels_.push_back(p->from_storage_);
  if (status != CL_SUCCESS) {
    *error = "clCreateKernel failed: " + ClErrorName(status);
    return nullptr;
  }
  for (int32_t i = 0; i < partition->num_nodes; ++i) {
    const PlinthNode* node = graph->nodes[partition->nodes[i]];
    if (!LowerNode(p.get(), node, error)) return nullptr;
    if (p->failed()) {
      *error = p->error();
      return nullptr;
    }
  }
  // Every edge tensor needs a buffer even if only aliased; fp16 edges go through a float buffer
  // big enough for the largest of them.
  size_t largest = 1;
  for (int32_t i = 0; i < partition->num_outputs; ++i) {
    const PlinthTensor* t = graph->tensors[partition->outputs[i]];
    p->Buffer(t);
    largest = std::max(largest, t->bytes / sizeof(float));
  }
  for (int32_t i = 0; i < partition->num_inputs; ++i) {
    largest = std::max(largest, graph->tensors[partition->inputs[i]]->bytes / sizeof(float));
  }
  if (device->fp16()) p->Staging(largest);
  if (p->failed()) {
    *error = p->error();
    return nullptr;
  }
  return p;
}

bool GpuPartition::Run(PlinthTensor* const* inputs, int32_t num_inputs,
                       PlinthTensor* const* outputs, int32_t num_outputs, std::string* error) {
  const ClApi& cl = device_->api();
  cl_command_queue q = device_->queue();
  auto fail = [&](const std::string& what, cl_int status) {
    // Input writes are non-blocking and read the caller's tensors, which it may free (falling back
    // to the CPU re-plans the arena) as soon as this returns: let them complete first.
    cl.clFinish(q);
    *error = what + ": " + ClErrorName(status);
    return false;
  };
  for (int32_t i = 0; i < num_inputs; ++i) {
    const PlinthTensor* t = inputs[i];
    if ((t->flags & PLINTH_TENSOR_CONSTANT) != 0 || t->bytes == 0) continue;
    auto it = buffers_.find(t->index);
    if (it == buffers_.end()) continue;
    cl_mem target = it->second;
    if (!device_->fp16()) {
      cl_int s =
          cl.clEnqueueWriteBuffer(q, target, CL_FALSE, 0, t->bytes, t->data, 0, nullptr, nullptr);
      if (s != CL_SUCCESS) return fail("writing an input", s);
      continue;
    }
    const size_t n = t->bytes / sizeof(float);
    cl_int s =
        cl.clEnqueueWriteBuffer(q, staging_, CL_FALSE, 0, t->bytes, t->data, 0, nullptr, nullptr);
    cl.clSetKernelArg(to_storage_, 0, sizeof(cl_mem), &staging_);
    cl.clSetKernelArg(to_storage_, 1, sizeof(cl_mem), &target);
    if (s == CL_SUCCESS)
      s = cl.clEnqueueNDRangeKernel(q, to_storage_, 1, nullptr, &n, nullptr, 0, nullptr, nullptr);
    if (s == CL_SUCCESS) s = cl.clFinish(q);  // the staging buffer is reused for the next input
    if (s != CL_SUCCESS) return fail("converting an input to fp16", s);
  }
  for (const Step& step : steps_) {
    cl_int s = cl.clEnqueueNDRangeKernel(q, step.kernel, step.dims, nullptr, step.global, nullptr,
                                         0, nullptr, nullptr);
    if (s != CL_SUCCESS) return fail("clEnqueueNDRangeKernel", s);
  }
  for (int32_t o = 0; o < num_outputs; ++o) {
    PlinthTensor* t = outputs[o];
    if (t->bytes == 0) continue;
    cl_mem source = buffers_.at(t->index);
    if (!device_->fp16()) {
      cl_int s =
          cl.clEnqueueReadBuffer(q, source, CL_TRUE, 0, t->bytes, t->data, 0, nullptr, nullptr);
      if (s != CL_SUCCESS) return fail("reading an output", s);
      continue;
    }
    const size_t n = t->bytes / sizeof(float);
    cl.clSetKernelArg(from_storage_, 0, sizeof(cl_mem), &source);
    cl.clSetKernelArg(from_storage_, 1, sizeof(cl_mem), &staging_);
    cl_int s =
        cl.clEnqueueNDRangeKernel(q, from_storage_, 1, nullptr, &n, nullptr, 0, nullptr, nullptr);
    if (s == CL_SUCCESS) {
      s = cl.clEnqueueReadBuffer(q, staging_, CL_TRUE, 0, t->bytes, t->data, 0, nullptr, nullptr);
    }
    if (s != CL_SUCCESS) return fail("reading an fp16 output", s);
  }
  cl_int s = cl.clFinish(q);
  if (s != CL_SUCCESS) return fail("clFinish", s);
  return true;
}

}  // namespace plinth::gpu
