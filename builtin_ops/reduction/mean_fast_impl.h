// The MEAN sum loops of mean_fast.h, included once per ISA under its own namespace
// (PLINTH_MEAN_ISA_NS), so the baseline and AVX2 compilations share no inline function.
#ifndef PLINTH_MEAN_ISA_NS
#error "define PLINTH_MEAN_ISA_NS before including mean_fast_impl.h"
#endif

#include <cstddef>
#include <cstdint>

#include "builtin_ops/reduction/mean_fast.h"

namespace plinth::builtin::mean::PLINTH_MEAN_ISA_NS {

void F32Sum(const float* in, float* sums, int64_t outer, int64_t reduce, int64_t inner) {
  const size_t n = static_cast<size_t>(inner);
  for (int64_t o = 0; o < outer; ++o) {
    float* y = sums + static_cast<size_t>(o) * n;
    for (size_t i = 0; i < n; ++i) y[i] = 0.f;
    const float* x = in + static_cast<size_t>(o * reduce) * n;
    for (int64_t r = 0; r < reduce; ++r, x += n) {
      for (size_t i = 0; i < n; ++i) y[i] += x[i];
    }
  }
}

// Unsigned arithmetic: the int32 sums wrap (as the reference's WrappingAdd) without undefined
// behaviour.
template <class T>
void IntegerSum(const T* in, int32_t* sums, int64_t outer, int64_t reduce, int64_t inner) {
  const size_t n = static_cast<size_t>(inner);
  uint32_t* s = reinterpret_cast<uint32_t*>(sums);
  for (int64_t o = 0; o < outer; ++o) {
    uint32_t* y = s + static_cast<size_t>(o) * n;
    for (size_t i = 0; i < n; ++i) y[i] = 0;
    const T* x = in + static_cast<size_t>(o * reduce) * n;
    for (int64_t r = 0; r < reduce; ++r, x += n) {
      for (size_t i = 0; i < n; ++i) y[i] += static_cast<uint32_t>(static_cast<int32_t>(x[i]));
    }
  }
}

inline Kernels MakeKernels() {
  Kernels k;
  k.f32 = &F32Sum;
  k.s8 = &IntegerSum<int8_t>;
  k.u8 = &IntegerSum<uint8_t>;
  return k;
}

}  // namespace plinth::builtin::mean::PLINTH_MEAN_ISA_NS
