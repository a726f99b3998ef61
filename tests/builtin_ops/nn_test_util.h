// Slow references for the nn/ kernel tests: window geometry from TensorFlow's definitions, direct
// (scatter-free) convolutions over int64 or double values, and TFLite's requantization written out
// with exact wide integer arithmetic.
#ifndef PLINTH_TESTS_BUILTIN_OPS_NN_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_NN_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {

inline QuantSpec PerTensorQ(float scale, int64_t zero_point) { return {{scale}, {zero_point}, 0}; }

inline QuantSpec PerChannelQ(std::vector<float> scales, int32_t axis) {
  QuantSpec q;
  q.scales = std::move(scales);
  q.zero_points.assign(q.scales.size(), 0);
  q.quantized_dimension = axis;
  return q;
}

// Values spanning an integer type's whole range.
template <class T>
std::vector<T> FullRange(size_t n, uint32_t seed) {
  return RandomValues<T>(n, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), seed);
}

// One spatial dimension of a window op: SAME gives ceil(in / stride) outputs and splits the
// needed padding with the smaller half first; VALID keeps windows inside the input.
struct RefDim {
  int32_t out = 0, pad = 0;
};
inline RefDim RefWindow(bool same, int32_t in, int32_t filter, int32_t stride, int32_t dilation) {
  const int32_t effective = (filter - 1) * dilation + 1;
  RefDim d;
  if (same) {
    d.out = (in + stride - 1) / stride;
    d.pad = std::max((d.out - 1) * stride + effective - in, 0) / 2;
  } else {
    d.out = in >= effective ? (in - effective) / stride + 1 : 0;
  }
  return d;
}

// ---- requantization ---------------------------------------------------------------------------

struct RefMultiplier {
  int32_t m = 0;
  int shift = 0;
};

// real = m * 2^(shift - 31), m in [2^30, 2^31), rounded half away from zero.
inline RefMultiplier RefQuantizeMultiplier(double real) {
  RefMultiplier r;
  if (real == 0) return r;
  int e = 0;
  const double f = std::frexp(real, &e);
  long long q = std::llround(f * 2147483648.0);
  if (q == 2147483648LL) {
    q /= 2;
    ++e;
  }
  if (e < -31) return r;
  r.m = static_cast<int32_t>(q);
  r.shift = e;
  return r;
}

// floor((a * b + 2^(s - 1)) / 2^s) for 1 <= s <= 126, computed exactly in 128 bits, truncated to
// its low 64 bits (as a cast of the 128-bit value would). 32-bit targets (ARMv7) have no __int128,
// so there it is done with two 64-bit halves.
inline int64_t RefRoundingShiftProduct(int64_t a, int64_t b, int s) {
#if defined(__SIZEOF_INT128__)
  const __int128 num = static_cast<__int128>(a) * b + (static_cast<__int128>(1) << (s - 1));
  return static_cast<int64_t>(num >> s);  // arithmetic: floor
#else
  const uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  const uint64_t a0 = ua & 0xFFFFFFFFu, a1 = ua >> 32, b0 = ub & 0xFFFFFFFFu, b1 = ub >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
  uint64_t lo = (p00 & 0xFFFFFFFFu) | (mid << 32);
  uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  // Signed product from the unsigned one: subtract the other operand where one is negative.
  if (a < 0) hi -= ub;
  if (b < 0) hi -= ua;
  const uint64_t add_lo = s - 1 < 64 ? uint64_t{1} << (s - 1) : 0;
  const uint64_t add_hi = s - 1 < 64 ? 0 : uint64_t{1} << (s - 1 - 64);
  const uint64_t sum_lo = lo + add_lo;
  hi += add_hi + (sum_lo < lo ? 1 : 0);
  lo = sum_lo;
  if (s < 64) return static_cast<int64_t>((lo >> s) | (hi << (64 - s)));
  return static_cast<int64_t>(hi) >> (s - 64);
#endif
}

// TFLite's 32-bit MultiplyByQuantizedMultiplier: the product with the Q31 multiplier rounded half
// up (saturating only INT32_MIN * INT32_MIN), then the right shift rounded half away from zero.
inline int32_t RefScale32(int32_t x, RefMultiplier mult) {
  const int left = std::max(mult.shift, 0), right = std::max(-mult.shift, 0);
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  int64_t high;
  if (shifted == std::numeric_limits<int32_t>::min() && mult.m == shifted) {
    high = std::numeric_limits<int32_t>::max();
  } else {
    // floor(product / 2^31 + 1/2)
    high = RefRoundingShiftProduct(shifted, mult.m, 31);
  }
  if (right == 0) return static_cast<int32_t>(high);
  const int64_t divisor = int64_t{1} << right;
  const int64_t magnitude = (std::llabs(high) + divisor / 2) / divisor;  // half away from zero
  return static_cast<int32_t>(high < 0 ? -magnitude : magnitude);
}

// x * M rounded once, half toward +infinity (XNNPACK's and ruy's requantization), which Plinth
// uses for legacy uint8 convolutions and fully connected layers: floor(x * m / 2^(31 - shift) +
// 1/2) computed exactly.
inline int32_t RefScaleOnce(int32_t x, RefMultiplier mult) {
  const int total = 31 - mult.shift;
  return static_cast<int32_t>(RefRoundingShiftProduct(x, mult.m, total));
}

// TFLite's 64-bit MultiplyByQuantizedMultiplier (16x8 kernels): the multiplier rounded to 16 bits,
// one rounding (half up) at the end.
inline int32_t RefScale64(int64_t x, RefMultiplier mult) {
  const int64_t reduced = mult.m < 0x7FFF0000 ? (mult.m + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - mult.shift;
  return static_cast<int32_t>(RefRoundingShiftProduct(x, reduced, total_shift));
}

// The clamp range of a fused activation in an output's quantized domain.
inline std::pair<int32_t, int32_t> RefActivationRange(const std::string& activation, float scale,
                                                      int32_t zero_point, int32_t qmin,
                                                      int32_t qmax) {
  auto q = [&](float v) { return zero_point + static_cast<int32_t>(std::round(v / scale)); };
  if (activation == "RELU") return {std::max(qmin, q(0)), qmax};
  if (activation == "RELU6") return {std::max(qmin, q(0)), std::min(qmax, q(6))};
  if (activation == "RELU_N1_TO_1") return {std::max(qmin, q(-1)), std::min(qmax, q(1))};
  return {qmin, qmax};
}

// The float clamp of a fused activation (TANH and SIGN_BIT do not clamp in these kernels).
inline double RefClamp(double v, const std::string& activation) {
  if (activation == "RELU") return std::max(v, 0.0);
  if (activation == "RELU6") return std::min(std::max(v, 0.0), 6.0);
  if (activation == "RELU_N1_TO_1") return std::min(std::max(v, -1.0), 1.0);
  return v;
}

// ---- convolutions over plain values (zero points already removed) ------------------------------

struct RefConvParams {
  bool same = true;
  int32_t stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
};

// NHWC input, OHWI filter (grouped when the input has a multiple of its channels). Returns the
// output shape in *shape and the sums without bias.
template <class V>
std::vector<V> RefConv2D(const std::vector<V>& in, const std::vector<int32_t>& in_shape,
                         const std::vector<V>& filter, const std::vector<int32_t>& filter_shape,
                         const RefConvParams& p, std::vector<int32_t>* shape) {
  const int32_t n = in_shape[0], h = in_shape[1], w = in_shape[2], c = in_shape[3];
  const int32_t oc = filter_shape[0], kh = filter_shape[1], kw = filter_shape[2],
                fc = filter_shape[3];
  const int32_t groups = c / fc, per_group = oc / groups;
  const RefDim dy = RefWindow(p.same, h, kh, p.stride_h, p.dil_h);
  const RefDim dx = RefWindow(p.same, w, kw, p.stride_w, p.dil_w);
  *shape = {n, dy.out, dx.out, oc};
  std::vector<V> out(NumElementsOf(*shape));
  for (int32_t b = 0; b < n; ++b)
    for (int32_t y = 0; y < dy.out; ++y)
      for (int32_t x = 0; x < dx.out; ++x)
        for (int32_t o = 0; o < oc; ++o) {
          V acc = 0;
          for (int32_t i = 0; i < kh; ++i)
            for (int32_t j = 0; j < kw; ++j)
              for (int32_t k = 0; k < fc; ++k) {
                const int32_t iy = y * p.stride_h - dy.pad + i * p.dil_h;
                const int32_t ix = x * p.stride_w - dx.pad + j * p.dil_w;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                const int32_t ic = (o / per_group) * fc + k;
                acc +=
                    in[((b * h + iy) * w + ix) * c + ic] * filter[((o * kh + i) * kw + j) * fc + k];
              }
          out[((b * dy.out + y) * dx.out + x) * oc + o] = acc;
        }
  return out;
}

// NHWC input, [1, KH, KW, C*M] filter.
template <class V>
std::vector<V> RefDepthwise(const std::vector<V>& in, const std::vector<int32_t>& in_shape,
                            const std::vector<V>& filter, const std::vector<int32_t>& filter_shape,
                            const RefConvParams& p, std::vector<int32_t>* shape) {
  const int32_t n = in_shape[0], h = in_shape[1], w = in_shape[2], c = in_shape[3];
  const int32_t kh = filter_shape[1], kw = filter_shape[2], oc = filter_shape[3], m = oc / c;
  const RefDim dy = RefWindow(p.same, h, kh, p.stride_h, p.dil_h);
  const RefDim dx = RefWindow(p.same, w, kw, p.stride_w, p.dil_w);
  *shape = {n, dy.out, dx.out, oc};
  std::vector<V> out(NumElementsOf(*shape));
  for (int32_t b = 0; b < n; ++b)
    for (int32_t y = 0; y < dy.out; ++y)
      for (int32_t x = 0; x < dx.out; ++x)
        for (int32_t o = 0; o < oc; ++o) {
          V acc = 0;
          for (int32_t i = 0; i < kh; ++i)
            for (int32_t j = 0; j < kw; ++j) {
              const int32_t iy = y * p.stride_h - dy.pad + i * p.dil_h;
              const int32_t ix = x * p.stride_w - dx.pad + j * p.dil_w;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              acc += in[((b * h + iy) * w + ix) * c + o / m] * filter[(i * kw + j) * oc + o];
            }
          out[((b * dy.out + y) * dx.out + x) * oc + o] = acc;
        }
  return out;
}

// Converts values of any numeric type, subtracting a zero point.
template <class V, class T>
std::vector<V> Centered(const std::vector<T>& v, int64_t zero_point = 0) {
  std::vector<V> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = static_cast<V>(v[i]) - static_cast<V>(zero_point);
  return out;
}

// EXPECTs |ours - ref| <= tol * max(1, max|ref|) element-wise.
inline void ExpectNear(const std::vector<float>& ours, const std::vector<double>& ref, double tol,
                       const std::string& what) {
  ASSERT_EQ(ours.size(), ref.size()) << what;
  double scale = 1;
  for (double r : ref) scale = std::max(scale, std::abs(r));
  for (size_t i = 0; i < ours.size(); ++i) {
    ASSERT_NEAR(ours[i], ref[i], tol * scale) << what << " at " << i;
  }
}

// Builds a model with `build` (which returns its output tensor) and runs it on 1 and 2 threads:
// each run must succeed with output `shape`, within `tol` of `ref` (ExpectNear).
inline void ExpectNearOnOneAndTwoThreads(const std::function<int(OpTest&)>& build,
                                         const std::vector<double>& ref,
                                         const std::vector<int32_t>& shape, double tol,
                                         const std::string& what) {
  for (int threads : {1, 2}) {
    OpTest t;
    const int y = build(t);
    InterpreterOptions options;
    options.num_threads = threads;
    ASSERT_TRUE(t.Run(options).ok()) << what;
    EXPECT_EQ(t.Shape(y), shape) << what;
    ExpectNear(t.Values<float>(y), ref, tol, what);
  }
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_NN_TEST_UTIL_H_
