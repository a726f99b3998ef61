// ARG_MAX, ARG_MIN against a reference in the test: every axis (negative too), int32 and int64
// axis and output types, every input type, ties to the lowest index, fed axes, invalid parameters.
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

// Index of the first largest (or smallest) value along `axis`, per remaining position.
template <class T>
std::vector<int64_t> ArgReference(const std::vector<T>& values, const std::vector<int32_t>& shape,
                                  int axis, bool is_max) {
  std::vector<int32_t> out_shape = shape;
  out_shape.erase(out_shape.begin() + axis);
  std::vector<int64_t> out(NumElementsOf(out_shape), -1);
  std::vector<T> best(out.size());
  for (size_t flat = 0; flat < values.size(); ++flat) {
    std::vector<int32_t> c = Unravel(flat, shape);
    const int32_t k = c[axis];
    c.erase(c.begin() + axis);
    size_t o = 0;
    for (size_t d = 0; d < c.size(); ++d) o = o * out_shape[d] + c[d];
    const T v = values[flat];
    if (out[o] < 0 || (is_max ? v > best[o] : v < best[o])) {
      best[o] = v;
      out[o] = k;
    }
  }
  return out;
}

template <class T>
void CheckArg(PlinthType type, const std::vector<T>& values, const std::vector<int32_t>& shape,
              QuantSpec q = {}) {
  const int rank = static_cast<int>(shape.size());
  for (const char* op : {"ARG_MAX", "ARG_MIN"}) {
    for (int axis = -rank; axis < rank; ++axis) {
      for (PlinthType out_type : {PLINTH_INT32, PLINTH_INT64}) {
        for (PlinthType axis_type : {PLINTH_INT32, PLINTH_INT64}) {
          OpTest t;
          int x = t.Input<T>(shape, values, q, type);
          int a = axis_type == PLINTH_INT32 ? t.Const<int32_t>({1}, {axis})
                                            : t.Const<int64_t>({1}, {axis});
          int y = t.Output(out_type);
          t.Op(op, {x, a}, {y}, {{"output_type", out_type == PLINTH_INT64 ? "INT64" : "INT32"}});
          ASSERT_TRUE(t.Run().ok()) << op << " axis " << axis;
          const int positive = axis < 0 ? axis + rank : axis;
          std::vector<int32_t> out_shape = shape;
          out_shape.erase(out_shape.begin() + positive);
          EXPECT_EQ(t.Shape(y), out_shape);
          auto expect = ArgReference(values, shape, positive, std::string(op) == "ARG_MAX");
          std::vector<int64_t> got;
          if (out_type == PLINTH_INT64) {
            got = t.Values<int64_t>(y);
          } else {
            for (int32_t v : t.Values<int32_t>(y)) got.push_back(v);
          }
          EXPECT_EQ(got, expect) << op << " axis " << axis;
        }
      }
    }
  }
}

TEST(ArgMinMax, EveryTypeAndAxis) {
  const std::vector<int32_t> shape = {3, 4, 5};
  CheckArg<float>(PLINTH_FLOAT32, RandomValues<float>(60, -3, 3, 1), shape);
  // Few distinct values: ties everywhere, the lowest index wins.
  auto ties = RandomValues<int32_t>(60, -1, 1, 2);
  CheckArg<float>(PLINTH_FLOAT32, std::vector<float>(ties.begin(), ties.end()), shape);
  CheckArg<int32_t>(PLINTH_INT32, ties, shape);
  CheckArg<int8_t>(PLINTH_INT8, RandomValues<int8_t>(60, -128, 127, 3), shape, {{0.1f}, {4}});
  CheckArg<uint8_t>(PLINTH_UINT8, RandomValues<uint8_t>(60, 0, 2, 4), shape, {{0.1f}, {128}});
  std::vector<uint8_t> bools;
  for (int32_t b : RandomValues<int32_t>(60, 0, 1, 5)) bools.push_back(static_cast<uint8_t>(b));
  CheckArg<uint8_t>(PLINTH_BOOL, bools, shape);
  CheckArg<float>(PLINTH_FLOAT32, {7, -1, 7, 3}, {4});
}

TEST(ArgMinMax, FedAxisMakesTheOutputDynamic) {
  OpTest t;
  int x = t.Input<float>({2, 3}, {1, 9, 3, 8, 2, 7});
  int a = t.Input<int32_t>({1}, {1});
  int y = t.Output(PLINTH_INT32);
  t.Op("ARG_MAX", {x, a}, {y}, {{"output_type", "INT32"}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{1, 0}));
  std::vector<int32_t> axis0 = {0};
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(axis0)).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Shape(y), std::vector<int32_t>{3});
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{1, 0, 1}));
}

TEST(ArgMinMax, InvalidParameters) {
  using ::testing::HasSubstr;
  auto error = [](auto build) {
    OpTest t;
    build(t);
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error([](OpTest& t) {
                int x = t.Input<float>({2, 3}, std::vector<float>(6));
                int a = t.Const<int32_t>({1}, {2});
                t.Op("ARG_MAX", {x, a}, {t.Output(PLINTH_INT32)}, {{"output_type", "INT32"}});
              }),
              HasSubstr("axis 2 is out of range"));
  EXPECT_THAT(error([](OpTest& t) {
                int x = t.Input<float>({2, 3}, std::vector<float>(6));
                int a = t.Const<int32_t>({2}, {0, 1});
                t.Op("ARG_MIN", {x, a}, {t.Output(PLINTH_INT32)}, {{"output_type", "INT32"}});
              }),
              HasSubstr("axis must hold one value"));
  EXPECT_THAT(error([](OpTest& t) {
                int x = t.Input<float>({2, 3}, std::vector<float>(6));
                int a = t.Const<int32_t>({1}, {0});
                t.Op("ARG_MAX", {x, a}, {t.Output(PLINTH_FLOAT32)});
              }),
              HasSubstr("output has unsupported type FLOAT32"));
  EXPECT_THAT(error([](OpTest& t) {
                int x = t.Input<float>({2, 3}, std::vector<float>(6));
                int a = t.Const<int32_t>({1}, {0});
                t.Op("ARG_MAX", {x, a}, {t.Output(PLINTH_INT32)}, {{"output_type", "INT64"}});
              }),
              HasSubstr("does not match"));
  EXPECT_THAT(error([](OpTest& t) {
                int x = t.Input<int64_t>({2}, {1, 2});
                int a = t.Const<int32_t>({1}, {0});
                t.Op("ARG_MAX", {x, a}, {t.Output(PLINTH_INT32)}, {{"output_type", "INT32"}});
              }),
              HasSubstr("input has unsupported type INT64"));
  EXPECT_THAT(error([](OpTest& t) {
                int x = t.Input<float>({}, {1});
                int a = t.Const<int32_t>({1}, {0});
                t.Op("ARG_MAX", {x, a}, {t.Output(PLINTH_INT32)}, {{"output_type", "INT32"}});
              }),
              HasSubstr("at least 1 dimension"));
  EXPECT_THAT(error([](OpTest& t) {
                int x = t.Input<float>({2, 0}, {});
                int a = t.Const<int32_t>({1}, {1});
                t.Op("ARG_MAX", {x, a}, {t.Output(PLINTH_INT32)}, {{"output_type", "INT32"}});
              }),
              HasSubstr("empty axis"));
}

}  // namespace
}  // namespace plinth::testing
