// CAST between every supported pair of types, against C++ conversions of the same values.
#include <complex>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

using C = std::complex<float>;

// bool tensors store one byte per element.
template <class T>
using Stored = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;

// The test values as each type stores them (all exact in every float type).
template <class T>
std::vector<Stored<T>> ValuesAs(const std::vector<double>& v) {
  std::vector<Stored<T>> out;
  for (double x : v) {
    if constexpr (std::is_same_v<T, C>) {
      out.push_back(C(static_cast<float>(x), 1.f));
    } else if constexpr (std::is_same_v<T, bool>) {
      out.push_back(x != 0);
    } else if constexpr (std::is_integral_v<T>) {
      // Truncate, then wrap into the type (a direct out-of-range float conversion is UB).
      out.push_back(static_cast<T>(static_cast<int64_t>(x)));
    } else {
      out.push_back(static_cast<T>(x));
    }
  }
  return out;
}

// The C++ conversion of one value (bool sources are 0/1; complex converts its real part).
template <class To, class From>
Stored<To> ConvertRef(Stored<From> x) {
  if constexpr (std::is_same_v<From, C>) {
    if constexpr (std::is_same_v<To, C>) {
      return x;
    } else {
      return static_cast<Stored<To>>(static_cast<To>(x.real()));
    }
  } else if constexpr (std::is_same_v<To, C>) {
    return C(static_cast<float>(x), 0.f);
  } else {
    return static_cast<Stored<To>>(static_cast<To>(x));
  }
}

template <class From, class To>
void CheckCast(PlinthType from, PlinthType to, const std::vector<double>& v) {
  const std::vector<Stored<From>> in = ValuesAs<From>(v);
  std::vector<uint8_t> bytes(in.size() * sizeof(Stored<From>));
  if (!bytes.empty()) std::memcpy(bytes.data(), in.data(), bytes.size());
  OpResult r = RunOp("CAST", {Operand{from, {static_cast<int32_t>(v.size())}, bytes, {}}}, to);
  ASSERT_TRUE(r.status.ok()) << TypeName(from) << " -> " << TypeName(to) << ": " << r.message();
  std::vector<Stored<To>> expect;
  for (const Stored<From>& x : in) expect.push_back(ConvertRef<To, From>(x));
  EXPECT_EQ(r.Values<Stored<To>>(), expect) << TypeName(from) << " -> " << TypeName(to);
}

template <class From>
void CheckFrom(PlinthType from, const std::vector<double>& v) {
  // Only values inside the target's range for float sources (outside it TFLite is undefined).
  constexpr bool kFloat = std::is_floating_point_v<From> || std::is_same_v<From, C>;
  std::vector<double> unsigned_ok, int8_ok;
  for (double x : v) {
    if (x >= 0 || !kFloat) unsigned_ok.push_back(x);
    if (x <= 127 || !kFloat) int8_ok.push_back(x);
  }
  CheckCast<From, float>(from, PLINTH_FLOAT32, v);
  CheckCast<From, double>(from, PLINTH_FLOAT64, v);
  CheckCast<From, int8_t>(from, PLINTH_INT8, int8_ok);
  CheckCast<From, int16_t>(from, PLINTH_INT16, v);
  CheckCast<From, int32_t>(from, PLINTH_INT32, v);
  CheckCast<From, int64_t>(from, PLINTH_INT64, v);
  CheckCast<From, uint8_t>(from, PLINTH_UINT8, unsigned_ok);
  CheckCast<From, uint16_t>(from, PLINTH_UINT16, unsigned_ok);
  CheckCast<From, uint32_t>(from, PLINTH_UINT32, unsigned_ok);
  CheckCast<From, bool>(from, PLINTH_BOOL, v);
  CheckCast<From, C>(from, PLINTH_COMPLEX64, v);
}

TEST(Cast, EveryPair) {
  const std::vector<double> v = {0, 1, -1, 7.75, -7.75, 100, 200.5, -128, 255};
  CheckFrom<float>(PLINTH_FLOAT32, v);
  CheckFrom<double>(PLINTH_FLOAT64, v);
  CheckFrom<int8_t>(PLINTH_INT8, v);
  CheckFrom<int16_t>(PLINTH_INT16, v);
  CheckFrom<int32_t>(PLINTH_INT32, v);
  CheckFrom<int64_t>(PLINTH_INT64, v);
  CheckFrom<uint8_t>(PLINTH_UINT8, v);
  CheckFrom<uint16_t>(PLINTH_UINT16, v);
  CheckFrom<uint32_t>(PLINTH_UINT32, v);
  CheckFrom<bool>(PLINTH_BOOL, v);
  CheckFrom<C>(PLINTH_COMPLEX64, v);
}

TEST(Cast, Float16RoundsToNearestEven) {
  // 1 + 2^-11 is halfway between two halves: rounds to even (1.0); 65520 overflows to infinity.
  OpResult h = RunOp(
      "CAST", {Make<float>({5}, {1.f + 1.f / 2048, 1.f + 3.f / 2048, 65520.f, -2.f, 5.96e-8f})},
      PLINTH_FLOAT16);
  ASSERT_TRUE(h.status.ok()) << h.message();
  EXPECT_EQ(h.Values<uint16_t>(), (std::vector<uint16_t>{0x3c00, 0x3c02, 0x7c00, 0xc000, 0x0001}));
  OpResult f =
      RunOp("CAST", {Make<uint16_t>({4}, {0x3c00, 0x0001, 0xfc00, 0x7bff}, {}, PLINTH_FLOAT16)},
            PLINTH_FLOAT32);
  EXPECT_EQ(
      f.Values<float>(),
      (std::vector<float>{1.f, 5.9604645e-8f, -std::numeric_limits<float>::infinity(), 65504.f}));
  OpResult i =
      RunOp("CAST", {Make<uint16_t>({2}, {0x4248, 0xc248}, {}, PLINTH_FLOAT16)}, PLINTH_INT32);
  EXPECT_EQ(i.Values<int32_t>(), (std::vector<int32_t>{3, -3}));
}

TEST(Cast, OutOfRangeFloatsSaturate) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpResult r = RunOp("CAST", {Make<float>({4}, {1e10f, -1e10f, nan, 300.f})}, PLINTH_INT8);
  EXPECT_EQ(r.Values<int8_t>(), (std::vector<int8_t>{127, -128, 0, 127}));
  OpResult u = RunOp("CAST", {Make<float>({2}, {-5.f, 1e10f})}, PLINTH_UINT32);
  EXPECT_EQ(u.Values<uint32_t>(), (std::vector<uint32_t>{0, 4294967295u}));
}

TEST(Cast, InvalidTypes) {
  ExpectFailure(RunOp("CAST", {Make<float>({1}, {1})}, PLINTH_STRING), "unsupported type");
  ExpectFailure(RunOp("CAST", {Make<uint16_t>({1}, {1}, {}, PLINTH_BFLOAT16)}, PLINTH_FLOAT32),
                "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
