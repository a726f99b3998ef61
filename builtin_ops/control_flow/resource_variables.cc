// VAR_HANDLE, READ_VARIABLE, ASSIGN_VARIABLE: resource variables that keep their value across
// invocations, one per (container, shared_name) and interpreter (see resource_handles.h for how
// handles travel between the kernels).
#include <cstring>
#include <string>

#include "builtin_ops/control_flow/control_flow_ops.h"
#include "builtin_ops/control_flow/subgraph_util.h"

namespace plinth::builtin {
namespace {

// Resolves input 0 (a RESOURCE handle) to the interpreter's variable.
PlinthStatus ResolveVariable(const KernelContext& ctx, PlinthTensor** variable) {
  const int32_t id = resource::Lookup(ctx.input(0).raw());
  PLINTH_ENSURE(ctx, id >= 0, "input 0 ('", ctx.input(0).name(),
                "') is not a handle made by VAR_HANDLE");
  *variable = resource::Variable(ctx.raw(), id);
  PLINTH_ENSURE(ctx, *variable != nullptr, "cannot get resource variable ", id);
  return PLINTH_OK;
}

PlinthStatus CheckHandleInput(const KernelContext& ctx) {
  PLINTH_ENSURE(ctx, resource::CoreHasResources(ctx.raw()),
                "this Plinth core has no resource variables (needs ABI 1.1)");
  Tensor handle = ctx.input(0);
  PLINTH_RETURN_IF_ERROR(CheckType(ctx, handle, "resource handle (input 0)", {PLINTH_RESOURCE}));
  return PLINTH_OK;
}

class VarHandle {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, resource::CoreHasResources(ctx.raw()),
                  "this Plinth core has no resource variables (needs ABI 1.1)");
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 0 && ctx.num_outputs() == 1,
                  "VAR_HANDLE takes no inputs and has one output");
    Tensor out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, out, "output", {PLINTH_RESOURCE}));
    id_ = resource::Intern(ctx.OptionString("container"), ctx.OptionString("shared_name"));
    bindings_.Reserve(out.raw());
    resource::Bind(out.raw(), id_);  // readers prepared after this node can check it
    return PLINTH_OK;
  }
  PlinthStatus Invoke(KernelContext& ctx) {
    bindings_.Set(ctx.output(0).raw(), id_);
    return PLINTH_OK;
  }

 private:
  int32_t id_ = -1;
  resource::Bindings bindings_;
};

class ReadVariable {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1 && ctx.num_outputs() == 1,
                  "READ_VARIABLE takes one input and has one output");
    PLINTH_RETURN_IF_ERROR(CheckHandleInput(ctx));
    PLINTH_ENSURE(ctx, TypeSize(ctx.output(0).type()) > 0, "output type ",
                  TypeName(ctx.output(0).type()), " cannot hold a variable's value");
    // The value's shape is whatever was last assigned.
    return ctx.SetDynamic(ctx.output(0));
  }
  PlinthStatus Invoke(KernelContext& ctx) {
    PlinthTensor* variable = nullptr;
    PLINTH_RETURN_IF_ERROR(ResolveVariable(ctx, &variable));
    PLINTH_ENSURE(ctx, variable->rank >= 0, "resource variable '", variable->name,
                  "' is read before any ASSIGN_VARIABLE");
    Tensor out = ctx.output(0);
    PLINTH_ENSURE(ctx, variable->type == out.type(), "resource variable '", variable->name,
                  "' holds ", TypeName(variable->type), " but the output is ",
                  TypeName(out.type()));
    PLINTH_RETURN_IF_ERROR(ctx.Resize(out, variable->dims, variable->rank));
    if (variable->bytes > 0) std::memcpy(out.raw_data(), variable->data, variable->bytes);
    return PLINTH_OK;
  }
};

class AssignVariable {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 0,
                  "ASSIGN_VARIABLE takes a handle and a value and has no outputs");
    PLINTH_RETURN_IF_ERROR(CheckHandleInput(ctx));
    Tensor value = ctx.input(1);
    PLINTH_ENSURE(ctx, value, "the value (input 1) is missing");
    PLINTH_ENSURE(ctx, TypeSize(value.type()) > 0, "cannot assign a ", TypeName(value.type()),
                  " value");
    return PLINTH_OK;
  }
  PlinthStatus Invoke(KernelContext& ctx) {
    PlinthTensor* variable = nullptr;
    PLINTH_RETURN_IF_ERROR(ResolveVariable(ctx, &variable));
    Tensor value = ctx.input(1);
    bool same = variable->type == value.type() && variable->rank == value.rank();
    for (int i = 0; same && i < value.rank(); ++i) same = variable->dims[i] == value.dim(i);
    if (!same) {
      PLINTH_RETURN_IF_ERROR(ctx.raw()->resize_resource_variable(ctx.raw(), variable, value.type(),
                                                                 value.rank(), value.raw()->dims));
    }
    if (value.bytes() > 0) std::memcpy(variable->data, value.raw_data(), value.bytes());
    return PLINTH_OK;
  }
};

std::vector<PlinthType> ValueTypes() {
  return {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64,   PLINTH_BOOL,   PLINTH_INT8,
          PLINTH_UINT8,   PLINTH_INT16, PLINTH_FLOAT16, PLINTH_FLOAT64};
}

}  // namespace

PlinthStatus RegisterResourceVariables(Registrar& r) {
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<VarHandle>("VAR_HANDLE", 1, 1, {PLINTH_RESOURCE}));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<ReadVariable>("READ_VARIABLE", 1, 1, ValueTypes()));
  return r.AddBuiltin<AssignVariable>("ASSIGN_VARIABLE", 1, 1, ValueTypes());
}

}  // namespace plinth::builtin
