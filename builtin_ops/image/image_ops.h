// Registration functions of the image/ kernels (resizing and space/depth/batch rearrangement),
// one per op file.
#ifndef PLINTH_BUILTIN_OPS_IMAGE_IMAGE_OPS_H_
#define PLINTH_BUILTIN_OPS_IMAGE_IMAGE_OPS_H_

#include "plinth/plugin.hpp"

namespace plinth::builtin {

PlinthStatus RegisterResizeBilinear(Registrar& r);
PlinthStatus RegisterResizeNearestNeighbor(Registrar& r);
PlinthStatus RegisterSpaceToDepth(Registrar& r);
PlinthStatus RegisterDepthToSpace(Registrar& r);
PlinthStatus RegisterSpaceToBatchNd(Registrar& r);
PlinthStatus RegisterBatchToSpaceNd(Registrar& r);

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_IMAGE_IMAGE_OPS_H_
