// Checks and helpers shared by the kernels that run other subgraphs (IF, WHILE, CALL_ONCE).
#ifndef PLINTH_BUILTIN_OPS_CONTROL_FLOW_SUBGRAPH_UTIL_H_
#define PLINTH_BUILTIN_OPS_CONTROL_FLOW_SUBGRAPH_UTIL_H_

#include <cstdint>
#include <cstring>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/control_flow/resource_handles.h"

namespace plinth::builtin {

// A subgraph tensor as a mutable pointer (the core hands out views; the address is stable).
inline PlinthTensor* SubgraphTensor(const KernelContext& ctx, int32_t subgraph, bool output,
                                    int position) {
  return const_cast<PlinthTensor*>(
      ctx.raw()->subgraph_tensor(ctx.raw(), subgraph, output ? 1 : 0, position));
}

// Checks that `index` (option `option`) names a subgraph with the given input and output counts
// (-1: any).
inline PlinthStatus CheckSubgraph(const KernelContext& ctx, int64_t index, const char* option,
                                  int inputs, int outputs) {
  if (!resource::CoreHasResources(ctx.raw())) {
    return ctx.Error("this Plinth core cannot run subgraphs (needs ABI 1.1)");
  }
  PLINTH_ENSURE(ctx, index >= 0 && index <= INT32_MAX, option, " ", index, " is not a subgraph");
  const int32_t sub = static_cast<int32_t>(index);
  const int32_t n_in = ctx.raw()->subgraph_io_count(ctx.raw(), sub, 0);
  const int32_t n_out = ctx.raw()->subgraph_io_count(ctx.raw(), sub, 1);
  PLINTH_ENSURE(ctx, n_in >= 0 && n_out >= 0, option, " ", index,
                " is not a subgraph of the model");
  PLINTH_ENSURE(ctx, sub != ctx.node()->subgraph_index, option, " ", index,
                " is the subgraph of the node itself");
  PLINTH_ENSURE(ctx, inputs < 0 || n_in == inputs, "subgraph ", index, " (", option, ") takes ",
                n_in, " inputs, expected ", inputs);
  PLINTH_ENSURE(ctx, outputs < 0 || n_out == outputs, "subgraph ", index, " (", option, ") has ",
                n_out, " outputs, expected ", outputs);
  return PLINTH_OK;
}

// Checks that subgraph `sub`'s inputs (or outputs) have the types of `tensors`.
inline PlinthStatus CheckSubgraphTypes(const KernelContext& ctx, int32_t sub, bool output,
                                       PlinthTensor* const* tensors, int count, const char* what) {
  for (int i = 0; i < count; ++i) {
    const PlinthTensor* s = SubgraphTensor(ctx, sub, output, i);
    if (s == nullptr || tensors[i] == nullptr) return ctx.Error(what, " ", i, " is missing");
    PLINTH_ENSURE(ctx, s->type == tensors[i]->type, what, " ", i, " is ",
                  TypeName(tensors[i]->type), " but subgraph ", sub, "'s ",
                  output ? "output " : "input ", i, " is ", TypeName(s->type));
  }
  return PLINTH_OK;
}

// Passes resource handles along: each RESOURCE tensor in `to` stands for what the matching
// tensor in `from` stands for. Reserve in prepare, Propagate in invoke.
inline void ReserveHandles(resource::Bindings* bindings, PlinthTensor* const* to, int count) {
  for (int i = 0; i < count; ++i) {
    if (to[i] != nullptr && to[i]->type == PLINTH_RESOURCE) bindings->Reserve(to[i]);
  }
}
inline void PropagateHandles(resource::Bindings* bindings, PlinthTensor* const* from,
                             PlinthTensor* const* to, int count) {
  for (int i = 0; i < count; ++i) {
    if (to[i] != nullptr && to[i]->type == PLINTH_RESOURCE && from[i] != nullptr) {
      bindings->Set(to[i], resource::Lookup(from[i]));
    }
  }
}

// Copies `src` into the dynamic tensor `dst` (shape and bytes).
inline PlinthStatus CopyTensor(const KernelContext& ctx, const PlinthTensor* src,
                               PlinthTensor* dst) {
  PLINTH_RETURN_IF_ERROR(ctx.raw()->resize_tensor(ctx.raw(), dst, src->rank, src->dims));
  if (src->bytes > 0 && src->data != dst->data) {
    PLINTH_ENSURE(ctx, dst->bytes == src->bytes, "internal: copy of ", src->bytes,
                  " bytes into a tensor of ", dst->bytes);
    std::memmove(dst->data, src->data, src->bytes);
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_CONTROL_FLOW_SUBGRAPH_UTIL_H_
