// Registers every kernel of builtin_ops/indexing/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterIndexingOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterGather,
      RegisterGatherNd,
      RegisterScatterNd,
      RegisterEmbeddingLookup,
      RegisterDynamicUpdateSlice,
      RegisterFill,
      RegisterZerosLike,
      RegisterRange,
      RegisterOneHot,
      RegisterWhere,
      RegisterTopKV2,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
