// Two's-complement wrapping add and multiply, as TFLite's Add/MulTensorValuesWithExpectedOverflow:
// integer reductions and running sums wrap on overflow instead of invoking undefined behaviour.
#ifndef PLINTH_BUILTIN_OPS_REDUCTION_WRAPPING_ARITHMETIC_H_
#define PLINTH_BUILTIN_OPS_REDUCTION_WRAPPING_ARITHMETIC_H_

#include <cstdint>
#include <type_traits>

namespace plinth::builtin {

template <class T>
T WrappingAdd(T a, T b) {
  if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return static_cast<T>(a + b);
  }
}
template <class T>
T WrappingMul(T a, T b) {
  if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    using U = std::make_unsigned_t<T>;
    // Promote through uint64 so small types do not multiply as (signed) int.
    return static_cast<T>(static_cast<U>(static_cast<uint64_t>(static_cast<U>(a)) *
                                         static_cast<uint64_t>(static_cast<U>(b))));
  } else {
    return static_cast<T>(a * b);
  }
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_REDUCTION_WRAPPING_ARITHMETIC_H_
