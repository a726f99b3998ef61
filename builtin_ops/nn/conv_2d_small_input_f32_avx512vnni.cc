// CONV_2D float for inputs of at most 4 channels (first layers: RGB images) on AVX-512: the row
// kernel of conv_2d_small_input_f32_row.h on 16-lane vectors, for output channels in multiples of
// 16. Half the AVX2 kernel's instructions per output (the exact build's multiply and add per tap
// bound it by issue, not by the arithmetic units), and twice the accumulators (32 registers).
#include <immintrin.h>

#include "builtin_ops/nn/conv_2d.h"
#include "builtin_ops/nn/conv_2d_small_input_f32_row.h"

// GCC 12's 512-bit intrinsics pass a deliberately undefined vector as the unused merge source,
// which its own -W(maybe-)uninitialized then reports (GCC bug 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace plinth::builtin::conv2d {
namespace {

struct Lanes16 {
  using V = __m512;
  static constexpr size_t kLanes = 16;
  static constexpr int kAccumulators = 16;  // of 32 registers, with the taps and a broadcast
  static V Zero() { return _mm512_setzero_ps(); }
  static V Set(float x) { return _mm512_set1_ps(x); }
  static V Load(const float* p) { return _mm512_loadu_ps(p); }
  static void Store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V Broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static V Add(V x, V y) { return _mm512_add_ps(x, y); }
  template <bool kFused>
  static V Madd(V acc, V x, V w) {
    if constexpr (kFused) return _mm512_fmadd_ps(x, w, acc);
    return _mm512_add_ps(acc, _mm512_mul_ps(x, w));
  }
  // Keeps NaN: the value is the second operand of max and min.
  static V Clamp(V v, V lo, V hi) { return _mm512_min_ps(hi, _mm512_max_ps(lo, v)); }
};

}  // namespace

SmallInputRowFn SelectSmallInputF32RowAvx512(const Geometry& g, bool fused) {
  if (!ServesSmallInput(g) || g.out_c % 16 != 0) return nullptr;
  return fused ? &small_input::Row<Lanes16, true> : &small_input::Row<Lanes16, false>;
}

}  // namespace plinth::builtin::conv2d
