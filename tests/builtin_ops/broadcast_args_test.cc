// BROADCAST_ARGS: the broadcast of two shapes, int32 and int64.
#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

// The broadcast shape, straight from the rule (aligned right; 1 stretches).
std::vector<int64_t> ReferenceBroadcastShape(std::vector<int64_t> a, std::vector<int64_t> b) {
  while (a.size() < b.size()) a.insert(a.begin(), 1);
  while (b.size() < a.size()) b.insert(b.begin(), 1);
  std::vector<int64_t> out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = a[i] == 1 ? b[i] : a[i];
  return out;
}

template <class T>
void Check(PlinthType type, bool constant) {
  const std::vector<std::pair<std::vector<T>, std::vector<T>>> cases = {
      {{2, 1, 4}, {5, 1, 3, 1}}, {{}, {3, 2}}, {{1}, {0}}, {{4, 3}, {4, 3}}, {{7}, {}}};
  for (const auto& [a, b] : cases) {
    OpTest t;
    const int32_t na = static_cast<int32_t>(a.size()), nb = static_cast<int32_t>(b.size());
    int x = constant && na > 0 ? t.Const<T>({na}, a, {}, type) : t.Input<T>({na}, a, {}, type);
    int z = constant && nb > 0 ? t.Const<T>({nb}, b, {}, type) : t.Input<T>({nb}, b, {}, type);
    int y = t.Output(type);
    t.Op("BROADCAST_ARGS", {x, z}, {y});
    ASSERT_TRUE(t.Run().ok());
    auto expect = ReferenceBroadcastShape(std::vector<int64_t>(a.begin(), a.end()),
                                          std::vector<int64_t>(b.begin(), b.end()));
    auto got = t.template Values<T>(y);
    EXPECT_EQ(std::vector<int64_t>(got.begin(), got.end()), expect);
  }
}

TEST(BroadcastArgs, Int32AndInt64ConstantOrNot) {
  for (bool constant : {false, true}) {
    Check<int32_t>(PLINTH_INT32, constant);
    Check<int64_t>(PLINTH_INT64, constant);
  }
}

TEST(BroadcastArgs, InvalidInputsFail) {
  OpTest runtime;
  int a = runtime.Input<int32_t>({2}, {2, 3});
  int b = runtime.Input<int32_t>({1}, {4});
  runtime.Op("BROADCAST_ARGS", {a, b}, {runtime.Output(PLINTH_INT32)});
  ExpectRunError(runtime, "do not broadcast: 3 vs 4");

  OpTest constant;
  int c = constant.Const<int32_t>({1}, {2});
  int d = constant.Const<int32_t>({1}, {3});
  constant.Op("BROADCAST_ARGS", {c, d}, {constant.Output(PLINTH_INT32)});
  ExpectRunError(constant, "do not broadcast");

  OpTest types;
  int e = types.Input<int32_t>({1}, {2});
  int f = types.Input<int64_t>({1}, {2});
  types.Op("BROADCAST_ARGS", {e, f}, {types.Output(PLINTH_INT32)});
  ExpectRunError(types, "one type");

  OpTest rank;
  int g = rank.Input<int32_t>({1, 1}, {2});
  rank.Op("BROADCAST_ARGS", {g, g}, {rank.Output(PLINTH_INT32)});
  ExpectRunError(rank, "must be 1-D");
}

}  // namespace
}  // namespace plinth::testing
