// Integer GEMM micro-kernel, 4 rows x 16 columns, AVX2 (loop in i16_gemm_4x16_avx2_accumulate.h).
#include <immintrin.h>

#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/i16_gemm_4x16_avx2_accumulate.h"

namespace plinth::builtin::gemm {

void I16Gemm4x16Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                     int32_t* acc) {
  __m256i c[8];
  avx2::Accumulate4x16(mr, kp, a, a_stride, w, c);
  __m256i* out = reinterpret_cast<__m256i*>(acc);
  for (int i = 0; i < 8; ++i) _mm256_storeu_si256(out + i, c[i]);
}

}  // namespace plinth::builtin::gemm
