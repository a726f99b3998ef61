// The depthwise interior kernel (depthwise_conv_2d_int.h) on AVX-512 (BW, VNNI): 16 channels per
// 512-bit register in channel order, each pair of vertically neighbouring taps interleaved as
// int16 and summed by vpdpwssd against the filter packed in the same order
// (PackedIntegerFilter::channel_order), and the requantization of 16 lanes at once. The AVX2
// kernel spends about half its instructions undoing vpunpck*wd's lane order and requantizing 8
// lanes at a time. 3x3 windows at stride 1 or 2 interleave each input column once for the pixels
// that share it. An 8-channel group takes two neighbouring pixels per register. The int32 sums
// are the AVX2 kernel's (no wrap: |sum| < 64 x 511^2) and the requantization its arithmetic, so
// the outputs are the same bits.
#include <immintrin.h>

// GCC 12's 512-bit intrinsics pass a deliberately undefined vector as the unused merge source,
// which its own -W(maybe-)uninitialized then reports (GCC bug 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

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
// 16 requantized lanes (within T's range) stored as 16 bytes.
template <class T>
PLINTH_INLINE void Store16(__m128i bytes, T* out) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), bytes);
}
// One tap's 16 values as int16 pairs (a[i], 0 or -1): the pair's second weight is zero.
template <class T>
PLINTH_INLINE __m512i Single(__m128i a) {
  return std::is_signed_v<T> ? _mm512_cvtepi8_epi32(a) : _mm512_cvtepu8_epi32(a);
}

// The input offsets of each packed pair's taps (PackedIntegerFilter::pair_taps: each tap with
// the one below it, a last odd row's taps alone): pairs [0, full) have two taps, [full, pairs) one.
struct PairOffsets {
  PairOffsets(const InteriorRow& row, const PackedIntegerFilter& p)
      : pairs(p.pairs), full((p.k_h / 2) * p.k_w) {
    for (int32_t q = 0; q < pairs; ++q) {
      first[q] = row.offsets[p.pair_taps[2 * q]];
      const int32_t t1 = p.pair_taps[2 * q + 1];
      second[q] = t1 >= 0 ? row.offsets[t1] : first[q];
    }
  }
  int32_t pairs, full;
  ptrdiff_t first[kMaxFastTaps], second[kMaxFastTaps];
};

// One pixel's sums of a 16-channel group (kPairs, kFull: the window's counts where fixed at
// compile time, else 0 and taken from `po`): bias plus each pair against its filter vector.
template <class T, int kPairs, int kFull>
PLINTH_INLINE __m512i PixelSums(const T* x, const PairOffsets& po, const __m512i* w, __m512i bias) {
  const int32_t pairs = kPairs > 0 ? kPairs : po.pairs, full = kPairs > 0 ? kFull : po.full;
  // Two accumulators: the pairs' chain and the lone taps', half as long each.
  __m512i acc = bias, lone = _mm512_setzero_si512();
  for (int32_t q = 0; q < full; ++q) {
    acc = _mm512_dpwssd_epi32(acc, Pairs<T>(Load16(x + po.first[q]), Load16(x + po.second[q])),
                              _mm512_loadu_si512(w + q));
  }
  for (int32_t q = full; q < pairs; ++q) {
    lone = _mm512_dpwssd_epi32(lone, Single<T>(Load16(x + po.first[q])), _mm512_loadu_si512(w + q));
  }
  return _mm512_add_epi32(acc, lone);
}

// A 3x3 window whose next pixel starts kStride columns of the window later (stride 1 or 2 with
// undilated columns): each window column's pair (rows 0 and 1) and lone tap (row 2) is made once
// and kept for the pixels that share it. col = the distance between window columns, w = the six
// filter vectors (the three columns' pairs, then their lone taps).
template <class T, int kStride, class Requant>
void Row3x3(const T* x, size_t pixels, size_t col, const PairOffsets& po, const __m512i* w,
            __m512i bias, const Requant& requant, T* out, size_t out_step) {
  const ptrdiff_t below = po.second[0], third = po.first[3];  // rows 1 and 2 from row 0
  auto pair = [&](const T* p) { return Pairs<T>(Load16(p), Load16(p + below)); };
  auto lone = [&](const T* p) { return Single<T>(Load16(p + third)); };
  const __m512i w0 = _mm512_loadu_si512(w), w1 = _mm512_loadu_si512(w + 1);
  const __m512i w2 = _mm512_loadu_si512(w + 2), l0 = _mm512_loadu_si512(w + 3);
  const __m512i l1 = _mm512_loadu_si512(w + 4), l2 = _mm512_loadu_si512(w + 5);
  auto sums = [&](__m512i p0, __m512i p1, __m512i p2, __m512i s0, __m512i s1, __m512i s2) {
    __m512i a = _mm512_dpwssd_epi32(bias, p0, w0);
    __m512i b = _mm512_dpwssd_epi32(_mm512_setzero_si512(), s0, l0);
    a = _mm512_dpwssd_epi32(a, p1, w1);
    b = _mm512_dpwssd_epi32(b, s1, l1);
    a = _mm512_dpwssd_epi32(a, p2, w2);
    b = _mm512_dpwssd_epi32(b, s2, l2);
    return _mm512_add_epi32(a, b);
  };
  auto store = [&](__m512i acc, T* o) { Store16(requant.Bytes(acc), o); };
  // Columns 0 and (stride 1) 1 of the first window.
  __m512i p0 = pair(x), s0 = lone(x);
  if constexpr (kStride == 1) {
    __m512i p1 = pair(x + col), s1 = lone(x + col);
    const T* next = x + 2 * col;  // the next column no window has read yet
    size_t px = 0;
    for (; px + 2 <= pixels; px += 2, next += 2 * col, out += 2 * out_step) {
      const __m512i p2 = pair(next), s2 = lone(next);
      const __m512i p3 = pair(next + col), s3 = lone(next + col);
      const __m512i a0 = sums(p0, p1, p2, s0, s1, s2), a1 = sums(p1, p2, p3, s1, s2, s3);
      store(a0, out);
      store(a1, out + out_step);
      p0 = p2, s0 = s2, p1 = p3, s1 = s3;
    }
    if (px < pixels) store(sums(p0, p1, pair(next), s0, s1, lone(next)), out);
  } else {
    const T* next = x + col;
    for (size_t px = 0; px < pixels; ++px, next += 2 * col, out += out_step) {
      const __m512i p1 = pair(next), s1 = lone(next);
      const __m512i p2 = pair(next + col), s2 = lone(next + col);
      store(sums(p0, p1, p2, s0, s1, s2), out);
      p0 = p2, s0 = s2;
    }
  }
}

// The row for a window of kPairs packed pairs, kFull of them with two taps (0: known at run time
// only). MakeRequant(c, twice) gives the requantization of channels c.. (16 of them, or 8 twice).
template <class T, int kPairs, int kFull, class MakeRequant>
void InteriorRowOf(const T* x, const InteriorRow& row, const PackedIntegerFilter& p,
                   const MakeRequant& make_requant, T* out) {
  // Locals: the byte stores below may alias anything the row refers to.
  const size_t pixels = row.pixels, step = row.step, c = row.c;
  const PairOffsets po(row, p);
  const int32_t pairs = po.pairs;
  // 3x3 windows whose columns the next pixel shares (stride 1 or 2, no horizontal dilation).
  const size_t col = static_cast<size_t>(row.offsets[1] - row.offsets[0]);
  const int shared =
      p.k_h == 3 && p.k_w == 3 && row.offsets[2] - row.offsets[1] == static_cast<ptrdiff_t>(col)
          ? (step == col       ? 1
             : step == 2 * col ? 2
                               : 0)
          : 0;
  // One 16-channel group: the filter of pair q is one vector, (w[first][c], w[second][c]) for c
  // in order.
  for (size_t g = 0; g < p.groups; ++g) {
    const auto* w = reinterpret_cast<const __m512i*>(p.taps.data()) + g * pairs;
    const __m512i bias = gemm::avx512::Load16(p.bias_io.data() + g * 16);
    const auto requant = make_requant(g * 16, false);
    const T* xg = x + g * 16;
    T* og = out + g * 16;
    if (shared == 1) {
      Row3x3<T, 1>(xg, pixels, col, po, w, bias, requant, og, c);
      continue;
    }
    if (shared == 2) {
      Row3x3<T, 2>(xg, pixels, col, po, w, bias, requant, og, c);
      continue;
    }
    auto store = [&](__m512i acc, T* o) { Store16(requant.Bytes(acc), o); };
    // Two pixels at a time: their chains of dependent instructions interleave.
    size_t px = 0;
    for (; px + 2 <= pixels; px += 2, xg += 2 * step, og += 2 * c) {
      const __m512i acc0 = PixelSums<T, kPairs, kFull>(xg, po, w, bias);
      const __m512i acc1 = PixelSums<T, kPairs, kFull>(xg + step, po, w, bias);
      store(acc0, og);
      store(acc1, og + c);
    }
    if (px < pixels) store(PixelSums<T, kPairs, kFull>(xg, po, w, bias), og);
  }
  if (!p.half) return;
  // The 8-channel group: two pixels per vector (lanes 0-7 and 8-15), so the filter of pair q,
  // 8 channels' (w[first][c], w[second][c]), fills both halves.
  const size_t c0 = p.groups * 16;
  const auto* w = reinterpret_cast<const __m256i*>(p.taps.data() + p.groups * pairs * 32);
  const __m512i bias = gemm::avx512::Load8Twice(p.bias_io.data() + c0);
  const auto requant = make_requant(c0, true);
  const int32_t full = kPairs > 0 ? kFull : po.full;
  const T* xg = x + c0;
  T* og = out + c0;
  size_t px = 0;
  if (shared == 1 && c == 8) {
    // Only 8 channels at stride 1: a pixel pair's taps in one window column are 16 neighbouring
    // bytes (the column, then the next), and the next pair's windows start two columns later,
    // so the pairs share columns as stride-2 windows do.
    __m512i wide[6];
    for (int32_t q = 0; q < 6; ++q) wide[q] = _mm512_broadcast_i64x4(_mm256_loadu_si256(w + q));
    const size_t twos = pixels / 2;
    Row3x3<T, 2>(xg, twos, col, po, wide, bias, requant, og, 2 * c);
    px = 2 * twos;
    xg += px * step;
    og += px * c;
  }
  for (; px < pixels; px += 2, xg += 2 * step, og += 2 * c) {
    // A last lone pixel reads its own window twice and stores once.
    const bool two = px + 1 < pixels;
    const size_t next = two ? step * sizeof(T) : 0;
    __m512i acc = bias;
    for (int32_t q = 0; q < (kPairs > 0 ? kPairs : pairs); ++q) {
      const __m512i wq = _mm512_broadcast_i64x4(_mm256_loadu_si256(w + q));
      const __m128i a = Load8x2(xg + po.first[q], next);
      acc = _mm512_dpwssd_epi32(
          acc, q < full ? Pairs<T>(a, Load8x2(xg + po.second[q], next)) : Single<T>(a), wq);
    }
    const __m128i bytes = requant.Bytes(acc);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(og), bytes);
    if (two) _mm_storel_epi64(reinterpret_cast<__m128i*>(og + c), _mm_unpackhi_epi64(bytes, bytes));
  }
}

// The 3x3 and 5x5 windows with their pair counts fixed, so the pair loops unroll.
template <class T, class MakeRequant>
void Interior(const T* x, const InteriorRow& row, const PackedIntegerFilter& p,
              const MakeRequant& make_requant, T* out) {
  if (p.k_h == 3 && p.k_w == 3) {
    InteriorRowOf<T, 6, 3>(x, row, p, make_requant, out);
  } else if (p.k_h == 5 && p.k_w == 5) {
    InteriorRowOf<T, 15, 10>(x, row, p, make_requant, out);
  } else {
    InteriorRowOf<T, 0, 0>(x, row, p, make_requant, out);
  }
}

#undef PLINTH_INLINE

}  // namespace

void InteriorS8Avx512(const int8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                      const gemm::RequantS8Vectors& rv, int8_t* out) {
  gemm::avx512::S8LanesFor(rv.left_shifts, row.qmin, row.qmax, [&](auto variant) {
    using Lanes = typename decltype(variant)::type;
    const auto make = [&](size_t c, auto load) {
      return Lanes(rv.multiplier.data() + c, rv.left_shift.data() + c, rv.right_shift.data() + c,
                   rv.round_mask.data() + c, rv.round_half.data() + c, row.output_offset, row.qmin,
                   row.qmax, load);
    };
    Interior<int8_t>(
        x, row, p,
        [&](size_t c, bool twice) {
          return twice ? make(c, gemm::avx512::Load8Twice) : make(c, gemm::avx512::Load16);
        },
        out);
  });
}

void InteriorU8Avx512(const uint8_t* x, const InteriorRow& row, const PackedIntegerFilter& p,
                      const gemm::RequantU8Params& ru, uint8_t* out) {
  const gemm::avx512::U8Lanes16 requant(ru.multiplier, ru.total_shift, row.output_offset, row.qmin,
                                        row.qmax);
  Interior<uint8_t>(
      x, row, p, [&](size_t, bool) { return requant; }, out);
}

}  // namespace plinth::builtin::depthwise
