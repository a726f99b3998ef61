// GATHER_ND against a reference in the test: full and partial index depth (0 included), int16/
// int32/int64 indices, every element type, out-of-range coordinates failing at invoke (also those
// whose flat offset would still be inside the tensor), invalid parameters failing at prepare.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
std::vector<T> GatherNdReference(const std::vector<T>& params, const std::vector<int32_t>& shape,
                                 const std::vector<int64_t>& indices,
                                 const std::vector<int32_t>& indices_shape,
                                 std::vector<int32_t>* out_shape) {
  const size_t nd = static_cast<size_t>(indices_shape.back());
  out_shape->assign(indices_shape.begin(), indices_shape.end() - 1);
  out_shape->insert(out_shape->end(), shape.begin() + nd, shape.end());
  std::vector<T> out(NumElementsOf(*out_shape));
  const size_t batch_rank = indices_shape.size() - 1;
  for (size_t flat = 0; flat < out.size(); ++flat) {
    const std::vector<int32_t> c = Unravel(flat, *out_shape);
    size_t slice = 0;
    for (size_t d = 0; d < batch_rank; ++d) slice = slice * indices_shape[d] + c[d];
    std::vector<int64_t> pc(indices.begin() + slice * nd, indices.begin() + (slice + 1) * nd);
    pc.insert(pc.end(), c.begin() + batch_rank, c.end());
    size_t i = 0;
    for (size_t d = 0; d < pc.size(); ++d) i = i * shape[d] + static_cast<size_t>(pc[d]);
    out[flat] = params[i];
  }
  return out;
}

int Indices(OpTest& t, PlinthType type, const std::vector<int32_t>& shape,
            const std::vector<int64_t>& v) {
  if (type == PLINTH_INT64) return t.Input<int64_t>(shape, v);
  if (type == PLINTH_INT16)
    return t.Input<int16_t>(shape, std::vector<int16_t>(v.begin(), v.end()));
  return t.Input<int32_t>(shape, std::vector<int32_t>(v.begin(), v.end()));
}

struct Geometry {
  std::vector<int32_t> params, indices_shape;
  std::vector<int64_t> indices;
};

template <class T>
void CheckGatherNd(PlinthType type, double lo, double hi) {
  const std::vector<Geometry> geometries = {
      {{3, 4}, {5, 2}, {0, 0, 2, 3, 1, 2, 2, 0, 0, 3}},
      {{3, 4, 2}, {2, 2, 1}, {2, 0, 1, 1}},
      {{4, 3, 2}, {3, 2}, {3, 1, 0, 2, 3, 0}},
      {{2, 3}, {2, 0}, {}},
      {{5}, {1}, {4}},
      {{2, 3, 2}, {2, 2, 3}, {1, 2, 1, 0, 0, 0, 1, 1, 1, 0, 2, 1}},
  };
  uint32_t seed = 1;
  for (const Geometry& g : geometries) {
    for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64, PLINTH_INT16}) {
      auto params = RandomValues<T>(NumElementsOf(g.params), lo, hi, seed++);
      OpTest t;
      int p = t.Input<T>(g.params, params, {}, type);
      int i = Indices(t, index_type, g.indices_shape, g.indices);
      int y = t.Output(type);
      t.Op("GATHER_ND", {p, i}, {y});
      ASSERT_TRUE(t.Run().ok());
      std::vector<int32_t> shape;
      auto expect = GatherNdReference(params, g.params, g.indices, g.indices_shape, &shape);
      EXPECT_EQ(t.Shape(y), shape);
      EXPECT_EQ(t.Values<T>(y), expect);
    }
  }
}

TEST(GatherNd, EveryElementType) {
  CheckGatherNd<float>(PLINTH_FLOAT32, -5, 5);
  CheckGatherNd<int32_t>(PLINTH_INT32, -1e9, 1e9);
  CheckGatherNd<int64_t>(PLINTH_INT64, -1e15, 1e15);
  CheckGatherNd<int16_t>(PLINTH_INT16, -32768, 32767);
  CheckGatherNd<int8_t>(PLINTH_INT8, -128, 127);
  CheckGatherNd<uint8_t>(PLINTH_UINT8, 0, 255);
  CheckGatherNd<uint8_t>(PLINTH_BOOL, 0, 1);
  CheckGatherNd<uint16_t>(PLINTH_FLOAT16, 0, 0x7bff);
}

TEST(GatherNd, OutOfRangeCoordinatesFailAtInvoke) {
  // [0, 5] would land inside a [3, 3] tensor if only the flat offset were checked.
  for (const std::vector<int32_t>& bad : {std::vector<int32_t>{0, 5}, {3, 0}, {-1, 1}}) {
    OpTest t;
    int p = t.Input<float>({3, 3}, std::vector<float>(9));
    int i = t.Input<int32_t>({2, 2}, {1, 1, bad[0], bad[1]});
    t.Op("GATHER_ND", {p, i}, {t.Output(PLINTH_FLOAT32)});
    absl::Status s = t.Run();
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("failed in invoke"));
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("is out of range [0, 3)"));
  }
}

TEST(GatherNd, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  auto error = [](std::vector<int32_t> params, std::vector<int32_t> indices,
                  PlinthType index_type = PLINTH_INT32) {
    OpTest t;
    int p = t.Input<float>(params, std::vector<float>(NumElementsOf(params)));
    int i = t.InputBytes(index_type, indices,
                         std::vector<uint8_t>(NumElementsOf(indices) * TypeSize(index_type)));
    t.Op("GATHER_ND", {p, i}, {t.Output(PLINTH_FLOAT32)});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error({3, 2}, {1, 3}), HasSubstr("indices address 3 dimensions"));
  EXPECT_THAT(error({}, {1}), HasSubstr("params must be at least 1-D"));
  EXPECT_THAT(error({3}, {}), HasSubstr("indices must be at least 1-D"));
  EXPECT_THAT(error({3}, {1}, PLINTH_UINT8), HasSubstr("indices has unsupported type UINT8"));
  EXPECT_THAT(error({0, 2}, {1, 1}), HasSubstr("empty params"));
}

}  // namespace
}  // namespace plinth::testing
