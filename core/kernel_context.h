// The PlinthContext function table kernels call; each entry forwards to the executor running
// the node.
#ifndef PLINTH_CORE_KERNEL_CONTEXT_H_
#define PLINTH_CORE_KERNEL_CONTEXT_H_

#include "plinth/plugin.h"

namespace plinth {

class SubgraphExecutor;

// A context whose calls act on `executor` (which must outlive it).
PlinthContext MakeKernelContext(SubgraphExecutor* executor);

}  // namespace plinth

#endif  // PLINTH_CORE_KERNEL_CONTEXT_H_
