// The kernels of the MediaPipe plugin (one op per file) and what they share.
#ifndef PLINTH_PLUGINS_MEDIAPIPE_MEDIAPIPE_OPS_H_
#define PLINTH_PLUGINS_MEDIAPIPE_MEDIAPIPE_OPS_H_

#include <cstdint>
#include <limits>
#include <string>

#include "plinth/plugin.hpp"

namespace plinth_mediapipe {

PlinthStatus RegisterConvolution2DTransposeBias(plinth::Registrar& r);
PlinthStatus RegisterMaxPoolingWithArgmax2D(plinth::Registrar& r);
PlinthStatus RegisterMaxUnpooling2D(plinth::Registrar& r);

// Checks that a tensor is present, FLOAT32 and 4-D (NHWC); "" when it is.
inline std::string CheckFloatNhwc(const plinth::Tensor& t, const char* what) {
  if (!t) return std::string(what) + " is missing";
  if (t.type() != PLINTH_FLOAT32) {
    return std::string(what) + " must be FLOAT32, got " + plinth::TypeName(t.type());
  }
  if (t.rank() != 4)
    return std::string(what) + " must be 4-D (NHWC), got " + plinth::ShapeString(t);
  return "";
}

// True when a size computed in 64 bits is a valid dimension.
inline bool FitsDimension(int64_t v) { return v >= 0 && v <= std::numeric_limits<int32_t>::max(); }

// TFLite's ComputePadding with dilation 1: half the overhang of the windows, at least 0.
inline int64_t ComputePadding(int64_t stride, int64_t in_size, int64_t filter, int64_t out_size) {
  const int64_t padding = ((out_size - 1) * stride + filter - in_size) / 2;
  return padding > 0 ? padding : 0;
}

}  // namespace plinth_mediapipe

#endif  // PLINTH_PLUGINS_MEDIAPIPE_MEDIAPIPE_OPS_H_
