// The float BATCH_MATMUL fast path (the packed GEMM) must give the reference kernel's bits: each
// case runs with the reference kernels (PLINTH_BUILTIN_ISA=reference), the portable fast path and
// the best ISA, on 1 and 2 threads, with a constant rhs (packed once per model) and a
// non-constant one (packed per invoke), and every output bit pattern must be the reference's.
// Rows and columns off the micro-kernel tiles, adj_x / adj_y, broadcast batch dimensions, a single
// row, infinities and NaN. (The reference kernel is checked against a slow reference by
// batch_matmul_test.cc.)
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

struct Case {
  std::vector<int32_t> lhs, rhs;
  bool adj_x, adj_y;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> c = {
      {{5, 7}, {7, 3}, false, false},
      {{1, 33}, {33, 40}, false, false},                 // one row (the 1-row kernel)
      {{4, 13, 37}, {37, 17}, false, false},             // rhs broadcast over the batch
      {{2, 1, 19, 5}, {1, 3, 33, 19}, true, true},       // both broadcast, both adjoint
      {{2, 1, 2, 7, 4}, {1, 2, 1, 50, 4}, false, true},  // rank 5
      {{3, 31, 6}, {3, 31, 16}, true, false},
      {{64, 64}, {64, 64}, false, false},
      {{2, 25, 130}, {2, 130, 9}, false, false},
      {{1, 1}, {1, 1}, false, false},
      {{0, 3, 2}, {2, 4}, false, false},     // no batches
      {{0, 3, 2}, {0, 2, 4}, false, false},  // no batches, nothing to pack
  };
  return c;
}

void ExpectAllLevelsEqual(const Case& c, bool constant_rhs, bool special, uint32_t seed) {
  auto lhs = RandomValues<float>(NumElementsOf(c.lhs), -2, 2, seed);
  auto rhs = RandomValues<float>(NumElementsOf(c.rhs), -2, 2, seed + 1);
  if (special) {
    lhs[0] = std::numeric_limits<float>::infinity();
    rhs[rhs.size() / 2] = std::numeric_limits<float>::quiet_NaN();
    lhs[lhs.size() / 2] = -0.f;
  }
  std::vector<uint32_t> first;
  std::vector<float> reference;
  // The last level allows fused multiply-adds: other rounding, compared within a tolerance.
  for (const char* isa : {"reference", "portable", "", "fma"}) {
    const bool fma = std::string(isa) == "fma";
    for (int threads : {1, 2}) {
      ScopedIsa scoped(fma ? "" : isa);
      ScopedFma scoped_fma(fma);
      OpTest t;
      int a = t.Input<float>(c.lhs, lhs);
      int b = constant_rhs ? t.Const<float>(c.rhs, rhs) : t.Input<float>(c.rhs, rhs);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("BATCH_MATMUL", {a, b}, {y}, {{"adj_x", c.adj_x}, {"adj_y", c.adj_y}});
      InterpreterOptions io;
      io.num_threads = threads;
      const absl::Status status = t.Run(io);
      ASSERT_TRUE(status.ok()) << status.message();
      if (fma) {
        // Products of values within 2 summed over at most 130 terms: a different rounding of
        // each step moves a sum by far less than 1e-4 (relative to max(1, |sum|)).
        if (!special) ExpectClose(t.Values<float>(y), reference, 1e-4);
        continue;
      }
      const std::vector<uint32_t> bits = Bits(t.Values<float>(y));
      if (first.empty()) first = bits, reference = t.Values<float>(y);
      ASSERT_EQ(bits, first) << "isa '" << isa << "' threads " << threads << " constant rhs "
                             << constant_rhs << " differs from the reference, seed " << seed;
    }
  }
}

TEST(BatchMatMulFast, FloatGivesTheReferenceBitsUnderEveryIsa) {
  uint32_t seed = 2000;
  for (const Case& c : Cases()) {
    for (bool constant_rhs : {true, false}) {
      ExpectAllLevelsEqual(c, constant_rhs, /*special=*/false, seed += 2);
    }
  }
  ExpectAllLevelsEqual(Cases()[2], true, /*special=*/true, seed += 2);
  ExpectAllLevelsEqual(Cases()[3], false, /*special=*/true, seed += 2);
}

}  // namespace
}  // namespace plinth::testing
