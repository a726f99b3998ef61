// The indirect dot-product GEMM (vpdpbusd on x86-64 CPUs with AVX512-VNNI; its portable statement
// everywhere): per-tap packing with channels padded to quads, window pointers with zero-point rows
// for padded taps, the row and column terms of the zero-point identity, every row count of the
// 8x16 tile and columns off the panel, for uint8 and int8 inputs with zero points at their types'
// edges, against an int64 reference of the reference kernels' sum of offset products wrapped to
// int32 (the portable statement), and the kernels against the scalar requantization of those sums.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "builtin_ops/gemm/i8_dot_gemm.h"
#include "builtin_ops/gemm/i8_indirect_gemm.h"
#include "builtin_ops/gemm/requant_s8.h"
#include "builtin_ops/nn/nn_integer.h"
#include "gtest/gtest.h"

namespace plinth::testing {
namespace {

namespace gemm = ::plinth::builtin::gemm;
namespace nn = ::plinth::builtin::nn;
using builtin::QuantizedMultiplier;

constexpr size_t kMr = gemm::kI8IndirectMr, kNr = gemm::kI8DotNr;

// One problem: 4 windows of `taps` taps x c values (some taps padded), an n x (taps x c) filter.
template <class T>
struct Problem {
  size_t taps, c, n;
  int32_t a_offset, w_offset;
  std::vector<T> image;           // 4 x taps x c values, then one quad of slack per tap's read
  std::vector<T> zero_row;        // the zero point, I8DotDepth(c) values
  std::vector<bool> padded;       // [tap][row]: the tap reads the zero-point row
  std::vector<T> w;               // [n][taps][c]
  std::vector<int32_t> bias;      // n
  std::vector<const void*> rows;  // [tap][4]
};

template <class T>
Problem<T> MakeProblem(size_t taps, size_t c, size_t n, bool extremes, std::mt19937& rng) {
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  std::uniform_int_distribution<int32_t> value(kMin, kMax);
  auto draw = [&] { return static_cast<T>(extremes ? (rng() & 1 ? kMax : kMin) : value(rng)); };
  Problem<T> p{taps,
               c,
               n,
               extremes ? -kMin : -(kMin + kMax) / 2 + 3,
               extremes ? -kMax : -kMin - 1,
               {},
               {},
               {},
               {},
               {},
               {}};
  const size_t cq = gemm::I8DotDepth(c);
  p.image.resize(kMr * taps * cq);  // each tap at a quad-sized stride: the kernel reads cq values
  for (auto& v : p.image) v = draw();
  p.zero_row.assign(cq, static_cast<T>(-p.a_offset));
  p.w.resize(n * taps * c);
  for (auto& v : p.w) v = draw();
  std::uniform_int_distribution<int32_t> bias(-100000, 100000);
  for (size_t j = 0; j < n; ++j) p.bias.push_back(bias(rng));
  p.rows.resize(taps * kMr);
  for (size_t t = 0; t < taps; ++t) {
    for (size_t i = 0; i < kMr; ++i) {
      const bool pad = (t + i) % 5 == 3;  // a spread of padded taps
      p.padded.push_back(pad);
      p.rows[t * kMr + i] = pad ? p.zero_row.data() : p.image.data() + (i * taps + t) * cq;
    }
  }
  return p;
}

// The reference kernels' sum for output (i, j): offset products over the unpadded taps (a padded
// tap holds the zero point, whose offset product is 0), plus the bias, wrapped to int32.
template <class T>
int32_t ReferenceSum(const Problem<T>& p, size_t i, size_t j) {
  const size_t cq = gemm::I8DotDepth(p.c);
  int64_t sum = p.bias[j];
  for (size_t t = 0; t < p.taps; ++t) {
    if (p.padded[t * kMr + i]) continue;
    for (size_t ch = 0; ch < p.c; ++ch) {
      sum += (int64_t{p.image[(i * p.taps + t) * cq + ch]} + p.a_offset) *
             (int64_t{p.w[(j * p.taps + t) * p.c + ch]} + p.w_offset);
    }
  }
  return static_cast<int32_t>(static_cast<uint32_t>(sum));
}

// Packs the problem's filter and makes its column terms and its tile's row terms.
template <class T>
struct Packed {
  Packed(const Problem<T>& p, const gemm::IndirectTile& tile) {
    constexpr bool kInt8 = std::is_signed_v<T>;
    filter = gemm::MakePackedI8DotTaps(p.n, p.taps, p.c, p.w.data());
    kp = p.taps * gemm::I8DotDepth(p.c);
    const int32_t cw = gemm::DotOffset(!kInt8, p.w_offset);
    col_terms.resize(gemm::I8DotColumns(p.n));
    gemm::I8IndirectColumnTerms(p.n, p.taps * p.c, filter->col_sums.data(), p.bias.data(),
                                gemm::IndirectInputOffset(kInt8, p.a_offset), cw, col_terms.data());
    gemm::I8IndirectRowTerms(kInt8, tile, cw, row_terms);
  }
  ~Packed() { delete filter; }
  gemm::PackedI8Dot* filter;
  size_t kp;
  std::vector<int32_t> col_terms;
  int32_t row_terms[kMr];
};

// The tile's rows pointing into a copy of the problem's values stored flipped (value ^ 0x80, as
// the convolution's padded copy holds int8 inputs: IndirectTile::flipped).
template <class T>
struct FlippedRows {
  FlippedRows(const Problem<T>& p, const std::vector<const void*>& rows) {
    for (T v : p.image) image.push_back(static_cast<uint8_t>(v) ^ 0x80);
    for (T v : p.zero_row) zero_row.push_back(static_cast<uint8_t>(v) ^ 0x80);
    for (const void* r : rows) {
      const T* row = static_cast<const T*>(r);
      flipped.push_back(row == p.zero_row.data() ? zero_row.data()
                                                 : image.data() + (row - p.image.data()));
    }
  }
  std::vector<uint8_t> image, zero_row;
  std::vector<const void*> flipped;
};

// The grid every check runs over: taps, channels on and off the quad, columns on and off the
// panel, random and extreme values, every row count (rows past mr repeat the last, as the
// convolution fills them), and int8 rows as stored or flipped already.
template <class T, class Check>
void ForEachTile(uint32_t seed, Check check) {
  std::mt19937 rng(seed);
  for (size_t taps : {1, 2, 9}) {
    for (size_t c : {1, 3, 4, 5, 8, 13, 64}) {
      for (size_t n : {5, 16, 24, 40, 64}) {
        for (bool extremes : {false, true}) {
          const Problem<T> p = MakeProblem<T>(taps, c, n, extremes, rng);
          for (size_t mr = 1; mr <= kMr; ++mr) {
            std::vector<const void*> rows = p.rows;
            for (size_t t = 0; t < taps; ++t) {
              for (size_t i = mr; i < kMr; ++i) rows[t * kMr + i] = rows[t * kMr + mr - 1];
            }
            const FlippedRows<T> flipped(p, rows);
            for (bool is_flipped : {false, true}) {
              if (is_flipped && !std::is_signed_v<T>) continue;
              const gemm::IndirectTile tile{is_flipped ? flipped.flipped.data() : rows.data(), taps,
                                            c, is_flipped};
              const Packed<T> packed(p, tile);
              ASSERT_EQ(packed.filter->weights.size(), gemm::I8DotColumns(n) * packed.kp);
              check(p, tile, packed, mr);
            }
          }
        }
      }
    }
  }
}

template <class T>
void ExpectPortableMatchesWrappedReference(uint32_t seed) {
  ForEachTile<T>(seed, [](const Problem<T>& p, const gemm::IndirectTile& tile,
                          const Packed<T>& packed, size_t mr) {
    for (size_t n0 = 0; n0 < p.n; n0 += kNr) {
      int32_t acc[kMr * kNr];
      gemm::I8IndirectGemm8x16Portable(std::is_signed_v<T>, mr, tile,
                                       packed.filter->weights.data() + n0 * packed.kp,
                                       packed.row_terms, acc);
      for (size_t i = 0; i < mr; ++i) {
        for (size_t j = 0; j < kNr && n0 + j < p.n; ++j) {
          const uint32_t got = static_cast<uint32_t>(acc[i * kNr + j]) +
                               static_cast<uint32_t>(packed.col_terms[n0 + j]);
          ASSERT_EQ(static_cast<int32_t>(got), ReferenceSum(p, i, n0 + j))
              << "taps=" << p.taps << " c=" << p.c << " n=" << p.n << " mr=" << mr << " at " << i
              << "," << n0 + j;
        }
      }
    }
  });
}

TEST(I8IndirectGemm, PortableUint8MatchesWrappedReference) {
  ExpectPortableMatchesWrappedReference<uint8_t>(31);
}
TEST(I8IndirectGemm, PortableInt8MatchesWrappedReference) {
  ExpectPortableMatchesWrappedReference<int8_t>(32);
}

// The kernels write what the scalar requantization makes of the reference sums: per-channel
// multipliers (int8) from below to above one, or one (uint8); the first nb columns of the mr rows
// only.
template <class T>
void ExpectKernelMatchesRequantizedReference(uint32_t seed) {
  constexpr bool kInt8 = std::is_signed_v<T>;
  const gemm::I8IndirectGemmFn kernel = gemm::SelectI8IndirectGemm(gemm::ActiveIsa(), kInt8);
  const gemm::I8IndirectGemvFn gemv = gemm::SelectI8IndirectGemv(gemm::ActiveIsa(), kInt8);
  if (kernel == nullptr || gemv == nullptr) {
    GTEST_SKIP() << "no indirect kernels on this CPU (AVX512-VNNI)";
  }
  int round = 0;
  ForEachTile<T>(seed, [&](const Problem<T>& p, const gemm::IndirectTile& tile,
                           const Packed<T>& packed, size_t mr) {
    const size_t n = p.n;
    // int8 cycles through a clamp inside the type, one with the type's upper bound (ReLU), and
    // the whole int8 range, each with and without channels whose scales exceed one (a left
    // shift): the variants of the requantization that leave out the shift or bounds
    // (avx512::S8LanesFor) must serve only where those are idle.
    const int variant = round++ % 6;
    const bool shifts = kInt8 && variant >= 3;
    const int32_t qmin[] = {-128, -128, -20}, qmax[] = {100, 127, 127};
    nn::Requant r;
    r.output_offset = kInt8 ? -7 : 131;
    r.range = {kInt8 ? qmin[variant % 3] : 0, kInt8 ? qmax[variant % 3] : 255};
    // Random sums spread about 10^4 sqrt(K) around the bias (up to 10^5): scales that keep most
    // outputs inside the range (the extremes saturate).
    const double k = static_cast<double>(p.taps * p.c);
    const double base = 40.0 / (1e5 + 1.5e4 * std::sqrt(k));
    for (size_t j = 0; j < n; ++j) {
      const double scale = kInt8 ? base * static_cast<double>(1 + j % 9) * (j % 2 ? 40 : 1) *
                                       (shifts && j % 7 == 3 ? 1e4 : 1)
                                 : base;
      r.multipliers.push_back(builtin::QuantizeMultiplier(scale));
    }
    gemm::RequantS8Vectors s8;
    gemm::RequantU8Params u8;
    if (kInt8) {
      gemm::MakeRequantS8Vectors(r, gemm::ActiveIsa(), &s8);
      for (auto* v :
           {&s8.multiplier, &s8.left_shift, &s8.right_shift, &s8.round_mask, &s8.round_half}) {
        v->resize(gemm::I8DotColumns(n), 0);
      }
    } else {
      gemm::MakeRequantU8Params(r, gemm::ActiveIsa(), &u8);
    }
    ASSERT_TRUE(kInt8 ? s8.usable : u8.usable);
    for (size_t n0 = 0; n0 < n; n0 += kNr) {
      const size_t nb = std::min(kNr, n - n0);
      std::vector<T> out(kMr * n, T{42});
      gemm::I16TileOutput o;
      o.bias = packed.col_terms.data() + n0;
      if (kInt8) {
        o.multiplier = s8.multiplier.data() + n0;
        o.left_shift = s8.left_shift.data() + n0;
        o.right_shift = s8.right_shift.data() + n0;
        o.round_mask = s8.round_mask.data() + n0;
        o.round_half = s8.round_half.data() + n0;
      }
      o.u8_multiplier = u8.multiplier;
      o.u8_shift = u8.total_shift;
      o.offset = r.output_offset;
      o.qmin = r.range.min;
      o.qmax = r.range.max;
      o.out = out.data() + n0;
      o.out_stride = n;
      kernel(mr, tile, packed.filter->weights.data() + n0 * packed.kp, packed.row_terms, nb, o);
      for (size_t i = 0; i < kMr; ++i) {
        for (size_t j = 0; j < n; ++j) {
          T want = T{42};  // untouched outside the tile's rows and the panel's columns
          if (i < mr && j >= n0 && j < n0 + nb) {
            want = nn::Requantize<T>(ReferenceSum(p, i, j), r.multipliers[j], r.output_offset,
                                     r.range);
          }
          ASSERT_EQ(int32_t{out[i * n + j]}, int32_t{want})
              << "taps=" << p.taps << " c=" << p.c << " n=" << n << " mr=" << mr << " n0=" << n0
              << " at " << i << "," << j;
        }
      }
    }
    // The matrix-vector kernel: one contiguous row (one tap, as stored) against all n <= 64
    // columns.
    if (p.taps != 1 || mr != 1 || tile.flipped) return;
    ASSERT_LE(n, gemm::kI8GemvPanels * kNr);
    std::vector<T> out(n + 1, T{42});
    gemm::I16TileOutput o;
    o.bias = packed.col_terms.data();
    if (kInt8) {
      o.multiplier = s8.multiplier.data();
      o.left_shift = s8.left_shift.data();
      o.right_shift = s8.right_shift.data();
      o.round_mask = s8.round_mask.data();
      o.round_half = s8.round_half.data();
    }
    o.u8_multiplier = u8.multiplier;
    o.u8_shift = u8.total_shift;
    o.offset = r.output_offset;
    o.qmin = r.range.min;
    o.qmax = r.range.max;
    o.out = out.data();
    gemv(tile.rows[0], p.c, packed.filter->weights.data(), packed.kp * kNr, n, packed.row_terms[0],
         o);
    for (size_t j = 0; j < n; ++j) {
      const T want =
          nn::Requantize<T>(ReferenceSum(p, 0, j), r.multipliers[j], r.output_offset, r.range);
      ASSERT_EQ(int32_t{out[j]}, int32_t{want}) << "gemv c=" << p.c << " n=" << n << " at " << j;
    }
    ASSERT_EQ(out[n], T{42}) << "gemv wrote past n";
  });
}

TEST(I8IndirectGemm, Int8KernelMatchesRequantizedReference) {
  ExpectKernelMatchesRequantizedReference<int8_t>(41);
}
TEST(I8IndirectGemm, Uint8KernelMatchesRequantizedReference) {
  ExpectKernelMatchesRequantizedReference<uint8_t>(42);
}

TEST(I8IndirectGemm, TapPackingPadsEachTapToAQuad) {
  // 1 column, 2 taps of 3 channels: w = 1..6 (int8). Each tap's quad holds 3 values and a zero.
  const std::vector<int8_t> w = {1, 2, 3, 4, 5, 6};
  gemm::PackedI8Dot* p = gemm::MakePackedI8DotTaps(1, 2, 3, w.data());
  ASSERT_EQ(p->weights.size(), 16u * 8u);
  const int8_t want_tap0[4] = {1, 2, 3, 0}, want_tap1[4] = {4, 5, 6, 0};
  EXPECT_EQ(std::memcmp(p->weights.data(), want_tap0, 4), 0);
  EXPECT_EQ(std::memcmp(p->weights.data() + 64, want_tap1, 4), 0);
  EXPECT_EQ(p->col_sums[0], 21);
  EXPECT_EQ(p->col_sums[1], 0);
  delete p;
}

}  // namespace
}  // namespace plinth::testing
