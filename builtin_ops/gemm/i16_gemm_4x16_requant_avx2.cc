// The 4 x 16 int16-pair micro-kernel with its epilogue in registers: bias, requantization, clamp
// and the narrowing store (4x8: a panel's first 8 columns, when it has no more), where the plain
// kernel stores 64 int32 sums for nn::FinishIntegerTile to reload. Same lane arithmetic as
// RequantizeS8Avx2 / RequantizeU8Avx2 (requant_avx2_lanes.h), so the outputs are bit-identical to
// theirs.
#include <immintrin.h>

#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/i16_gemm_4x16_avx2_accumulate.h"
#include "builtin_ops/gemm/requant_avx2_lanes.h"

namespace plinth::builtin::gemm {
namespace {

__m256i Load(const int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }

}  // namespace

void I16Gemm4x8S8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                      const I16TileOutput& o) {
  __m256i c[4];
  avx2::Accumulate4x8(mr, kp, a, a_stride, w, c);
  const __m256i b = o.bias ? Load(o.bias) : _mm256_setzero_si256();
  int8_t* out = static_cast<int8_t*>(o.out);
  avx2::S8TileLanesFor(o, 0, 8, [&](auto variant) {
    const typename decltype(variant)::type requant(o, 0);
    for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
      avx2::Store8<false>(requant(_mm256_add_epi32(c[i], b)), out);
    }
  });
}

void I16Gemm4x8U8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                      const I16TileOutput& o) {
  __m256i c[4];
  avx2::Accumulate4x8(mr, kp, a, a_stride, w, c);
  const __m256i b = o.bias ? Load(o.bias) : _mm256_setzero_si256();
  const avx2::RequantU8Consts k =
      avx2::MakeRequantU8Consts(o.u8_multiplier, o.u8_shift, o.offset, o.qmin, o.qmax);
  uint8_t* out = static_cast<uint8_t*>(o.out);
  for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
    avx2::Store8<true>(avx2::RequantU8Lanes(_mm256_add_epi32(c[i], b), k), out);
  }
}

void I16Gemm4x16S8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                       const I16TileOutput& o) {
  __m256i c[8];
  avx2::Accumulate4x16(mr, kp, a, a_stride, w, c);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i b0 = o.bias ? Load(o.bias) : zero, b1 = o.bias ? Load(o.bias + 8) : zero;
  int8_t* out = static_cast<int8_t*>(o.out);
  avx2::S8TileLanesFor(o, 0, 16, [&](auto variant) {
    using Lanes = typename decltype(variant)::type;
    const Lanes requant0(o, 0), requant1(o, 8);
    for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
      avx2::Store16<false>(requant0(_mm256_add_epi32(c[2 * i], b0)),
                           requant1(_mm256_add_epi32(c[2 * i + 1], b1)), out);
    }
  });
}

void I16Gemm4x16U8Avx2(size_t mr, size_t kp, const int16_t* a, size_t a_stride, const int16_t* w,
                       const I16TileOutput& o) {
  __m256i c[8];
  avx2::Accumulate4x16(mr, kp, a, a_stride, w, c);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i b0 = o.bias ? Load(o.bias) : zero, b1 = o.bias ? Load(o.bias + 8) : zero;
  const avx2::RequantU8Consts k =
      avx2::MakeRequantU8Consts(o.u8_multiplier, o.u8_shift, o.offset, o.qmin, o.qmax);
  uint8_t* out = static_cast<uint8_t*>(o.out);
  for (size_t i = 0; i < mr; ++i, out += o.out_stride) {
    avx2::Store16<true>(avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i], b0), k),
                        avx2::RequantU8Lanes(_mm256_add_epi32(c[2 * i + 1], b1), k), out);
  }
}

}  // namespace plinth::builtin::gemm
