// IF: runs then_subgraph_index or else_subgraph_index on inputs[1:] depending on the boolean
// inputs[0]; the branch's outputs become the node's outputs. The branches may produce different
// shapes, and the core cannot prepare a branch without running it, so the outputs are dynamic.
#include <cstring>

#include "builtin_ops/control_flow/control_flow_ops.h"
#include "builtin_ops/control_flow/subgraph_util.h"

namespace plinth::builtin {
namespace {

class If {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() >= 1, "IF needs the condition as input 0");
    Tensor cond = ctx.input(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, cond, "condition", {PLINTH_BOOL}));
    PLINTH_ENSURE(ctx, cond.num_elements() == 1, "the condition must have one element, got ",
                  ShapeString(cond));
    const int n_in = ctx.num_inputs() - 1, n_out = ctx.num_outputs();
    for (const char* option : {"then_subgraph_index", "else_subgraph_index"}) {
      const int64_t index = ctx.OptionInt(option, -1);
      PLINTH_RETURN_IF_ERROR(CheckSubgraph(ctx, index, option, n_in, n_out));
      const int32_t sub = static_cast<int32_t>(index);
      PLINTH_RETURN_IF_ERROR(
          CheckSubgraphTypes(ctx, sub, false, ctx.node()->inputs + 1, n_in, "input"));
      PLINTH_RETURN_IF_ERROR(
          CheckSubgraphTypes(ctx, sub, true, ctx.node()->outputs, n_out, "output"));
      for (int i = 0; i < n_in; ++i) {
        PlinthTensor* t = SubgraphTensor(ctx, sub, false, i);
        ReserveHandles(&bindings_, &t, 1);
      }
    }
    then_ = static_cast<int32_t>(ctx.OptionInt("then_subgraph_index"));
    else_ = static_cast<int32_t>(ctx.OptionInt("else_subgraph_index"));
    ReserveHandles(&bindings_, ctx.node()->outputs, n_out);
    for (int i = 0; i < n_out; ++i) PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(ctx.output(i)));
    return PLINTH_OK;
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    // Bool tensors are bytes from outside: read a byte, any non-zero value is true.
    const int32_t sub = ctx.input(0).data<uint8_t>()[0] != 0 ? then_ : else_;
    const int n_in = ctx.num_inputs() - 1, n_out = ctx.num_outputs();
    PlinthTensor* const* inputs = ctx.node()->inputs + 1;
    for (int i = 0; i < n_in; ++i) {
      PlinthTensor* to = SubgraphTensor(ctx, sub, false, i);
      PropagateHandles(&bindings_, inputs + i, &to, 1);
    }
    PLINTH_RETURN_IF_ERROR(
        ctx.raw()->invoke_subgraph(ctx.raw(), sub, inputs, n_in, ctx.node()->outputs, n_out));
    for (int i = 0; i < n_out; ++i) {
      PlinthTensor* from = SubgraphTensor(ctx, sub, true, i);
      PropagateHandles(&bindings_, &from, ctx.node()->outputs + i, 1);
    }
    return PLINTH_OK;
  }

 private:
  int32_t then_ = -1, else_ = -1;
  resource::Bindings bindings_;
};

}  // namespace

PlinthStatus RegisterIf(Registrar& r) { return r.AddBuiltin<If>("IF", 1, 1, {PLINTH_BOOL}); }

}  // namespace plinth::builtin
