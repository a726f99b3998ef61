// The float GEMM behind CONV_2D and FULLY_CONNECTED: every micro-kernel of every ISA this build and
// CPU have, at every row count of its tile and at column and depth edges (N and K not multiples of
// the tile, K = 0 and 1, N = 1), in its three initial modes (bias, zero, accumulate) with and
// without a clamp; the blocked Sgemm; the PLINTH_BUILTIN_ISA switch; and CONV_2D / FULLY_CONNECTED
// at GEMM edge shapes under each ISA level and thread count, against double references and
// bit-identical to the reference kernels.
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "builtin_ops/gemm/f32_gemm.h"
#include "builtin_ops/gemm/isa.h"
#include "builtin_ops/gemm/sgemm.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

namespace gemm = ::plinth::builtin::gemm;

bool CpuHasAvx2Fma() {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

// NEON builds (AArch64, ARMv7 with NEON) check HWCAP; the tests run where the kernels run.
bool CpuHasNeon() {
#if defined(PLINTH_HAVE_NEON_KERNELS)
  return true;
#else
  return false;
#endif
}

// A kernel set this build has and this CPU runs: the ISA and the PLINTH_BUILTIN_ISA value that
// selects it ("avx2" keeps an AVX-512 CPU on the AVX2 kernels).
struct KernelLevel {
  gemm::Isa isa;
  const char* forced;
};
std::vector<KernelLevel> KernelIsas() {
  std::vector<KernelLevel> levels = {{gemm::Isa::kPortable, ""}};
  if (CpuHasAvx2Fma()) {
    levels.push_back({gemm::Isa::kAvx2Fma, "avx2"});
    ScopedIsa best("");
    if (gemm::CpuHasAvx512Vnni()) levels.push_back({gemm::Isa::kAvx2Fma, ""});
  }
  if (CpuHasNeon()) levels.push_back({gemm::Isa::kNeon, ""});
  return levels;
}

// Float sums in any order stay within this of the exact sum of |terms|.
double Tolerance(double abs_sum, size_t terms) {
  return 4.0 * static_cast<double>(terms + 2) * 6e-8 * (abs_sum + 1.0);
}

TEST(F32GemmMicroKernel, EveryTileAndEdgeMatchesReference) {
  for (const KernelLevel& level : KernelIsas()) {
    const gemm::Isa isa = level.isa;
    ScopedIsa forced(level.forced);
    for (bool fused : {false, true}) {
      const gemm::F32Gemm kernel = gemm::SelectF32Gemm(isa, fused);
      const size_t nr = kernel.nr;
      struct Fn {
        gemm::F32GemmFn fn;
        size_t max_rows;
        const char* name;
      };
      // The contract is mr <= MR: the tile's rows for fn, one row for rows1 (as the driver calls).
      for (const Fn& f : {Fn{kernel.fn, kernel.mr, "fn"}, Fn{kernel.rows1, 1, "rows1"}}) {
        for (size_t mr = 1; mr <= f.max_rows; ++mr) {
          for (size_t nc :
               {size_t{1}, size_t{3}, size_t{8}, nr - 1, nr, nr + 1, nr + 8, 2 * nr, 2 * nr + 5}) {
            for (size_t kc : {0, 1, 2, 3, 4, 5, 8, 13}) {
              for (int mode = 0; mode < 3; ++mode) {  // bias, zero, accumulate
                for (bool clamp : {false, true}) {
                  const std::string what =
                      std::string(gemm::IsaName(isa)) + " mr " + std::to_string(kernel.mr) +
                      (fused ? " fused " : " exact ") + f.name + " mr=" + std::to_string(mr) +
                      " nc=" + std::to_string(nc) + " kc=" + std::to_string(kc) +
                      " mode=" + std::to_string(mode) + (clamp ? " clamp" : "");
                  const uint32_t seed = static_cast<uint32_t>(mr * 1000 + nc * 50 + kc * 3 + mode);
                  const size_t a_stride = kc + 3, c_stride = nc + 2;
                  auto a = RandomValues<float>(mr * a_stride, -2, 2, seed);
                  auto w = RandomValues<float>(nc * kc, -1, 1, seed + 1);  // [n][k]
                  auto bias = RandomValues<float>(nc, -1, 1, seed + 2);
                  auto c0 = RandomValues<float>(mr * c_stride, -1, 1, seed + 3);
                  std::vector<float> packed(gemm::PackedF32Size(nc, kc, nr) + 1, 7.f);
                  gemm::PackF32NK(nc, kc, nr, w.data(), kc, packed.data());
                  std::vector<float> packed_bias((nc + nr - 1) / nr * nr);
                  gemm::PackF32Bias(nc, nr, bias.data(), packed_bias.data());
                  gemm::F32GemmArgs args;
                  args.bias = mode == 0 ? packed_bias.data() : nullptr;
                  args.accumulate = mode == 2;
                  if (clamp) {
                    args.min = -0.5f;
                    args.max = 0.7f;
                  }
                  std::vector<float> c = c0;
                  f.fn(mr, nc, kc, a.data(), a_stride, packed.data(), c.data(), c_stride, args);
                  for (size_t i = 0; i < mr; ++i) {
                    for (size_t j = 0; j < c_stride; ++j) {
                      const size_t at = i * c_stride + j;
                      if (j >= nc) {  // past the columns: untouched
                        ASSERT_EQ(c[at], c0[at]) << what << " wrote past column " << j;
                        continue;
                      }
                      double init = mode == 0 ? bias[j] : mode == 2 ? c0[at] : 0.0;
                      double sum = init, abs_sum = std::abs(init);
                      for (size_t k = 0; k < kc; ++k) {
                        const double term = double{a[i * a_stride + k]} * w[j * kc + k];
                        sum += term;
                        abs_sum += std::abs(term);
                      }
                      if (clamp) sum = std::min(std::max(sum, -0.5), 0.7);
                      ASSERT_NEAR(c[at], sum, Tolerance(abs_sum, kc))
                          << what << " at " << i << "," << j;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

TEST(F32GemmMicroKernel, PackingPadsPanelsWithZeros) {
  const std::vector<float> w = {1, 2, 3, 4, 5, 6};  // n = 3 rows of k = 2
  std::vector<float> packed(gemm::PackedF32Size(3, 2, 4), -1.f);
  ASSERT_EQ(packed.size(), 8u);
  gemm::PackF32NK(3, 2, 4, w.data(), 2, packed.data());
  EXPECT_EQ(packed, (std::vector<float>{1, 3, 5, 0, 2, 4, 6, 0}));
  const std::vector<float> b = {1, 2, 3, 4, 5, 6};  // k = 2 rows of n = 3
  gemm::PackF32KN(3, 2, 4, b.data(), 3, packed.data());
  EXPECT_EQ(packed, (std::vector<float>{1, 2, 3, 0, 4, 5, 6, 0}));
  std::vector<float> bias(4, -1.f);
  gemm::PackF32Bias(3, 4, w.data(), bias.data());
  EXPECT_EQ(bias, (std::vector<float>{1, 2, 3, 0}));
}

// Sizes across the cache blocks (k over 256, m over 144, n over 4080), below one tile and with a
// lone last row (the single-row kernel); rows of A 2 or 4 KiB apart (lda 512, 1024), whose tiles
// are copied together first where a block has 8 panels or more.
TEST(Sgemm, MatchesReferenceAcrossBlocks) {
  struct Size {
    size_t m, n, k, lda = 0;  // lda 0: k + 1
  };
  const std::vector<Size> sizes = {
      {1, 1, 1},    {1, 1, 300},          {7, 1, 5},           {6, 16, 1},        {13, 17, 9},
      {5, 300, 37}, {13, 270, 520},       {64, 64, 64},        {151, 33, 300},    {49, 70, 260},
      {7, 4100, 3}, {49, 300, 600, 1024}, {20, 128, 300, 512}, {11, 127, 40, 512}};
  for (const KernelLevel& level : KernelIsas()) {
    const gemm::Isa isa = level.isa;
    ScopedIsa forced(level.forced);
    const gemm::F32Gemm kernel = gemm::SelectF32Gemm(isa);
    std::vector<float> workspace(gemm::SgemmWorkspaceSize(kernel));
    for (const Size& s : sizes) {
      const size_t lda = s.lda != 0 ? s.lda : s.k + 1, ldb = s.n + 2, ldc = s.n + 3;
      auto a = RandomValues<float>(s.m * lda, -1, 1, 11);
      auto b = RandomValues<float>(s.k * ldb, -1, 1, 12);
      std::vector<float> c(s.m * ldc, 5.f);
      gemm::Sgemm(kernel, s.m, s.n, s.k, a.data(), lda, b.data(), ldb, c.data(), ldc,
                  workspace.data());
      for (size_t i = 0; i < s.m; ++i) {
        for (size_t j = 0; j < ldc; ++j) {
          if (j >= s.n) {
            ASSERT_EQ(c[i * ldc + j], 5.f);
            continue;
          }
          double sum = 0, abs_sum = 0;
          for (size_t k = 0; k < s.k; ++k) {
            const double term = double{a[i * lda + k]} * b[k * ldb + j];
            sum += term;
            abs_sum += std::abs(term);
          }
          ASSERT_NEAR(c[i * ldc + j], sum, Tolerance(abs_sum, s.k))
              << gemm::IsaName(isa) << " " << s.m << "x" << s.n << "x" << s.k << " at " << i << ","
              << j;
        }
      }
    }
  }
}

TEST(Isa, EnvironmentForcesALowerLevel) {
  {
    ScopedIsa isa("reference");
    EXPECT_EQ(gemm::ActiveIsa(), gemm::Isa::kReference);
  }
  {
    ScopedIsa isa("portable");
    EXPECT_EQ(gemm::ActiveIsa(), gemm::Isa::kPortable);
  }
  {
    ScopedIsa isa("");
    if (CpuHasNeon()) {
      EXPECT_TRUE(gemm::IsNeon(gemm::ActiveIsa())) << gemm::IsaName(gemm::ActiveIsa());
    } else {
      EXPECT_EQ(gemm::ActiveIsa(), CpuHasAvx2Fma() ? gemm::Isa::kAvx2Fma : gemm::Isa::kPortable);
    }
  }
  if (CpuHasNeon()) {
    ScopedIsa isa("neon");
    EXPECT_EQ(gemm::ActiveIsa(), gemm::Isa::kNeon);
  }
  EXPECT_STREQ(gemm::IsaName(gemm::Isa::kAvx2Fma), "avx2+fma");
  EXPECT_STREQ(gemm::IsaName(gemm::Isa::kNeon), "neon");
  EXPECT_STREQ(gemm::IsaName(gemm::Isa::kNeonDot), "neon+dotprod");
}

// ---- through the ops ---------------------------------------------------------------------------

// Every ISA level the environment can select ("" = the best), on one and two threads.
// fma: PLINTH_BUILTIN_FMA=1 (fused multiply-adds: within tolerance, not bit-identical).
struct Level {
  std::string isa;
  int threads;
  bool fma = false;
};
std::vector<Level> Levels() {
  std::vector<Level> levels;
  for (const char* isa : {"reference", "portable", ""}) {
    for (int threads : {1, 2}) levels.push_back({isa, threads});
  }
  if (CpuHasNeon()) levels.push_back({"neon", 1});  // without the dot-product kernels
  levels.push_back({"", 1, true});
  levels.push_back({"", 2, true});
  return levels;
}

TEST(GemmPaths, Conv2DEdgeShapesMatchUnderEveryIsa) {
  struct Case {
    std::vector<int32_t> input, filter;
    bool same;
    int32_t stride;
  };
  const std::vector<Case> cases = {
      {{1, 5, 7, 19}, {21, 1, 1, 19}, true, 1},   // 1x1 in place: M = 35, N = 21
      {{2, 9, 11, 5}, {17, 3, 3, 5}, true, 2},    // 3x3 stride 2 through the row buffers
      {{1, 4, 5, 1}, {1, 1, 1, 1}, false, 1},     // K = 1, N = 1
      {{1, 3, 3, 40}, {33, 3, 3, 40}, false, 1},  // one output pixel (the one-row kernel)
      {{1, 6, 6, 3}, {16, 2, 2, 3}, true, 3},     // N a whole panel, SAME padding at the edge
  };
  uint32_t seed = 100;
  for (const Case& c : cases) {
    auto x = RandomValues<float>(NumElementsOf(c.input), -2, 2, seed++);
    auto w = RandomValues<float>(NumElementsOf(c.filter), -1, 1, seed++);
    auto bias = RandomValues<float>(c.filter[0], -1, 1, seed++);
    std::vector<int32_t> shape;
    auto ref = RefConv2D<double>(Centered<double>(x), c.input, Centered<double>(w), c.filter,
                                 {c.same, c.stride, c.stride, 1, 1}, &shape);
    for (size_t i = 0; i < ref.size(); ++i)
      ref[i] = RefClamp(ref[i] + bias[i % c.filter[0]], "RELU6");
    std::vector<std::vector<float>> results;
    for (const Level& level : Levels()) {
      ScopedIsa isa(level.isa.c_str());
      ScopedFma fma(level.fma);
      OpTest t;
      int in = t.Input<float>(c.input, x);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("CONV_2D", {in, t.Const<float>(c.filter, w), t.Const<float>({c.filter[0]}, bias)}, {y},
           {{"padding", c.same ? "SAME" : "VALID"},
            {"stride_h", c.stride},
            {"stride_w", c.stride},
            {"fused_activation_function", "RELU6"}});
      InterpreterOptions options;
      options.num_threads = level.threads;
      ASSERT_TRUE(t.Run(options).ok()) << t.Run(options).message();
      EXPECT_EQ(t.Shape(y), shape);
      ExpectNear(t.Values<float>(y), ref, 1e-5,
                 "isa '" + level.isa + "' threads " + std::to_string(level.threads));
      // The fast paths round exactly as the reference kernel: identical bits.
      if (level.fma) continue;
      results.push_back(t.Values<float>(y));
      EXPECT_EQ(results.back(), results.front()) << "isa '" << level.isa << "'";
    }
  }
}

TEST(GemmPaths, FullyConnectedEdgeShapesMatchUnderEveryIsa) {
  struct Case {
    int32_t batches, units, depth;
  };
  const std::vector<Case> cases = {{1, 37, 100}, {7, 33, 257}, {5, 1, 9}, {3, 18, 1}, {13, 16, 16}};
  uint32_t seed = 200;
  for (const Case& c : cases) {
    auto x = RandomValues<float>(static_cast<size_t>(c.batches) * c.depth, -2, 2, seed++);
    auto w = RandomValues<float>(static_cast<size_t>(c.units) * c.depth, -1, 1, seed++);
    auto bias = RandomValues<float>(c.units, -1, 1, seed++);
    std::vector<double> ref(static_cast<size_t>(c.batches) * c.units);
    for (int32_t b = 0; b < c.batches; ++b) {
      for (int32_t u = 0; u < c.units; ++u) {
        double acc = bias[u];
        for (int32_t k = 0; k < c.depth; ++k) {
          acc += double{x[b * c.depth + k]} * w[u * c.depth + k];
        }
        ref[b * c.units + u] = RefClamp(acc, "RELU_N1_TO_1");
      }
    }
    std::vector<std::vector<float>> results;
    for (const Level& level : Levels()) {
      ScopedIsa isa(level.isa.c_str());
      ScopedFma fma(level.fma);
      OpTest t;
      int in = t.Input<float>({c.batches, c.depth}, x);
      int y = t.Output(PLINTH_FLOAT32);
      t.Op("FULLY_CONNECTED",
           {in, t.Const<float>({c.units, c.depth}, w), t.Const<float>({c.units}, bias)}, {y},
           {{"fused_activation_function", "RELU_N1_TO_1"}});
      InterpreterOptions options;
      options.num_threads = level.threads;
      ASSERT_TRUE(t.Run(options).ok()) << t.Run(options).message();
      ExpectNear(t.Values<float>(y), ref, 1e-5,
                 "isa '" + level.isa + "' threads " + std::to_string(level.threads));
      if (level.fma) continue;
      results.push_back(t.Values<float>(y));
      EXPECT_EQ(results.back(), results.front()) << "isa '" << level.isa << "'";
    }
  }
}

}  // namespace
}  // namespace plinth::testing
