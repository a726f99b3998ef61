// SCATTER_ND against a reference in the test: element and slice updates, repeated indices that
// accumulate (wrapping integers, OR for bools), constant and fed shapes, out-of-range indices
// failing at invoke, mismatched shapes failing at prepare.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
std::vector<T> ScatterNdReference(const std::vector<int32_t>& indices, int nd,
                                  const std::vector<T>& updates, const std::vector<int32_t>& shape,
                                  bool logical_or) {
  std::vector<T> out(NumElementsOf(shape), T{});
  const std::vector<size_t> strides = StridesOf(shape);
  const size_t slice = nd < static_cast<int>(shape.size()) ? strides[nd - 1] : 1;
  const size_t slices = indices.size() / nd;
  for (size_t s = 0; s < slices; ++s) {
    size_t base = 0;
    for (int j = 0; j < nd; ++j) base += static_cast<size_t>(indices[s * nd + j]) * strides[j];
    for (size_t k = 0; k < slice; ++k) {
      if (logical_or) {
        out[base + k] = out[base + k] || updates[s * slice + k];
      } else if constexpr (std::is_integral_v<T>) {
        out[base + k] = static_cast<T>(static_cast<uint64_t>(out[base + k]) +
                                       static_cast<uint64_t>(updates[s * slice + k]));
      } else {
        out[base + k] += updates[s * slice + k];
      }
    }
  }
  return out;
}

template <class T>
void CheckScatter(PlinthType type, double lo, double hi, uint32_t seed) {
  struct Geometry {
    std::vector<int32_t> indices_shape, indices, updates_shape, shape;
  };
  const std::vector<Geometry> geometries = {
      {{4, 3}, {1, 0, 2, 3, 1, 0, 1, 0, 2, 0, 0, 0}, {4}, {4, 2, 3}},  // repeated element
      {{3, 2}, {1, 0, 3, 1, 1, 0}, {3, 3}, {4, 2, 3}},                 // rows, one repeated
      {{2, 1}, {2, 0}, {2, 2, 3}, {4, 2, 3}},                          // whole slices
      {{2, 2, 1}, {0, 4, 4, 1}, {2, 2}, {5}},                          // batched indices
  };
  for (const Geometry& g : geometries) {
    for (bool fed_shape : {false, true}) {
      auto updates = RandomValues<T>(NumElementsOf(g.updates_shape), lo, hi, seed++);
      OpTest t;
      int i = t.Input<int32_t>(g.indices_shape, g.indices);
      int u = t.Input<T>(g.updates_shape, updates, {}, type);
      const std::vector<int32_t> shape_shape = {static_cast<int32_t>(g.shape.size())};
      int s = fed_shape ? t.Input<int32_t>(shape_shape, g.shape)
                        : t.Const<int32_t>(shape_shape, g.shape);
      int y = t.Output(type);
      t.Op("SCATTER_ND", {i, u, s}, {y});
      ASSERT_TRUE(t.Run().ok());
      EXPECT_EQ(t.Shape(y), g.shape);
      auto expect = ScatterNdReference(g.indices, g.indices_shape.back(), updates, g.shape,
                                       type == PLINTH_BOOL);
      if constexpr (std::is_floating_point_v<T>) {
        auto got = t.Values<T>(y);
        ASSERT_EQ(got.size(), expect.size());
        for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], expect[k], 1e-5);
      } else {
        EXPECT_EQ(t.Values<T>(y), expect);
      }
    }
  }
}

TEST(ScatterNd, EveryUpdateType) {
  CheckScatter<float>(PLINTH_FLOAT32, -5, 5, 1);
  CheckScatter<int32_t>(PLINTH_INT32, -2e9, 2e9, 10);  // sums of repeats wrap
  CheckScatter<int64_t>(PLINTH_INT64, -1e15, 1e15, 20);
  CheckScatter<int8_t>(PLINTH_INT8, -128, 127, 30);
  CheckScatter<uint8_t>(PLINTH_UINT8, 0, 255, 40);
  CheckScatter<uint8_t>(PLINTH_BOOL, 0, 1, 50);
}

TEST(ScatterNd, OutOfRangeIndicesFailAtInvoke) {
  for (int32_t bad : {4, -1}) {
    OpTest t;
    int i = t.Input<int32_t>({2, 1}, {0, bad});
    int u = t.Input<float>({2}, {1, 2});
    int s = t.Const<int32_t>({1}, {4});
    t.Op("SCATTER_ND", {i, u, s}, {t.Output(PLINTH_FLOAT32)});
    absl::Status st = t.Run();
    EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("failed in invoke"));
    EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("is out of range [0, 4)"));
  }
}

TEST(ScatterNd, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  auto error = [](std::vector<int32_t> indices_shape, std::vector<int32_t> updates_shape,
                  std::vector<int32_t> shape) {
    OpTest t;
    int i = t.Input<int32_t>(indices_shape, std::vector<int32_t>(NumElementsOf(indices_shape)));
    int u = t.Input<float>(updates_shape, std::vector<float>(NumElementsOf(updates_shape)));
    int s = t.Const<int32_t>({static_cast<int32_t>(shape.size())}, shape);
    t.Op("SCATTER_ND", {i, u, s}, {t.Output(PLINTH_FLOAT32)});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error({3, 1}, {2, 2}, {4, 2}), HasSubstr("differ in dimension 0"));
  EXPECT_THAT(error({3, 1}, {3, 3}, {4, 2}), HasSubstr("do not match slices"));
  EXPECT_THAT(error({3, 1}, {3, 2, 1}, {4, 2}), HasSubstr("do not match slices"));
  EXPECT_THAT(error({3, 3}, {3}, {4, 2}), HasSubstr("indices address 3 dimensions"));
  EXPECT_THAT(error({1, 1}, {1, 2}, {-4, 2}), HasSubstr("negative"));
  OpTest types;
  int i = types.Input<int64_t>({1, 1}, {0});
  int u = types.Input<float>({1}, {1});
  int s = types.Const<int32_t>({1}, {2});
  types.Op("SCATTER_ND", {i, u, s}, {types.Output(PLINTH_FLOAT32)});
  EXPECT_THAT(std::string(types.Run().message()), HasSubstr("indices has unsupported type INT64"));
}

}  // namespace
}  // namespace plinth::testing
