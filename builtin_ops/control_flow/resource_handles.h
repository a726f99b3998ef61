// Which resource variable a RESOURCE tensor stands for.
//
// VAR_HANDLE's output is a RESOURCE tensor, but the core gives RESOURCE tensors no storage (their
// element size is 0), so the handle cannot live in the tensor's bytes as in TFLite. Instead the
// kernels bind tensors, by address, to an interned (container, shared_name) id: VAR_HANDLE binds
// its output, IF/WHILE bind the subgraph tensors a handle is passed to, and READ_VARIABLE /
// ASSIGN_VARIABLE look their handle input up. When a RESOURCE tensor does have 4 bytes, the id is
// also written there and read back, so a core that sizes RESOURCE tensors works the same way.
#ifndef PLINTH_BUILTIN_OPS_CONTROL_FLOW_RESOURCE_HANDLES_H_
#define PLINTH_BUILTIN_OPS_CONTROL_FLOW_RESOURCE_HANDLES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "plinth/plugin.hpp"

namespace plinth::builtin::resource {

// The id of (container, shared_name), the same for every interpreter and thread.
int32_t Intern(const std::string& container, const std::string& shared_name);

// Binds `handle` to `id`.
void Bind(const PlinthTensor* handle, int32_t id);
// Makes room for `handle`'s binding (in prepare), keeping one it has, so Bind in invoke does not
// allocate.
void Reserve(const PlinthTensor* handle);
// Also writes `id` into the tensor's bytes when it has room (invoke only: data is valid then).
void Store(PlinthTensor* handle, int32_t id);
void Unbind(const PlinthTensor* handle);

// The id `handle` stands for, or -1.
int32_t Lookup(const PlinthTensor* handle);

// The interpreter's variable for `id` (created unassigned on first use), or null.
PlinthTensor* Variable(PlinthContext* ctx, int32_t id);

// True when the core offers resource variables and subgraph calls (ABI 1.1).
bool CoreHasResources(const PlinthContext* ctx);

// Tensors a kernel bound, unbound when the kernel goes away.
class Bindings {
 public:
  Bindings() = default;
  Bindings(const Bindings&) = delete;
  Bindings& operator=(const Bindings&) = delete;
  ~Bindings() {
    for (const PlinthTensor* t : bound_) Unbind(t);
  }
  // Reserves `handle` (in prepare) so that Set in invoke does not allocate.
  void Reserve(const PlinthTensor* handle) {
    for (const PlinthTensor* t : bound_) {
      if (t == handle) return;
    }
    bound_.push_back(handle);
    resource::Reserve(handle);
  }
  // In invoke: binds and stores the id.
  void Set(PlinthTensor* handle, int32_t id) {
    Bind(handle, id);
    Store(handle, id);
  }

 private:
  std::vector<const PlinthTensor*> bound_;
};

}  // namespace plinth::builtin::resource

#endif  // PLINTH_BUILTIN_OPS_CONTROL_FLOW_RESOURCE_HANDLES_H_
