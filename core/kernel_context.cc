#include "core/kernel_context.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "core/interpreter_state.h"
#include "core/subgraph_executor.h"
#include "plinth/plugin.hpp"

namespace plinth {
namespace {

SubgraphExecutor* Exec(PlinthContext* ctx) { return static_cast<SubgraphExecutor*>(ctx->impl); }

void ReportError(PlinthContext* ctx, const char* message) { Exec(ctx)->ReportError(message); }

void ReportWarning(PlinthContext* ctx, const char* message) { Exec(ctx)->ReportWarning(message); }

PlinthStatus ResizeTensor(PlinthContext* ctx, PlinthTensor* tensor, int32_t rank,
                          const int32_t* dims) {
  return Exec(ctx)->ResizeTensor(tensor, rank, dims);
}

PlinthStatus SetDynamic(PlinthContext* ctx, PlinthTensor* tensor) {
  return Exec(ctx)->SetDynamic(tensor);
}

PlinthStatus RequestScratch(PlinthContext* ctx, size_t bytes, int32_t* handle) {
  return Exec(ctx)->RequestScratch(bytes, handle);
}

void* GetScratch(PlinthContext* ctx, int32_t handle) { return Exec(ctx)->GetScratch(handle); }

PlinthStatus GetOption(PlinthContext* ctx, const PlinthNode* node, const char* name,
                       PlinthOptionValue* value) {
  return Exec(ctx)->GetOption(node, name, value);
}

int32_t NumThreads(PlinthContext* ctx) { return Exec(ctx)->state()->pool->num_threads(); }

void ParallelFor(PlinthContext* ctx, size_t range, size_t tile, PlinthParallelFn fn, void* arg) {
  Exec(ctx)->state()->pool->ParallelFor(range, tile, fn, arg);
}

PlinthStatus InvokeSubgraph(PlinthContext* ctx, int32_t subgraph, PlinthTensor* const* inputs,
                            int32_t num_inputs, PlinthTensor* const* outputs, int32_t num_outputs) {
  return Exec(ctx)->InvokeSubgraph(subgraph, inputs, num_inputs, outputs, num_outputs);
}

SubgraphExecutor* Subgraph(PlinthContext* ctx, int32_t index) {
  auto& all = Exec(ctx)->state()->subgraphs;
  if (index < 0 || static_cast<size_t>(index) >= all.size()) return nullptr;
  return all[index].get();
}

const PlinthTensor* SubgraphTensor(PlinthContext* ctx, int32_t subgraph, int32_t is_output,
                                   int32_t position) {
  SubgraphExecutor* s = Subgraph(ctx, subgraph);
  if (s == nullptr) return nullptr;
  const auto& list = is_output ? s->outputs() : s->inputs();
  if (position < 0 || static_cast<size_t>(position) >= list.size()) return nullptr;
  return s->tensor(list[position]);
}

int32_t SubgraphIoCount(PlinthContext* ctx, int32_t subgraph, int32_t is_output) {
  SubgraphExecutor* s = Subgraph(ctx, subgraph);
  if (s == nullptr) return -1;
  return static_cast<int32_t>(is_output ? s->outputs().size() : s->inputs().size());
}

PlinthTensor* GetResourceVariable(PlinthContext* ctx, const char* container,
                                  const char* shared_name) {
  InterpreterState* state = Exec(ctx)->state();
  std::string key = absl::StrCat(container ? container : "", "/", shared_name ? shared_name : "");
  auto& slot = state->resources[key];
  if (!slot) {
    slot = std::make_unique<ResourceVariable>();
    slot->name = key;
    slot->quant.struct_size = sizeof(slot->quant);
    PlinthTensor& v = slot->view;
    v.struct_size = sizeof(v);
    v.index = -1;
    v.name = slot->name.c_str();
    v.type = PLINTH_FLOAT32;
    v.rank = -1;  // never assigned
    v.dims = nullptr;
    v.quantization = &slot->quant;
    v.flags = PLINTH_TENSOR_VARIABLE;
  }
  return &slot->view;
}

PlinthStatus ResizeResourceVariable(PlinthContext* ctx, PlinthTensor* variable, PlinthType type,
                                    int32_t rank, const int32_t* dims) {
  InterpreterState* state = Exec(ctx)->state();
  ResourceVariable* found = nullptr;
  for (auto& [key, slot] : state->resources) {
    if (&slot->view == variable) found = slot.get();
  }
  if (found == nullptr || rank < 0 || (rank > 0 && dims == nullptr)) {
    Exec(ctx)->ReportError("resize_resource_variable: not a resource variable, or bad shape");
    return PLINTH_ERROR;
  }
  uint64_t n = 1;
  // Capped to what size_t holds exactly on 32-bit targets.
  const uint64_t limit = std::min<uint64_t>(state->options.max_dynamic_tensor_bytes,
                                            std::numeric_limits<size_t>::max() / 2);
  for (int32_t i = 0; i < rank; ++i) {
    if (dims[i] < 0 || (dims[i] != 0 && n > limit / static_cast<uint64_t>(dims[i]))) {
      Exec(ctx)->ReportError("resize_resource_variable: shape too large or negative");
      return PLINTH_ERROR;
    }
    n *= static_cast<uint64_t>(dims[i]);
  }
  uint64_t bytes = n * TypeSize(type);
  if (TypeSize(type) != 0 && n > limit / TypeSize(type)) {
    Exec(ctx)->ReportError("resize_resource_variable: variable too large");
    return PLINTH_ERROR;
  }
  if (!found->buffer.Reserve(bytes)) {
    Exec(ctx)->ReportError("resize_resource_variable: out of memory");
    return PLINTH_ERROR;
  }
  found->dims.assign(dims, dims + rank);
  variable->type = type;
  variable->rank = rank;
  variable->dims = found->dims.data();
  variable->bytes = bytes;
  variable->data = found->buffer.data();
  return PLINTH_OK;
}

void* GetModelShared(PlinthContext* ctx, const PlinthNode* node, uint32_t key,
                     void* (*create)(void* arg, size_t* bytes), void* arg,
                     void (*destroy)(void* data)) {
  SubgraphExecutor* exec = Exec(ctx);
  if (node == nullptr || create == nullptr) return nullptr;
  // The plugin's code frees the entry, so the entry keeps the plugin loaded.
  std::shared_ptr<const void> owner = exec->KernelPlugin(node->index);
  return exec->state()->model->shared_cache().GetOrCreate(node->subgraph_index, node->index, key,
                                                          create, arg, destroy, std::move(owner));
}

}  // namespace

PlinthContext MakeKernelContext(SubgraphExecutor* executor) {
  PlinthContext c{};
  c.struct_size = sizeof(c);
  c.impl = executor;
  c.report_error = &ReportError;
  c.report_warning = &ReportWarning;
  c.resize_tensor = &ResizeTensor;
  c.set_dynamic = &SetDynamic;
  c.request_scratch = &RequestScratch;
  c.get_scratch = &GetScratch;
  c.get_option = &GetOption;
  c.num_threads = &NumThreads;
  c.parallel_for = &ParallelFor;
  c.invoke_subgraph = &InvokeSubgraph;
  c.subgraph_tensor = &SubgraphTensor;
  c.subgraph_io_count = &SubgraphIoCount;
  c.resource_variable = &GetResourceVariable;
  c.resize_resource_variable = &ResizeResourceVariable;
  c.get_model_shared = &GetModelShared;
  return c;
}

}  // namespace plinth
