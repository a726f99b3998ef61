// WHERE (one input): the coordinates of the true / non-zero elements of `condition`, row-major,
// as an int64 [count, rank] tensor. Conditions bool, float32, int8, uint8, int32, uint32, int64.
// The output is dynamic unless the condition is constant.
#include <cstdint>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/indexing/indexing_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kCondition = 0;
constexpr int kOutput = 0;

template <class F>
auto WithConditionType(PlinthType type, F&& f) {
  switch (type) {
    case PLINTH_BOOL:
      return f(bool{});
    case PLINTH_FLOAT32:
      return f(float{});
    case PLINTH_INT8:
      return f(int8_t{});
    case PLINTH_UINT8:
      return f(uint8_t{});
    case PLINTH_UINT32:
      return f(uint32_t{});
    case PLINTH_INT64:
      return f(int64_t{});
    default:
      return f(int32_t{});
  }
}

class Where {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1 && ctx.num_outputs() == 1,
                  "WHERE takes 1 input (condition) and 1 output, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    Tensor condition = ctx.input(kCondition), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, condition, "condition",
                                     {PLINTH_BOOL, PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8,
                                      PLINTH_INT32, PLINTH_UINT32, PLINTH_INT64}));
    PLINTH_ENSURE(ctx, condition.rank() >= 1, "condition must be at least 1-D, got a scalar");
    PLINTH_ENSURE(ctx, output && output.type() == PLINTH_INT64, "output type must be INT64");
    dynamic_ = !condition.is_constant();
    if (dynamic_) return ctx.SetDynamic(output);
    return ResizeOutput(ctx);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (dynamic_) PLINTH_RETURN_IF_ERROR(ResizeOutput(ctx));
    Tensor condition = ctx.input(kCondition);
    int64_t* out = ctx.output(kOutput).data<int64_t>();
    const int rank = condition.rank();
    return WithConditionType(condition.type(), [&](auto tag) {
      using T = decltype(tag);
      const T* values = condition.data<T>();
      const int64_t n = condition.num_elements();
      for (int64_t i = 0; i < n; ++i) {
        if (values[i] == T(0)) continue;
        int64_t rest = i;
        for (int d = rank - 1; d >= 0; --d) {
          out[d] = rest % condition.dim(d);
          rest /= condition.dim(d);
        }
        out += rank;
      }
      return PLINTH_OK;
    });
  }

 private:
  PlinthStatus ResizeOutput(const KernelContext& ctx) const {
    Tensor condition = ctx.input(kCondition);
    const int64_t count = WithConditionType(condition.type(), [&](auto tag) {
      using T = decltype(tag);
      const T* values = condition.data<T>();
      const int64_t n = condition.num_elements();
      int64_t c = 0;
      for (int64_t i = 0; i < n; ++i) c += values[i] != T(0) ? 1 : 0;
      return c;
    });
    return ctx.Resize(ctx.output(kOutput), {static_cast<int32_t>(count), condition.rank()});
  }

  bool dynamic_ = false;
};

}  // namespace

PlinthStatus RegisterWhere(Registrar& r) {
  return r.AddBuiltin<Where>("WHERE", 1, 2,
                             {PLINTH_BOOL, PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT32,
                              PLINTH_UINT32, PLINTH_INT64});
}

}  // namespace plinth::builtin
