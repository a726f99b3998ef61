// The element-wise fast paths (binary_f32_fast, quantized_binary_fast): float ADD, SUB, MUL, DIV,
// SQUARED_DIFFERENCE, MAXIMUM, MINIMUM and 8-bit quantized ADD, SUB, MUL, run with the reference
// kernels, the portable and the best ISA's kernels on 1 and 2 threads. Shapes cover every plan
// (same shape, scalar either side, [..., C] op [C] either side) and a broadcast the fast paths
// leave to the generic loop, sizes off the vector width and over one thread tile. Float outputs
// must have the reference's bits (NaN, infinities, -0 included) and also equal a direct
// computation in the test; quantized outputs must be identical to the reference kernels'.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

struct Shapes {
  std::vector<int32_t> a, b;
};

const std::vector<Shapes>& ShapeCases() {
  static const std::vector<Shapes> c = {
      {{2, 5, 7, 19}, {2, 5, 7, 19}},  // same shape
      {{1}, {3, 4, 37}},               // scalar a
      {{3, 4, 37}, {}},                // scalar b (rank 0)
      {{2, 3, 5, 13}, {13}},           // inner-dims broadcast
      {{1, 1, 24}, {2, 4, 4, 24}},     // reversed, with leading 1s
      {{4, 5, 6}, {5, 6}},             // two trailing dims
      {{4, 1, 3}, {1, 5, 1}},          // general broadcast: generic loop
      {{3}, {3}},                      // below one vector
      {{1}, {1}},
      {{2, 16411}, {2, 16411}},  // more than two thread tiles, odd tail
      {{5, 7000}, {7000}},       // runs crossing tile boundaries
      {{0, 3}, {3}},             // empty
  };
  return c;
}

// Random values with the IEEE specials mixed in.
std::vector<float> FloatValues(size_t n, uint32_t seed) {
  std::vector<float> v = RandomValues<float>(n, -8.0, 8.0, seed);
  const float specials[] = {0.f,
                            -0.f,
                            1.f,
                            -1.f,
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::max(),
                            -std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::denorm_min(),
                            6.f,
                            0.5f};
  for (size_t i = 0; i < n; i += 7) v[i] = specials[(i / 7 + seed) % 12];
  return v;
}

float Direct(const std::string& op, float a, float b, float lo, float hi) {
  float v = 0;
  if (op == "ADD") v = a + b;
  if (op == "SUB") v = a - b;
  if (op == "MUL") v = a * b;
  if (op == "DIV") v = a / b;
  if (op == "SQUARED_DIFFERENCE") v = (a - b) * (a - b);
  if (op == "MAXIMUM") return a > b ? a : b;
  if (op == "MINIMUM") return a < b ? a : b;
  if (op == "SQUARED_DIFFERENCE") return v;
  return std::min(std::max(v, lo), hi);
}

TEST(ElementwiseFast, FloatBinaryMatchesReferenceBits) {
  struct Act {
    const char* name;
    float lo, hi;
  };
  const Act acts[] = {
      {"NONE", std::numeric_limits<float>::lowest(), std::numeric_limits<float>::max()},
      {"RELU", 0.f, std::numeric_limits<float>::max()},
      {"RELU6", 0.f, 6.f},
      {"RELU_N1_TO_1", -1.f, 1.f}};
  uint32_t seed = 10;
  for (const std::string op :
       {"ADD", "SUB", "MUL", "DIV", "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM"}) {
    const bool fused = op == "ADD" || op == "SUB" || op == "MUL" || op == "DIV";
    for (const Shapes& s : ShapeCases()) {
      for (const Act& act : acts) {
        if (!fused && std::string(act.name) != "NONE") continue;
        const std::vector<float> a = FloatValues(NumElementsOf(s.a), ++seed);
        const std::vector<float> b = FloatValues(NumElementsOf(s.b), ++seed);
        auto results = RunAtEveryLevel<float>([&](OpTest& t) {
          const int x = t.Input<float>(s.a, a), y = t.Input<float>(s.b, b);
          const int z = t.Output(PLINTH_FLOAT32);
          Options options;
          if (fused) options.push_back({"fused_activation_function", act.name});
          t.Op(op, {x, y}, {z}, options);
          return z;
        });
        ASSERT_EQ(results.size(), 2 * AllIsaLevels().size());
        std::vector<int32_t> out_shape;
        const std::vector<float> expected = ReferenceBroadcast<float>(
            a, s.a, b, s.b, &out_shape,
            [&](float u, float v) { return Direct(op, u, v, act.lo, act.hi); });
        std::string where;
        for (size_t i = 0; i < results.size(); ++i) {
          ASSERT_TRUE(SameFloatBits(results[i], expected, &where))
              << op << " " << act.name << " run " << i << " shapes "
              << ::testing::PrintToString(s.a) << " " << ::testing::PrintToString(s.b) << ": "
              << where;
        }
      }
    }
  }
}

template <class T>
void ExpectQuantizedLevelsEqual(const std::string& op, PlinthType type, const Shapes& s,
                                QuantSpec qa, QuantSpec qb, QuantSpec qo, const char* act,
                                uint32_t seed) {
  const double lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  std::vector<T> a = RandomValues<T>(NumElementsOf(s.a), lo, hi, seed);
  std::vector<T> b = RandomValues<T>(NumElementsOf(s.b), lo, hi, seed + 1);
  if (!a.empty()) a[0] = static_cast<T>(lo);
  if (!b.empty()) b[b.size() - 1] = static_cast<T>(hi);
  auto results = RunAtEveryLevel<T>([&](OpTest& t) {
    const int x = t.Input<T>(s.a, a, qa), y = t.Input<T>(s.b, b, qb);
    const int z = t.Output(type, {}, qo);
    t.Op(op, {x, y}, {z}, {{"fused_activation_function", act}});
    return z;
  });
  ASSERT_EQ(results.size(), 2 * AllIsaLevels().size());
  for (size_t i = 1; i < results.size(); ++i) {
    ASSERT_EQ(results[i], results[0]) << op << " " << TypeName(type) << " " << act << " run " << i
                                      << " shapes " << ::testing::PrintToString(s.a) << " "
                                      << ::testing::PrintToString(s.b) << " seed " << seed;
  }
}

QuantSpec Q(float scale, int64_t zero_point) { return {{scale}, {zero_point}, 0}; }

template <class T>
void QuantizedSweep(PlinthType type) {
  const int64_t zmin = std::numeric_limits<T>::min(), zmax = std::numeric_limits<T>::max();
  struct Scales {
    QuantSpec a, b, out;
  };
  // Zero points at the range edges and in between; input scales equal and unequal; output scales
  // giving MUL multipliers below and above one, saturated outputs.
  const std::vector<Scales> scales = {
      {Q(0.05f, zmin), Q(0.05f, zmax), Q(0.1f, (zmin + zmax) / 2)},
      {Q(0.02f, 3), Q(0.3f, zmin + 7), Q(0.07f, zmax)},
      {Q(1.5f, zmax - 1), Q(0.004f, 0), Q(0.0003f, zmin)},
      {Q(0.01f, 0), Q(0.01f, 0), Q(2.f, 0)},
  };
  uint32_t seed = 900;
  for (const char* op : {"ADD", "SUB", "MUL"}) {
    for (const Shapes& s : ShapeCases()) {
      for (const Scales& q : scales) {
        for (const char* act : {"NONE", "RELU", "RELU6"}) {
          ExpectQuantizedLevelsEqual<T>(op, type, s, q.a, q.b, q.out, act, seed += 2);
        }
      }
    }
  }
}

// Every pair of 8-bit values (all the inputs ADD/SUB can see), for scale ratios that use the
// multipliers' low bits: the AVX2 kernel rescales inputs with split 32-bit multiplies.
template <class T>
void EveryPairSweep(PlinthType type) {
  const int64_t zmin = std::numeric_limits<T>::min(), zmax = std::numeric_limits<T>::max();
  std::vector<T> a, b;
  for (int64_t u = zmin; u <= zmax; ++u) {
    for (int64_t v = zmin; v <= zmax; ++v) {
      a.push_back(static_cast<T>(u));
      b.push_back(static_cast<T>(v));
    }
  }
  const std::vector<int32_t> shape = {static_cast<int32_t>(a.size())};
  struct Scales {
    QuantSpec a, b, out;
  };
  const std::vector<Scales> scales = {
      {Q(0.0371f, zmin + 3), Q(0.0529f, zmax - 11), Q(0.0813f, (zmin + zmax) / 2)},
      {Q(0.1093f, 5), Q(0.00731f, zmin + 40), Q(0.1177f, zmax - 20)},
      {Q(0.5123f, zmax), Q(0.4891f, zmin), Q(0.9871f, 1)},
  };
  for (const char* op : {"ADD", "SUB"}) {
    for (const Scales& q : scales) {
      auto results = RunAtEveryLevel<T>([&](OpTest& t) {
        const int x = t.Input<T>(shape, a, q.a), y = t.Input<T>(shape, b, q.b);
        const int z = t.Output(type, {}, q.out);
        t.Op(op, {x, y}, {z});
        return z;
      });
      ASSERT_EQ(results.size(), 2 * AllIsaLevels().size());
      for (size_t i = 1; i < results.size(); ++i) {
        ASSERT_EQ(results[i], results[0]) << op << " " << TypeName(type) << " run " << i;
      }
    }
  }
}

TEST(ElementwiseFast, AddSubEveryPairOfValuesBitExactUnderEveryIsa) {
  EveryPairSweep<int8_t>(PLINTH_INT8);
  EveryPairSweep<uint8_t>(PLINTH_UINT8);
}

TEST(ElementwiseFast, Int8AddSubMulBitExactUnderEveryIsa) { QuantizedSweep<int8_t>(PLINTH_INT8); }

TEST(ElementwiseFast, Uint8AddSubMulBitExactUnderEveryIsa) {
  QuantizedSweep<uint8_t>(PLINTH_UINT8);
}

}  // namespace
}  // namespace plinth::testing
