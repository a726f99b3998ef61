// EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL with broadcasting; quantized inputs
// compare by real value even with different scales.
#include <cmath>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

const char* kOps[] = {"EQUAL", "NOT_EQUAL", "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL"};

bool CompareRef(const std::string& op, double a, double b) {
  if (op == "EQUAL") return a == b;
  if (op == "NOT_EQUAL") return a != b;
  if (op == "LESS") return a < b;
  if (op == "LESS_EQUAL") return a <= b;
  if (op == "GREATER") return a > b;
  return a >= b;
}

TEST(Comparisons, FloatAndIntegersBroadcast) {
  const std::vector<int32_t> sa = {2, 1, 3}, sb = {2, 1};
  const std::vector<float> a = {1, 2, 3, -1, 0, std::numeric_limits<float>::quiet_NaN()};
  const std::vector<float> b = {2, -1};
  const std::vector<int32_t> ai = {1, 2, 3, -1, 0, 5}, bi = {2, -1};
  for (const char* op : kOps) {
    std::vector<int32_t> shape;
    OpResult r = RunOp(op, {Make<float>(sa, a), Make<float>(sb, b)}, PLINTH_BOOL);
    ASSERT_TRUE(r.status.ok()) << r.message();
    auto expect = ReferenceBroadcast<float>(a, sa, b, sb, &shape, [&](float x, float y) {
      return static_cast<float>(CompareRef(op, x, y));
    });
    std::vector<uint8_t> got = r.Values<uint8_t>();
    EXPECT_EQ(r.shape, shape) << op;
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expect[i]) << op << " " << i;

    OpResult ri = RunOp(op, {Make<int32_t>(sa, ai), Make<int32_t>(sb, bi)}, PLINTH_BOOL);
    OpResult rl = RunOp(op,
                        {Make<int64_t>(sa, std::vector<int64_t>(ai.begin(), ai.end())),
                         Make<int64_t>(sb, std::vector<int64_t>(bi.begin(), bi.end()))},
                        PLINTH_BOOL);
    ASSERT_TRUE(ri.status.ok() && rl.status.ok());
    auto expect_i = ReferenceBroadcast<int32_t>(ai, sa, bi, sb, &shape, [&](int32_t x, int32_t y) {
      return static_cast<int32_t>(CompareRef(op, x, y));
    });
    for (size_t i = 0; i < expect_i.size(); ++i) {
      EXPECT_EQ(ri.Values<uint8_t>()[i], expect_i[i]) << op;
      EXPECT_EQ(rl.Values<uint8_t>()[i], expect_i[i]) << op;
    }
  }
}

TEST(Comparisons, QuantizedCompareRealValues) {
  // Every pair of int8 values; scales differ, so equal raw values are not equal reals.
  const QuantSpec qa = {{0.05f}, {3}}, qb = {{0.1f}, {-9}};
  const std::vector<int8_t> a = All8<int8_t>(), b = All8<int8_t>();
  for (const char* op : kOps) {
    OpResult r =
        RunOp(op, {Make<int8_t>({256, 1}, a, qa), Make<int8_t>({1, 256}, b, qb)}, PLINTH_BOOL);
    ASSERT_TRUE(r.status.ok()) << r.message();
    const std::vector<uint8_t> got = r.Values<uint8_t>();
    int mismatches = 0;
    for (int i = 0; i < 256; ++i) {
      for (int j = 0; j < 256; ++j) {
        // Reals on a common grid of 0.05: compare the integers exactly.
        const int x = a[i] - 3, y = 2 * (b[j] + 9);
        mismatches += got[i * 256 + j] != CompareRef(op, x, y);
      }
    }
    EXPECT_EQ(mismatches, 0) << op;
  }
  // uint8 with equal parameters compares raw values.
  OpResult u = RunOp("LESS",
                     {Make<uint8_t>({3}, {0, 128, 255}, {{0.3f}, {128}}),
                      Make<uint8_t>({3}, {1, 128, 254}, {{0.3f}, {128}})},
                     PLINTH_BOOL);
  EXPECT_EQ(u.Values<uint8_t>(), (std::vector<uint8_t>{1, 0, 0}));
}

TEST(Comparisons, BoolInt16AndFloat16) {
  OpResult b = RunOp("EQUAL",
                     {Make<uint8_t>({4}, {0, 1, 0, 1}, {}, PLINTH_BOOL),
                      Make<uint8_t>({4}, {0, 0, 1, 1}, {}, PLINTH_BOOL)},
                     PLINTH_BOOL);
  EXPECT_EQ(b.Values<uint8_t>(), (std::vector<uint8_t>{1, 0, 0, 1}));
  OpResult s = RunOp("GREATER_EQUAL", {Make<int16_t>({3}, {-32768, 5, 7}), Make<int16_t>({1}, {5})},
                     PLINTH_BOOL);
  EXPECT_EQ(s.Values<uint8_t>(), (std::vector<uint8_t>{0, 1, 1}));
  OpResult h = RunOp("LESS",
                     {Make<uint16_t>({2}, {0x3c00, 0xc000}, {}, PLINTH_FLOAT16),
                      Make<uint16_t>({2}, {0x3800, 0x3800}, {}, PLINTH_FLOAT16)},
                     PLINTH_BOOL);
  EXPECT_EQ(h.Values<uint8_t>(), (std::vector<uint8_t>{0, 1}));
}

TEST(Comparisons, InvalidInputs) {
  ExpectFailure(
      RunOp("LESS",
            {Make<uint8_t>({1}, {1}, {}, PLINTH_BOOL), Make<uint8_t>({1}, {1}, {}, PLINTH_BOOL)},
            PLINTH_BOOL),
      "not supported");
  ExpectFailure(RunOp("GREATER", {Make<int16_t>({1}, {1}), Make<int16_t>({1}, {1})}, PLINTH_BOOL),
                "not supported");
  ExpectFailure(RunOp("EQUAL", {Make<float>({1}, {1}), Make<float>({1}, {1})}, PLINTH_FLOAT32),
                "must be BOOL");
  ExpectFailure(RunOp("EQUAL", {Make<int8_t>({1}, {1}), Make<int8_t>({1}, {1})}, PLINTH_BOOL),
                "quantization parameters");
  ExpectFailure(
      RunOp("EQUAL", {Make<int8_t>({1}, {1}, {{2.f}, {0}}), Make<int8_t>({1}, {1}, {{0.5f}, {0}})},
            PLINTH_BOOL),
      "must be in (0, 1)");
  ExpectFailure(
      RunOp("LESS_EQUAL", {Make<float>({2}, {1, 2}), Make<float>({3}, {1, 2, 3})}, PLINTH_BOOL),
      "do not broadcast");
}

}  // namespace
}  // namespace plinth::testing
