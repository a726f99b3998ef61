// Registers every kernel of builtin_ops/sequence/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/sequence/sequence_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterSequenceOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterUnidirectionalSequenceLstm,
      RegisterBidirectionalSequenceLstm,
      RegisterUnidirectionalSequenceRnn,
      RegisterSvdf,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
