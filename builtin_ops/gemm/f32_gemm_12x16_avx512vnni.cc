// Float GEMM micro-kernel, up to 12 rows x 16 columns, AVX-512: one 512-bit accumulator per row,
// each k broadcasts one value per row (folded into the multiply) against the panel's one vector,
// in the order of k, bias last; exact (product rounded, then added: the reference kernels' bits)
// and fused builds, like the AVX2 6x16 kernel. Same packing (panels of 16). Why 512 bits on a
// core that splits them into two 256-bit halves (Zen 4): one instruction per 16 lanes halves the
// instructions the front end issues, which bounds the exact build (a multiply and an add per
// product) at 6x16 on AVX2; twelve rows read each loaded panel vector twice as often, halving the
// weight traffic from L2 per product.
#include <immintrin.h>

#include "builtin_ops/gemm/f32_gemm.h"

// GCC 12's 512-bit intrinsics pass a deliberately undefined vector as the unused merge source,
// which its own -W(maybe-)uninitialized then reports (GCC bug 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace plinth::builtin::gemm {
namespace {

// The lanes of one row of a panel: 16 (a zmm register) or, for panels of at most 8 columns, 8 (a
// ymm register: half the work on cores that run 512-bit operations in two halves).
template <size_t kLanes>
struct Lanes;
template <>
struct Lanes<16> {
  using V = __m512;
  template <bool kFused>
  static __m512 Madd(__m512 acc, __m512 x, __m512 w) {
    if constexpr (kFused) return _mm512_fmadd_ps(x, w, acc);
    return _mm512_add_ps(acc, _mm512_mul_ps(x, w));
  }
  static __m512 Zero() { return _mm512_setzero_ps(); }
  static __m512 Broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static __m512 Load(const float* p) { return _mm512_loadu_ps(p); }
  static __m512 LoadMasked(const float* p, __mmask16 m) { return _mm512_maskz_loadu_ps(m, p); }
  static __m512 Add(__m512 x, __m512 y) { return _mm512_add_ps(x, y); }
  // Clamps keeping NaN (the value is the second operand of max and min).
  static __m512 Clamp(__m512 v, __m512 lo, __m512 hi) {
    return _mm512_min_ps(hi, _mm512_max_ps(lo, v));
  }
  static void Store(float* p, __mmask16 m, __m512 v) { _mm512_mask_storeu_ps(p, m, v); }
  static __m512 Set(float x) { return _mm512_set1_ps(x); }
};
template <>
struct Lanes<8> {
  using V = __m256;
  template <bool kFused>
  static __m256 Madd(__m256 acc, __m256 x, __m256 w) {
    if constexpr (kFused) return _mm256_fmadd_ps(x, w, acc);
    return _mm256_add_ps(acc, _mm256_mul_ps(x, w));
  }
  static __m256 Zero() { return _mm256_setzero_ps(); }
  static __m256 Broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static __m256 Load(const float* p) { return _mm256_loadu_ps(p); }
  static __m256 LoadMasked(const float* p, __mmask16 m) {
    return _mm256_maskz_loadu_ps(static_cast<__mmask8>(m), p);
  }
  static __m256 Add(__m256 x, __m256 y) { return _mm256_add_ps(x, y); }
  static __m256 Clamp(__m256 v, __m256 lo, __m256 hi) {
    return _mm256_min_ps(hi, _mm256_max_ps(lo, v));
  }
  static void Store(float* p, __mmask16 m, __m256 v) {
    _mm256_mask_storeu_ps(p, static_cast<__mmask8>(m), v);
  }
  static __m256 Set(float x) { return _mm256_set1_ps(x); }
};

// One panel's columns [0, nb) for kMr rows. Rows of A: ar[i] (kStrided: only ar[3 g] are read,
// rows 3 g + 1 and 3 g + 2 lie one and two strides past them); cr: the rows of C at this panel.
template <bool kFused, size_t kMr, bool kStrided, size_t kLanes>
[[gnu::always_inline]] inline void Panel(const float* const* ar, size_t a_stride, float* const* cr,
                                         size_t nb, size_t kc, const float* w, const float* bias,
                                         const F32GemmArgs& args) {
  using L = Lanes<kLanes>;
  using V = typename L::V;
  const __mmask16 mask = static_cast<__mmask16>((1u << nb) - 1);
  V acc[kMr];
  for (size_t i = 0; i < kMr; ++i)
    acc[i] = args.accumulate ? L::LoadMasked(cr[i], mask) : L::Zero();
  // Strided: rows three apart from a few base pointers ([base + s], [base + 2 s] address the
  // other two), so twelve rows need four pointers and two strides rather than twelve registers.
  const size_t s1 = a_stride, s2 = 2 * a_stride;
  for (size_t k = 0; k < kc; ++k, w += 16) {
    const V w0 = L::Load(w);
    for (size_t i = 0; i < kMr; ++i) {
      const float* p;
      if constexpr (kStrided) {
        p = ar[i - i % 3] + k + (i % 3 == 0 ? 0 : i % 3 == 1 ? s1 : s2);
      } else {
        p = ar[i] + k;
      }
      acc[i] = L::template Madd<kFused>(acc[i], L::Broadcast(p), w0);
    }
  }
  if (!args.accumulate && bias != nullptr) {
    const V b0 = L::Load(bias);
    for (size_t i = 0; i < kMr; ++i) acc[i] = L::Add(acc[i], b0);
  }
  const V lo = L::Set(args.min), hi = L::Set(args.max);
  // Last row first: rows past mr alias the last real one and store the same values.
  for (size_t i = kMr; i-- > 0;) L::Store(cr[i], mask, L::Clamp(acc[i], lo, hi));
}

// kMr rows; kStrided when all are real (mr == kMr), else rows past mr alias the last real row:
// computed again from its A, stored to the same place of C.
template <bool kFused, size_t kMr, bool kStrided>
void Kernel(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
            float* c, size_t c_stride, const F32GemmArgs& args) {
  const float* ar[kMr];
  float* cr[kMr];
  for (size_t i = 0; i < kMr; ++i) {
    const size_t row = i < mr ? i : mr - 1;
    ar[i] = a + row * a_stride;
    cr[i] = c + row * c_stride;
  }
  for (size_t col = 0; col < nc; col += 16, w += 16 * kc) {
    const size_t nb = nc - col < 16 ? nc - col : 16;
    const float* bias = args.bias != nullptr ? args.bias + col : nullptr;
    float* cc[kMr];
    for (size_t i = 0; i < kMr; ++i) cc[i] = cr[i] + col;
    if (nb <= 8) {
      Panel<kFused, kMr, kStrided, 8>(ar, a_stride, cc, nb, kc, w, bias, args);
    } else {
      Panel<kFused, kMr, kStrided, 16>(ar, a_stride, cc, nb, kc, w, bias, args);
    }
  }
}

// Whole tiles of 12 rows by strides; a GEMM's short last tile as 4, 8 or 12 rows by pointers
// (computing at most three rows it does not need).
template <bool kFused>
void Dispatch(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w,
              float* c, size_t c_stride, const F32GemmArgs& args) {
  if (mr == kF32Avx512Mr) {
    return Kernel<kFused, kF32Avx512Mr, true>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
  }
  if (mr <= 4) return Kernel<kFused, 4, false>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
  if (mr <= 8) return Kernel<kFused, 8, false>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
  return Kernel<kFused, kF32Avx512Mr, false>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}

}  // namespace

void F32Gemm12x16Avx512(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                        const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  Dispatch<false>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}

void F32Gemm12x16Avx512Fma(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                           const float* w, float* c, size_t c_stride, const F32GemmArgs& args) {
  Dispatch<true>(mr, nc, kc, a, a_stride, w, c, c_stride, args);
}

}  // namespace plinth::builtin::gemm
