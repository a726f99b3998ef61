// DYNAMIC_UPDATE_SLICE against a reference in the test: starts inside the operand, clamped from
// both sides (XLA semantics, never an out-of-bounds write), full and empty updates, rank 0,
// int32/int64 starts, every element type, invalid parameters failing at prepare.
#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

template <class T>
std::vector<T> UpdateReference(std::vector<T> operand, const std::vector<int32_t>& shape,
                               const std::vector<T>& update, const std::vector<int32_t>& ushape,
                               const std::vector<int64_t>& start) {
  std::vector<int64_t> begin(shape.size());
  for (size_t d = 0; d < shape.size(); ++d) {
    begin[d] = std::clamp<int64_t>(start[d], 0, shape[d] - ushape[d]);
  }
  for (size_t u = 0; u < update.size(); ++u) {
    const std::vector<int32_t> c = Unravel(u, ushape);
    size_t o = 0;
    for (size_t d = 0; d < shape.size(); ++d) o = o * shape[d] + (c[d] + begin[d]);
    operand[o] = update[u];
  }
  return operand;
}

template <class T>
void CheckUpdates(PlinthType type, double lo, double hi) {
  struct Geometry {
    std::vector<int32_t> operand, update;
    std::vector<int64_t> start;
  };
  const std::vector<Geometry> geometries = {
      {{4, 5, 3}, {2, 2, 3}, {1, 2, 0}},
      {{4, 5, 3}, {2, 3, 2}, {-3, 4, 7}},
      {{3, 4}, {3, 4}, {1, 1}},
      {{9}, {4}, {7}},
      {{3, 4}, {0, 2}, {1, 1}},
      {{}, {}, {}},
      {{2, 3, 4, 5}, {1, 3, 2, 1}, {1, 0, 9, -9}},
  };
  uint32_t seed = 1;
  for (const Geometry& g : geometries) {
    for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64}) {
      auto operand = RandomValues<T>(NumElementsOf(g.operand), lo, hi, seed++);
      auto update = RandomValues<T>(NumElementsOf(g.update), lo, hi, seed++);
      OpTest t;
      int o = t.Input<T>(g.operand, operand, {}, type);
      int u = t.Input<T>(g.update, update, {}, type);
      const std::vector<int32_t> start_shape = {static_cast<int32_t>(g.start.size())};
      int s =
          index_type == PLINTH_INT64
              ? t.Input<int64_t>(start_shape, g.start)
              : t.Input<int32_t>(start_shape, std::vector<int32_t>(g.start.begin(), g.start.end()));
      int y = t.Output(type);
      t.Op("DYNAMIC_UPDATE_SLICE", {o, u, s}, {y});
      ASSERT_TRUE(t.Run().ok());
      EXPECT_EQ(t.Shape(y), g.operand);
      EXPECT_EQ(t.Values<T>(y), UpdateReference(operand, g.operand, update, g.update, g.start));
    }
  }
}

TEST(DynamicUpdateSlice, EveryElementType) {
  CheckUpdates<float>(PLINTH_FLOAT32, -5, 5);
  CheckUpdates<int32_t>(PLINTH_INT32, -1e9, 1e9);
  CheckUpdates<int64_t>(PLINTH_INT64, -1e15, 1e15);
  CheckUpdates<int16_t>(PLINTH_INT16, -32768, 32767);
  CheckUpdates<int8_t>(PLINTH_INT8, -128, 127);
  CheckUpdates<uint8_t>(PLINTH_BOOL, 0, 1);
  CheckUpdates<uint16_t>(PLINTH_FLOAT16, 0, 0x7bff);
}

TEST(DynamicUpdateSlice, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  auto error = [](std::vector<int32_t> operand, std::vector<int32_t> update,
                  std::vector<int32_t> start, PlinthType type = PLINTH_FLOAT32,
                  PlinthType update_type = PLINTH_FLOAT32) {
    OpTest t;
    int o = t.InputBytes(type, operand, std::vector<uint8_t>(NumElementsOf(operand) * 4));
    int u = t.InputBytes(update_type, update, std::vector<uint8_t>(NumElementsOf(update) * 4));
    int s = t.Input<int32_t>({static_cast<int32_t>(start.size())}, start);
    t.Op("DYNAMIC_UPDATE_SLICE", {o, u, s}, {t.Output(type)});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error({3, 4}, {2, 5}, {0, 0}), HasSubstr("larger than operand"));
  EXPECT_THAT(error({3, 4}, {2}, {0, 0}), HasSubstr("differ in rank"));
  EXPECT_THAT(error({3, 4}, {2, 2}, {0}), HasSubstr("one index per operand dimension"));
  EXPECT_THAT(error({3, 4}, {2, 2}, {0, 0}, PLINTH_FLOAT32, PLINTH_INT32),
              HasSubstr("update type must be FLOAT32"));
  EXPECT_THAT(error({3, 4}, {2, 2}, {0, 0}, PLINTH_UINT32, PLINTH_UINT32),
              HasSubstr("operand has unsupported type UINT32"));
}

}  // namespace
}  // namespace plinth::testing
