// MediaPipe's custom ops for segmentation models (selfie/hair segmentation, hand and pose
// detectors): Convolution2DTransposeBias, MaxPoolingWithArgmax2D, MaxUnpooling2D.
#include "mediapipe_ops.h"

namespace plinth_mediapipe {
namespace {

PlinthStatus RegisterAll(plinth::Registrar& r) {
  PlinthStatus s = RegisterConvolution2DTransposeBias(r);
  if (s == PLINTH_OK) s = RegisterMaxPoolingWithArgmax2D(r);
  if (s == PLINTH_OK) s = RegisterMaxUnpooling2D(r);
  return s;
}

}  // namespace
}  // namespace plinth_mediapipe

PLINTH_DEFINE_PLUGIN("mediapipe_ops", "1.0.0", plinth_mediapipe::RegisterAll)
