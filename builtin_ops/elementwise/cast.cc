// CAST between float32/64, int8/16/32/64, uint8/16/32 and bool (C++ conversion semantics, as
// TFLite: float to int truncates toward zero; anything nonzero to bool is true).
#include "builtin_ops/elementwise/elementwise_ops.h"
#include "builtin_ops/common/kernel_util.h"

namespace plinth::builtin {
namespace {

template <class To, class From>
void Convert(const From* in, To* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if constexpr (std::is_same_v<To, bool>) {
      out[i] = in[i] != From(0);
    } else {
      out[i] = static_cast<To>(in[i]);
    }
  }
}

template <class From>
PlinthStatus ConvertFrom(KernelContext& ctx, const From* in, int64_t n) {
  Tensor out = ctx.output(0);
  switch (out.type()) {
    case PLINTH_FLOAT32: Convert(in, out.data<float>(), n); break;
    case PLINTH_FLOAT64: Convert(in, out.data<double>(), n); break;
    case PLINTH_INT8: Convert(in, out.data<int8_t>(), n); break;
    case PLINTH_INT16: Convert(in, out.data<int16_t>(), n); break;
    case PLINTH_INT32: Convert(in, out.data<int32_t>(), n); break;
    case PLINTH_INT64: Convert(in, out.data<int64_t>(), n); break;
    case PLINTH_UINT8: Convert(in, out.data<uint8_t>(), n); break;
    case PLINTH_UINT16: Convert(in, out.data<uint16_t>(), n); break;
    case PLINTH_UINT32: Convert(in, out.data<uint32_t>(), n); break;
    case PLINTH_BOOL: Convert(in, out.data<bool>(), n); break;
    default: return ctx.Error("cannot cast to ", TypeName(out.type()));
  }
  return PLINTH_OK;
}

constexpr std::initializer_list<PlinthType> kCastTypes = {
    PLINTH_FLOAT32, PLINTH_FLOAT64, PLINTH_INT8,   PLINTH_INT16,  PLINTH_INT32,
    PLINTH_INT64,   PLINTH_UINT8,   PLINTH_UINT16, PLINTH_UINT32, PLINTH_BOOL};

class Cast {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.input(0), "input", kCastTypes));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.output(0), "output", kCastTypes));
    return ctx.Resize(ctx.output(0), ctx.input(0).shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor in = ctx.input(0);
    const int64_t n = in.num_elements();
    switch (in.type()) {
      case PLINTH_FLOAT32: return ConvertFrom(ctx, in.data<float>(), n);
      case PLINTH_FLOAT64: return ConvertFrom(ctx, in.data<double>(), n);
      case PLINTH_INT8: return ConvertFrom(ctx, in.data<int8_t>(), n);
      case PLINTH_INT16: return ConvertFrom(ctx, in.data<int16_t>(), n);
      case PLINTH_INT32: return ConvertFrom(ctx, in.data<int32_t>(), n);
      case PLINTH_INT64: return ConvertFrom(ctx, in.data<int64_t>(), n);
      case PLINTH_UINT8: return ConvertFrom(ctx, in.data<uint8_t>(), n);
      case PLINTH_UINT16: return ConvertFrom(ctx, in.data<uint16_t>(), n);
      case PLINTH_UINT32: return ConvertFrom(ctx, in.data<uint32_t>(), n);
      case PLINTH_BOOL: return ConvertFrom(ctx, in.data<bool>(), n);
      default: return ctx.Error("cannot cast from ", TypeName(in.type()));
    }
  }
};

}  // namespace

PlinthStatus RegisterCast(Registrar& r) {
  return r.AddBuiltin<Cast>("CAST", 1, 6, std::vector<PlinthType>(kCastTypes));
}

}  // namespace plinth::builtin
