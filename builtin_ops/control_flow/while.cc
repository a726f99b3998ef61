// WHILE: loop variables start as the inputs; while cond_subgraph_index returns true on them,
// body_subgraph_index maps them to their next values. The outputs are the final values. The body
// may change shapes, so the outputs are dynamic and resized on every iteration.
#include <cstring>
#include <vector>

#include "builtin_ops/control_flow/control_flow_ops.h"
#include "builtin_ops/control_flow/subgraph_util.h"

namespace plinth::builtin {
namespace {

class While {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    const int n = ctx.num_inputs();
    PLINTH_ENSURE(ctx, ctx.num_outputs() == n, "WHILE needs as many outputs as inputs, got ", n,
                  " inputs and ", ctx.num_outputs(), " outputs");
    const int64_t cond = ctx.OptionInt("cond_subgraph_index", -1);
    const int64_t body = ctx.OptionInt("body_subgraph_index", -1);
    PLINTH_RETURN_IF_ERROR(CheckSubgraph(ctx, cond, "cond_subgraph_index", n, 1));
    PLINTH_RETURN_IF_ERROR(CheckSubgraph(ctx, body, "body_subgraph_index", n, n));
    cond_ = static_cast<int32_t>(cond);
    body_ = static_cast<int32_t>(body);
    PlinthTensor* const* inputs = ctx.node()->inputs;
    for (int i = 0; i < n; ++i) {
      PLINTH_ENSURE(ctx, inputs[i] != nullptr, "input ", i, " is missing");
      PLINTH_ENSURE(ctx, ctx.output(i).type() == inputs[i]->type, "output ", i, " is ",
                    TypeName(ctx.output(i).type()), " but input ", i, " is ",
                    TypeName(inputs[i]->type));
    }
    PLINTH_RETURN_IF_ERROR(CheckSubgraphTypes(ctx, cond_, false, inputs, n, "input"));
    PLINTH_RETURN_IF_ERROR(CheckSubgraphTypes(ctx, body_, false, inputs, n, "input"));
    PLINTH_RETURN_IF_ERROR(CheckSubgraphTypes(ctx, body_, true, inputs, n, "input"));
    const PlinthTensor* cond_out = SubgraphTensor(ctx, cond_, true, 0);
    PLINTH_ENSURE(ctx, cond_out != nullptr && cond_out->type == PLINTH_BOOL,
                  "the condition subgraph must output a BOOL");
    cond_output_ = const_cast<PlinthTensor*>(cond_out);
    body_outputs_.assign(static_cast<size_t>(n), nullptr);
    for (int i = 0; i < n; ++i) {
      body_outputs_[i] = SubgraphTensor(ctx, body_, true, i);
      PlinthTensor* cond_in = SubgraphTensor(ctx, cond_, false, i);
      PlinthTensor* body_in = SubgraphTensor(ctx, body_, false, i);
      ReserveHandles(&bindings_, &cond_in, 1);
      ReserveHandles(&bindings_, &body_in, 1);
    }
    ReserveHandles(&bindings_, ctx.node()->outputs, n);
    for (int i = 0; i < n; ++i) PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(ctx.output(i)));
    return PLINTH_OK;
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const int n = ctx.num_inputs();
    PlinthTensor* const* values = ctx.node()->outputs;  // the loop variables live in the outputs
    for (int i = 0; i < n; ++i) {
      PLINTH_RETURN_IF_ERROR(CopyTensor(ctx, ctx.node()->inputs[i], values[i]));
    }
    PropagateHandles(&bindings_, ctx.node()->inputs, values, n);
    PlinthContext* raw = ctx.raw();
    while (true) {
      BindSubgraphInputs(ctx, cond_, values, n);
      // The callee's own output tensor is passed as the destination: the core then copies
      // nothing, and the value is read in place.
      PLINTH_RETURN_IF_ERROR(raw->invoke_subgraph(raw, cond_, values, n, &cond_output_, 1));
      PLINTH_ENSURE(ctx, cond_output_->rank >= 0 && cond_output_->bytes >= 1,
                    "the condition subgraph returned an empty tensor");
      // The condition is read as a byte: any non-zero value is true.
      if (static_cast<const uint8_t*>(cond_output_->data)[0] == 0) break;
      BindSubgraphInputs(ctx, body_, values, n);
      PLINTH_RETURN_IF_ERROR(raw->invoke_subgraph(raw, body_, values, n, body_outputs_.data(), n));
      for (int i = 0; i < n; ++i) {
        PLINTH_RETURN_IF_ERROR(CopyTensor(ctx, body_outputs_[i], values[i]));
      }
      PropagateHandles(&bindings_, body_outputs_.data(), values, n);
    }
    return PLINTH_OK;
  }

 private:
  void BindSubgraphInputs(const KernelContext& ctx, int32_t sub, PlinthTensor* const* values,
                          int n) {
    for (int i = 0; i < n; ++i) {
      if (values[i]->type != PLINTH_RESOURCE) continue;
      PlinthTensor* to = SubgraphTensor(ctx, sub, false, i);
      PropagateHandles(&bindings_, values + i, &to, 1);
    }
  }

  int32_t cond_ = -1, body_ = -1;
  PlinthTensor* cond_output_ = nullptr;
  std::vector<PlinthTensor*> body_outputs_;
  resource::Bindings bindings_;
};

}  // namespace

PlinthStatus RegisterWhile(Registrar& r) {
  return r.AddBuiltin<While>("WHILE", 1, 1,
                             {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_BOOL, PLINTH_INT8,
                              PLINTH_UINT8, PLINTH_INT16, PLINTH_RESOURCE});
}

}  // namespace plinth::builtin
