// QUANTIZE float -> int8 / uint8 / int16 with one scale, on AVX2: eight values at a time, the
// same bits as the scalar QuantizeValue of quantize.cc.
#ifndef PLINTH_BUILTIN_OPS_QUANTIZATION_QUANTIZE_FAST_H_
#define PLINTH_BUILTIN_OPS_QUANTIZATION_QUANTIZE_FAST_H_

#include <cstddef>
#include <cstdint>

namespace plinth::builtin::quantize {

#if defined(PLINTH_HAVE_AVX2_KERNELS)
// y[i] = clamp(round(x[i] / scale) + zero_point, qmin, qmax) for the first n - n % 8 values
// ([qmin, qmax] within T); returns how many it wrote.
template <class T>
size_t QuantizeF32Avx2(const float* x, size_t n, float scale, int32_t zero_point, int32_t qmin,
                       int32_t qmax, T* y);
#endif

}  // namespace plinth::builtin::quantize

#endif  // PLINTH_BUILTIN_OPS_QUANTIZATION_QUANTIZE_FAST_H_
