// Test plugin: shape-only stand-ins for SOFTMAX and ADD. In this tree the built-in kernels of these
// ops reject int8/uint8 in prepare, and the core prepares a delegated node's CPU kernel (for its
// output shape) and fails the model when that kernel refuses. Loaded before the built-in plugin
// for the golden-model runs through the delegate, these stand-ins only set output shapes; their
// invoke fails, so a node that is not delegated shows up as an error.
#include <algorithm>

#include "plinth/plugin.hpp"

namespace {

class SameShape {
 public:
  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    return ctx.Resize(ctx.output(0), ctx.input(0).shape());
  }
  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    return ctx.Error("shape-only test stand-in: this node should have been delegated");
  }
};

class BroadcastShape {
 public:
  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    std::vector<int32_t> a = ctx.input(0).shape(), b = ctx.input(1).shape();
    while (a.size() < b.size()) a.insert(a.begin(), 1);
    while (b.size() < a.size()) b.insert(b.begin(), 1);
    for (size_t i = 0; i < a.size(); ++i) a[i] = std::max(a[i], b[i]);
    return ctx.Resize(ctx.output(0), a);
  }
  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    return ctx.Error("shape-only test stand-in: this node should have been delegated");
  }
};

PlinthStatus Register(plinth::Registrar& r) {
  const std::vector<PlinthType> types = {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8};
  if (PlinthStatus s = r.AddBuiltin<SameShape>("SOFTMAX", 1, 3, types); s != PLINTH_OK) return s;
  return r.AddBuiltin<BroadcastShape>("ADD", 1, 5, types);
}

}  // namespace

PLINTH_DEFINE_PLUGIN("nnapi_test_shape_only_ops", "0.1.0", Register)
