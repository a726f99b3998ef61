// Integer GEMM: selection, packing and the portable micro-kernel.
#include "builtin_ops/gemm/i16_gemm.h"

namespace plinth::builtin::gemm {
namespace {

template <class T>
void Pack(size_t n, size_t k, const T* w, int32_t offset, int16_t* packed) {
  const size_t kp = I16Depth(k);
  for (size_t n0 = 0; n0 < n; n0 += kI16Nr) {
    for (size_t k2 = 0; k2 < kp; k2 += 2) {
      for (size_t j = 0; j < kI16Nr; ++j) {
        for (size_t t = 0; t < 2; ++t) {
          const size_t col = n0 + j, kk = k2 + t;
          *packed++ = col < n && kk < k
                          ? static_cast<int16_t>(static_cast<int32_t>(w[col * k + kk]) + offset)
                          : int16_t{0};
        }
      }
    }
  }
}

}  // namespace

I16GemmFn SelectI16Gemm(Isa isa) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == Isa::kAvx2Fma) return &I16Gemm4x16Avx2;
#elif defined(PLINTH_HAVE_NEON_KERNELS)
  if (IsNeon(isa)) return &I16Gemm4x16Neon;
#else
  (void)isa;
#endif
  return &I16Gemm4x16Portable;
}

I16GemmRequant SelectI16GemmS8(Isa isa) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == Isa::kAvx2Fma) return {&I16Gemm4x16S8Avx2, &I16Gemm4x8S8Avx2};
#else
  (void)isa;
#endif
  return {};
}

I16GemmRequant SelectI16GemmU8(Isa isa) {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  if (isa == Isa::kAvx2Fma) return {&I16Gemm4x16U8Avx2, &I16Gemm4x8U8Avx2};
#else
  (void)isa;
#endif
  return {};
}

void PackI16(size_t n, size_t k, const uint8_t* w, int32_t offset, int16_t* packed) {
  Pack(n, k, w, offset, packed);
}
void PackI16(size_t n, size_t k, const int8_t* w, int32_t offset, int16_t* packed) {
  Pack(n, k, w, offset, packed);
}

void I16Gemm4x16Portable(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                         int32_t* acc) {
  // uint32 sums: the reference's wrapping int32 arithmetic without signed overflow.
  uint32_t sum[kI16Mr][kI16Nr] = {};
  for (size_t k2 = 0; k2 < kp; k2 += 2, w += 2 * kI16Nr) {
    for (size_t i = 0; i < kI16Mr; ++i) {
      const int16_t* row = a + (i < mr ? i : mr - 1) * a_stride + k2;
      const int32_t x0 = row[0], x1 = row[1];
      for (size_t j = 0; j < kI16Nr; ++j) {
        sum[i][j] += static_cast<uint32_t>(x0 * w[2 * j] + x1 * w[2 * j + 1]);
      }
    }
  }
  for (size_t i = 0; i < kI16Mr; ++i) {
    for (size_t j = 0; j < kI16Nr; ++j) acc[i * kI16Nr + j] = static_cast<int32_t>(sum[i][j]);
  }
}

}  // namespace plinth::builtin::gemm
