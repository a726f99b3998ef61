// SELECT (TFLite's v1 shape rules) and SELECT_V2 (three-way broadcasting).
#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

// Slow three-way broadcast select, straight from the definition.
std::vector<float> SelectRef(const std::vector<uint8_t>& c, std::vector<int32_t> sc,
                             const std::vector<float>& x, std::vector<int32_t> sx,
                             const std::vector<float>& y, std::vector<int32_t> sy,
                             std::vector<int32_t>* out_shape) {
  const size_t rank = std::max({sc.size(), sx.size(), sy.size()});
  for (auto* s : {&sc, &sx, &sy}) s->insert(s->begin(), rank - s->size(), 1);
  out_shape->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    for (int32_t d : {sc[i], sx[i], sy[i]}) {
      if (d != 1) (*out_shape)[i] = d;
    }
  }
  auto index = [](const std::vector<int32_t>& coords, const std::vector<int32_t>& shape) {
    size_t flat = 0;
    for (size_t i = 0; i < shape.size(); ++i)
      flat = flat * shape[i] + (shape[i] == 1 ? 0 : coords[i]);
    return flat;
  };
  std::vector<float> out(NumElementsOf(*out_shape));
  for (size_t o = 0; o < out.size(); ++o) {
    const std::vector<int32_t> coords = Unravel(o, *out_shape);
    out[o] = c[index(coords, sc)] ? x[index(coords, sx)] : y[index(coords, sy)];
  }
  return out;
}

TEST(Select, V2BroadcastsAllThree) {
  const std::vector<std::array<std::vector<int32_t>, 3>> shapes = {
      {{{2, 3}, {2, 3}, {2, 3}}},
      {{{}, {2, 3}, {2, 3}}},
      {{{1, 3}, {2, 1}, {3}}},
      {{{4, 1, 1}, {1, 3, 1}, {1, 1, 2}}},
      {{{2, 1}, {0, 2, 1}, {1}}}};
  for (const auto& s : shapes) {
    const auto c = RandomValues<uint8_t>(NumElementsOf(s[0]), 0, 1, 1);
    const auto x = RandomValues<float>(NumElementsOf(s[1]), -5, 5, 2);
    const auto y = RandomValues<float>(NumElementsOf(s[2]), -5, 5, 3);
    OpResult r =
        RunOp("SELECT_V2",
              {Make<uint8_t>(s[0], c, {}, PLINTH_BOOL), Make<float>(s[1], x), Make<float>(s[2], y)},
              PLINTH_FLOAT32);
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<int32_t> shape;
    const auto expect = SelectRef(c, s[0], x, s[1], y, s[2], &shape);
    EXPECT_EQ(r.shape, shape);
    EXPECT_EQ(r.Values<float>(), expect);
  }
}

TEST(Select, V1ScalarAndRankOneConditions) {
  const std::vector<float> x = {1, 2, 3, 4, 5, 6}, y = {-1, -2, -3, -4, -5, -6};
  OpResult same = RunOp("SELECT",
                        {Make<uint8_t>({2, 3}, {1, 0, 1, 0, 1, 0}, {}, PLINTH_BOOL),
                         Make<float>({2, 3}, x), Make<float>({2, 3}, y)},
                        PLINTH_FLOAT32);
  EXPECT_EQ(same.Values<float>(), (std::vector<float>{1, -2, 3, -4, 5, -6}));
  // A rank-1 condition picks whole rows.
  OpResult rows = RunOp(
      "SELECT",
      {Make<uint8_t>({2}, {0, 1}, {}, PLINTH_BOOL), Make<float>({2, 3}, x), Make<float>({2, 3}, y)},
      PLINTH_FLOAT32);
  ASSERT_TRUE(rows.status.ok()) << rows.message();
  EXPECT_EQ(rows.Values<float>(), (std::vector<float>{-1, -2, -3, 4, 5, 6}));
  // A scalar condition picks a whole tensor.
  OpResult all = RunOp(
      "SELECT",
      {Make<uint8_t>({}, {1}, {}, PLINTH_BOOL), Make<float>({2, 3}, x), Make<float>({2, 3}, y)},
      PLINTH_FLOAT32);
  EXPECT_EQ(all.Values<float>(), x);
}

TEST(Select, CopiesRawValuesOfEveryType) {
  OpResult q = RunOp(
      "SELECT_V2",
      {Make<uint8_t>({3}, {1, 0, 1}, {}, PLINTH_BOOL),
       Make<int8_t>({3}, {-128, 5, 127}, {{0.1f}, {3}}), Make<int8_t>({1}, {9}, {{0.1f}, {3}})},
      PLINTH_INT8, {{0.1f}, {3}});
  EXPECT_EQ(q.Values<int8_t>(), (std::vector<int8_t>{-128, 9, 127}));
  OpResult l = RunOp("SELECT_V2",
                     {Make<uint8_t>({2}, {0, 1}, {}, PLINTH_BOOL),
                      Make<int64_t>({2}, {int64_t{1} << 50, 2}), Make<int64_t>({2}, {3, 4})},
                     PLINTH_INT64);
  EXPECT_EQ(l.Values<int64_t>(), (std::vector<int64_t>{3, 2}));
  OpResult b = RunOp(
      "SELECT_V2",
      {Make<uint8_t>({2}, {0, 1}, {}, PLINTH_BOOL), Make<uint8_t>({2}, {1, 1}, {}, PLINTH_BOOL),
       Make<uint8_t>({2}, {0, 0}, {}, PLINTH_BOOL)},
      PLINTH_BOOL);
  EXPECT_EQ(b.Values<uint8_t>(), (std::vector<uint8_t>{0, 1}));
}

TEST(Select, InvalidInputs) {
  const Operand x = Make<float>({2, 3}, std::vector<float>(6));
  ExpectFailure(
      RunOp("SELECT", {Make<uint8_t>({3}, {1, 0, 1}, {}, PLINTH_BOOL), x, x}, PLINTH_FLOAT32),
      "rank 1");
  ExpectFailure(
      RunOp("SELECT_V2", {Make<uint8_t>({4}, {1, 0, 1, 1}, {}, PLINTH_BOOL), x, x}, PLINTH_FLOAT32),
      "do not broadcast");
  ExpectFailure(RunOp("SELECT", {Make<float>({2, 3}, std::vector<float>(6)), x, x}, PLINTH_FLOAT32),
                "unsupported type");
  ExpectFailure(RunOp("SELECT_V2",
                      {Make<uint8_t>({1}, {1}, {}, PLINTH_BOOL), x,
                       Make<int32_t>({2, 3}, std::vector<int32_t>(6))},
                      PLINTH_FLOAT32),
                "same type");
  ExpectFailure(RunOp("SELECT", {Make<uint8_t>({1}, {1}, {}, PLINTH_BOOL), x}, PLINTH_FLOAT32),
                "expects 3 input");
}

}  // namespace
}  // namespace plinth::testing
