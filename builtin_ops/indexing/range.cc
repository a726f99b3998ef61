// RANGE: start, start + delta, ... up to (not including) limit, from three scalars of one type
// (float32, int32, int64). The length is ceil(|limit - start| / |delta|) as TFLite computes it;
// values accumulate by repeated addition, as in TFLite. Constant inputs size the output in
// prepare; otherwise it is dynamic.
#include <cmath>
#include <cstdint>
#include <limits>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kStart = 0;
constexpr int kLimit = 1;
constexpr int kDelta = 2;
constexpr int kOutput = 0;

// Number of values, or -1 with `why` set when the range is invalid.
template <class T>
int64_t RangeLength(T start, T limit, T delta, const char** why) {
  if (delta == 0) {
    *why = "delta must not be 0";
    return -1;
  }
  if (!((start >= limit && delta < 0) || (start <= limit && delta > 0))) {
    *why = "delta must point from start towards limit";
    return -1;
  }
  if constexpr (std::is_integral_v<T>) {
    // |limit - start| and |delta| as unsigned magnitudes: no overflow at the type's edges.
    const uint64_t span = start <= limit
                              ? static_cast<uint64_t>(limit) - static_cast<uint64_t>(start)
                              : static_cast<uint64_t>(start) - static_cast<uint64_t>(limit);
    const uint64_t step =
        delta > 0 ? static_cast<uint64_t>(delta) : uint64_t{0} - static_cast<uint64_t>(delta);
    const uint64_t length = span / step + (span % step != 0 ? 1 : 0);
    if (length > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
      *why = "the range has more than 2^31 - 1 values";
      return -1;
    }
    return static_cast<int64_t>(length);
  } else {
    const T length = std::ceil(std::abs((limit - start) / delta));
    if (!(length <= static_cast<T>(std::numeric_limits<int32_t>::max()))) {
      *why = "the range has more than 2^31 - 1 values";
      return -1;
    }
    return static_cast<int64_t>(length);
  }
}

class Range {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 3 && ctx.num_outputs() == 1,
                  "RANGE takes 3 inputs (start, limit, delta) and 1 output, got ", ctx.num_inputs(),
                  " and ", ctx.num_outputs());
    Tensor start = ctx.input(kStart), limit = ctx.input(kLimit), delta = ctx.input(kDelta);
    Tensor output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, start, "start", {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx,
                  limit && limit.type() == start.type() && delta && delta.type() == start.type(),
                  "start, limit and delta must have one type");
    PLINTH_ENSURE(ctx, start.rank() == 0 && limit.rank() == 0 && delta.rank() == 0,
                  "start, limit and delta must be scalars");
    PLINTH_ENSURE(ctx, output && output.type() == start.type(), "output type must be ",
                  TypeName(start.type()));
    dynamic_ = !(start.is_constant() && limit.is_constant() && delta.is_constant());
    if (dynamic_) return ctx.SetDynamic(output);
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    switch (ctx.input(kStart).type()) {
      case PLINTH_FLOAT32:
        return Run<float>(ctx);
      case PLINTH_INT32:
        return Run<int32_t>(ctx);
      case PLINTH_INT64:
        return Run<int64_t>(ctx);
      default:
        return ctx.Error("unsupported type ", TypeName(ctx.input(kStart).type()));
    }
  }

 private:
  template <class T>
  int64_t Length(const KernelContext& ctx, const char** why) const {
    return RangeLength<T>(ctx.input(kStart).data<T>()[0], ctx.input(kLimit).data<T>()[0],
                          ctx.input(kDelta).data<T>()[0], why);
  }

  PlinthStatus ResizeOutput(const KernelContext& ctx) const {
    const char* why = "";
    int64_t length = -1;
    switch (ctx.input(kStart).type()) {
      case PLINTH_FLOAT32:
        length = Length<float>(ctx, &why);
        break;
      case PLINTH_INT32:
        length = Length<int32_t>(ctx, &why);
        break;
      case PLINTH_INT64:
        length = Length<int64_t>(ctx, &why);
        break;
      default:
        break;
    }
    PLINTH_ENSURE(ctx, length >= 0, "invalid RANGE: ", why);
    return ctx.Resize(ctx.output(kOutput), {static_cast<int32_t>(length)});
  }

  template <class T>
  PlinthStatus Run(const KernelContext& ctx) const {
    Tensor output = ctx.output(kOutput);
    T* out = output.data<T>();
    T value = ctx.input(kStart).data<T>()[0];
    const T delta = ctx.input(kDelta).data<T>()[0];
    const int64_t n = output.num_elements();
    for (int64_t i = 0; i < n; ++i) {
      out[i] = value;
      if constexpr (std::is_integral_v<T>) {
        using U = std::make_unsigned_t<T>;
        value = static_cast<T>(static_cast<U>(value) + static_cast<U>(delta));
      } else {
        value += delta;
      }
    }
    return PLINTH_OK;
  }

  bool dynamic_ = false;
};

}  // namespace

PlinthStatus RegisterRange(Registrar& r) {
  return r.AddBuiltin<Range>("RANGE", 1, 2, {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64});
}

}  // namespace plinth::builtin
