// A small but real delegate for the core's delegation tests: it runs float32 ADD, SUB and MUL
// (same shapes, or a scalar second operand; fused RELU family) inside its partitions with its own
// buffers, like a hardware delegate would, and can be told to fail at each stage.
//
// Options: ops=ADD+MUL (ops it claims; default ADD+SUB+MUL),
// fail=create|unavailable|prepare|invoke, fail_after=N (invoke fails from the N-th call on),
// wrong=1 (adds 1 to every result: a deliberately wrong delegate), broadcast_bug=1 (claims any
// broadcast but indexes the second operand as if it broadcast along the last dimensions only: wrong
// for [2,3] + [2,1]).
#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "plinth/plugin.hpp"

struct PlinthDelegateInstance {
  std::set<std::string> ops = {"ADD", "SUB", "MUL"};
  std::string fail;
  int fail_after = -1;
  bool wrong = false;
  bool broadcast_bug = false;
  int invocations = 0;
};

struct PlinthDelegateKernel {
  struct Step {
    std::string op;
    int32_t a, b, out;  // tensor indices
    float lo, hi;       // fused activation clamp
  };
  PlinthDelegateInstance* instance = nullptr;
  std::vector<Step> steps;
  std::map<int32_t, std::vector<float>> buffers;  // every tensor the partition touches
  std::map<int32_t, const PlinthTensor*> constants;
  std::vector<int32_t> inputs, outputs;
};

namespace {

void SetReason(char* reason, size_t size, const std::string& text) {
  std::snprintf(reason, size, "%s", text.c_str());
}

PlinthStatus Create(PlinthContext* ctx, const char* const* keys, const char* const* values,
                    int32_t n, PlinthDelegateInstance** out) {
  auto instance = std::make_unique<PlinthDelegateInstance>();
  for (int32_t i = 0; i < n; ++i) {
    std::string key = keys[i], value = values[i];
    if (key == "ops") {
      instance->ops.clear();
      std::stringstream s(value);
      std::string op;
      while (std::getline(s, op, '+')) instance->ops.insert(op);
    } else if (key == "fail") {
      instance->fail = value;
    } else if (key == "fail_after") {
      instance->fail_after = std::stoi(value);
    } else if (key == "wrong") {
      instance->wrong = value == "1";
    } else if (key == "broadcast_bug") {
      instance->broadcast_bug = value == "1";
    } else {
      ctx->report_error(ctx, ("unknown option '" + key + "'").c_str());
      return PLINTH_ERROR;
    }
  }
  if (instance->fail == "create") {
    ctx->report_error(ctx, "create failed on purpose");
    return PLINTH_ERROR;
  }
  if (instance->fail == "unavailable") {
    ctx->report_error(ctx, "no test device here");
    return PLINTH_UNSUPPORTED;
  }
  *out = instance.release();
  return PLINTH_OK;
}

void Destroy(PlinthDelegateInstance* instance) { delete instance; }

PlinthStatus SupportsNode(PlinthDelegateInstance* instance, PlinthContext* ctx,
                          const PlinthGraphView* graph, int32_t index, char* reason, size_t size) {
  const PlinthNode* node = graph->nodes[index];
  if (!instance->ops.count(node->op_name)) {
    SetReason(reason, size, std::string("op ") + node->op_name + " not supported");
    return PLINTH_UNSUPPORTED;
  }
  if (node->num_inputs != 2 || node->num_outputs != 1) {
    SetReason(reason, size, "needs two inputs");
    return PLINTH_UNSUPPORTED;
  }
  plinth::Tensor a(node->inputs[0]), b(node->inputs[1]);
  if (a.type() != PLINTH_FLOAT32 || b.type() != PLINTH_FLOAT32) {
    SetReason(reason, size, "float32 only");
    return PLINTH_UNSUPPORTED;
  }
  if (!a.SameShape(b) && b.num_elements() != 1 && !instance->broadcast_bug) {
    SetReason(reason, size, "broadcasting beyond scalars is not supported");
    return PLINTH_UNSUPPORTED;
  }
  PlinthOptionValue activation{};
  activation.struct_size = sizeof(activation);
  ctx->get_option(ctx, node, "fused_activation_function", &activation);
  if (activation.kind == PLINTH_OPTION_INT && activation.i > PLINTH_ACTIVATION_RELU6) {
    SetReason(reason, size, "TANH and SIGN_BIT activations are not supported");
    return PLINTH_UNSUPPORTED;
  }
  return PLINTH_OK;
}

PlinthStatus Prepare(PlinthDelegateInstance* instance, PlinthContext* ctx,
                     const PlinthGraphView* graph, const PlinthPartition* partition,
                     PlinthDelegateKernel** out) {
  if (instance->fail == "prepare") {
    ctx->report_error(ctx, "prepare failed on purpose");
    return PLINTH_ERROR;
  }
  auto kernel = std::make_unique<PlinthDelegateKernel>();
  kernel->instance = instance;
  for (int32_t i = 0; i < partition->num_nodes; ++i) {
    const PlinthNode* node = graph->nodes[partition->nodes[i]];
    PlinthOptionValue activation{};
    activation.struct_size = sizeof(activation);
    ctx->get_option(ctx, node, "fused_activation_function", &activation);
    const int64_t act = activation.kind == PLINTH_OPTION_INT ? activation.i : 0;
    const float lo = act == PLINTH_ACTIVATION_RELU || act == PLINTH_ACTIVATION_RELU6 ? 0.f
                     : act == PLINTH_ACTIVATION_RELU_N1_TO_1                         ? -1.f
                                                             : -std::numeric_limits<float>::max();
    const float hi = act == PLINTH_ACTIVATION_RELU6          ? 6.f
                     : act == PLINTH_ACTIVATION_RELU_N1_TO_1 ? 1.f
                                                             : std::numeric_limits<float>::max();
    PlinthDelegateKernel::Step step{node->op_name,
                                    node->inputs[0]->index,
                                    node->inputs[1]->index,
                                    node->outputs[0]->index,
                                    lo,
                                    hi};
    for (const PlinthTensor* t : {node->inputs[0], node->inputs[1], node->outputs[0]}) {
      kernel->buffers[t->index].resize(
          static_cast<size_t>(plinth::Tensor(const_cast<PlinthTensor*>(t)).num_elements()));
      if (t->flags & PLINTH_TENSOR_CONSTANT) kernel->constants[t->index] = t;
    }
    kernel->steps.push_back(step);
  }
  kernel->inputs.assign(partition->inputs, partition->inputs + partition->num_inputs);
  kernel->outputs.assign(partition->outputs, partition->outputs + partition->num_outputs);
  // Constants are uploaded once, as a device delegate would.
  for (const auto& [index, t] : kernel->constants) {
    std::memcpy(kernel->buffers[index].data(), t->data, t->bytes);
  }
  *out = kernel.release();
  return PLINTH_OK;
}

PlinthStatus Invoke(PlinthDelegateKernel* kernel, PlinthContext* ctx, PlinthTensor* const* inputs,
                    int32_t num_inputs, PlinthTensor* const* outputs, int32_t num_outputs) {
  PlinthDelegateInstance* instance = kernel->instance;
  ++instance->invocations;
  if (instance->fail == "invoke" ||
      (instance->fail_after >= 0 && instance->invocations > instance->fail_after)) {
    ctx->report_error(ctx, "invoke failed on purpose");
    return PLINTH_ERROR;
  }
  for (int32_t i = 0; i < num_inputs; ++i) {
    std::memcpy(kernel->buffers[kernel->inputs[i]].data(), inputs[i]->data, inputs[i]->bytes);
  }
  for (const auto& step : kernel->steps) {
    const std::vector<float>& a = kernel->buffers[step.a];
    const std::vector<float>& b = kernel->buffers[step.b];
    std::vector<float>& y = kernel->buffers[step.out];
    for (size_t i = 0; i < y.size(); ++i) {
      float x = a[i % a.size()], z = b.size() == 1 ? b[0] : b[i % b.size()];
      y[i] = step.op == "ADD" ? x + z : step.op == "SUB" ? x - z : x * z;
      y[i] = std::min(std::max(y[i], step.lo), step.hi);
      if (instance->wrong) y[i] += 1.f;
    }
  }
  for (int32_t o = 0; o < num_outputs; ++o) {
    std::memcpy(outputs[o]->data, kernel->buffers[kernel->outputs[o]].data(), outputs[o]->bytes);
  }
  return PLINTH_OK;
}

void FreeKernel(PlinthDelegateKernel* kernel) { delete kernel; }

PlinthStatus Register(plinth::Registrar& r) {
  PlinthDelegateRegistration d{};
  d.struct_size = sizeof(d);
  d.name = "test_delegate";
  d.description = "float32 ADD/SUB/MUL for the core's delegation tests";
  d.create = &Create;
  d.destroy = &Destroy;
  d.supports_node = &SupportsNode;
  d.prepare = &Prepare;
  d.invoke = &Invoke;
  d.free_kernel = &FreeKernel;
  return r.AddDelegate(d);
}

}  // namespace

PLINTH_DEFINE_PLUGIN("test_delegate", "1.0", Register)
