// Builders for the elementwise/activation/quantization differential cases: exhaustive 8-bit
// binary grids, random int16 inputs and single-input ops.
#ifndef PLINTH_TESTS_DIFFERENTIAL_EW_CASE_UTIL_H_
#define PLINTH_TESTS_DIFFERENTIAL_EW_CASE_UTIL_H_

#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "tests/builtin_ops/op_test_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {

// Every value of an 8-bit type; with `drop`, without 0 and `skip` (a divisor's raw zero, which
// TFLite refuses, and its zero point, a real zero).
template <class T>
std::vector<T> AllValues(bool drop = false, int32_t skip = 0) {
  std::vector<T> v;
  for (int32_t i = std::numeric_limits<T>::min(); i <= std::numeric_limits<T>::max(); ++i) {
    if (drop && (i == skip || i == 0)) continue;
    v.push_back(static_cast<T>(i));
  }
  return v;
}

// A binary op over every pair of 8-bit values: input 0 along rows, input 1 along columns.
template <class T>
DiffCase ExhaustiveBinary8(const std::string& name, const std::string& op, PlinthType type,
                           const QuantSpec& qa, const QuantSpec& qb, const QuantSpec& qout,
                           Options options, bool skip_b_zero_point = false,
                           PlinthType out_type = PLINTH_FLOAT32) {
  DiffCase c(name, "exact");
  std::vector<T> a = AllValues<T>();
  std::vector<T> b = AllValues<T>(
      skip_b_zero_point, qb.zero_points.empty() ? 0 : static_cast<int32_t>(qb.zero_points[0]));
  int ia = c.Input<T>({static_cast<int32_t>(a.size()), 1}, a, qa, type);
  int ib = c.Input<T>({1, static_cast<int32_t>(b.size())}, b, qb, type);
  if (out_type == PLINTH_FLOAT32) out_type = type;
  int y = c.builder.AddTensor(
      out_type, {static_cast<int32_t>(a.size()), static_cast<int32_t>(b.size())}, "", qout);
  c.builder.AddOperator(op, {ia, ib}, {y}, std::move(options));
  c.Outputs({y});
  return c;
}

// Concatenates anything streamable into a case name.
template <class... Args>
std::string Cat(const Args&... args) {
  std::ostringstream s;
  (s << ... << args);
  return s.str();
}

inline size_t NumElementsOfShape(const std::vector<int32_t>& shape) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

// Random int16 values including both extremes and zero.
inline std::vector<int16_t> RandomInt16(size_t n, uint32_t seed, int lo = -32768, int hi = 32767) {
  std::vector<int16_t> v = RandomValues<int16_t>(n, lo, hi, seed);
  if (n >= 3) {
    v[0] = static_cast<int16_t>(lo);
    v[1] = static_cast<int16_t>(hi);
    v[2] = 0;
  }
  return v;
}

// A binary int16 op on random values, broadcasting a [48] row over a [40, 48] matrix.
inline DiffCase RandomBinary16(const std::string& name, const std::string& op, const QuantSpec& qa,
                               const QuantSpec& qb, const QuantSpec& qout, Options options,
                               uint32_t seed) {
  DiffCase c(name, "exact");
  int ia = c.Input<int16_t>({40, 48}, RandomInt16(40 * 48, seed), qa);
  int ib = c.Input<int16_t>({48}, RandomInt16(48, seed + 1), qb);
  int y = c.builder.AddTensor(PLINTH_INT16, {40, 48}, "", qout);
  c.builder.AddOperator(op, {ia, ib}, {y}, std::move(options));
  c.Outputs({y});
  return c;
}

// A single-input op.
template <class T>
DiffCase Unary(const std::string& name, const std::string& tolerance, const std::string& op,
               std::vector<int32_t> shape, const std::vector<T>& values, const QuantSpec& qin,
               PlinthType out_type, const QuantSpec& qout, Options options = {},
               PlinthType in_type = TypeOf<T>::value, int version = 1) {
  DiffCase c(name, tolerance);
  int ia = c.Input<T>(shape, values, qin, in_type);
  int y = c.builder.AddTensor(out_type, shape, "", qout);
  c.builder.AddOperator(op, {ia}, {y}, std::move(options), version);
  c.Outputs({y});
  return c;
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_DIFFERENTIAL_EW_CASE_UTIL_H_
