// CALL_ONCE: runs init_subgraph_index (no inputs, no outputs) the first time any CALL_ONCE of the
// interpreter reaches it, as TFLite's per-interpreter initialization status does. The "done"
// mark is an interpreter-wide resource slot, so it is shared across nodes and subgraphs and
// cleared with the interpreter.
#include <string>

#include "builtin_ops/control_flow/control_flow_ops.h"
#include "builtin_ops/control_flow/subgraph_util.h"

namespace plinth::builtin {
namespace {

constexpr const char* kMarkContainer = "__plinth_call_once__";

class CallOnce {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 0 && ctx.num_outputs() == 0,
                  "CALL_ONCE takes no inputs and no outputs, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    const int64_t index = ctx.OptionInt("init_subgraph_index", -1);
    PLINTH_RETURN_IF_ERROR(CheckSubgraph(ctx, index, "init_subgraph_index", 0, 0));
    init_ = static_cast<int32_t>(index);
    mark_name_ = std::to_string(init_);
    return PLINTH_OK;
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    PlinthContext* raw = ctx.raw();
    PlinthTensor* mark = raw->resource_variable(raw, kMarkContainer, mark_name_.c_str());
    PLINTH_ENSURE(ctx, mark != nullptr, "cannot get the interpreter's initialization state");
    if (mark->rank >= 0) return PLINTH_OK;  // already initialized
    PLINTH_RETURN_IF_ERROR(raw->invoke_subgraph(raw, init_, nullptr, 0, nullptr, 0));
    return raw->resize_resource_variable(raw, mark, PLINTH_BOOL, 0, nullptr);
  }

 private:
  int32_t init_ = -1;
  std::string mark_name_;
};

}  // namespace

PlinthStatus RegisterCallOnce(Registrar& r) {
  return r.AddBuiltin<CallOnce>("CALL_ONCE", 1, 1, {});
}

}  // namespace plinth::builtin
