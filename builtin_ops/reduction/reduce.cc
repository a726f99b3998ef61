// SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN (float32, int32, int64, int8, uint8, int16) and
// REDUCE_ANY, REDUCE_ALL (bool) over the axes of an int32 axis tensor, keep_dims.
// Quantized SUM requantizes its integer sums (TFLite's QuantizedMeanOrSum), quantized int8/int16
// REDUCE_PROD rescales each partial product (QuantizedReduceProd); REDUCE_MAX/MIN of quantized
// types need the same parameters on input and output and compare raw values.
#include <algorithm>
#include <limits>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/reduction/reduce_plan.h"
#include "builtin_ops/reduction/reduce_quantized.h"
#include "builtin_ops/reduction/reduction_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kAxis = 1;
constexpr int kOutput = 0;

enum class ReduceOp { kSum, kProd, kMax, kMin, kAny, kAll };

constexpr const char* OpName(ReduceOp op) {
  switch (op) {
    case ReduceOp::kSum:
      return "SUM";
    case ReduceOp::kProd:
      return "REDUCE_PROD";
    case ReduceOp::kMax:
      return "REDUCE_MAX";
    case ReduceOp::kMin:
      return "REDUCE_MIN";
    case ReduceOp::kAny:
      return "REDUCE_ANY";
    case ReduceOp::kAll:
      return "REDUCE_ALL";
  }
  return "";
}

bool IsSmallIntegerType(PlinthType type) {
  return type == PLINTH_INT8 || type == PLINTH_UINT8 || type == PLINTH_INT16;
}

// TFLite's reducers: the value of an empty reduction and the fold of one more input.
template <ReduceOp kOp, class T>
T InitValue() {
  if constexpr (kOp == ReduceOp::kSum) return T(0);
  if constexpr (kOp == ReduceOp::kProd) return T(1);
  if constexpr (kOp == ReduceOp::kMax) return std::numeric_limits<T>::lowest();
  if constexpr (kOp == ReduceOp::kMin) return std::numeric_limits<T>::max();
  if constexpr (kOp == ReduceOp::kAny) return false;
  if constexpr (kOp == ReduceOp::kAll) return true;
}
template <ReduceOp kOp, class T>
T Fold(T current, T in) {
  if constexpr (kOp == ReduceOp::kSum) return WrappingAdd<T>(current, in);
  if constexpr (kOp == ReduceOp::kProd) return WrappingMul<T>(current, in);
  if constexpr (kOp == ReduceOp::kMax) return in > current ? in : current;
  if constexpr (kOp == ReduceOp::kMin) return in < current ? in : current;
  if constexpr (kOp == ReduceOp::kAny) return in || current;
  if constexpr (kOp == ReduceOp::kAll) return in && current;
}

// How a kernel computes, chosen in prepare from the input type and quantization.
enum class Mode { kPlain, kQuantizedSum, kQuantizedProd };

template <ReduceOp kOp>
class Reduce {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 && ctx.num_outputs() == 1, OpName(kOp),
                  " takes 2 inputs (input, axis) and 1 output, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    Tensor input = ctx.input(kInput), axis = ctx.input(kAxis), output = ctx.output(kOutput);
    if constexpr (kOp == ReduceOp::kAny || kOp == ReduceOp::kAll) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_BOOL}));
    } else {
      PLINTH_RETURN_IF_ERROR(CheckType(
          ctx, input, "input",
          {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}));
    }
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, axis, "axis", {PLINTH_INT32}));
    PLINTH_ENSURE(ctx, output && output.type() == input.type(), "output type must be ",
                  TypeName(input.type()));
    keep_dims_ = ctx.OptionBool("keep_dims");
    PLINTH_RETURN_IF_ERROR(ChooseMode(ctx, input, output));

    dynamic_ = !axis.is_constant();
    int64_t accumulators = 1;
    if (dynamic_) {
      PLINTH_RETURN_IF_ERROR(ctx.SetDynamic(output));
      accumulators = std::max<int64_t>(1, input.num_elements());
    } else {
      PLINTH_RETURN_IF_ERROR(MakeReducePlan(ctx, input, axis, keep_dims_, &plan_));
      PLINTH_RETURN_IF_ERROR(ctx.Resize(output, plan_.output_shape.data(), plan_.output_rank));
      accumulators = std::max<int64_t>(1, plan_.output_elements);
      if (mode_ == Mode::kQuantizedProd) SetProdMultiplier(input, output);
    }
    scratch_ = -1;
    if (mode_ != Mode::kPlain) {
      scratch_ = ctx.RequestScratch(static_cast<size_t>(accumulators) * sizeof(int32_t));
      PLINTH_ENSURE(ctx, scratch_ >= 0, "cannot reserve ", accumulators, " accumulators");
    }
    return PLINTH_OK;
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), output = ctx.output(kOutput);
    if (dynamic_) {
      PLINTH_RETURN_IF_ERROR(MakeReducePlan(ctx, input, ctx.input(kAxis), keep_dims_, &plan_));
      PLINTH_RETURN_IF_ERROR(ctx.Resize(output, plan_.output_shape.data(), plan_.output_rank));
      if (mode_ == Mode::kQuantizedProd) SetProdMultiplier(input, output);
    }
    switch (input.type()) {
      case PLINTH_FLOAT32:
        return RunPlain<float>(input, output);
      case PLINTH_INT32:
        return RunPlain<int32_t>(input, output);
      case PLINTH_INT64:
        return RunPlain<int64_t>(input, output);
      case PLINTH_INT8:
        return RunSmall<int8_t>(ctx, input, output);
      case PLINTH_UINT8:
        return RunSmall<uint8_t>(ctx, input, output);
      case PLINTH_INT16:
        return RunSmall<int16_t>(ctx, input, output);
      case PLINTH_BOOL:
        return RunPlain<bool>(input, output);
      default:
        return ctx.Error("unsupported type ", TypeName(input.type()));
    }
  }

 private:
  PlinthStatus ChooseMode(const KernelContext& ctx, const Tensor& input, const Tensor& output) {
    mode_ = Mode::kPlain;
    const PlinthType type = input.type();
    if (!IsSmallIntegerType(type)) return PLINTH_OK;
    if (type == PLINTH_INT16 && input.is_quantized()) {
      PLINTH_ENSURE(ctx,
                    input.zero_point() == 0 && output.is_quantized() && output.zero_point() == 0,
                    "int16 ", OpName(kOp), " needs zero points of 0");
    }
    if constexpr (kOp == ReduceOp::kSum) {
      // TFLite sums every 8/16-bit input as quantized, rescaling by input/output scale.
      PLINTH_ENSURE(ctx, input.is_quantized() && output.is_quantized(), TypeName(type),
                    " SUM needs quantization parameters on its input and output");
      mode_ = Mode::kQuantizedSum;
      sum_multiplier_ = QuantizeMultiplier(static_cast<double>(input.scale()) /
                                           static_cast<double>(output.scale()));
    } else if constexpr (kOp == ReduceOp::kProd) {
      if (input.is_quantized()) {
        PLINTH_ENSURE(ctx, type != PLINTH_UINT8, "quantized REDUCE_PROD supports int8 and int16, ",
                      "not UINT8");
        PLINTH_ENSURE(ctx, output.is_quantized(), "quantized REDUCE_PROD needs quantization ",
                      "parameters on its output");
        mode_ = Mode::kQuantizedProd;
      }
    } else {
      // Max/min compare raw values: only meaningful with identical parameters.
      const bool same = input.is_quantized() == output.is_quantized() &&
                        (!input.is_quantized() || (input.scale() == output.scale() &&
                                                   input.zero_point() == output.zero_point()));
      PLINTH_ENSURE(ctx, same, OpName(kOp), " needs the same quantization parameters on its ",
                    "input and output");
    }
    return PLINTH_OK;
  }

  // TFLite rescales every partial product by input_scale / output_scale^(1/n), n the reduced
  // size (input elements / output elements, 1 when either is empty).
  void SetProdMultiplier(const Tensor& input, const Tensor& output) {
    const int64_t in = plan_.input_elements, out = plan_.output_elements;
    const int64_t n = (in != 0 && out != 0) ? in / out : 1;
    prod_multiplier_ = ProdMultiplier(input.scale(), output.scale(), n);
  }

  template <class T>
  PlinthStatus RunPlain(const Tensor& input, Tensor& output) const {
    const T* in = input.data<T>();
    T* out = output.data<T>();
    if (plan_.all_axes) {
      // TFLite starts a reduction over every axis from the first element.
      T acc = plan_.input_elements > 0 ? in[0] : InitValue<kOp, T>();
      for (int64_t i = 1; i < plan_.input_elements; ++i) acc = Fold<kOp, T>(acc, in[i]);
      out[0] = acc;
      return PLINTH_OK;
    }
    std::fill(out, out + plan_.output_elements, InitValue<kOp, T>());
    WalkReduction(plan_, [&](int64_t i, int64_t o, bool) { out[o] = Fold<kOp, T>(out[o], in[i]); });
    return PLINTH_OK;
  }

  template <class T>
  PlinthStatus RunSmall(const KernelContext& ctx, const Tensor& input, Tensor& output) const {
    if (mode_ == Mode::kQuantizedSum) {
      QuantizedMeanOrSum<T>(plan_, input.data<T>(), input.zero_point(), sum_multiplier_,
                            output.zero_point(), /*compute_sum=*/true,
                            ctx.Scratch<int32_t>(scratch_), output.data<T>());
      return PLINTH_OK;
    }
    if (mode_ == Mode::kQuantizedProd) {
      if (plan_.input_elements == 0) {
        // TFLite leaves this output untouched; the empty product is 1.0.
        T* out = output.data<T>();
        std::fill(out, out + plan_.output_elements,
                  Quantize<T>(1.f, output.scale(), output.zero_point()));
        return PLINTH_OK;
      }
      QuantizedProd<T>(plan_, input.data<T>(), input.zero_point(), prod_multiplier_,
                       output.zero_point(), ctx.Scratch<int32_t>(scratch_), output.data<T>());
      return PLINTH_OK;
    }
    return RunPlain<T>(input, output);
  }

  bool keep_dims_ = false;
  bool dynamic_ = false;
  Mode mode_ = Mode::kPlain;
  ReducePlan plan_;
  QuantizedMultiplier sum_multiplier_, prod_multiplier_;
  int32_t scratch_ = -1;
};

}  // namespace

PlinthStatus RegisterReduce(Registrar& r) {
  const std::vector<PlinthType> kNumeric = {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64,
                                            PLINTH_INT8,    PLINTH_UINT8, PLINTH_INT16};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Reduce<ReduceOp::kSum>>("SUM", 1, 2, kNumeric));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Reduce<ReduceOp::kProd>>("REDUCE_PROD", 1, 2, kNumeric));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Reduce<ReduceOp::kMax>>("REDUCE_MAX", 1, 3, kNumeric));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Reduce<ReduceOp::kMin>>("REDUCE_MIN", 1, 3, kNumeric));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Reduce<ReduceOp::kAny>>("REDUCE_ANY", 1, 1, {PLINTH_BOOL}));
  return r.AddBuiltin<Reduce<ReduceOp::kAll>>("REDUCE_ALL", 1, 1, {PLINTH_BOOL});
}

}  // namespace plinth::builtin
