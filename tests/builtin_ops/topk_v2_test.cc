// TOPK_V2 against a reference in the test (a stable sort by decreasing value): ties keep the lower
// index first, k from 0 to the row length, int32/int16 k and indices, every value type, fed k,
// invalid parameters.
#include <algorithm>
#include <numeric>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
void TopKReference(const std::vector<T>& values, int32_t row, int32_t k, std::vector<T>* top,
                   std::vector<int32_t>* indices) {
  for (size_t r = 0; r < values.size() / row; ++r) {
    std::vector<int32_t> order(row);
    std::iota(order.begin(), order.end(), 0);
    const T* v = values.data() + r * row;
    std::stable_sort(order.begin(), order.end(), [v](int32_t a, int32_t b) { return v[a] > v[b]; });
    for (int32_t j = 0; j < k; ++j) {
      top->push_back(v[order[j]]);
      indices->push_back(order[j]);
    }
  }
}

template <class T>
void CheckTopK(PlinthType type, double lo, double hi, uint32_t seed) {
  const std::vector<int32_t> shape = {3, 2, 7};
  for (int32_t k : {0, 1, 3, 7}) {
    for (int variant = 0; variant < 3; ++variant) {  // int32 k; int16 k and indices; fed k
      auto values = RandomValues<T>(NumElementsOf(shape), lo, hi, seed++);
      OpTest t;
      int x = t.Input<T>(shape, values, {}, type);
      int kt = variant == 0   ? t.Const<int32_t>({}, {k})
               : variant == 1 ? t.Const<int16_t>({}, {static_cast<int16_t>(k)})
                              : t.Input<int32_t>({1}, {k});
      int v = t.Output(type);
      int i = t.Output(variant == 1 ? PLINTH_INT16 : PLINTH_INT32);
      t.Op("TOPK_V2", {x, kt}, {v, i});
      ASSERT_TRUE(t.Run().ok());
      std::vector<T> top;
      std::vector<int32_t> indices;
      TopKReference(values, 7, k, &top, &indices);
      EXPECT_EQ(t.Shape(v), (std::vector<int32_t>{3, 2, k}));
      EXPECT_EQ(t.Shape(i), (std::vector<int32_t>{3, 2, k}));
      EXPECT_EQ(t.Values<T>(v), top);
      if (variant == 1) {
        std::vector<int32_t> got;
        for (int16_t g : t.Values<int16_t>(i)) got.push_back(g);
        EXPECT_EQ(got, indices);
      } else {
        EXPECT_EQ(t.Values<int32_t>(i), indices);
      }
    }
  }
}

TEST(TopKV2, EveryValueType) {
  // Narrow ranges make ties common.
  CheckTopK<float>(PLINTH_FLOAT32, -2, 2, 1);
  CheckTopK<int32_t>(PLINTH_INT32, -3, 3, 100);
  CheckTopK<int64_t>(PLINTH_INT64, -1e15, 1e15, 200);
  CheckTopK<int16_t>(PLINTH_INT16, -4, 4, 300);
  CheckTopK<int8_t>(PLINTH_INT8, -128, 127, 400);
  CheckTopK<uint8_t>(PLINTH_UINT8, 0, 3, 500);
}

TEST(TopKV2, TiesKeepTheLowerIndexFirst) {
  OpTest t;
  int x = t.Input<float>({8}, {1, 3, 3, 0, 3, 1, 2, 3});
  int k = t.Const<int32_t>({}, {6});
  int v = t.Output(PLINTH_FLOAT32);
  int i = t.Output(PLINTH_INT32);
  t.Op("TOPK_V2", {x, k}, {v, i});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(v), (std::vector<float>{3, 3, 3, 3, 2, 1}));
  EXPECT_EQ(t.Values<int32_t>(i), (std::vector<int32_t>{1, 2, 4, 7, 6, 0}));
}

TEST(TopKV2, InvalidParameters) {
  using ::testing::HasSubstr;
  auto error = [](std::vector<int32_t> shape, int32_t k, PlinthType index_type) {
    OpTest t;
    int x = t.Input<float>(shape, std::vector<float>(NumElementsOf(shape)));
    int kt = t.Const<int32_t>({}, {k});
    t.Op("TOPK_V2", {x, kt}, {t.Output(PLINTH_FLOAT32), t.Output(index_type)});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error({2, 3}, 4, PLINTH_INT32), HasSubstr("k = 4 exceeds the last dimension"));
  EXPECT_THAT(error({}, 1, PLINTH_INT32), HasSubstr("at least 1 dimension"));
  EXPECT_THAT(error({2, 3}, 1, PLINTH_INT64), HasSubstr("indices has unsupported type INT64"));
  OpTest outputs;
  int x = outputs.Input<float>({3}, {1, 2, 3});
  int kt = outputs.Const<int32_t>({}, {1});
  outputs.Op("TOPK_V2", {x, kt}, {outputs.Output(PLINTH_FLOAT32)});
  EXPECT_THAT(std::string(outputs.Run().message()), HasSubstr("2 outputs"));
}

}  // namespace
}  // namespace plinth::testing
