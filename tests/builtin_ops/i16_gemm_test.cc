// The integer GEMM micro-kernels of the quantized convolutions: every ISA this build and CPU have,
// every row count of the 4x16 tile, depths off the pair (odd k, k = 1) and columns off the panel,
// operands at the +-255 extremes, against an int64 reference wrapped to int32 (the reference
// kernels' two's complement sums).
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/requant_s8.h"
#include "builtin_ops/nn/nn_integer.h"
#include "gtest/gtest.h"

namespace plinth::testing {
namespace {

namespace gemm = ::plinth::builtin::gemm;
namespace nn = ::plinth::builtin::nn;

// The build's SIMD level when this CPU runs it (AVX2 on x86-64, NEON on ARM), else kPortable.
gemm::Isa VectorIsa() {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (__builtin_cpu_supports("avx2")) return gemm::Isa::kAvx2Fma;
#elif defined(PLINTH_HAVE_NEON_KERNELS)
  return gemm::Isa::kNeon;
#endif
  return gemm::Isa::kPortable;
}

std::vector<gemm::Isa> Isas() {
  std::vector<gemm::Isa> isas = {gemm::Isa::kPortable};
  if (VectorIsa() != gemm::Isa::kPortable) isas.push_back(VectorIsa());
  return isas;
}

TEST(I16GemmMicroKernel, EveryRowCountAndDepthMatchesWrappedReference) {
  std::mt19937 rng(5);
  for (gemm::Isa isa : Isas()) {
    const gemm::I16GemmFn fn = gemm::SelectI16Gemm(isa);
    for (size_t n : {1, 7, 16, 19, 33}) {
      for (size_t k : {1, 2, 3, 8, 27, 144, 70001}) {
        for (bool extremes : {false, true}) {
          std::uniform_int_distribution<int> value(-255, 255);
          auto draw = [&] { return extremes ? (rng() & 1 ? 255 : -255) : value(rng); };
          // An [n][k] int8 filter packed with an offset, as CONV_2D packs its weights.
          std::vector<int8_t> w8(n * k);
          for (auto& v : w8) v = static_cast<int8_t>(draw() / 2);
          const int32_t w_offset = extremes ? 127 : 3;
          std::vector<int16_t> packed(gemm::PackedI16Size(n, k), 99);
          gemm::PackI16(n, k, w8.data(), w_offset, packed.data());
          const size_t kp = gemm::I16Depth(k);
          std::vector<int16_t> a(gemm::kI16Mr * kp, 0);
          for (size_t i = 0; i < gemm::kI16Mr; ++i) {
            for (size_t kk = 0; kk < k; ++kk) a[i * kp + kk] = static_cast<int16_t>(draw());
          }
          for (size_t mr = 1; mr <= gemm::kI16Mr; ++mr) {
            for (size_t n0 = 0; n0 < n; n0 += gemm::kI16Nr) {
              int32_t acc[gemm::kI16Mr * gemm::kI16Nr];
              fn(mr, kp, a.data(), kp, packed.data() + n0 * kp, acc);
              for (size_t i = 0; i < mr; ++i) {
                for (size_t j = 0; j < gemm::kI16Nr && n0 + j < n; ++j) {
                  int64_t sum = 0;
                  for (size_t kk = 0; kk < k; ++kk) {
                    sum += int64_t{a[i * kp + kk]} * (w8[(n0 + j) * k + kk] + w_offset);
                  }
                  const int32_t wrapped = static_cast<int32_t>(static_cast<uint32_t>(sum));
                  ASSERT_EQ(acc[i * gemm::kI16Nr + j], wrapped)
                      << gemm::IsaName(isa) << " n=" << n << " k=" << k << " mr=" << mr << " at "
                      << i << "," << n0 + j;
                }
              }
            }
          }
        }
      }
    }
  }
}

TEST(I16GemmMicroKernel, PackingInterleavesPairsAndPadsWithZeros) {
  const std::vector<uint8_t> w = {10, 11, 12, 20, 21, 22};  // n = 2 rows of k = 3
  std::vector<int16_t> packed(gemm::PackedI16Size(2, 3), 7);
  ASSERT_EQ(packed.size(), 16u * 4);
  gemm::PackI16(2, 3, w.data(), -10, packed.data());
  // Pair 0: (col 0: 0, 1), (col 1: 10, 11), zeros; pair 1: (col 0: 2, pad 0), (col 1: 12, 0).
  EXPECT_EQ(packed[0], 0);
  EXPECT_EQ(packed[1], 1);
  EXPECT_EQ(packed[2], 10);
  EXPECT_EQ(packed[3], 11);
  EXPECT_EQ(packed[4], 0);
  EXPECT_EQ(packed[32], 2);
  EXPECT_EQ(packed[33], 0);
  EXPECT_EQ(packed[34], 12);
  EXPECT_EQ(packed[35], 0);
  for (size_t i = 36; i < packed.size(); ++i) EXPECT_EQ(packed[i], 0) << i;
}

// The vectorized int8 requantization (AVX2 or NEON) against nn::Requantize<int8_t> (the reference
// kernels' code): accumulators at the int32 extremes (the bias add and left shift wrap),
// multipliers from QuantizeMultiplier over 1e-9..1e4 (right shifts up to 31, left shifts up to 14),
// zero points at both ends, every clamp.
TEST(RequantS8, VectorPathMatchesScalarBitForBit) {
#if defined(PLINTH_HAVE_VECTOR_REQUANT)
  if (VectorIsa() == gemm::Isa::kPortable) GTEST_SKIP() << "no AVX2 on this CPU";
  std::mt19937 rng(9);
  std::uniform_int_distribution<int32_t> any(std::numeric_limits<int32_t>::min(),
                                             std::numeric_limits<int32_t>::max());
  std::uniform_real_distribution<double> log_scale(-9, 4);
  int checked = 0;
  for (int round = 0; round < 200; ++round) {
    const size_t n = 8 * (1 + round % 5) + round % 8;
    nn::Requant r;
    for (size_t j = 0; j < n; ++j) {
      r.multipliers.push_back(builtin::QuantizeMultiplier(std::pow(10.0, log_scale(rng))));
    }
    // A dead channel (all-zero weights, so a zero scale ratio) among live ones.
    if (round % 5 == 2) r.multipliers[round % n] = builtin::QuantizeMultiplier(0.0);
    r.output_offset = round % 3 == 0 ? -128 : round % 3 == 1 ? 127 : 5;
    r.range = round % 2 ? builtin::QuantizedRange{-128, 127} : builtin::QuantizedRange{-20, 90};
    gemm::RequantS8Vectors v;
    gemm::MakeRequantS8Vectors(r, VectorIsa(), &v);
    bool in_range = true;
    for (const auto& m : r.multipliers) in_range = in_range && m.shift <= 30 && m.shift >= -31;
    ASSERT_EQ(v.usable, in_range);
    if (!v.usable) continue;
    ++checked;
    std::vector<int32_t> acc(n), bias(n);
    for (size_t j = 0; j < n; ++j) {
      const int kind = static_cast<int>(rng() % 4);
      acc[j] = kind == 0   ? std::numeric_limits<int32_t>::max()
               : kind == 1 ? std::numeric_limits<int32_t>::min()
               : kind == 2 ? static_cast<int32_t>(rng() % 20001) - 10000
                           : any(rng);
      bias[j] = round % 4 == 0 ? 0 : any(rng) / (1 << (rng() % 31));
    }
    for (bool with_bias : {false, true}) {
      std::vector<int8_t> out(n, 0);
      const size_t done =
          gemm::RequantizeS8Vector(acc.data(), with_bias ? bias.data() : nullptr, v,
                                   r.output_offset, r.range.min, r.range.max, n, out.data(), 0);
      ASSERT_EQ(done, n - n % 8);
      for (size_t j = 0; j < done; ++j) {
        const int32_t a = with_bias ? nn::WrapAdd<int32_t>(acc[j], bias[j]) : acc[j];
        ASSERT_EQ(out[j], nn::Requantize<int8_t>(a, r.multipliers[j], r.output_offset, r.range))
            << "acc " << a << " multiplier " << r.multipliers[j].multiplier << " shift "
            << r.multipliers[j].shift;
      }
    }
  }
  EXPECT_GT(checked, 150);
#else
  GTEST_SKIP() << "built without AVX2 or NEON kernels";
#endif
}

// The requantizing int8 kernels (16- and 8-column panels) against the scalar requantization of
// the portable kernel's sums: clamps inside the type, with the type's upper bound (ReLU) and the
// whole type, each with left shifts nowhere, only in a panel's first 8 channels and only in its
// last 8 (the kernels leave out the shift and the type's own bounds where that is exact).
TEST(I16GemmRequantS8, KernelsMatchScalarRequantization) {
  const gemm::I16GemmRequant kernels = gemm::SelectI16GemmS8(VectorIsa());
  if (kernels.full == nullptr) GTEST_SKIP() << "no requantizing kernels for this ISA";
  std::mt19937 rng(17);
  const size_t k = 40, kp = gemm::I16Depth(k);
  std::uniform_int_distribution<int> value(-255, 255);
  // Channels 3 and 12 (the ones given a scale above one below) sum only the first depth, which
  // the rows hold small, so that their outputs land inside the range.
  std::vector<int8_t> w8(16 * k);
  for (size_t j = 0; j < 16; ++j) {
    for (size_t kk = 0; kk < k; ++kk) {
      w8[j * k + kk] = j == 3 || j == 12 ? (kk == 0 ? 1 : 0) : static_cast<int8_t>(value(rng) / 2);
    }
  }
  std::vector<int16_t> packed(gemm::PackedI16Size(16, k));
  gemm::PackI16(16, k, w8.data(), 0, packed.data());
  std::vector<int16_t> a(gemm::kI16Mr * kp, 0);
  const int16_t first[gemm::kI16Mr] = {-30, -5, 10, 40};
  for (size_t i = 0; i < gemm::kI16Mr; ++i) {
    for (size_t kk = 0; kk < k; ++kk) {
      a[i * kp + kk] = kk == 0 ? first[i] : static_cast<int16_t>(value(rng));
    }
  }
  int32_t acc[gemm::kI16Mr * gemm::kI16Nr];
  gemm::SelectI16Gemm(gemm::Isa::kPortable)(gemm::kI16Mr, kp, a.data(), kp, packed.data(), acc);
  std::vector<int32_t> bias(16);
  for (size_t j = 0; j < 16; ++j) bias[j] = j == 3 || j == 12 ? 0 : value(rng) * 40;
  const builtin::QuantizedRange ranges[] = {{-20, 90}, {-20, 127}, {-128, 127}};
  for (const builtin::QuantizedRange& range : ranges) {
    for (int shifted : {-1, 3, 12}) {  // the channel whose scale exceeds one (-1: none)
      nn::Requant r;
      for (size_t j = 0; j < 16; ++j) {
        // Sums reach about 10^5: scales that keep most outputs inside the range; the shifted
        // channel's is above one (channels 3 and 12 have small sums).
        const double scale = static_cast<int>(j) == shifted ? 1.5 : 4e-4 * (1 + j % 5);
        r.multipliers.push_back(builtin::QuantizeMultiplier(scale));
      }
      r.output_offset = 3;
      r.range = range;
      gemm::RequantS8Vectors v;
      gemm::MakeRequantS8Vectors(r, VectorIsa(), &v);
      ASSERT_TRUE(v.usable);
      for (bool half : {false, true}) {
        const size_t cols = half ? 8 : 16;
        std::vector<int8_t> out(gemm::kI16Mr * cols, 0);
        gemm::I16TileOutput o;
        o.bias = bias.data();
        o.multiplier = v.multiplier.data();
        o.left_shift = v.left_shift.data();
        o.right_shift = v.right_shift.data();
        o.round_mask = v.round_mask.data();
        o.round_half = v.round_half.data();
        o.offset = r.output_offset;
        o.qmin = range.min;
        o.qmax = range.max;
        o.out = out.data();
        o.out_stride = cols;
        (half ? kernels.half : kernels.full)(gemm::kI16Mr, kp, a.data(), kp, packed.data(), o);
        for (size_t i = 0; i < gemm::kI16Mr; ++i) {
          for (size_t j = 0; j < cols; ++j) {
            const int32_t sum = nn::WrapAdd<int32_t>(acc[i * gemm::kI16Nr + j], bias[j]);
            ASSERT_EQ(out[i * cols + j], nn::Requantize<int8_t>(sum, r.multipliers[j], 3, range))
                << "range " << range.min << ".." << range.max << " shifted " << shifted << " half "
                << half << " at " << i << "," << j;
          }
        }
      }
    }
  }
}

// Ties of both roundings: scales 0.5 and 2^-k x 0.5 make acc / 2 (the doubling high multiply)
// and the divide by 2^k land exactly halfway for odd accumulators, negative and positive.
TEST(RequantS8, VectorPathRoundsTiesLikeScalar) {
#if defined(PLINTH_HAVE_VECTOR_REQUANT)
  if (VectorIsa() == gemm::Isa::kPortable) GTEST_SKIP() << "no AVX2 on this CPU";
  for (double scale : {0.5, 0.25, 0.125, 0.5 / 1024, 0.75, 1.5}) {
    nn::Requant r;
    const size_t n = 64;
    r.multipliers.assign(n, builtin::QuantizeMultiplier(scale));
    r.output_offset = 0;
    r.range = builtin::QuantizedRange{-128, 127};
    gemm::RequantS8Vectors v;
    gemm::MakeRequantS8Vectors(r, VectorIsa(), &v);
    ASSERT_TRUE(v.usable) << scale;
    for (int32_t first = -4096; first < 4096; first += static_cast<int32_t>(n)) {
      std::vector<int32_t> acc(n);
      for (size_t j = 0; j < n; ++j)
        acc[j] = (first + static_cast<int32_t>(j)) * (scale < 0.01 ? 512 : 1);
      std::vector<int8_t> out(n, 0);
      ASSERT_EQ(gemm::RequantizeS8Vector(acc.data(), nullptr, v, 0, -128, 127, n, out.data(), 0),
                n);
      for (size_t j = 0; j < n; ++j) {
        ASSERT_EQ(out[j], nn::Requantize<int8_t>(acc[j], r.multipliers[j], 0, r.range))
            << "acc " << acc[j] << " scale " << scale;
      }
    }
  }
#else
  GTEST_SKIP() << "built without AVX2 or NEON kernels";
#endif
}

// Ties of the uint8 rounding, on both sides of zero: scales 2^-k (and 0.75, 1.5) make
// acc x M + 2^(s - 1) an exact multiple of 2^s for every other accumulator; shifts below and
// above 32 take different vector code.
TEST(RequantU8, VectorPathRoundsTiesLikeScalar) {
#if defined(PLINTH_HAVE_VECTOR_REQUANT)
  if (VectorIsa() == gemm::Isa::kPortable) GTEST_SKIP() << "no AVX2 on this CPU";
  for (double scale : {0.5, 0.25, 0.125, 0.5 / 1024, 0.75, 1.5, 3.0}) {
    nn::Requant r;
    const size_t n = 64;
    r.multipliers.assign(n, builtin::QuantizeMultiplier(scale));
    r.output_offset = 128;
    r.range = builtin::QuantizedRange{0, 255};
    gemm::RequantU8Params p;
    gemm::MakeRequantU8Params(r, VectorIsa(), &p);
    ASSERT_TRUE(p.usable) << scale;
    for (int32_t first = -4096; first < 4096; first += static_cast<int32_t>(n)) {
      std::vector<int32_t> acc(n);
      for (size_t j = 0; j < n; ++j) acc[j] = first + static_cast<int32_t>(j);
      std::vector<uint8_t> out(n, 0);
      ASSERT_EQ(gemm::RequantizeU8Vector(acc.data(), nullptr, p, 128, 0, 255, n, out.data()), n);
      for (size_t j = 0; j < n; ++j) {
        ASSERT_EQ(out[j], nn::Requantize<uint8_t>(acc[j], r.multipliers[j], 128, r.range))
            << "acc " << acc[j] << " scale " << scale << " total shift " << p.total_shift;
      }
    }
  }
#else
  GTEST_SKIP() << "built without AVX2 or NEON kernels";
#endif
}

// The uint8 vector requantization (single rounding, one multiplier) against
// nn::Requantize<uint8_t>: multipliers 1e-9..1e4 (total shifts 17..62), int32 extremes.
TEST(RequantU8, VectorPathMatchesScalarBitForBit) {
#if defined(PLINTH_HAVE_VECTOR_REQUANT)
  if (VectorIsa() == gemm::Isa::kPortable) GTEST_SKIP() << "no AVX2 on this CPU";
  std::mt19937 rng(10);
  std::uniform_int_distribution<int32_t> any(std::numeric_limits<int32_t>::min(),
                                             std::numeric_limits<int32_t>::max());
  std::uniform_real_distribution<double> log_scale(-9, 4);
  int checked = 0;
  for (int round = 0; round < 300; ++round) {
    const size_t n = 8 * (1 + round % 4) + round % 8;
    nn::Requant r;
    r.multipliers.assign(n, builtin::QuantizeMultiplier(std::pow(10.0, log_scale(rng))));
    r.output_offset = round % 3 == 0 ? 0 : round % 3 == 1 ? 255 : 77;
    r.range = round % 2 ? builtin::QuantizedRange{0, 255} : builtin::QuantizedRange{10, 200};
    gemm::RequantU8Params params;
    gemm::MakeRequantU8Params(r, VectorIsa(), &params);
    if (!params.usable) continue;
    ++checked;
    std::vector<int32_t> acc(n), bias(n);
    for (size_t j = 0; j < n; ++j) {
      const int kind = static_cast<int>(rng() % 4);
      acc[j] = kind == 0   ? std::numeric_limits<int32_t>::max()
               : kind == 1 ? std::numeric_limits<int32_t>::min()
               : kind == 2 ? static_cast<int32_t>(rng() % 200001) - 100000
                           : any(rng);
      bias[j] = any(rng) / (1 << (rng() % 31));
    }
    for (bool with_bias : {false, true}) {
      std::vector<uint8_t> out(n, 0);
      const size_t done =
          gemm::RequantizeU8Vector(acc.data(), with_bias ? bias.data() : nullptr, params,
                                   r.output_offset, r.range.min, r.range.max, n, out.data());
      ASSERT_EQ(done, n - n % 8);
      for (size_t j = 0; j < done; ++j) {
        const int32_t a = with_bias ? nn::WrapAdd<int32_t>(acc[j], bias[j]) : acc[j];
        ASSERT_EQ(out[j], nn::Requantize<uint8_t>(a, r.multipliers[j], r.output_offset, r.range))
            << "acc " << a << " multiplier " << r.multipliers[j].multiplier << " shift "
            << r.multipliers[j].shift;
      }
    }
  }
  EXPECT_GT(checked, 250);
#else
  GTEST_SKIP() << "built without AVX2 or NEON kernels";
#endif
}

}  // namespace
}  // namespace plinth::testing
