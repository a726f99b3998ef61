// Registers every kernel of builtin_ops/shape/.
#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/shape/shape_ops.h"

namespace plinth::builtin {

PlinthStatus RegisterShapeOps(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kOps[] = {
      RegisterReshape,      RegisterConcatenation, RegisterTranspose, RegisterSplit,
      RegisterSplitV,       RegisterPack,          RegisterUnpack,    RegisterSlice,
      RegisterStridedSlice, RegisterPad,           RegisterMirrorPad, RegisterTile,
      RegisterBroadcastTo,  RegisterBroadcastArgs, RegisterReverseV2, RegisterShape,
      RegisterRank,
  };
  for (RegisterFn fn : kOps) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin
