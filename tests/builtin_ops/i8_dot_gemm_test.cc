// The dot-product integer GEMM (SDOT on AArch64 CPUs with ASIMDDP, vpdpbusd on x86-64 CPUs with
// AVX512-VNNI; its portable statement everywhere): packing, the micro-kernels and the zero-point
// correction from row and column sums, for uint8 and int8 operands with zero points at their types'
// edges, every row count of the 4x16 tile, depths off the quad and columns off the panel, against
// an int64 reference of the reference kernels' sum of offset products wrapped to int32 (k = 70001
// at the extremes wraps).
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "builtin_ops/gemm/i8_dot_gemm.h"
#include "gtest/gtest.h"

namespace plinth::testing {
namespace {

namespace gemm = ::plinth::builtin::gemm;

// The portable statement, and the SIMD kernel when this build and CPU have one.
std::vector<std::pair<const char*, gemm::I8DotGemm>> Kernels() {
  std::vector<std::pair<const char*, gemm::I8DotGemm>> kernels = {
      {"portable", {&gemm::I8DotGemm4x16Portable, 0}}};
  if (gemm::I8DotGemm kernel = gemm::SelectI8DotGemm(gemm::ActiveIsa(), size_t{1} << 20);
      kernel.fn != nullptr) {
    kernels.push_back({gemm::IsaName(gemm::ActiveIsa()), kernel});
  }
  return kernels;
}

template <class T>
void ExpectMatchesWrappedReference(uint32_t seed) {
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  constexpr bool kUint8 = std::is_same_v<T, uint8_t>;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int32_t> value(kMin, kMax);
  for (const auto& [name, kernel] : Kernels()) {
    for (size_t n : {1, 7, 16, 19, 33}) {
      for (size_t k : {1, 3, 4, 5, 16, 27, 144, 70001}) {
        for (bool extremes : {false, true}) {
          auto draw = [&] {
            return static_cast<T>(extremes ? (rng() & 1 ? kMax : kMin) : value(rng));
          };
          // Offsets are negated zero points: the edges of the type, and one inside.
          const int32_t a_offset = extremes ? -kMin : -(kMin + kMax) / 2 + 3;
          const int32_t w_offset = extremes ? -kMax : -kMin - 1;
          std::vector<T> w(n * k), a(gemm::kI8DotMr * k);
          for (auto& v : w) v = draw();
          for (auto& v : a) v = draw();
          gemm::PackedI8Dot* packed = gemm::MakePackedI8Dot(n, k, w.data());
          const size_t kp = gemm::I8DotDepth(k);
          std::vector<int8_t> rows(gemm::kI8DotMr * kp, 0);
          int32_t row_sums[gemm::kI8DotMr] = {};
          for (size_t i = 0; i < gemm::kI8DotMr; ++i) {
            for (size_t kk = 0; kk < k; ++kk) {
              rows[i * kp + kk] = gemm::DotOperand(a[i * k + kk]);
              row_sums[i] += rows[i * kp + kk];
            }
          }
          for (size_t mr = 1; mr <= gemm::kI8DotMr; ++mr) {
            for (size_t n0 = 0; n0 < n; n0 += gemm::kI8DotNr) {
              int32_t acc[gemm::kI8DotMr * gemm::kI8DotNr];
              kernel.fn(mr, kp, rows.data(), kp, packed->weights.data() + n0 * kp, acc);
              gemm::ApplyDotOffsets(mr, k, row_sums, packed->col_sums.data() + n0,
                                    gemm::DotOffset(kUint8, a_offset),
                                    gemm::DotOffset(kUint8, w_offset), kernel.row_excess, acc);
              for (size_t i = 0; i < mr; ++i) {
                for (size_t j = 0; j < gemm::kI8DotNr && n0 + j < n; ++j) {
                  int64_t sum = 0;
                  for (size_t kk = 0; kk < k; ++kk) {
                    sum += (int64_t{a[i * k + kk]} + a_offset) *
                           (int64_t{w[(n0 + j) * k + kk]} + w_offset);
                  }
                  const int32_t wrapped = static_cast<int32_t>(static_cast<uint32_t>(sum));
                  ASSERT_EQ(acc[i * gemm::kI8DotNr + j], wrapped)
                      << name << " n=" << n << " k=" << k << " mr=" << mr << " at " << i << ","
                      << n0 + j << (extremes ? " (extremes)" : "");
                }
              }
            }
          }
          delete packed;
        }
      }
    }
  }
}

TEST(I8DotGemm, Uint8MatchesWrappedReference) { ExpectMatchesWrappedReference<uint8_t>(11); }
TEST(I8DotGemm, Int8MatchesWrappedReference) { ExpectMatchesWrappedReference<int8_t>(12); }

TEST(I8DotGemm, PackingStoresQuadsPerColumnAndColumnSums) {
  // w[j][k] = j * 10 + k for 2 columns x 5 depths (uint8: the operand is the value minus 128).
  const size_t n = 2, k = 5;
  std::vector<uint8_t> w(n * k);
  for (size_t j = 0; j < n; ++j) {
    for (size_t kk = 0; kk < k; ++kk) w[j * k + kk] = static_cast<uint8_t>(j * 10 + kk);
  }
  gemm::PackedI8Dot* p = gemm::MakePackedI8Dot(n, k, w.data());
  ASSERT_EQ(p->weights.size(), 16u * 8u);
  ASSERT_EQ(p->col_sums.size(), 16u);
  // First quad: column 0's depths 0..3, then column 1's.
  EXPECT_EQ(p->weights[0], -128);
  EXPECT_EQ(p->weights[3], 3 - 128);
  EXPECT_EQ(p->weights[4], 10 - 128);
  // Second quad: depth 4, then three zeros of padding; columns past n are all zeros.
  EXPECT_EQ(p->weights[64], 4 - 128);
  EXPECT_EQ(p->weights[65], 0);
  EXPECT_EQ(p->weights[64 + 4], 14 - 128);
  EXPECT_EQ(p->weights[8], 0);
  EXPECT_EQ(p->col_sums[0], (0 + 1 + 2 + 3 + 4) - 5 * 128);
  EXPECT_EQ(p->col_sums[1], (10 + 11 + 12 + 13 + 14) - 5 * 128);
  EXPECT_EQ(p->col_sums[2], 0);
  delete p;
}

}  // namespace
}  // namespace plinth::testing
