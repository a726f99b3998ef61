// Helpers for the elementwise, activation and quantization kernel tests: running one unary or
// binary op, quantizing and dequantizing references, and comparing within a number of LSBs.
#ifndef PLINTH_TESTS_BUILTIN_OPS_EW_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_EW_TEST_UTIL_H_

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {

// One tensor of a test op: its type, shape, raw values and quantization.
struct Operand {
  PlinthType type = PLINTH_FLOAT32;
  std::vector<int32_t> shape;
  std::vector<uint8_t> bytes;
  QuantSpec quant;
};

template <class T>
Operand Make(std::vector<int32_t> shape, const std::vector<T>& values, QuantSpec quant = {},
             PlinthType type = TypeOf<T>::value) {
  return {type, std::move(shape), Bytes(values), std::move(quant)};
}

// The output of a single-op model, as raw bytes, its shape and the run's status.
struct OpResult {
  absl::Status status;
  std::vector<int32_t> shape;
  std::vector<uint8_t> bytes;

  template <class T>
  std::vector<T> Values() const {
    std::vector<T> out(bytes.size() / sizeof(T));
    if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
    return out;
  }
  std::string message() const { return std::string(status.message()); }
};

// Runs `op` on the operands (all model inputs) into one output of `out_type`/`out_quant`.
inline OpResult RunOp(const std::string& op, const std::vector<Operand>& inputs,
                      PlinthType out_type, QuantSpec out_quant = {}, Options options = {},
                      int version = 1, std::vector<int32_t> out_shape = {}) {
  OpTest t;
  std::vector<int32_t> ids;
  for (const Operand& in : inputs)
    ids.push_back(t.InputBytes(in.type, in.shape, in.bytes, in.quant));
  const int y = t.Output(out_type, std::move(out_shape), std::move(out_quant));
  t.Op(op, ids, {y}, std::move(options), version);
  OpResult r;
  r.status = t.Run();
  if (r.status.ok()) {
    Tensor out = t.Out(y);
    r.shape = out.shape();
    const uint8_t* p = static_cast<const uint8_t*>(out.raw_data());
    r.bytes.assign(p, p + out.bytes());
  }
  return r;
}

// Real value <-> quantized value, the textbook way (round half away from zero, saturate).
template <class T>
T QuantizeRef(double real, double scale, int64_t zero_point) {
  const double q = std::round(real / scale) + static_cast<double>(zero_point);
  const double lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  return static_cast<T>(std::min(std::max(q, lo), hi));
}
template <class T>
double DequantizeRef(T q, double scale, int64_t zero_point) {
  return scale * (static_cast<double>(q) - static_cast<double>(zero_point));
}

// Expects every value within `lsb` of the reference, reporting the first offender.
template <class T>
void ExpectNearLsb(const std::vector<T>& actual, const std::vector<T>& expected, int lsb,
                   const std::string& what = "") {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  int worst = 0;
  size_t at = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const int d = std::abs(static_cast<int>(actual[i]) - static_cast<int>(expected[i]));
    if (d > worst) worst = d, at = i;
  }
  EXPECT_LE(worst, lsb) << what << ": element " << at << " is " << +actual[at] << ", reference "
                        << +expected[at];
}

// Expects floats within `rel` relative (or `abs_tol` absolute) error; NaN must match NaN.
inline void ExpectNearFloat(const std::vector<float>& actual, const std::vector<float>& expected,
                            double rel, double abs_tol = 0, const std::string& what = "") {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << what << " element " << i;
      continue;
    }
    if (std::isinf(expected[i])) {
      EXPECT_EQ(actual[i], expected[i]) << what << " element " << i;
      continue;
    }
    const double tol = std::max(abs_tol, rel * std::fabs(expected[i]));
    EXPECT_NEAR(actual[i], expected[i], tol) << what << " element " << i;
  }
}

// Every value of an 8-bit type.
template <class T>
std::vector<T> All8() {
  std::vector<T> v;
  for (int32_t i = std::numeric_limits<T>::min(); i <= std::numeric_limits<T>::max(); ++i) {
    v.push_back(static_cast<T>(i));
  }
  return v;
}

// The real-valued clamp of a fused activation ("NONE", "RELU", ...).
inline double ApplyActivationRef(double x, const std::string& activation) {
  if (activation == "RELU") return std::max(x, 0.0);
  if (activation == "RELU6") return std::min(std::max(x, 0.0), 6.0);
  if (activation == "RELU_N1_TO_1") return std::min(std::max(x, -1.0), 1.0);
  return x;
}

// A quantized binary op over every pair of 8-bit values (input 0 along rows, input 1 along
// columns) or random int16 pairs, against f on the dequantized values, requantized: within `lsb`.
template <class T, class F>
void CheckQuantizedBinary(const std::string& op, F f, PlinthType type, const QuantSpec& qa,
                          const QuantSpec& qb, const QuantSpec& qo, const std::string& activation,
                          int lsb, bool skip_zero_divisor = false) {
  std::vector<T> a, b;
  if constexpr (sizeof(T) == 1) {
    a = All8<T>();
    for (T v : All8<T>()) {
      if (skip_zero_divisor && (v == 0 || v == qb.zero_points[0])) continue;
      b.push_back(v);
    }
  } else {
    a = RandomValues<T>(64, -32768, 32767, 1);
    b = RandomValues<T>(64, -32768, 32767, 2);
    a[0] = -32768, a[1] = 32767, b[0] = 32767, b[1] = -32768;
  }
  const int32_t na = static_cast<int32_t>(a.size()), nb = static_cast<int32_t>(b.size());
  Options options;
  if (op == "ADD" || op == "SUB" || op == "MUL" || op == "DIV") {
    options.emplace_back("fused_activation_function", activation);
  }
  OpResult r =
      RunOp(op, {Make<T>({na, 1}, a, qa, type), Make<T>({1, nb}, b, qb, type)}, type, qo, options);
  ASSERT_TRUE(r.status.ok()) << r.message();
  std::vector<T> expected;
  for (T x : a) {
    for (T y : b) {
      const double real = f(DequantizeRef(x, qa.scales[0], qa.zero_points[0]),
                            DequantizeRef(y, qb.scales[0], qb.zero_points[0]));
      expected.push_back(
          QuantizeRef<T>(ApplyActivationRef(real, activation), qo.scales[0], qo.zero_points[0]));
    }
  }
  ExpectNearLsb(r.Values<T>(), expected, lsb, op + " " + activation);
}

// A quantized unary op over every int8 value (or a sweep of int16) against f, requantized.
template <class T>
void CheckQuantizedUnary(const std::string& op, const std::function<double(double)>& f,
                         const QuantSpec& qi, const QuantSpec& qo, int lsb, double min_real = -1e30,
                         Options options = {}) {
  std::vector<T> x;
  if constexpr (sizeof(T) == 1) {
    x = All8<T>();
  } else {
    for (int v = -32768; v <= 32767; v += 9) x.push_back(static_cast<T>(v));
  }
  std::vector<T> kept;
  for (T v : x) {
    if (DequantizeRef(v, qi.scales[0], qi.zero_points[0]) >= min_real) kept.push_back(v);
  }
  const int32_t n = static_cast<int32_t>(kept.size());
  OpResult r = RunOp(op, {Make<T>({n}, kept, qi)}, TypeOf<T>::value, qo, std::move(options));
  ASSERT_TRUE(r.status.ok()) << op << ": " << r.message();
  std::vector<T> expect;
  for (T v : kept) {
    expect.push_back(QuantizeRef<T>(f(DequantizeRef(v, qi.scales[0], qi.zero_points[0])),
                                    qo.scales[0], qo.zero_points[0]));
  }
  ExpectNearLsb(r.Values<T>(), expect, lsb, op);
}

// Runs a model expected to fail in prepare and checks the message.
inline void ExpectFailure(const OpResult& r, const std::string& substring) {
  EXPECT_FALSE(r.status.ok()) << "expected an error containing '" << substring << "'";
  EXPECT_THAT(r.message(), ::testing::HasSubstr(substring));
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_EW_TEST_UTIL_H_
