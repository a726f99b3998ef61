// MUL: float32, int32, int64, uint32, complex64, raw int16 and quantized int8/uint8/int16 (and
// TFLite's int16 x int16 -> 8-bit path).
#include <complex>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"

namespace plinth::testing {
namespace {

double MulRef(double a, double b) { return a * b; }

TEST(Mul, FloatBroadcastAndActivations) {
  const std::vector<int32_t> sa = {3, 1, 2}, sb = {2, 1};
  auto a = RandomValues<float>(6, -4, 4, 5), b = RandomValues<float>(2, -4, 4, 6);
  for (const char* act : {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"}) {
    OpResult r = RunOp("MUL", {Make<float>(sa, a), Make<float>(sb, b)}, PLINTH_FLOAT32, {},
                       {{"fused_activation_function", act}});
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<int32_t> shape;
    auto expect = ReferenceBroadcast<float>(a, sa, b, sb, &shape, [&](float x, float y) {
      return static_cast<float>(ApplyActivationRef(x * y, act));
    });
    EXPECT_EQ(r.shape, shape);
    EXPECT_EQ(r.Values<float>(), expect) << act;
  }
}

TEST(Mul, IntegerAndComplexTypes) {
  OpResult i = RunOp("MUL", {Make<int32_t>({3}, {3, -4, 65536}), Make<int32_t>({1}, {65536})},
                     PLINTH_INT32, {}, {{"fused_activation_function", "RELU"}});
  ASSERT_TRUE(i.status.ok());
  EXPECT_EQ(i.Values<int32_t>(), (std::vector<int32_t>{196608, 0, 0}));  // 2^32 wraps to 0
  OpResult u = RunOp("MUL", {Make<uint32_t>({2}, {4000000000u, 3}), Make<uint32_t>({2}, {2, 5})},
                     PLINTH_UINT32);
  ASSERT_TRUE(u.status.ok());
  EXPECT_EQ(u.Values<uint32_t>(), (std::vector<uint32_t>{3705032704u, 15}));
  OpResult l = RunOp("MUL", {Make<int64_t>({1}, {int64_t{1} << 40}), Make<int64_t>({1}, {-3})},
                     PLINTH_INT64);
  EXPECT_EQ(l.Values<int64_t>(), (std::vector<int64_t>{-(int64_t{3} << 40)}));
  // Raw int16 wraps.
  OpResult s =
      RunOp("MUL", {Make<int16_t>({2}, {300, -7}), Make<int16_t>({2}, {300, 9})}, PLINTH_INT16);
  EXPECT_EQ(s.Values<int16_t>(), (std::vector<int16_t>{24464, -63}));
  using C = std::complex<float>;
  OpResult c = RunOp("MUL",
                     {Make<C>({2}, {C(1, 2), C(0, 1)}, {}, PLINTH_COMPLEX64),
                      Make<C>({2}, {C(3, -1), C(0, 1)}, {}, PLINTH_COMPLEX64)},
                     PLINTH_COMPLEX64);
  ASSERT_TRUE(c.status.ok()) << c.message();
  EXPECT_EQ(c.Values<C>(), (std::vector<C>{C(5, 5), C(-1, 0)}));
}

TEST(Mul, QuantizedMatchesRealArithmetic) {
  // Output multipliers below one and above one.
  CheckQuantizedBinary<int8_t>("MUL", MulRef, PLINTH_INT8, {{0.05f}, {0}}, {{0.05f}, {0}},
                               {{0.5f}, {0}}, "NONE", 1);
  CheckQuantizedBinary<int8_t>("MUL", MulRef, PLINTH_INT8, {{0.02f}, {-128}}, {{0.137f}, {127}},
                               {{0.0001f}, {-3}}, "RELU6", 1);
  CheckQuantizedBinary<uint8_t>("MUL", MulRef, PLINTH_UINT8, {{0.1f}, {200}}, {{0.07f}, {0}},
                                {{1.3f}, {255}}, "RELU_N1_TO_1", 1);
  CheckQuantizedBinary<int16_t>("MUL", MulRef, PLINTH_INT16, {{0.0003f}, {0}}, {{0.002f}, {0}},
                                {{0.00017f}, {0}}, "RELU", 1);
}

TEST(Mul, Int16ToInt8MultipliesQ15Values) {
  // Q0.15 x Q0.15 -> Q0.15, shifted down by 8 bits, plus the output zero point.
  OpResult r = RunOp("MUL",
                     {Make<int16_t>({3}, {16384, -16384, 32767}, {{1.f / 32768}, {0}}),
                      Make<int16_t>({3}, {16384, 16384, 32767}, {{1.f / 32768}, {0}})},
                     PLINTH_INT8, {{1.f / 128}, {1}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<int8_t>(), (std::vector<int8_t>{33, -31, 127}));
}

TEST(Mul, InvalidInputs) {
  ExpectFailure(RunOp("MUL", {Make<int8_t>({2}, {1, 2}), Make<int8_t>({2}, {1, 2})}, PLINTH_INT8),
                "quantization parameters");
  ExpectFailure(RunOp("MUL",
                      {Make<uint16_t>({2}, {1, 2}, {}, PLINTH_UINT16),
                       Make<uint16_t>({2}, {1, 2}, {}, PLINTH_UINT16)},
                      PLINTH_UINT16),
                "not supported");
  const QuantSpec q = {{1.f / 32768}, {0}};
  ExpectFailure(RunOp("MUL", {Make<int16_t>({2}, {1, 2}, q), Make<int16_t>({1}, {1}, q)},
                      PLINTH_INT8, {{0.01f}, {0}}),
                "does not broadcast");
}

}  // namespace
}  // namespace plinth::testing
