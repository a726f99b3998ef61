// Runs a float activation fast path (activation_f32_fast.h) over a tensor, in tiles spread over
// the context's threads (element-wise: the result does not depend on the split).
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_FAST_RUN_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_FAST_RUN_H_

#include <cstddef>
#include <cstdint>

#include "builtin_ops/activations/activation_f32_fast.h"
#include "plinth/plugin.hpp"

namespace plinth::builtin::act {

inline void RunF32Map(const KernelContext& ctx, F32MapFn fn, const float* x, float* y, int64_t n) {
  constexpr size_t kTile = 8192;
  const size_t count = static_cast<size_t>(n);
  const size_t tiles = (count + kTile - 1) / kTile;
  auto body = [&](size_t begin, size_t end) {
    const size_t first = begin * kTile;
    const size_t last = end * kTile < count ? end * kTile : count;
    fn(x + first, y + first, last - first);
  };
  if (tiles <= 1) {
    body(0, tiles);
  } else {
    ctx.ParallelFor(tiles, 1, body);
  }
}

}  // namespace plinth::builtin::act

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_FAST_RUN_H_
