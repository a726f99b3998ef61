// GATHER against a reference in the test: axes (negative too), batch_dims (negative too), scalar
// and N-D positions of int16/int32/int64, every element type (quantized, bool, float16 bytes),
// out-of-range positions failing at invoke, invalid parameters failing at prepare.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

// output[b..., o..., p..., i...] = params[b..., o..., positions[b..., p...], i...]
template <class T>
std::vector<T> GatherReference(const std::vector<T>& params, const std::vector<int32_t>& shape,
                               const std::vector<int64_t>& positions,
                               const std::vector<int32_t>& positions_shape, int axis,
                               int batch_dims, std::vector<int32_t>* out_shape) {
  out_shape->assign(shape.begin(), shape.begin() + axis);
  out_shape->insert(out_shape->end(), positions_shape.begin() + batch_dims, positions_shape.end());
  out_shape->insert(out_shape->end(), shape.begin() + axis + 1, shape.end());
  std::vector<T> out(NumElementsOf(*out_shape));
  const int p_rank = static_cast<int>(positions_shape.size()) - batch_dims;
  for (size_t flat = 0; flat < out.size(); ++flat) {
    const std::vector<int32_t> c = Unravel(flat, *out_shape);
    // Position coordinates: the batch coordinates, then the p_rank coordinates after the axis.
    std::vector<int32_t> pc(c.begin(), c.begin() + batch_dims);
    pc.insert(pc.end(), c.begin() + axis, c.begin() + axis + p_rank);
    size_t p = 0;
    for (size_t d = 0; d < pc.size(); ++d) p = p * positions_shape[d] + pc[d];
    std::vector<int32_t> ic(c.begin(), c.begin() + axis);
    ic.push_back(static_cast<int32_t>(positions[p]));
    ic.insert(ic.end(), c.begin() + axis + p_rank, c.end());
    size_t i = 0;
    for (size_t d = 0; d < ic.size(); ++d) i = i * shape[d] + ic[d];
    out[flat] = params[i];
  }
  return out;
}

template <class I>
int IndexInput(OpTest& t, PlinthType type, const std::vector<int32_t>& shape,
               const std::vector<int64_t>& values) {
  return t.Input<I>(shape, std::vector<I>(values.begin(), values.end()), {}, type);
}

int Positions(OpTest& t, PlinthType type, const std::vector<int32_t>& shape,
              const std::vector<int64_t>& values) {
  if (type == PLINTH_INT64) return IndexInput<int64_t>(t, type, shape, values);
  if (type == PLINTH_INT16) return IndexInput<int16_t>(t, type, shape, values);
  return IndexInput<int32_t>(t, type, shape, values);
}

struct Geometry {
  std::vector<int32_t> params, positions_shape;
  std::vector<int64_t> positions;
  int axis, batch_dims;
};

const std::vector<Geometry>& Geometries() {
  static const std::vector<Geometry> kGeometries = {
      {{5, 3}, {4}, {4, 0, 2, 0}, 0, 0},
      {{3, 6, 2}, {2, 3}, {5, 0, 1, 1, 3, 2}, 1, 0},
      {{3, 4, 5}, {3}, {4, 4, 1}, -1, 0},
      {{2, 4, 3}, {2, 3}, {3, 0, 1, 2, 2, 0}, 1, 1},
      {{2, 3, 4, 2}, {2, 3, 2}, {3, 0, 1, 2, 2, 0, 3, 3, 1, 0, 2, 1}, 2, -1},
      {{2, 3, 4}, {2, 2}, {1, 0, 2, 2}, -2, 1},
      {{4, 3}, {}, {2}, 0, 0},
      {{4, 3}, {0}, {}, 1, 0},
      {{6}, {2, 2}, {5, 0, 0, 3}, 0, 0},
  };
  return kGeometries;
}

template <class T>
void CheckGather(PlinthType type, double lo, double hi, QuantSpec q = {}) {
  uint32_t seed = 1;
  for (const Geometry& g : Geometries()) {
    for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64, PLINTH_INT16}) {
      auto params = RandomValues<T>(NumElementsOf(g.params), lo, hi, seed++);
      OpTest t;
      int p = t.Input<T>(g.params, params, q, type);
      int i = Positions(t, index_type, g.positions_shape, g.positions);
      int y = t.Output(type, {}, q);
      t.Op("GATHER", {p, i}, {y}, {{"axis", g.axis}, {"batch_dims", g.batch_dims}});
      ASSERT_TRUE(t.Run().ok());
      const int rank = static_cast<int>(g.params.size());
      const int axis = g.axis < 0 ? g.axis + rank : g.axis;
      const int batch_dims = g.batch_dims < 0
                                 ? g.batch_dims + static_cast<int>(g.positions_shape.size())
                                 : g.batch_dims;
      std::vector<int32_t> shape;
      auto expect = GatherReference(params, g.params, g.positions, g.positions_shape, axis,
                                    batch_dims, &shape);
      EXPECT_EQ(t.Shape(y), shape);
      EXPECT_EQ(t.Values<T>(y), expect) << "axis " << g.axis << " batch_dims " << g.batch_dims;
    }
  }
}

TEST(Gather, EveryElementType) {
  CheckGather<float>(PLINTH_FLOAT32, -5, 5);
  CheckGather<int32_t>(PLINTH_INT32, -1e9, 1e9);
  CheckGather<int64_t>(PLINTH_INT64, -1e15, 1e15);
  CheckGather<int16_t>(PLINTH_INT16, -32768, 32767, {{0.001f}, {0}});
  CheckGather<int8_t>(PLINTH_INT8, -128, 127, {{0.1f}, {-3}});
  CheckGather<uint8_t>(PLINTH_UINT8, 0, 255, {{0.1f}, {128}});
  CheckGather<uint8_t>(PLINTH_BOOL, 0, 1);
  CheckGather<uint16_t>(PLINTH_FLOAT16, 0, 0x7bff);
}

TEST(Gather, OutOfRangePositionsFailAtInvoke) {
  for (int64_t bad : {3, -1}) {
    OpTest t;
    int p = t.Input<float>({3, 2}, {1, 2, 3, 4, 5, 6});
    int i = t.Input<int32_t>({2}, {0, static_cast<int32_t>(bad)});
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("GATHER", {p, i}, {y});
    absl::Status s = t.Run();
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("failed in invoke"));
    EXPECT_THAT(std::string(s.message()),
                ::testing::HasSubstr("position " + std::to_string(bad) +
                                     " (element 1) is out of range [0, 3)"));
  }
}

TEST(Gather, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  auto error = [](std::vector<int32_t> params, std::vector<int32_t> positions, int axis,
                  int batch_dims, PlinthType index_type = PLINTH_INT32) {
    OpTest t;
    int p = t.Input<float>(params, std::vector<float>(NumElementsOf(params)));
    int i = t.InputBytes(index_type, positions,
                         std::vector<uint8_t>(NumElementsOf(positions) * TypeSize(index_type)));
    t.Op("GATHER", {p, i}, {t.Output(PLINTH_FLOAT32)},
         {{"axis", axis}, {"batch_dims", batch_dims}});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error({3, 2}, {2}, 2, 0), HasSubstr("axis 2 is out of range"));
  EXPECT_THAT(error({3, 2}, {2}, -3, 0), HasSubstr("axis -3 is out of range"));
  EXPECT_THAT(error({3, 2}, {3}, 0, 1), HasSubstr("must not exceed the axis"));
  EXPECT_THAT(error({3, 2}, {2, 2}, 1, 1), HasSubstr("batch dimension 0 differs"));
  EXPECT_THAT(error({3, 2}, {3}, 1, 2), HasSubstr("batch_dims 2 is out of range"));
  EXPECT_THAT(error({3, 2}, {2}, 0, 0, PLINTH_FLOAT32),
              HasSubstr("positions has unsupported type FLOAT32"));
  OpTest types;
  int p = types.Input<float>({2}, {1, 2});
  int i = types.Input<int32_t>({1}, {0});
  types.Op("GATHER", {p, i}, {types.Output(PLINTH_INT32)});
  EXPECT_THAT(std::string(types.Run().message()), HasSubstr("output type must be FLOAT32"));
}

}  // namespace
}  // namespace plinth::testing
