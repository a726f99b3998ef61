// DEQUANTIZE: int8/uint8/int16 per tensor, int8/uint8 per channel (as inputs and as constants),
// and float16, against scale * (q - zero_point).
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

TEST(Dequantize, PerTensor) {
  for (const QuantSpec& q :
       std::vector<QuantSpec>{{{0.05f}, {0}}, {{0.0371f}, {-128}}, {{3.5f}, {127}}}) {
    OpResult r = RunOp("DEQUANTIZE", {Make<int8_t>({256}, All8<int8_t>(), q)}, PLINTH_FLOAT32);
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<float> expect;
    for (int8_t v : All8<int8_t>())
      expect.push_back(static_cast<float>(DequantizeRef(v, q.scales[0], q.zero_points[0])));
    EXPECT_EQ(r.Values<float>(), expect);
  }
  OpResult u =
      RunOp("DEQUANTIZE", {Make<uint8_t>({3}, {0, 128, 255}, {{0.5f}, {128}})}, PLINTH_FLOAT32);
  EXPECT_EQ(u.Values<float>(), (std::vector<float>{-64.f, 0.f, 63.5f}));
  OpResult s =
      RunOp("DEQUANTIZE", {Make<int16_t>({3}, {-32768, 1, 32767}, {{0.25f}, {0}})}, PLINTH_FLOAT32);
  EXPECT_EQ(s.Values<float>(), (std::vector<float>{-8192.f, 0.25f, 8191.75f}));
}

TEST(Dequantize, PerChannel) {
  QuantSpec q;
  q.quantized_dimension = 0;
  q.scales = {0.5f, 0.25f};
  q.zero_points = {0, 1};
  OpResult r = RunOp("DEQUANTIZE", {Make<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6}, q)}, PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<float>(), (std::vector<float>{0.5f, 1.f, 1.5f, 0.75f, 1.f, 1.25f}));
  // As a constant (weights) along the last axis.
  OpTest t;
  QuantSpec qc;
  qc.quantized_dimension = 1;
  qc.scales = {1.f, 2.f, 4.f};
  qc.zero_points = {128, 130, 0};
  int c = t.Const<uint8_t>({2, 3}, {128, 130, 1, 129, 131, 2}, qc);
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("DEQUANTIZE", {c}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<float>(y), (std::vector<float>{0.f, 0.f, 4.f, 1.f, 2.f, 8.f}));
}

TEST(Dequantize, Float16) {
  OpResult r =
      RunOp("DEQUANTIZE",
            {Make<uint16_t>({5}, {0x3c00, 0xc000, 0x0001, 0x7c00, 0x7bff}, {}, PLINTH_FLOAT16)},
            PLINTH_FLOAT32);
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<float>(),
            (std::vector<float>{1.f, -2.f, 5.9604645e-8f, std::numeric_limits<float>::infinity(),
                                65504.f}));
}

TEST(Dequantize, InvalidInputs) {
  ExpectFailure(RunOp("DEQUANTIZE", {Make<int8_t>({1}, {1})}, PLINTH_FLOAT32),
                "quantization parameters");
  ExpectFailure(RunOp("DEQUANTIZE", {Make<int16_t>({1}, {1}, {{0.1f}, {2}})}, PLINTH_FLOAT32),
                "zero point 0");
  ExpectFailure(RunOp("DEQUANTIZE", {Make<int32_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_FLOAT32),
                "unsupported type");
  ExpectFailure(RunOp("DEQUANTIZE", {Make<int8_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_INT32),
                "unsupported type");
  QuantSpec q;
  q.quantized_dimension = 2;
  q.scales = {0.5f, 0.25f};
  q.zero_points = {0, 1};
  ExpectFailure(
      RunOp("DEQUANTIZE", {Make<int8_t>({2, 3}, std::vector<int8_t>(6), q)}, PLINTH_FLOAT32),
      "out of range");
}

}  // namespace
}  // namespace plinth::testing
