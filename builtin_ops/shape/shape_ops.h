// Registration functions of the shape/ kernels (reshaping and data movement), one per op file.
#ifndef PLINTH_BUILTIN_OPS_SHAPE_SHAPE_OPS_H_
#define PLINTH_BUILTIN_OPS_SHAPE_SHAPE_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterReshape(Registrar& r);  // RESHAPE, SQUEEZE, EXPAND_DIMS
PlinthStatus RegisterConcatenation(Registrar& r);
PlinthStatus RegisterTranspose(Registrar& r);
PlinthStatus RegisterSplit(Registrar& r);
PlinthStatus RegisterSplitV(Registrar& r);
PlinthStatus RegisterPack(Registrar& r);
PlinthStatus RegisterUnpack(Registrar& r);
PlinthStatus RegisterSlice(Registrar& r);
PlinthStatus RegisterStridedSlice(Registrar& r);
PlinthStatus RegisterPad(Registrar& r);  // PAD, PADV2
PlinthStatus RegisterMirrorPad(Registrar& r);
PlinthStatus RegisterTile(Registrar& r);
PlinthStatus RegisterBroadcastTo(Registrar& r);
PlinthStatus RegisterBroadcastArgs(Registrar& r);
PlinthStatus RegisterReverseV2(Registrar& r);
PlinthStatus RegisterShape(Registrar& r);
PlinthStatus RegisterRank(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_SHAPE_SHAPE_OPS_H_
