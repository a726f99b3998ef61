// The depthwise interior kernel (depthwise_conv_2d_int.h) on AVX-512 (BW, VNNI): 16 channels per
// 512-bit register in channel order, each pair of taps interleaved as int16 and summed by vpdpwssd
// against the filter packed in the same order (PackedIntegerFilter::channel_order), a group's
// filter kept in registers along the row, and the requantization of 16 lanes at once. The AVX2
// kernel spends about half its instructions undoing vpunpck*wd's lane order and requantizing 8
// lanes at a time. An 8-channel group takes two neighbouring pixels per register. The int32 sums
// are the AVX2 kernel's (no wrap: |sum| < 64 x 511^2) and the requantization its arithmetic, so
// the outputs are the same bits.
#include <immintrin.h>

// GCC 12's 512-bit intrinsics pass a deliberately undefined vector as the unused merge source,
// which its own -W(maybe-)uninitialized then reports (GCC bug 105593).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include <type_traits>

#include "builtin_ops/gemm/requant_avx512_lanes.h"
#include "builtin_ops/nn/depthwise_conv_2d_int.h"

namespace plinth::builtin::depthwise {
namespace {

#define PLINTH_INLINE [[gnu::always_inline]] inline

PLINTH_INLINE __m128i Load16(const void* p) {
  return _mm_loadu_si128(static_cast<const __m128i*>(p));
}
// 8 bytes at p and 8 at p + step, as one vector.
PLINTH_INLINE __m128i Load8x2(const void* p, size_t step) {
  const auto* b = static_cast<const uint8_t*>(p);
  return _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(b)),
                            _mm_loadl_epi64(reinterpret_cast<const __m128i*>(b + step)));
}

// Two taps' 16 values each as 16 int16 pairs (a[i], b[i]), widened as T is signed or not.
template <class T>
PLINTH_INLINE __m512i Pairs(__m128i a, __m128i b) {
  const __m256i bytes = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_unpacklo_epi8(a, b)),
                                                _mm_unpackhi_epi8(a, b), 1);
  return std::is_signed_v<T> ? _mm512_cvtepi8_epi16(bytes) : _mm512_cvtepu8_epi16(bytes);
}
// One tap's 16 values as int16 pairs (a[i], 0 or -1): the pair's second weight is zero.
template <class T>
PLINTH_INLINE __m512i Single(__m128i a) {
  return std::is_signed_v<T> ? _mm512_cvtepi8_epi32(a) : _mm512_cvtepu8_epi32(a);
}

// The row for a window of kTaps taps (0: p.taps, known at run time only). MakeRequant(c, twice)
// gives the requantization of channels c.. (16 of them, or 8 twice).
template <class T, int kTaps, class MakeRequant>
void InteriorRowOf(const T* x, const InteriorRow& row, const PackedIntegerFilter& p,
                   const MakeRequant& make_requant, T* out) {
  const int32_t taps = kTaps > 0 ? kTaps : p.taps_per_window;
  const int32_t pairs = taps / 2;
  const bool odd = taps % 2 != 0;
  // Locals: the byte stores below may alias anything the row refers to.
  const size_t pixels = row.pixels, step = row.step, c = row.c;
  ptrdiff_t off[kMaxFastTaps];
  for (int32_t t = 0; t < taps; ++t) off[t] = row.offsets[t];
  // One 16-channel group: the filter of pair q is one vector, (w[2q][c], w[2q + 1][c]) for c in
  // order (an odd window's last pair has a zero second weight).
  for (size_t g = 0; g < p.groups; ++g) {
    const auto* w = reinterpret_cast<const __m512i*>(p.taps.data()) + g * p.pairs;
    const __m512i bias = gemm::avx512::Load16(p.bias_io.data() + g * 16);
    const auto requant = make_requant(g * 16, false);
    auto sum = [&](const T* xp) {
      __m512i acc = bias;
      for (int32_t q = 0; q < pairs; ++q) {
        acc =
            _mm512_dpwssd_epi32(acc, Pairs<T>(Load16(xp + off[2 * q]), Load16(xp + off[2 * q + 1])),
                                _mm512_loadu_si512(w + q));
      }
      if (odd) {
        acc = _mm512_dpwssd_epi32(acc, Single<T>(Load16(xp + off[taps - 1])),
                                  _mm512_loadu_si512(w + pairs));
      }
      return acc;
    };
    auto store = [&](__m512i acc, T* o) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm512_cvtepi32_epi8(requant(acc)));
    };
    const T* xg = x + g * 16;
    T* og = out + g * 16;
    // Two pixels at a time: their chains of dependent instructions interleave.
    size_t px = 0;
    for (; px + 2 <= pixels; px += 2, xg += 2 * step, og += 2 * c) {
      const __m512i acc0 = sum(xg), acc1 = sum(xg + step);
      store(acc0, og);
      store(acc1, og + c);
    }
    if (px < pixels) store(sum(xg), og);
  }
  if (!p.half) return;
  // The 8-channel group: two pixels per vector (lanes 0-7 and 8-15), so the filter of pair q,
  // 8 channels' (w[2q][c], w[2q + 1][c]), fills both halves.
  const size_t c0 = p.groups * 16;
  const auto* w = reinterpret_cast<const __m256i*>(p.taps.data() + p.groups * p.pairs * 32);
  const __m512i bias = gemm::avx512::Load8Twice(p.bias_io.data() + c0);
  const auto requant = make_requant(c0, true);
  const T* xg = x + c0;
  T* og = out + c0;
  for (size_t px = 0; px < pixels; px += 2, xg += 2 * step, og += 2 * c) {
    // A last lone pixel reads its own window twice and stores once.
    const bool two = px + 1 < pixels;
    const size_t next = two ? step * sizeof(T) : 0;
    __m512i acc = bias;
    for (int32_t q = 0; q < pairs; ++q) {
      acc = _mm512_dpwssd_epi32(
          acc, Pairs<T>(Load8x2(xg + off[2 * q], next), Load8x2(xg + off[2 * q + 1], next)),
          _mm512_broadcast_i64x4(_mm256_loadu_si256(w + q)));
    }
    if (odd) {
      acc = _mm512_dpwssd_epi32(acc, Single<T>(Load8x2(xg + off[taps - 1], next)),
                                _mm512_broadcast_i64x4(_mm256_loadu_si256(w + pairs)));
    }
    const __m128i bytes = _mm512_cvtepi32_epi8(requant(acc));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(og), bytes);
    if (two) _mm_storel_epi64(reinterpret_cast<__m128i*>(og + c), _mm_unpackhi_epi64(bytes, bytes));
  }
}

// The 3x3 and 5x5 windows with their tap counts fixed, so the pair loops unroll.
template <class T, class MakeRequant>
void Interior(const T* x, const InteriorRow& row, const PackedIntegerFilter& p,
              const MakeRequant& make_requant, T* out) {
  switch (p.taps_per_window) {
    case 9:
      InteriorRowOf<T, 9>(x, row, p, make_requant, out);
      return;
    case 25:
      InteriorRowOf<T, 25>(x, row, p, make_requant, out);
      return;
    default:
      InteriorRowOf<T, 0>(x, row, p, make_requant, out);
  }
}

#undef PLINTH_INLINE

}  // namespace

void InteriorS8Avx512(const int8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                      const gemm::RequantS8Vectors& rv, int8_t* out) {
  auto make = [&](size_t c, auto load) {
    return gemm::avx512::S8Lanes16(rv.multiplier.data() + c, rv.left_shift.data() + c,
                                   rv.right_shift.data() + c, rv.round_mask.data() + c,
                                   rv.round_half.data() + c, row.output_offset, row.qmin, row.qmax,
                                   load);
  };
  Interior<int8_t>(
      x, row, p,
      [&](size_t c, bool twice) {
        return twice ? make(c, gemm::avx512::Load8Twice) : make(c, gemm::avx512::Load16);
      },
      out);
}

void InteriorU8Avx512(const uint8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                      const gemm::RequantU8Params& ru, uint8_t* out) {
  const gemm::avx512::U8Lanes16 requant(ru.multiplier, ru.total_shift, row.output_offset, row.qmin,
                                        row.qmax);
  Interior<uint8_t>(
      x, row, p, [&](size_t, bool) { return requant; }, out);
}

}  // namespace plinth::builtin::depthwise
