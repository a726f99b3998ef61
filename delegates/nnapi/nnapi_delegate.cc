// The NNAPI delegate plugin (libplinth_nnapi_delegate.so): registers delegate "nnapi", which hands
// partitions to Android's Neural Networks API (libneuralnetworks.so, opened at run time) and so to
// a phone's DSP, GPU or NPU. Where the library is missing or too old it reports "unavailable" and
// the model runs on the CPU.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "delegates/nnapi/nnapi_library.h"
#include "delegates/nnapi/nnapi_ops.h"
#include "delegates/nnapi/nnapi_options.h"
#include "delegates/nnapi/nnapi_partition.h"
#include "plinth/plugin.hpp"

struct PlinthDelegateInstance {
  plinth::nnapi::NnApiOptions options;
  std::unique_ptr<plinth::nnapi::NnApi> api;
  plinth::nnapi::Target target;
  // Verdicts for the graph last asked about (empty string: delegated).
  const PlinthNode* const* graph_nodes = nullptr;
  int32_t graph_size = -1;
  std::vector<std::string> verdicts;
  int live_partitions = 0;
};

struct PlinthDelegateKernel {
  PlinthDelegateInstance* instance = nullptr;
  std::unique_ptr<plinth::nnapi::NnPartition> partition;
};

namespace plinth::nnapi {
namespace {

// Chooses the devices: the named accelerator, or every device except the runtime's own CPU
// implementation (unless allowed). Returns the highest feature level among them.
bool SelectDevices(PlinthDelegateInstance* d, std::string* error) {
  const NnApi& api = *d->api;
  uint32_t count = 0;
  if (api.ANeuralNetworks_getDeviceCount(&count) != ANEURALNETWORKS_NO_ERROR) {
    *error = "ANeuralNetworks_getDeviceCount failed";
    return false;
  }
  std::string names;
  int level = 0;
  for (uint32_t i = 0; i < count; ++i) {
    ANeuralNetworksDevice* device = nullptr;
    const char* name = nullptr;
    int64_t device_level = 0;
    if (api.ANeuralNetworks_getDevice(i, &device) != ANEURALNETWORKS_NO_ERROR ||
        api.ANeuralNetworksDevice_getName(device, &name) != ANEURALNETWORKS_NO_ERROR ||
        api.ANeuralNetworksDevice_getFeatureLevel(device, &device_level) !=
            ANEURALNETWORKS_NO_ERROR) {
      continue;
    }
    const std::string n = name ? name : "";
    names += (names.empty() ? "" : ", ") + n;
    const bool wanted = d->options.accelerator.empty()
                            ? (n != "nnapi-reference" || d->options.allow_nnapi_cpu)
                            : n == d->options.accelerator;
    if (!wanted) continue;
    d->target.devices.push_back(device);
    level = std::max(level, FeatureLevelFromCode(device_level));
  }
  if (d->target.devices.empty()) {
    *error =
        d->options.accelerator.empty()
            ? "no NNAPI device (devices: " + (names.empty() ? std::string("none") : names) + ")"
            : "no NNAPI device named '" + d->options.accelerator +
                  "' (devices: " + (names.empty() ? std::string("none") : names) + ")";
    return false;
  }
  d->target.feature_level = std::min(api.feature_level, level);
  return true;
}

PlinthStatus Create(PlinthContext* ctx, const char* const* keys, const char* const* values,
                    int32_t count, PlinthDelegateInstance** out) {
  auto d = std::make_unique<PlinthDelegateInstance>();
  std::string error;
  if (!ParseNnApiOptions(keys, values, count, &d->options, &error)) {
    ctx->report_error(ctx, error.c_str());
    return PLINTH_ERROR;
  }
  d->api = std::make_unique<NnApi>();
  if (!LoadNnApi(d->options.library, d->api.get(), &error) || !SelectDevices(d.get(), &error)) {
    ctx->report_error(ctx, error.c_str());
    return PLINTH_UNSUPPORTED;  // not available here: the model runs on the CPU
  }
  if (d->options.max_feature_level > 0) {
    d->target.feature_level = std::min(d->target.feature_level, d->options.max_feature_level);
  }
  if (d->target.feature_level < kMinFeatureLevel) {
    error = "the NNAPI devices offer " + DescribeFeatureLevel(d->target.feature_level) +
            "; the delegate needs " + DescribeFeatureLevel(kMinFeatureLevel) + " or later";
    ctx->report_error(ctx, error.c_str());
    return PLINTH_UNSUPPORTED;
  }
  d->target.api = d->api.get();
  d->target.options = &d->options;
  *out = d.release();
  return PLINTH_OK;
}

void Destroy(PlinthDelegateInstance* instance) { delete instance; }

// Asks the driver about one node: its operations alone in a model whose inputs are the node's
// non-constant inputs.
std::string DriverVerdict(PlinthDelegateInstance* d, PlinthContext* ctx, const PlinthNode* node) {
  ConstantMemory memory(d->target.api);
  NnModel model(d->target.api, &memory);
  std::string error;
  if (!Translate(ctx, node, d->target.feature_level, &model, &error)) {
    return "the NNAPI runtime rejects it: " + error;
  }
  std::vector<const PlinthTensor*> inputs, outputs;
  for (int32_t i = 0; i < node->num_inputs; ++i) {
    const PlinthTensor* t = node->inputs[i];
    if (t == nullptr || (t->flags & PLINTH_TENSOR_CONSTANT) != 0 || !model.HasTensor(t)) continue;
    if (std::find(inputs.begin(), inputs.end(), t) == inputs.end()) inputs.push_back(t);
  }
  for (int32_t o = 0; o < node->num_outputs; ++o) outputs.push_back(node->outputs[o]);
  if (!model.Finish(inputs, outputs, d->options.allow_fp16)) {
    return "the NNAPI runtime rejects it: " + model.error();
  }
  std::unique_ptr<bool[]> supported(new bool[model.num_operations()]());
  const int code = d->api->ANeuralNetworksModel_getSupportedOperationsForDevices(
      model.get(), d->target.devices.data(), static_cast<uint32_t>(d->target.devices.size()),
      supported.get());
  if (code != ANEURALNETWORKS_NO_ERROR) {
    return "getSupportedOperationsForDevices failed: " + ResultName(code);
  }
  for (uint32_t i = 0; i < model.num_operations(); ++i) {
    if (!supported[i]) return "the NNAPI driver does not support it";
  }
  return "";
}

// Keeps the nodes of the `max` largest partitions the core will form (the same batching as
// core/partitioner.cc: alternating CPU and delegate batches in dependency order, then weakly
// connected components); the others get a reason. The core's plan is re-checked in Prepare.
void LimitPartitions(const PlinthGraphView* graph, int max, std::vector<std::string>* verdicts) {
  const int32_t n = graph->num_nodes;
  std::vector<bool> available(static_cast<size_t>(graph->num_tensors), false), done(n, false);
  for (int32_t t = 0; t < graph->num_tensors; ++t) {
    const uint32_t flags = graph->tensors[t]->flags;
    available[t] =
        (flags & (PLINTH_TENSOR_CONSTANT | PLINTH_TENSOR_INPUT | PLINTH_TENSOR_VARIABLE)) != 0;
  }
  auto candidate = [&](int32_t k) { return (*verdicts)[k].empty(); };
  std::vector<std::vector<int32_t>> components;
  bool kind = n > 0 && candidate(0);
  int32_t remaining = n;
  for (int idle = 0; remaining > 0 && idle < 2; kind = !kind) {
    std::vector<int32_t> batch;
    for (bool progress = true; progress;) {
      progress = false;
      for (int32_t k = 0; k < n; ++k) {
        const PlinthNode* node = graph->nodes[k];
        if (done[k] || candidate(k) != kind) continue;
        bool ready = true;
        for (int32_t i = 0; i < node->num_inputs; ++i) {
          if (node->inputs[i] != nullptr && !available[node->inputs[i]->index]) ready = false;
        }
        if (!ready) continue;
        done[k] = true;
        --remaining;
        batch.push_back(k);
        for (int32_t o = 0; o < node->num_outputs; ++o) {
          if (node->outputs[o] != nullptr) available[node->outputs[o]->index] = true;
        }
        progress = true;
      }
    }
    idle = batch.empty() ? idle + 1 : 0;
    if (!kind || batch.empty()) continue;
    // Weakly connected components of the batch.
    std::vector<int32_t> parent(batch.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int32_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    std::vector<int32_t> writer(static_cast<size_t>(graph->num_tensors), -1);
    for (size_t i = 0; i < batch.size(); ++i) {
      const PlinthNode* node = graph->nodes[batch[i]];
      for (int32_t o = 0; o < node->num_outputs; ++o) {
        if (node->outputs[o] != nullptr) writer[node->outputs[o]->index] = static_cast<int32_t>(i);
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      const PlinthNode* node = graph->nodes[batch[i]];
      for (int32_t j = 0; j < node->num_inputs; ++j) {
        const PlinthTensor* t = node->inputs[j];
        if (t != nullptr && writer[t->index] >= 0) {
          parent[find(static_cast<int32_t>(i))] = find(writer[t->index]);
        }
      }
    }
    std::vector<int32_t> slot(batch.size(), -1);
    const size_t first = components.size();
    for (size_t i = 0; i < batch.size(); ++i) {
      const int32_t root = find(static_cast<int32_t>(i));
      if (slot[root] < 0) {
        slot[root] = static_cast<int32_t>(components.size() - first);
        components.emplace_back();
      }
      components[first + slot[root]].push_back(batch[i]);
    }
  }
  std::vector<size_t> by_size(components.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [&](size_t a, size_t b) { return components[a].size() > components[b].size(); });
  for (size_t r = static_cast<size_t>(max); r < by_size.size(); ++r) {
    for (int32_t k : components[by_size[r]]) {
      (*verdicts)[k] = "beyond max_partitions=" + std::to_string(max) + " (a smaller partition)";
    }
  }
}

PlinthStatus Supports(PlinthDelegateInstance* d, PlinthContext* ctx, const PlinthGraphView* graph,
                      int32_t node, char* reason, size_t reason_size) {
  if (d->graph_nodes != graph->nodes || d->graph_size != graph->num_nodes) {
    // First question about this graph: decide every node at once (the partition limit needs the
    // whole picture).
    d->verdicts.assign(static_cast<size_t>(graph->num_nodes), "");
    for (int32_t k = 0; k < graph->num_nodes; ++k) {
      std::string why;
      if (!CanTranslate(ctx, graph->nodes[k], d->target.feature_level, &why)) {
        d->verdicts[k] = why;
      } else {
        d->verdicts[k] = DriverVerdict(d, ctx, graph->nodes[k]);
      }
    }
    if (d->options.max_partitions > 0)
      LimitPartitions(graph, d->options.max_partitions, &d->verdicts);
    d->graph_nodes = graph->nodes;
    d->graph_size = graph->num_nodes;
  }
  if (node < 0 || node >= graph->num_nodes) return PLINTH_UNSUPPORTED;
  if (d->verdicts[node].empty()) return PLINTH_OK;
  std::snprintf(reason, reason_size, "%s", d->verdicts[node].c_str());
  return PLINTH_UNSUPPORTED;
}

PlinthStatus Prepare(PlinthDelegateInstance* d, PlinthContext* ctx, const PlinthGraphView* graph,
                     const PlinthPartition* partition, PlinthDelegateKernel** out) {
  if (d->options.max_partitions > 0 && d->live_partitions >= d->options.max_partitions) {
    const std::string error =
        "max_partitions=" + std::to_string(d->options.max_partitions) + " already compiled";
    ctx->report_error(ctx, error.c_str());
    return PLINTH_UNSUPPORTED;
  }
  std::string error;
  auto compiled = NnPartition::Build(d->target, ctx, graph, partition, &error);
  if (compiled == nullptr) {
    ctx->report_error(ctx, error.c_str());
    return PLINTH_ERROR;
  }
  auto kernel = std::make_unique<PlinthDelegateKernel>();
  kernel->instance = d;
  kernel->partition = std::move(compiled);
  ++d->live_partitions;
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

void FreeKernel(PlinthDelegateKernel* kernel) {
  if (kernel != nullptr) --kernel->instance->live_partitions;
  delete kernel;
}

PlinthStatus Register(Registrar& r) {
  PlinthDelegateRegistration d{};
  d.struct_size = sizeof(d);
  d.name = "nnapi";
  d.description =
      "Android NNAPI (libneuralnetworks.so at run time): float32 and uint8/int8 convolutions, "
      "fully connected, pooling, element-wise, softmax, reshape, pad, ...; options library, "
      "execution_preference, priority, accelerator, max_feature_level, allow_fp16, cache_dir, "
      "model_token, max_partitions";
  d.create = &Create;
  d.destroy = &Destroy;
  d.supports_node = &Supports;
  d.prepare = &Prepare;
  d.invoke = &Invoke;
  d.free_kernel = &FreeKernel;
  return r.AddDelegate(d);
}

}  // namespace
}  // namespace plinth::nnapi

PLINTH_DEFINE_PLUGIN("nnapi_delegate", "0.1.0", plinth::nnapi::Register)
