// Dot-product integer GEMM: selection, packing, the offset correction and the portable statement
// of the micro-kernel.
#include "builtin_ops/gemm/i8_dot_gemm.h"

#include <vector>

namespace plinth::builtin::gemm {
namespace {

// Depth index kk of the packed matrix is tap kk / cp, channel kk % cp; channels past c are zero
// padding (the plain layout is one tap of cp = c = k values, padded only at the end).
template <class T>
void Pack(size_t n, size_t taps, size_t c, size_t cp, const T* w, int8_t* packed,
          int32_t* col_sums) {
  const size_t k = taps * c, kp = I8DotDepth(taps * cp);
  std::vector<uint32_t> sums(I8DotColumns(n), 0);  // wrapping, as the identity allows
  for (size_t n0 = 0; n0 < n; n0 += kI8DotNr) {
    for (size_t k4 = 0; k4 < kp; k4 += 4) {
      for (size_t j = 0; j < kI8DotNr; ++j) {
        for (size_t t = 0; t < 4; ++t) {
          const size_t col = n0 + j, kk = k4 + t, tap = kk / cp, ch = kk % cp;
          const bool inside = col < n && tap < taps && ch < c;
          const int8_t v = inside ? DotOperand(w[col * k + tap * c + ch]) : int8_t{0};
          *packed++ = v;
          sums[col] += static_cast<uint32_t>(int32_t{v});
        }
      }
    }
  }
  for (size_t j = 0; j < sums.size(); ++j) col_sums[j] = static_cast<int32_t>(sums[j]);
}

}  // namespace

I8DotGemm SelectI8DotGemm(Isa isa, size_t k) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == Isa::kAvx2Fma && k >= kVnniMinDepth && CpuHasAvx512Vnni()) {
    return {&I8DotGemm4x16Avx512Vnni, 128};
  }
#else
  (void)k;
#endif
#if defined(PLINTH_HAVE_NEONDOT_KERNELS)
  if (isa == Isa::kNeonDot) return {&I8DotGemm4x16NeonDot, 0};
#else
  (void)isa;
#endif
  return {};
}

void PackI8Dot(size_t n, size_t k, const uint8_t* w, int8_t* packed, int32_t* col_sums) {
  Pack(n, 1, k, k, w, packed, col_sums);
}
void PackI8Dot(size_t n, size_t k, const int8_t* w, int8_t* packed, int32_t* col_sums) {
  Pack(n, 1, k, k, w, packed, col_sums);
}
void PackI8DotTaps(size_t n, size_t taps, size_t c, const uint8_t* w, int8_t* packed,
                   int32_t* col_sums) {
  Pack(n, taps, c, I8DotDepth(c), w, packed, col_sums);
}
void PackI8DotTaps(size_t n, size_t taps, size_t c, const int8_t* w, int8_t* packed,
                   int32_t* col_sums) {
  Pack(n, taps, c, I8DotDepth(c), w, packed, col_sums);
}

void I8DotGemm4x16Portable(size_t mr, size_t kp, const int8_t* a, size_t a_stride, const int8_t* w,
                           int32_t* acc) {
  // A quad of int8 products cannot overflow; the running sums wrap in uint32 as int32 would.
  uint32_t sum[kI8DotMr][kI8DotNr] = {};
  for (size_t k4 = 0; k4 < kp; k4 += 4, w += 4 * kI8DotNr) {
    for (size_t i = 0; i < kI8DotMr; ++i) {
      const int8_t* row = a + (i < mr ? i : mr - 1) * a_stride + k4;
      for (size_t j = 0; j < kI8DotNr; ++j) {
        int32_t quad = 0;
        for (size_t t = 0; t < 4; ++t) quad += int32_t{row[t]} * w[4 * j + t];
        sum[i][j] += static_cast<uint32_t>(quad);
      }
    }
  }
  for (size_t i = 0; i < kI8DotMr; ++i) {
    for (size_t j = 0; j < kI8DotNr; ++j) acc[i * kI8DotNr + j] = static_cast<int32_t>(sum[i][j]);
  }
}

void ApplyDotOffsets(size_t mr, size_t k, const int32_t* row_sums, const int32_t* col_sums,
                     int32_t ca, int32_t cw, int32_t row_excess, int32_t* acc) {
  // In uint32: the products and sums wrap modulo 2^32 without signed overflow.
  const uint32_t ua = static_cast<uint32_t>(ca), uw = static_cast<uint32_t>(cw);
  const uint32_t constant = static_cast<uint32_t>(k) * ua * uw;
  for (size_t i = 0; i < mr; ++i) {
    const uint32_t row =
        (uw - static_cast<uint32_t>(row_excess)) * static_cast<uint32_t>(row_sums[i]) + constant;
    int32_t* out = acc + i * kI8DotNr;
    for (size_t j = 0; j < kI8DotNr; ++j) {
      out[j] = static_cast<int32_t>(static_cast<uint32_t>(out[j]) + row +
                                    ua * static_cast<uint32_t>(col_sums[j]));
    }
  }
}

}  // namespace plinth::builtin::gemm
