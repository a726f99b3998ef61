// LOGICAL_AND, LOGICAL_OR (broadcasting) and LOGICAL_NOT on bool tensors.
#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(Logical, TruthTablesWithBroadcast) {
  const std::vector<uint8_t> a = {0, 0, 1, 1}, b = {0, 1};
  const std::vector<int32_t> sa = {2, 2}, sb = {2};
  for (bool is_and : {true, false}) {
    OpResult r =
        RunOp(is_and ? "LOGICAL_AND" : "LOGICAL_OR",
              {Make<uint8_t>(sa, a, {}, PLINTH_BOOL), Make<uint8_t>(sb, b, {}, PLINTH_BOOL)},
              PLINTH_BOOL);
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<int32_t> shape;
    auto expect = ReferenceBroadcast<uint8_t>(a, sa, b, sb, &shape, [&](uint8_t x, uint8_t y) {
      return static_cast<uint8_t>(is_and ? (x && y) : (x || y));
    });
    EXPECT_EQ(r.shape, shape);
    EXPECT_EQ(r.Values<uint8_t>(), expect);
  }
  OpResult n = RunOp("LOGICAL_NOT", {Make<uint8_t>({2, 2}, a, {}, PLINTH_BOOL)}, PLINTH_BOOL);
  EXPECT_EQ(n.Values<uint8_t>(), (std::vector<uint8_t>{1, 1, 0, 0}));
  OpResult e = RunOp(
      "LOGICAL_OR",
      {Make<uint8_t>({0, 2}, {}, {}, PLINTH_BOOL), Make<uint8_t>({2}, {1, 0}, {}, PLINTH_BOOL)},
      PLINTH_BOOL);
  ASSERT_TRUE(e.status.ok());
  EXPECT_EQ(e.shape, (std::vector<int32_t>{0, 2}));
}

TEST(Logical, InvalidInputs) {
  ExpectFailure(
      RunOp("LOGICAL_AND", {Make<int32_t>({1}, {1}), Make<int32_t>({1}, {1})}, PLINTH_BOOL),
      "unsupported type");
  ExpectFailure(RunOp("LOGICAL_NOT", {Make<uint8_t>({1}, {1}, {}, PLINTH_BOOL)}, PLINTH_INT32),
                "unsupported type");
  ExpectFailure(RunOp("LOGICAL_OR",
                      {Make<uint8_t>({3}, {1, 0, 1}, {}, PLINTH_BOOL),
                       Make<uint8_t>({2}, {1, 0}, {}, PLINTH_BOOL)},
                      PLINTH_BOOL),
                "do not broadcast");
}

}  // namespace
}  // namespace plinth::testing
