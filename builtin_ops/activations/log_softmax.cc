// LOG_SOFTMAX over the last dimension: x - max - log(sum(exp(x - max))). The 8-bit kernels are
// TFLite's fixed-point ones: exp of the scaled differences summed in Q12.19, a fixed-point log,
// and outputs on the fixed scale 16/256 with the zero point at the top of the range (255 for
// uint8, 127 for int8), so the output spans [-16, 0].
#include <algorithm>
#include <cmath>
#include <limits>

#include "builtin_ops/activations/activations_ops.h"
#include "builtin_ops/activations/softmax.h"
#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/elementwise/elementwise_util.h"
#include "builtin_ops/elementwise/integer_math.h"

namespace plinth::builtin {
namespace {

constexpr int kScaledDiffIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;
constexpr int kOutputIntegerBits = 4;

struct LogSoftmaxParams {
  QuantizedMultiplier input;    // input_scale in Q5.26, above one
  QuantizedMultiplier reverse;  // back from Q5.26 to input units, below one
  int32_t diff_min = 0;
};

template <class T>
void LogSoftmax8(const LogSoftmaxParams& p, const T* input, T* output, int64_t rows,
                 int32_t depth) {
  using F5 = fixed_point::FixedPoint<int32_t, kScaledDiffIntegerBits>;
  using F12 = fixed_point::FixedPoint<int32_t, kAccumulationIntegerBits>;
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  auto scaled = [&](int32_t diff) { return MultiplyByQuantizedMultiplier(diff, p.input); };
  for (int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
    T max_in_row = std::numeric_limits<T>::min();
    for (int32_t c = 0; c < depth; ++c) max_in_row = std::max(max_in_row, input[c]);
    F12 sum_of_exps = F12::FromRaw(0);
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = static_cast<int32_t>(input[c]) - max_in_row;
      if (diff >= p.diff_min) {
        sum_of_exps =
            sum_of_exps + fixed_point::Rescale<kAccumulationIntegerBits>(
                              fixed_point::ExpOnNegativeValues(F5::FromRaw(scaled(diff))));
      }
    }
    const int32_t log_sum_of_exps =
        LogXForXGreaterThanOrEqualTo1<kScaledDiffIntegerBits>(sum_of_exps).raw();
    // The smallest difference whose result is above the output range: Q5.26's minimum plus the
    // log-sum, moved back to input units.
    const int32_t shifted_log_sum = log_sum_of_exps + std::numeric_limits<int32_t>::min();
    const int32_t adjusted_diff_min =
        std::max(p.diff_min - 1, MultiplyByQuantizedMultiplier(shifted_log_sum, p.reverse));
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = static_cast<int32_t>(input[c]) - max_in_row;
      if (diff > adjusted_diff_min) {
        const int32_t out = RoundingDivideByPOT(scaled(diff) - log_sum_of_exps,
                                                31 - kScaledDiffIntegerBits - kOutputIntegerBits) +
                            kMax;
        output[c] = static_cast<T>(Clamp(out, kMin, kMax));
      } else {
        output[c] = static_cast<T>(kMin);
      }
    }
  }
}

class LogSoftmax {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(CheckArity(ctx, 1, 1));
    const Tensor in = ctx.input(0), out = ctx.output(0);
    PLINTH_RETURN_IF_ERROR(
        CheckType(ctx, in, "input", {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8}));
    PLINTH_RETURN_IF_ERROR(CheckSameType(ctx, in, out, "input", "output"));
    PLINTH_ENSURE(ctx, in.rank() >= 1, "input must have at least one dimension");
    if (in.type() != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, in, "input"));
      PLINTH_RETURN_IF_ERROR(CheckPerTensorQuantized(ctx, out, "output"));
      PLINTH_ENSURE(ctx, out.scale() == 16.0 / 256, "output scale must be 16/256, got ",
                    out.scale());
      const int32_t expected_zero_point = QMaxOf(in.type());
      PLINTH_ENSURE(ctx, out.zero_point() == expected_zero_point, "output zero point must be ",
                    expected_zero_point, ", got ", out.zero_point());
      // TFLite's PreprocessLogSoftmaxScalingExp with beta 1.
      const double real = std::min(
          static_cast<double>(in.scale()) * static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
          static_cast<double>((int64_t{1} << 31) - 1));
      PLINTH_RETURN_IF_ERROR(QuantizeMultiplierAboveOne(ctx, real, "input scale", &params_.input));
      PLINTH_ENSURE(ctx, params_.input.shift >= 1, "input scale ", in.scale(), " is too small");
      const double reverse = static_cast<double>(1 << (31 - params_.input.shift)) /
                             static_cast<double>(params_.input.multiplier);
      PLINTH_RETURN_IF_ERROR(
          QuantizeMultiplierBelowOne(ctx, reverse, "reverse scaling", &params_.reverse));
      params_.diff_min = -CalculateInputRadius(kScaledDiffIntegerBits, params_.input.shift);
    }
    return ctx.Resize(out, in.shape());
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const Tensor in = ctx.input(0), out = ctx.output(0);
    const int32_t depth = in.dim(-1);
    const int64_t rows = depth ? in.num_elements() / depth : 0;
    switch (in.type()) {
      case PLINTH_FLOAT32: {
        const float* x = in.data<float>();
        float* y = out.data<float>();
        for (int64_t r = 0; r < rows; ++r, x += depth, y += depth) {
          float max = std::numeric_limits<float>::lowest();
          for (int32_t i = 0; i < depth; ++i) max = std::max(max, x[i]);
          float sum = 0.f;
          for (int32_t i = 0; i < depth; ++i) sum += std::exp(x[i] - max);
          const float log_sum = std::log(sum);
          for (int32_t i = 0; i < depth; ++i) y[i] = x[i] - max - log_sum;
        }
        return PLINTH_OK;
      }
      case PLINTH_INT8:
        LogSoftmax8(params_, in.data<int8_t>(), out.data<int8_t>(), rows, depth);
        return PLINTH_OK;
      case PLINTH_UINT8:
        LogSoftmax8(params_, in.data<uint8_t>(), out.data<uint8_t>(), rows, depth);
        return PLINTH_OK;
      default:
        return ctx.Error("unsupported type ", TypeName(in.type()));
    }
  }

 private:
  LogSoftmaxParams params_;
};

}  // namespace

PlinthStatus RegisterLogSoftmax(Registrar& r) {
  return r.AddBuiltin<LogSoftmax>("LOG_SOFTMAX", 1, 2, {PLINTH_FLOAT32, PLINTH_INT8, PLINTH_UINT8});
}

}  // namespace plinth::builtin
