#include "delegates/nnapi/nnapi_partition.h"

#include <cstring>

#include "delegates/nnapi/nnapi_ops.h"

namespace plinth::nnapi {

std::vector<uint8_t> CacheToken(const std::string& model_token, const PlinthGraphView* graph,
                                const PlinthPartition* partition) {
  // Four FNV-1a streams with different seeds fill the 32 bytes.
  std::vector<uint8_t> token(ANEURALNETWORKS_BYTE_SIZE_OF_CACHE_TOKEN);
  for (int lane = 0; lane < 4; ++lane) {
    uint64_t h =
        14695981039346656037ull ^ (0x9e3779b97f4a7c15ull * static_cast<uint64_t>(lane + 1));
    auto mix = [&](const void* data, size_t n) {
      const uint8_t* p = static_cast<const uint8_t*>(data);
      for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    mix(model_token.data(), model_token.size());
    for (int32_t i = 0; i < partition->num_nodes; ++i) {
      const PlinthNode* node = graph->nodes[partition->nodes[i]];
      mix(&node->index, sizeof(node->index));
      mix(node->op_name, std::strlen(node->op_name));
    }
    for (int32_t i = 0; i < partition->num_inputs; ++i) {
      const PlinthTensor* t = graph->tensors[partition->inputs[i]];
      mix(t->dims, sizeof(int32_t) * static_cast<size_t>(t->rank));
    }
    std::memcpy(token.data() + 8 * lane, &h, 8);
  }
  return token;
}

NnPartition::~NnPartition() {
  if (compilation_ != nullptr) target_.api->ANeuralNetworksCompilation_free(compilation_);
}

std::unique_ptr<NnPartition> NnPartition::Build(const Target& target, PlinthContext* ctx,
                                                const PlinthGraphView* graph,
                                                const PlinthPartition* partition,
                                                std::string* error) {
  const NnApi& api = *target.api;
  std::unique_ptr<NnPartition> p(new NnPartition(target));
  p->model_ = std::make_unique<NnModel>(target.api, &p->memory_);
  NnModel& model = *p->model_;
  for (int32_t i = 0; i < partition->num_nodes; ++i) {
    const PlinthNode* node = graph->nodes[partition->nodes[i]];
    if (!Translate(ctx, node, target.feature_level, &model, error)) {
      *error = std::string("node ") + std::to_string(node->index) + " (" + node->op_name +
               "): " + *error;
      return nullptr;
    }
  }
  // Model inputs: the border tensors the operations read that are not constants (a RESHAPE's
  // shape tensor, say, is not read: the translation used the prepared shape).
  std::vector<const PlinthTensor*> inputs, outputs;
  for (int32_t i = 0; i < partition->num_inputs; ++i) {
    const PlinthTensor* t = graph->tensors[partition->inputs[i]];
    if ((t->flags & PLINTH_TENSOR_CONSTANT) != 0 || !model.HasTensor(t)) continue;
    inputs.push_back(t);
    p->input_positions_.push_back(i);
  }
  for (int32_t i = 0; i < partition->num_outputs; ++i) {
    outputs.push_back(graph->tensors[partition->outputs[i]]);
  }
  if (!model.Finish(inputs, outputs, target.options->allow_fp16)) {
    *error = "the NNAPI model was rejected: " + model.error();
    return nullptr;
  }
  auto check = [&](int code, const char* what) {
    if (code == ANEURALNETWORKS_NO_ERROR) return true;
    *error = std::string(what) + " failed: " + ResultName(code);
    return false;
  };
  if (!check(api.ANeuralNetworksCompilation_createForDevices(
                 model.get(), target.devices.data(), static_cast<uint32_t>(target.devices.size()),
                 &p->compilation_),
             "ANeuralNetworksCompilation_createForDevices") ||
      !check(
          api.ANeuralNetworksCompilation_setPreference(p->compilation_, target.options->preference),
          "ANeuralNetworksCompilation_setPreference")) {
    return nullptr;
  }
  if (target.options->priority_set && target.feature_level >= 4 &&
      api.ANeuralNetworksCompilation_setPriority != nullptr &&
      !check(api.ANeuralNetworksCompilation_setPriority(p->compilation_, target.options->priority),
             "ANeuralNetworksCompilation_setPriority")) {
    return nullptr;
  }
  if (!target.options->cache_dir.empty()) {
    const std::vector<uint8_t> token = CacheToken(target.options->model_token, graph, partition);
    if (!check(api.ANeuralNetworksCompilation_setCaching(
                   p->compilation_, target.options->cache_dir.c_str(), token.data()),
               "ANeuralNetworksCompilation_setCaching")) {
      return nullptr;
    }
  }
  if (!check(api.ANeuralNetworksCompilation_finish(p->compilation_),
             "ANeuralNetworksCompilation_finish")) {
    return nullptr;
  }
  return p;
}

bool NnPartition::Run(PlinthTensor* const* inputs, int32_t num_inputs, PlinthTensor* const* outputs,
                      int32_t num_outputs, std::string* error) {
  const NnApi& api = *target_.api;
  ANeuralNetworksExecution* execution = nullptr;
  int code = api.ANeuralNetworksExecution_create(compilation_, &execution);
  const char* what = "ANeuralNetworksExecution_create";
  for (size_t i = 0; code == ANEURALNETWORKS_NO_ERROR && i < input_positions_.size(); ++i) {
    const int32_t position = input_positions_[i];
    if (position >= num_inputs) {
      *error = "the partition was given fewer inputs than it was built with";
      api.ANeuralNetworksExecution_free(execution);
      return false;
    }
    const PlinthTensor* t = inputs[position];
    code = api.ANeuralNetworksExecution_setInput(execution, static_cast<int32_t>(i), nullptr,
                                                 t->data, t->bytes);
    what = "ANeuralNetworksExecution_setInput";
  }
  for (int32_t o = 0; code == ANEURALNETWORKS_NO_ERROR && o < num_outputs; ++o) {
    code = api.ANeuralNetworksExecution_setOutput(execution, o, nullptr, outputs[o]->data,
                                                  outputs[o]->bytes);
    what = "ANeuralNetworksExecution_setOutput";
  }
  if (code == ANEURALNETWORKS_NO_ERROR) {
    code = api.ANeuralNetworksExecution_compute(execution);
    what = "ANeuralNetworksExecution_compute";
  }
  if (execution != nullptr) api.ANeuralNetworksExecution_free(execution);
  if (code != ANEURALNETWORKS_NO_ERROR) {
    *error = std::string(what) + " failed: " + ResultName(code);
    return false;
  }
  return true;
}

}  // namespace plinth::nnapi
