// CAST between float32/64/16, int8/16/32/64, uint8/16/32, bool and complex64, with TFLite's
// semantics: C++ conversions (float to integer truncates toward zero; integers wrap to narrower
// types; anything nonzero is true; complex converts its real part; float16 rounds to nearest even
// through float). A float outside the target integer range is undefined in TFLite (its result
// depends on how the compiler vectorized the loop); here it saturates, and NaN becomes 0.
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <type_traits>

#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/half.h"

namespace plinth::builtin {
namespace {

using Complex = std::complex<float>;

constexpr std::initializer_list<PlinthType> kCastTypes = {
    PLINTH_FLOAT32, PLINTH_FLOAT64, PLINTH_FLOAT16, PLINTH_INT8,   PLINTH_INT16, PLINTH_INT32,
    PLINTH_INT64,   PLINTH_UINT8,   PLINTH_UINT16,  PLINTH_UINT32, PLINTH_BOOL,  PLINTH_COMPLEX64};

template <class To>
To FromReal(double x) {
  if constexpr (std::is_same_v<To, bool>) {
    return x != 0;
  } else if constexpr (std::is_integral_v<To>) {
    if (std::isnan(x)) return To(0);
    // The bounds are exact in double except int64's maximum, which rounds up to 2^63.
    if (x <= static_cast<double>(std::numeric_limits<To>::lowest())) {
      return std::numeric_limits<To>::lowest();
    }
    if (x >= static_cast<double>(std::numeric_limits<To>::max())) {
      return std::numeric_limits<To>::max();
    }
    return static_cast<To>(x);
  } else if constexpr (std::is_same_v<To, Half>) {
    return FloatToHalf(static_cast<float>(x));
  } else if constexpr (std::is_same_v<To, Complex>) {
    return Complex(static_cast<float>(x), 0.f);
  } else {
    return static_cast<To>(x);
  }
}

template <class To, class From>
To Convert(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<From, Half>) {
    return Convert<To>(HalfToFloat(v));
  } else if constexpr (std::is_same_v<From, Complex>) {
    return Convert<To>(v.real());
  } else if constexpr (std::is_floating_point_v<From>) {
    if constexpr (std::is_same_v<To, float>) {
      return static_cast<float>(v);
    } else {
      return FromReal<To>(static_cast<double>(v));
    }
  } else {  // integers and bool
    if constexpr (std::is_same_v<To, bool>) {
      return v != From(0);
    } else if constexpr (std::is_same_v<To, Half>) {
      return FloatToHalf(static_cast<float>(v));
    } else if constexpr (std::is_same_v<To, Complex>) {
      return Complex(static_cast<float>(v), 0.f);
    } else {
      return static_cast<To>(v);
    }
  }
}

template <class To, class From>
void ConvertAll(const void* in, void* out, int64_t n) {
  const From* x = static_cast<const From*>(in);
  To* y = static_cast<To*>(out);
  for (int64_t i = 0; i < n; ++i) y[i] = Convert<To>(x[i]);
}

// Calls f with a value of the C++ type that stores `type`.
template <class F>
bool WithType(PlinthType type, F f) {
  switch (type) {
    case PLINTH_FLOAT32:
      f(float{});
      return true;
    case PLINTH_FLOAT64:
      f(double{});
      return true;
    case PLINTH_FLOAT16:
      f(Half{});
      return true;
    case PLINTH_INT8:
      f(int8_t{});
      return true;
    case PLINTH_INT16:
      f(int16_t{});
      return true;
    case PLINTH_INT32:
      f(int32_t{});
      return true;
    case PLINTH_INT64:
      f(int64_t{});
      return true;
    case PLINTH_UINT8:
      f(uint8_t{});
      return true;
    case PLINTH_UINT16:
      f(uint16_t{});
      return true;
    case PLINTH_UINT32:
      f(uint32_t{});
      return true;
    case PLINTH_BOOL:
      f(bool{});
      return true;
    case PLINTH_COMPLEX64:
      f(Complex{});
      return true;
    default:
      return false;
  }
}

using ConvertFn = void (*)(const void*, void*, int64_t);

class Cast {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, in, "input", kCastTypes));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, out, "output", kCastTypes));
    WithType(in.type(), [&](auto from) {
      WithType(out.type(), [&](auto to) { convert_ = &ConvertAll<decltype(to), decltype(from)>; });
    });
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0);
    convert_(in.raw_data(), ctx.output(0).raw_data(), in.num_elements());
    return PLINTH_OK;
  }

 private:
  ConvertFn convert_ = nullptr;
};

}  // namespace

PlinthStatus RegisterCast(Registrar& r) {
  return r.AddBuiltin<Cast>("CAST", 1, 7, std::vector<PlinthType>(kCastTypes));
}

}  // namespace plinth::builtin
