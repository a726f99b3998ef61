// CONV_2D float for inputs of at most 4 channels (first layers: RGB images) on AVX2: the row kernel
// of conv_2d_small_input_f32_row.h on 8-lane vectors. The GEMM path gathers every window into a
// row of k_h * k_w * in_c floats (27 for a 3x3 RGB window) and then runs a micro-kernel over a
// depth too short to repay the gather, which took over half of such a layer.
#include <immintrin.h>

#include "builtin_ops/gemm/f32_gemm_avx2_util.h"
#include "builtin_ops/nn/conv_2d.h"
#include "builtin_ops/nn/conv_2d_small_input_f32_row.h"

namespace plinth::builtin::conv2d {
namespace {

struct Lanes8 {
  using V = __m256;
  static constexpr size_t kLanes = 8;
  static constexpr int kAccumulators = 8;  // of 16 registers, with the taps and a broadcast
  static V Zero() { return _mm256_setzero_ps(); }
  static V Set(float x) { return _mm256_set1_ps(x); }
  static V Load(const float* p) { return _mm256_loadu_ps(p); }
  static void Store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V Broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static V Add(V x, V y) { return _mm256_add_ps(x, y); }
  template <bool kFused>
  static V Madd(V acc, V x, V w) {
    if constexpr (kFused) return _mm256_fmadd_ps(x, w, acc);
    return _mm256_add_ps(acc, _mm256_mul_ps(x, w));
  }
  static V Clamp(V v, V lo, V hi) { return gemm::avx2::Clamp(v, lo, hi); }
};

}  // namespace

SmallInputRowFn SelectSmallInputF32RowAvx2(const Geometry& g, bool fused) {
  if (!ServesSmallInput(g)) return nullptr;
  return fused ? &small_input::Row<Lanes8, true> : &small_input::Row<Lanes8, false>;
}

}  // namespace plinth::builtin::conv2d
