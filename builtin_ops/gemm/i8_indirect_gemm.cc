// Indirect dot-product GEMM: selection, the per-node column terms, the row terms and the portable
// statement of the micro-kernels' sums.
#include "builtin_ops/gemm/i8_indirect_gemm.h"

#include "builtin_ops/gemm/i8_dot_gemm.h"

namespace plinth::builtin::gemm {
namespace {

// Tap t's values of tile row i, as a_u.
inline uint32_t OperandAt(bool flip, const IndirectTile& tile, size_t t, size_t i, size_t q) {
  const uint8_t v = static_cast<const uint8_t*>(tile.rows[t * kI8IndirectMr + i])[q];
  return flip && !tile.flipped ? v ^ 0x80u : v;
}

}  // namespace

I8IndirectGemmFn SelectI8IndirectGemm(Isa isa, bool int8_input) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == Isa::kAvx2Fma && CpuHasAvx512Vnni()) {
    return int8_input ? &I8IndirectGemm8x16S8Avx512Vnni : &I8IndirectGemm8x16U8Avx512Vnni;
  }
#else
  (void)isa, (void)int8_input;
#endif
  return nullptr;
}

I8IndirectGemvFn SelectI8IndirectGemv(Isa isa, bool int8_input) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == Isa::kAvx2Fma && CpuHasAvx512Vnni()) {
    return int8_input ? &I8IndirectGemv1x64S8Avx512Vnni : &I8IndirectGemv1x64U8Avx512Vnni;
  }
#else
  (void)isa, (void)int8_input;
#endif
  return nullptr;
}

void I8IndirectGemm8x16Portable(bool flip, size_t mr, const IndirectTile& tile, const int8_t* w,
                                const int32_t* row_terms, int32_t* acc) {
  // Products of a byte and a signed byte; the running sums wrap in uint32 as int32 would.
  uint32_t sum[kI8IndirectMr][kI8DotNr] = {};
  for (size_t t = 0; t < tile.taps; ++t) {
    for (size_t q = 0; q < tile.c; q += 4, w += 4 * kI8DotNr) {
      for (size_t i = 0; i < kI8IndirectMr; ++i) {
        const size_t row = i < mr ? i : mr - 1;
        for (size_t j = 0; j < kI8DotNr; ++j) {
          for (size_t u = 0; u < 4; ++u) {
            sum[i][j] +=
                OperandAt(flip, tile, t, row, q + u) * static_cast<uint32_t>(int32_t{w[4 * j + u]});
          }
        }
      }
    }
  }
  for (size_t i = 0; i < kI8IndirectMr; ++i) {
    const uint32_t row = row_terms ? static_cast<uint32_t>(row_terms[i < mr ? i : mr - 1]) : 0;
    for (size_t j = 0; j < kI8DotNr; ++j) {
      acc[i * kI8DotNr + j] = static_cast<int32_t>(sum[i][j] + row);
    }
  }
}

void I8IndirectRowTerms(bool flip, const IndirectTile& tile, int32_t cw, int32_t* row_terms) {
  for (size_t i = 0; i < kI8IndirectMr; ++i) {
    const uint8_t mask = flip && !tile.flipped ? 0x80 : 0;
    uint32_t sum = 0;
    for (size_t t = 0; t < tile.taps; ++t) {
      const uint8_t* v = static_cast<const uint8_t*>(tile.rows[t * kI8IndirectMr + i]);
      for (size_t q = 0; q < tile.c; ++q) sum += static_cast<uint8_t>(v[q] ^ mask);
    }
    row_terms[i] = static_cast<int32_t>(static_cast<uint32_t>(cw) * sum);
  }
}

void I8IndirectColumnTerms(size_t n, size_t k, const int32_t* col_sums, const int32_t* bias,
                           int32_t ca_u, int32_t cw, int32_t* terms) {
  const uint32_t ua = static_cast<uint32_t>(ca_u);
  const uint32_t constant = static_cast<uint32_t>(k) * ua * static_cast<uint32_t>(cw);
  for (size_t j = 0; j < I8DotColumns(n); ++j) {
    const uint32_t b = bias != nullptr && j < n ? static_cast<uint32_t>(bias[j]) : 0;
    terms[j] = static_cast<int32_t>(b + ua * static_cast<uint32_t>(col_sums[j]) + constant);
  }
}

}  // namespace plinth::builtin::gemm
