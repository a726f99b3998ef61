// The example delegate of docs/delegate-guide.md: "example", which runs float32 ADD, SUB, MUL
// (NumPy broadcasting, fused RELU/RELU6/RELU_N1_TO_1) and RELU/RELU6 in partitions of its own.
// A real delegate would hand each partition to a device; this one keeps its own buffers on the
// CPU so the whole life cycle (create, supports_node, prepare, invoke, free) is visible in one
// file.
#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plinth/plugin.hpp"

// One instance per interpreter: the delegate's options.
struct PlinthDelegateInstance {
  int max_rank = 4;
};

// One per partition: the compiled program (a list of steps) and device buffers.
struct PlinthDelegateKernel {
  struct Step {
    std::string op;
    int32_t a = -1, b = -1, out = -1;  // tensor indices (b = -1 for unary ops)
    std::vector<int32_t> out_shape;
    std::vector<int64_t> a_strides, b_strides;  // per output dimension, 0 where broadcast
    float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
  };
  std::vector<Step> steps;
  std::map<int32_t, std::vector<float>> buffers;  // "device memory", by tensor index
  std::vector<int32_t> inputs, outputs;
};

namespace {

using plinth::KernelContext;
using plinth::Tensor;

bool IsBinary(const std::string& op) { return op == "ADD" || op == "SUB" || op == "MUL"; }

// Fused activation -> clamp range; false for activations this delegate does not implement.
bool ClampFor(int64_t activation, float* lo, float* hi) {
  switch (activation) {
    case PLINTH_ACTIVATION_NONE:
      return true;
    case PLINTH_ACTIVATION_RELU:
      *lo = 0;
      return true;
    case PLINTH_ACTIVATION_RELU6:
      *lo = 0, *hi = 6;
      return true;
    case PLINTH_ACTIVATION_RELU_N1_TO_1:
      *lo = -1, *hi = 1;
      return true;
    default:
      return false;
  }
}

PlinthStatus Create(PlinthContext* ctx, const char* const* keys, const char* const* values,
                    int32_t count, PlinthDelegateInstance** out) {
  auto instance = std::make_unique<PlinthDelegateInstance>();
  for (int32_t i = 0; i < count; ++i) {
    if (std::string(keys[i]) == "max_rank") {
      instance->max_rank = std::atoi(values[i]);
    } else {
      ctx->report_error(ctx, (std::string("unknown option '") + keys[i] + "'").c_str());
      return PLINTH_ERROR;
    }
  }
  *out = instance.release();
  return PLINTH_OK;
}

void Destroy(PlinthDelegateInstance* instance) { delete instance; }

PlinthStatus Supports(PlinthDelegateInstance* instance, PlinthContext* ctx,
                      const PlinthGraphView* graph, int32_t index, char* reason, size_t size) {
  const PlinthNode* node = graph->nodes[index];
  auto refuse = [&](const std::string& why) {
    std::snprintf(reason, size, "%s", why.c_str());
    return PLINTH_UNSUPPORTED;
  };
  const std::string op = node->op_name;
  if (!IsBinary(op) && op != "RELU" && op != "RELU6") return refuse("op " + op + " not supported");
  for (int i = 0; i < node->num_inputs; ++i) {
    const PlinthTensor* t = node->inputs[i];
    if (t == nullptr || t->type != PLINTH_FLOAT32) return refuse("float32 only");
    if (t->rank > instance->max_rank) return refuse("rank above max_rank");
  }
  KernelContext kc(ctx, const_cast<PlinthNode*>(node));
  float lo = 0, hi = 0;
  if (!ClampFor(kc.OptionInt("fused_activation_function"), &lo, &hi)) {
    return refuse("fused activation not supported");
  }
  return PLINTH_OK;
}

PlinthStatus Prepare(PlinthDelegateInstance*, PlinthContext* ctx, const PlinthGraphView* graph,
                     const PlinthPartition* partition, PlinthDelegateKernel** out) {
  auto kernel = std::make_unique<PlinthDelegateKernel>();
  auto buffer = [&](const PlinthTensor* t) {
    auto& b = kernel->buffers[t->index];
    b.resize(static_cast<size_t>(Tensor(const_cast<PlinthTensor*>(t)).num_elements()));
    if (t->flags & PLINTH_TENSOR_CONSTANT) std::memcpy(b.data(), t->data, t->bytes);  // upload once
  };
  for (int32_t i = 0; i < partition->num_nodes; ++i) {
    const PlinthNode* node = graph->nodes[partition->nodes[i]];
    PlinthDelegateKernel::Step step;
    step.op = node->op_name;
    const PlinthTensor* out_t = node->outputs[0];
    step.out = out_t->index;
    step.out_shape.assign(out_t->dims, out_t->dims + out_t->rank);
    step.a = node->inputs[0]->index;
    buffer(node->inputs[0]);
    buffer(out_t);
    // Strides of each input over the output's dimensions (right-aligned, 0 where broadcast).
    auto strides = [&](const PlinthTensor* t) {
      std::vector<int64_t> s(step.out_shape.size(), 0);
      int64_t stride = 1;
      for (int d = t->rank - 1, o = static_cast<int>(step.out_shape.size()) - 1; d >= 0; --d, --o) {
        s[o] = t->dims[d] == 1 ? 0 : stride;
        stride *= t->dims[d];
      }
      return s;
    };
    step.a_strides = strides(node->inputs[0]);
    if (IsBinary(step.op)) {
      step.b = node->inputs[1]->index;
      buffer(node->inputs[1]);
      step.b_strides = strides(node->inputs[1]);
      KernelContext kc(ctx, const_cast<PlinthNode*>(node));
      ClampFor(kc.OptionInt("fused_activation_function"), &step.lo, &step.hi);
    }
    if (step.op == "RELU") step.lo = 0;
    if (step.op == "RELU6") step.lo = 0, step.hi = 6;
    kernel->steps.push_back(std::move(step));
  }
  kernel->inputs.assign(partition->inputs, partition->inputs + partition->num_inputs);
  kernel->outputs.assign(partition->outputs, partition->outputs + partition->num_outputs);
  *out = kernel.release();
  return PLINTH_OK;
}

PlinthStatus Invoke(PlinthDelegateKernel* kernel, PlinthContext*, PlinthTensor* const* inputs,
                    int32_t num_inputs, PlinthTensor* const* outputs, int32_t num_outputs) {
  for (int32_t i = 0; i < num_inputs; ++i) {  // copy in
    if (inputs[i]->flags & PLINTH_TENSOR_CONSTANT) continue;
    std::memcpy(kernel->buffers[kernel->inputs[i]].data(), inputs[i]->data, inputs[i]->bytes);
  }
  for (const auto& step : kernel->steps) {
    const float* a = kernel->buffers[step.a].data();
    const float* b = step.b >= 0 ? kernel->buffers[step.b].data() : nullptr;
    float* y = kernel->buffers[step.out].data();
    const size_t rank = step.out_shape.size();
    const size_t n = kernel->buffers[step.out].size();
    for (size_t i = 0; i < n; ++i) {
      // Offsets of output element i in each input.
      size_t rest = i;
      int64_t ia = 0, ib = 0;
      for (size_t d = rank; d-- > 0;) {
        const int64_t c = static_cast<int64_t>(rest % static_cast<size_t>(step.out_shape[d]));
        rest /= static_cast<size_t>(step.out_shape[d]);
        ia += c * step.a_strides[d];
        if (b) ib += c * step.b_strides[d];
      }
      float v = a[ia];
      if (step.op == "ADD") v += b[ib];
      if (step.op == "SUB") v -= b[ib];
      if (step.op == "MUL") v *= b[ib];
      y[i] = std::min(std::max(v, step.lo), step.hi);
    }
  }
  for (int32_t o = 0; o < num_outputs; ++o) {  // copy out
    std::memcpy(outputs[o]->data, kernel->buffers[kernel->outputs[o]].data(), outputs[o]->bytes);
  }
  return PLINTH_OK;
}

void FreeKernel(PlinthDelegateKernel* kernel) { delete kernel; }

PlinthStatus Register(plinth::Registrar& r) {
  PlinthDelegateRegistration d{};
  d.struct_size = sizeof(d);
  d.name = "example";
  d.description = "example delegate: float32 ADD/SUB/MUL (broadcasting) and RELU/RELU6";
  d.create = &Create;
  d.destroy = &Destroy;
  d.supports_node = &Supports;
  d.prepare = &Prepare;
  d.invoke = &Invoke;
  d.free_kernel = &FreeKernel;
  return r.AddDelegate(d);
}

}  // namespace

PLINTH_DEFINE_PLUGIN("example_delegate", "1.0.0", Register)
