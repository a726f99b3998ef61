// MEAN over the axes of an int32 axis tensor, keep_dims: float32 (float sums divided by the
// count), int32/int64 (int64 sums, truncating division) and int8/uint8/int16 quantized
// (TFLite's QuantizedMeanOrSum: integer sums, 1/n folded into the input/output rescale).
#include <algorithm>
#include <limits>
#include <type_traits>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/reduction/mean_fast.h"
#include "builtin_ops/reduction/reduce_plan.h"
#include "builtin_ops/reduction/reduce_quantized.h"
#include "builtin_ops/reduction/reduction_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kAxis = 1;
constexpr int kOutput = 0;

bool IsQuantizedType(PlinthType type) {
  return type == PLINTH_INT8 || type == PLINTH_UINT8 || type == PLINTH_INT16;
}

class Mean {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1,
                  "MEAN takes 2 inputs (input, axis) and 1 output, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    Tensor input = ctx.input(kInput), axis = ctx.input(kAxis), output = ctx.output(kOutput);
    PLINTH_RETURN_IF_ERROR(CheckType(
        ctx, input, "input",
        {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, axis, "axis", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, output && output.type() == input.type(), "output type must be ",
                  TypeName(input.type()));
    keep_dims_ = ctx.OptionBool("keep_dims");
    if (IsQuantizedType(input.type())) {
      PLINTH_ENSURE(ctx, input.is_quantized() && output.is_quantized(), "quantized MEAN needs ",
                    "quantization parameters on its input and output");
      if (input.type() == PLINTH_INT16) {
        PLINTH_ENSURE(ctx, input.zero_point() == 0 && output.zero_point() == 0,
                      "int16 MEAN needs zero points of 0, got ", input.zero_point(), " and ",
                      output.zero_point());
      }
      multiplier_ = QuantizeMultiplier(static_cast<double>(input.scale()) /
                                       static_cast<double>(output.scale()));
    }
    fast_ = mean::SelectKernels(gemm::ActiveIsa());
    dynamic_ = !axis.is_constant();
    int64_t accumulators = 1;
    if (dynamic_) {
      PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(output));
      accumulators = std::max<int64_t>(1, input.num_elements());
    } else {
      PLINTH_RETURN_IF_ERROR(MakeReducePlan(ctx, input, axis, keep_dims_, &plan_));
      PLINTH_RETURN_IF_ERROR(ctx.Resize(output, plan_.output_shape.data(), plan_.output_rank));
      accumulators = std::max<int64_t>(1, plan_.output_elements);
    }
    scratch_ = -1;
    if (input.type() != PLINTH_FLOAT32) {
      // int64 sums for int32/int64, int32 sums for the quantized types (the fast path's too).
      const size_t size = IsQuantizedType(input.type()) ? sizeof(int32_t) : sizeof(int64_t);
      scratch_ = ctx.RequestScratch(static_cast<size_t>(accumulators) * size);
      PLINTH_ENSURE(ctx, scratch_ >= 0, "cannot reserve ", accumulators, " accumulators");
    }
    return PLINTH_OK;
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), output = ctx.output(kOutput);
    if (dynamic_) {
      PLINTH_RETURN_IF_ERROR(MakeReducePlan(ctx, input, ctx.input(kAxis), keep_dims_, &plan_));
      PLINTH_RETURN_IF_ERROR(ctx.Resize(output, plan_.output_shape.data(), plan_.output_rank));
    }
    switch (input.type()) {
      case PLINTH_FLOAT32:
        return RunFloat(input, output);
      case PLINTH_INT32:
        return RunInteger<int32_t>(ctx, input, output);
      case PLINTH_INT64:
        return RunInteger<int64_t>(ctx, input, output);
      case PLINTH_INT8:
        return RunQuantized<int8_t>(ctx, input, output);
      case PLINTH_UINT8:
        return RunQuantized<uint8_t>(ctx, input, output);
      case PLINTH_INT16:
        return RunQuantized<int16_t>(ctx, input, output);
      default:
        return ctx.Error("unsupported type ", TypeName(input.type()));
    }
  }

 private:
  // An empty input gives NaN (0 for the integer types), as TFLite's mean does.
  template <class T>
  bool FillEmpty(Tensor& output) const {
    if (plan_.input_elements != 0) return false;
    T* out = output.data<T>();
    std::fill(out, out + plan_.output_elements, std::numeric_limits<T>::quiet_NaN());
    return true;
  }

  // The plan as [outer, reduce, inner] with the middle block reduced (e.g. axes [1, 2] of NHWC),
  // which the fast kernels serve; false for other reductions.
  bool MiddleBlock(int64_t* outer, int64_t* reduce, int64_t* inner) const {
    const auto& r = plan_.run_reduced;
    if (plan_.num_runs == 3 && !r[0] && r[1] && !r[2]) {
      *outer = plan_.run_size[0], *reduce = plan_.run_size[1], *inner = plan_.run_size[2];
      return true;
    }
    if (plan_.num_runs == 2 && r[0] && !r[1]) {
      *outer = 1, *reduce = plan_.run_size[0], *inner = plan_.run_size[1];
      return true;
    }
    return false;
  }

  PlinthStatus RunFloat(const Tensor& input, Tensor& output) const {
    if (FillEmpty<float>(output)) return PLINTH_OK;
    const float* in = input.data<float>();
    float* out = output.data<float>();
    int64_t outer, reduce, inner;
    if (fast_.f32 != nullptr && MiddleBlock(&outer, &reduce, &inner)) {
      fast_.f32(in, out, outer, reduce, inner);
    } else {
      std::fill(out, out + plan_.output_elements, 0.f);
      WalkReduction(plan_, [&](int64_t i, int64_t o, bool) { out[o] += in[i]; });
    }
    const float n = static_cast<float>(plan_.reduced_elements);
    for (int64_t o = 0; o < plan_.output_elements; ++o) out[o] = out[o] / n;
    return PLINTH_OK;
  }

  template <class T>
  PlinthStatus RunInteger(const KernelContext& ctx, const Tensor& input, Tensor& output) const {
    if (FillEmpty<T>(output)) return PLINTH_OK;
    const T* in = input.data<T>();
    T* out = output.data<T>();
    int64_t* sums = ctx.Scratch<int64_t>(scratch_);
    std::fill(sums, sums + plan_.output_elements, 0);
    WalkReduction(plan_, [&](int64_t i, int64_t o, bool) {
      sums[o] = WrappingAdd<int64_t>(sums[o], static_cast<int64_t>(in[i]));
    });
    for (int64_t o = 0; o < plan_.output_elements; ++o) {
      out[o] = static_cast<T>(sums[o] / plan_.reduced_elements);
    }
    return PLINTH_OK;
  }

  template <class T>
  PlinthStatus RunQuantized(const KernelContext& ctx, const Tensor& input, Tensor& output) const {
    if (FillEmpty<T>(output)) return PLINTH_OK;
    if constexpr (std::is_same_v<T, int8_t> || std::is_same_v<T, uint8_t>) {
      int64_t outer, reduce, inner;
      const bool have = std::is_same_v<T, int8_t> ? fast_.s8 != nullptr : fast_.u8 != nullptr;
      if (have && MiddleBlock(&outer, &reduce, &inner)) {
        int32_t* sums = ctx.Scratch<int32_t>(scratch_);
        if constexpr (std::is_same_v<T, int8_t>) {
          fast_.s8(input.data<T>(), sums, outer, reduce, inner);
        } else {
          fast_.u8(input.data<T>(), sums, outer, reduce, inner);
        }
        FinishQuantizedMean<T>(sums, input.zero_point(), output.zero_point(), output.data<T>());
        return PLINTH_OK;
      }
    }
    QuantizedMeanOrSum<T>(plan_, input.data<T>(), input.zero_point(), multiplier_,
                          output.zero_point(), /*compute_sum=*/false,
                          ctx.Scratch<int32_t>(scratch_), output.data<T>());
    return PLINTH_OK;
  }

  // QuantizedMeanOrSum's requantization of the sums (reduce_quantized.h), for the fast path's sums.
  template <class T>
  void FinishQuantizedMean(const int32_t* sums, int32_t input_zero_point, int32_t output_zero_point,
                           T* output) const {
    const int64_t n = plan_.reduced_elements;
    const QuantizedMultiplier multiplier = FoldMeanDivisor(multiplier_, n);
    for (int64_t o = 0; o < plan_.output_elements; ++o) {
      const int32_t shifted = static_cast<int32_t>(static_cast<int64_t>(sums[o]) -
                                                   static_cast<int64_t>(input_zero_point) * n);
      int32_t q = MultiplyByQuantizedMultiplier(shifted, multiplier) + output_zero_point;
      q = std::min(std::max(q, QMin<T>()), QMax<T>());
      output[o] = static_cast<T>(q);
    }
  }

  bool keep_dims_ = false;
  bool dynamic_ = false;
  mean::Kernels fast_;
  ReducePlan plan_;
  QuantizedMultiplier multiplier_;
  int32_t scratch_ = -1;
};

}  // namespace

PlinthStatus RegisterMean(Registrar& r) {
  return r.AddBuiltin<Mean>(
      "MEAN", 1, 3,
      {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16});
}

}  // namespace plinth::builtin
