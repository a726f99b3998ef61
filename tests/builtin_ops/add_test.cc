// ADD (float32, int32, int64): broadcasting and fused activations against a reference in the test.
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

TEST(Add, BroadcastsLikeNumpy) {
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> shapes = {
      {{2, 3}, {2, 3}}, {{2, 3}, {3}},          {{2, 1, 4}, {3, 1}}, {{1}, {5, 2}},
      {{}, {2, 2}},     {{4, 1, 3, 1}, {1, 2, 1, 5}}, {{0, 3}, {3}}};
  for (const auto& [sa, sb] : shapes) {
    auto a = RandomValues<float>(NumElementsOf(sa), -5, 5, 1);
    auto b = RandomValues<float>(NumElementsOf(sb), -5, 5, 2);
    OpTest t;
    int ia = t.Input<float>(sa, a), ib = t.Input<float>(sb, b);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("ADD", {ia, ib}, {y});
    ASSERT_TRUE(t.Run().ok());
    std::vector<int32_t> shape;
    auto expect = ReferenceBroadcast<float>(a, sa, b, sb, &shape, [](float x, float z) { return x + z; });
    EXPECT_EQ(t.Shape(y), shape);
    EXPECT_EQ(t.Values<float>(y), expect);
  }
}

TEST(Add, FusedActivations) {
  const std::vector<float> a = {-8, -2, -0.5f, 0, 0.5f, 3, 7};
  const std::vector<float> zero(a.size(), 0.f);
  const std::map<std::string, std::vector<float>> expected = {
      {"NONE", a},
      {"RELU", {0, 0, 0, 0, 0.5f, 3, 7}},
      {"RELU6", {0, 0, 0, 0, 0.5f, 3, 6}},
      {"RELU_N1_TO_1", {-1, -1, -0.5f, 0, 0.5f, 1, 1}}};
  for (const auto& [activation, expect] : expected) {
    OpTest t;
    int ia = t.Input<float>({7}, a), ib = t.Const<float>({7}, zero);
    int y = t.Output(PLINTH_FLOAT32);
    t.Op("ADD", {ia, ib}, {y}, {{"fused_activation_function", activation}});
    ASSERT_TRUE(t.Run().ok());
    EXPECT_EQ(t.Values<float>(y), expect) << activation;
  }
}

TEST(Add, IntegerTypesClampToTheActivation) {
  OpTest t;
  int ia = t.Input<int32_t>({4}, {-10, 2, 5, 9}), ib = t.Input<int32_t>({1}, {1});
  int y = t.Output(PLINTH_INT32);
  t.Op("ADD", {ia, ib}, {y}, {{"fused_activation_function", "RELU6"}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{0, 3, 6, 6}));

  OpTest l;
  int la = l.Input<int64_t>({2}, {int64_t{1} << 40, -3}), lb = l.Input<int64_t>({2}, {1, 1});
  int ly = l.Output(PLINTH_INT64);
  l.Op("ADD", {la, lb}, {ly});
  ASSERT_TRUE(l.Run().ok());
  EXPECT_EQ(l.Values<int64_t>(ly), (std::vector<int64_t>{(int64_t{1} << 40) + 1, -2}));
}

TEST(Add, InvalidInputsFailInPrepare) {
  OpTest mismatch;
  int a = mismatch.Input<float>({2, 3}, std::vector<float>(6)), b = mismatch.Input<float>({4}, std::vector<float>(4));
  int y = mismatch.Output(PLINTH_FLOAT32);
  mismatch.Op("ADD", {a, b}, {y});
  EXPECT_THAT(std::string(mismatch.Run().message()), ::testing::HasSubstr("do not broadcast"));

  OpTest types;
  int fa = types.Input<float>({2}, {1, 2});
  int ib = types.Input<int32_t>({2}, {1, 2});
  int out = types.Output(PLINTH_FLOAT32);
  types.Op("ADD", {fa, ib}, {out});
  EXPECT_THAT(std::string(types.Run().message()), ::testing::HasSubstr("same type"));
}

}  // namespace
}  // namespace plinth::testing
