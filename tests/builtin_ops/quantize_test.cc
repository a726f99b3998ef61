// QUANTIZE: float32 -> int8/uint8/int16 (per tensor and per channel) and requantization between
// integer types, against round(x / scale) + zero_point and the real rescaling.
#include <algorithm>
#include <cmath>
#include <limits>

#include "tests/builtin_ops/ew_test_util.h"
#include "tests/builtin_ops/fast_path_test_util.h"

namespace plinth::testing {
namespace {

template <class T>
void CheckFloatQuantize(PlinthType type, const QuantSpec& q) {
  std::vector<float> x = RandomValues<float>(300, -400 * q.scales[0], 400 * q.scales[0], 121);
  const int32_t n = static_cast<int32_t>(x.size());
  OpResult r = RunOp("QUANTIZE", {Make<float>({n}, x)}, type, q);
  ASSERT_TRUE(r.status.ok()) << r.message();
  std::vector<T> expect;
  for (float v : x) expect.push_back(QuantizeRef<T>(v, q.scales[0], q.zero_points[0]));
  // The reference divides in double; the kernel (like TFLite) in float: at most one LSB apart.
  ExpectNearLsb(r.Values<T>(), expect, 1, TypeName(type));
}

TEST(Quantize, TiesRoundAwayFromZeroAndValuesSaturate) {
  OpResult r =
      RunOp("QUANTIZE", {Make<float>({7}, {0.125f, -0.125f, 0.375f, -0.375f, 100.f, -100.f, 0.f})},
            PLINTH_INT8, {{0.25f}, {-1}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<int8_t>(), (std::vector<int8_t>{0, -2, 1, -3, 127, -128, -1}));
}

// Edges of float for round(x / scale): halves, the last fractional floats below 2^23, integers
// past 2^24, values past int32 (INT32_MIN, as TFLite's conversion gives on x86-64), infinities
// and NaN.
std::vector<float> EdgeValues() {
  const float big = 2147483648.f, inf = std::numeric_limits<float>::infinity();
  return {0.5f,         -0.5f,         1.5f,        -1.5f,
          2.5f,         -2.5f,         0.49999997f, -0.49999997f,
          8388607.5f,   -8388607.5f,   8388606.5f,  16777217.f,
          2147483520.f, -2147483648.f, big,         -big * 2,
          -0.f,         inf,           -inf,        std::numeric_limits<float>::quiet_NaN(),
          3.4e38f,      -1e-30f};
}

// round(x / scale) with std::round's ties away from zero, exactly, at the edges of float.
TEST(Quantize, RoundingMatchesStdRoundAtTheEdges) {
  const float big = 2147483648.f;
  const std::vector<float> x = EdgeValues();
  const int32_t n = static_cast<int32_t>(x.size());
  for (const int32_t zp : {0, -5}) {
    OpResult r = RunOp("QUANTIZE", {Make<float>({n}, x)}, PLINTH_INT16, {{1.f}, {zp}});
    ASSERT_TRUE(r.status.ok()) << r.message();
    std::vector<int16_t> expect;
    for (float v : x) {
      const float rounded = std::round(v);
      const int32_t q = rounded >= -big && rounded < big ? static_cast<int32_t>(rounded)
                                                         : std::numeric_limits<int32_t>::min();
      const int64_t shifted =
          static_cast<int32_t>(static_cast<uint32_t>(q) + static_cast<uint32_t>(zp));
      expect.push_back(static_cast<int16_t>(std::clamp<int64_t>(shifted, -32768, 32767)));
    }
    EXPECT_EQ(r.Values<int16_t>(), expect) << "zero point " << zp;
  }
  // Values near the int16 range where the rounding decides the clamp.
  const std::vector<float> near = {32766.5f, -32767.5f, -32768.5f, 32767.49f, 1234.5f, -1234.5f};
  OpResult r = RunOp("QUANTIZE", {Make<float>({6}, near)}, PLINTH_INT16, {{1.f}, {0}});
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<int16_t>(), (std::vector<int16_t>{32767, -32768, -32768, 32767, 1235, -1235}));
}

// The AVX2 loop (eight values at a time) gives the scalar code's bits: halves, values whose
// division by the scale rounds, the int32 range's edges, infinities and NaN, each at every lane
// position and in the scalar tail, for every output type, at every ISA level.
TEST(Quantize, EveryIsaLevelGivesTheSameBits) {
  std::vector<float> edges = EdgeValues();
  // And halves at the edges of the 8- and 16-bit ranges, where the rounding decides the clamp.
  edges.insert(edges.end(), {127.5f, -128.5f, 255.5f, 32767.5f, -32768.5f});
  std::vector<float> x;
  for (size_t shift = 0; shift < 9; ++shift) {  // each value at every lane, then a tail of 5
    for (size_t i = 0; i < edges.size(); ++i) x.push_back(edges[(i + shift) % edges.size()]);
  }
  auto more = RandomValues<float>(203, -300.f, 300.f, 41);
  x.insert(x.end(), more.begin(), more.end());
  const int32_t n = static_cast<int32_t>(x.size());
  for (const float scale : {1.f, 0.1f, 0.3f, 3.7f}) {
    for (const auto& [type, zp] : std::vector<std::pair<PlinthType, int32_t>>{
             {PLINTH_INT8, -5}, {PLINTH_INT8, 127}, {PLINTH_UINT8, 128}, {PLINTH_INT16, 0}}) {
      std::vector<std::vector<uint8_t>> results;
      for (const char* isa : AllIsaLevels()) {
        ScopedIsa scoped(isa);
        OpResult r = RunOp("QUANTIZE", {Make<float>({n}, x)}, type, {{scale}, {zp}});
        ASSERT_TRUE(r.status.ok()) << r.message();
        results.push_back(r.bytes);
        ASSERT_EQ(results.back(), results.front())
            << "isa '" << isa << "' scale " << scale << " zero point " << zp;
      }
    }
  }
}

TEST(Quantize, FloatPerTensor) {
  CheckFloatQuantize<int8_t>(PLINTH_INT8, {{0.05f}, {0}});
  CheckFloatQuantize<int8_t>(PLINTH_INT8, {{0.3f}, {-128}});
  CheckFloatQuantize<uint8_t>(PLINTH_UINT8, {{0.02f}, {255}});
  CheckFloatQuantize<int16_t>(PLINTH_INT16, {{0.0003f}, {0}});
}

TEST(Quantize, FloatPerChannel) {
  QuantSpec q;
  q.quantized_dimension = 1;
  q.scales = {0.1f, 0.2f, 0.5f};
  q.zero_points = {0, 3, -7};
  const std::vector<float> x = {1.f, 1.f, 1.f, -2.f, -2.f, -2.f};
  OpResult r = RunOp("QUANTIZE", {Make<float>({2, 3}, x)}, PLINTH_INT8, q, {}, 1, {2, 3});
  ASSERT_TRUE(r.status.ok()) << r.message();
  EXPECT_EQ(r.Values<int8_t>(), (std::vector<int8_t>{10, 8, -5, -20, -7, -11}));
}

TEST(Quantize, Requantize) {
  // Every int8 value into uint8/int8 with ratios above and below one.
  for (auto [si, so] :
       std::vector<std::pair<float, float>>{{0.05f, 0.05f}, {0.02f, 0.07f}, {0.3f, 0.01f}}) {
    for (PlinthType out : {PLINTH_INT8, PLINTH_UINT8}) {
      const QuantSpec qi = {{si}, {-5}}, qo = {{so}, {out == PLINTH_INT8 ? 7 : 135}};
      OpResult r = RunOp("QUANTIZE", {Make<int8_t>({256}, All8<int8_t>(), qi)}, out, qo);
      ASSERT_TRUE(r.status.ok()) << r.message();
      std::vector<uint8_t> got = r.bytes, expect;
      for (int8_t v : All8<int8_t>()) {
        const double real = DequantizeRef(v, si, -5);
        if (out == PLINTH_INT8) {
          expect.push_back(static_cast<uint8_t>(QuantizeRef<int8_t>(real, so, 7)));
        } else {
          expect.push_back(QuantizeRef<uint8_t>(real, so, 135));
        }
      }
      if (out == PLINTH_INT8) {
        ExpectNearLsb(std::vector<int8_t>(got.begin(), got.end()),
                      std::vector<int8_t>(expect.begin(), expect.end()), 1);
      } else {
        ExpectNearLsb(got, expect, 1);
      }
    }
  }
  // int16 -> int32 and int32 -> int16.
  OpResult w = RunOp("QUANTIZE", {Make<int16_t>({3}, {-32768, 7, 32767}, {{0.5f}, {0}})},
                     PLINTH_INT32, {{0.125f}, {10}});
  ASSERT_TRUE(w.status.ok()) << w.message();
  EXPECT_EQ(w.Values<int32_t>(), (std::vector<int32_t>{-131062, 38, 131078}));
  OpResult n = RunOp("QUANTIZE", {Make<int32_t>({3}, {-1000000, 3, 1000000}, {{0.001f}, {0}})},
                     PLINTH_INT16, {{0.1f}, {0}});
  ASSERT_TRUE(n.status.ok()) << n.message();
  EXPECT_EQ(n.Values<int16_t>(), (std::vector<int16_t>{-10000, 0, 10000}));
}

TEST(Quantize, InvalidInputs) {
  ExpectFailure(RunOp("QUANTIZE", {Make<float>({1}, {1.f})}, PLINTH_INT8),
                "quantization parameters");
  ExpectFailure(RunOp("QUANTIZE", {Make<float>({1}, {1.f})}, PLINTH_INT32, {{0.1f}, {0}}),
                "unsupported type");
  ExpectFailure(
      RunOp("QUANTIZE", {Make<uint8_t>({1}, {1}, {{0.1f}, {0}})}, PLINTH_INT16, {{0.1f}, {0}}),
      "not supported");
  ExpectFailure(
      RunOp("QUANTIZE", {Make<int16_t>({1}, {1}, {{0.1f}, {3}})}, PLINTH_INT16, {{0.1f}, {0}}),
      "zero point 0");
  QuantSpec bad;
  bad.quantized_dimension = 1;
  bad.scales = {0.1f, 0.2f};
  bad.zero_points = {0, 0};
  ExpectFailure(RunOp("QUANTIZE", {Make<float>({2, 3}, std::vector<float>(6))}, PLINTH_INT8, bad,
                      {}, 1, {2, 3}),
                "per-channel scales");
}

}  // namespace
}  // namespace plinth::testing
