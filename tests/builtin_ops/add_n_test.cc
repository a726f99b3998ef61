// ADD_N: sums of 2..n same-shaped float32 or int32 tensors.
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(AddN, SumsEveryInput) {
  for (int n : {2, 3, 7}) {
    std::vector<Operand> in;
    std::vector<float> expect(6, 0.f);
    for (int k = 0; k < n; ++k) {
      auto v = RandomValues<float>(6, -3, 3, 20 + k);
      for (int i = 0; i < 6; ++i) expect[i] += v[i];
      in.push_back(Make<float>({2, 3}, v));
    }
    OpResult r = RunOp("ADD_N", in, PLINTH_FLOAT32);
    ASSERT_TRUE(r.status.ok()) << r.message();
    EXPECT_EQ(r.shape, (std::vector<int32_t>{2, 3}));
    EXPECT_EQ(r.Values<float>(), expect);
  }
  OpResult i = RunOp("ADD_N",
                     {Make<int32_t>({2}, {std::numeric_limits<int32_t>::max(), 1}),
                      Make<int32_t>({2}, {1, 2}), Make<int32_t>({2}, {0, 3})},
                     PLINTH_INT32);
  ASSERT_TRUE(i.status.ok());
  EXPECT_EQ(i.Values<int32_t>(), (std::vector<int32_t>{std::numeric_limits<int32_t>::min(), 6}));
  OpResult e = RunOp("ADD_N", {Make<float>({0, 4}, {}), Make<float>({0, 4}, {})}, PLINTH_FLOAT32);
  ASSERT_TRUE(e.status.ok());
  EXPECT_EQ(e.shape, (std::vector<int32_t>{0, 4}));
}

TEST(AddN, InvalidInputs) {
  ExpectFailure(RunOp("ADD_N", {Make<float>({2}, {1, 2})}, PLINTH_FLOAT32), "at least 2");
  ExpectFailure(
      RunOp("ADD_N", {Make<float>({2}, {1, 2}), Make<float>({3}, {1, 2, 3})}, PLINTH_FLOAT32),
      "shape");
  ExpectFailure(
      RunOp("ADD_N", {Make<float>({2}, {1, 2}), Make<int32_t>({2}, {1, 2})}, PLINTH_FLOAT32),
      "type");
  ExpectFailure(RunOp("ADD_N", {Make<int64_t>({1}, {1}), Make<int64_t>({1}, {1})}, PLINTH_INT64),
                "unsupported type");
}

}  // namespace
}  // namespace plinth::testing
