// AVERAGE_POOL_2D and MAX_POOL_2D over NHWC for float32, uint8, int8 and int16; L2_POOL_2D for
// float32. Windows count only in-bounds elements, as TFLite does. Quantized pools work on the raw
// values (TFLite assumes the output shares the input's scale and zero point) and round averages
// half away from zero with integer division, as the reference kernels do.
#include <cmath>

#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"
#include "builtin_ops/nn/pooling_fast.h"

namespace plinth::builtin {
namespace {

enum class PoolKind { kAverage, kMax, kL2 };

struct Window {
  int32_t batches = 0, in_h = 0, in_w = 0, depth = 0, out_h = 0, out_w = 0;
  int32_t stride_h = 1, stride_w = 1, filter_h = 1, filter_w = 1, pad_top = 0, pad_left = 0;
};

// Calls f(b, oy, ox, y0, x0, fy_begin, fy_end, fx_begin, fx_end) for output rows [begin, end):
// the window's origin and its in-bounds extent.
template <class F>
void ForEachWindow(const Window& w, size_t begin, size_t end, F f) {
  for (size_t row = begin; row < end; ++row) {
    const int32_t b = static_cast<int32_t>(row / w.out_h), oy = static_cast<int32_t>(row % w.out_h);
    const int32_t y0 = oy * w.stride_h - w.pad_top;
    const int32_t fy_begin = std::max(0, -y0), fy_end = std::min(w.filter_h, w.in_h - y0);
    for (int32_t ox = 0; ox < w.out_w; ++ox) {
      const int32_t x0 = ox * w.stride_w - w.pad_left;
      const int32_t fx_begin = std::max(0, -x0), fx_end = std::min(w.filter_w, w.in_w - x0);
      f(b, oy, ox, y0, x0, fy_begin, fy_end, fx_begin, fx_end);
    }
  }
}

template <PoolKind kKind>
void RunFloat(const KernelContext& ctx, const Window& w, FloatRange range) {
  const float* in = ctx.input(0).data<float>();
  float* out = ctx.output(0).data<float>();
  ctx.ParallelFor(static_cast<size_t>(w.batches) * w.out_h, 1, [&](size_t begin, size_t end) {
    ForEachWindow(
        w, begin, end,
        [&](int32_t b, int32_t oy, int32_t ox, int32_t y0, int32_t x0, int32_t fy0, int32_t fy1,
            int32_t fx0, int32_t fx1) {
          float* o = out + ((static_cast<size_t>(b) * w.out_h + oy) * w.out_w + ox) * w.depth;
          for (int32_t c = 0; c < w.depth; ++c) {
            float acc = kKind == PoolKind::kMax ? std::numeric_limits<float>::lowest() : 0.f;
            int32_t count = 0;
            for (int32_t fy = fy0; fy < fy1; ++fy) {
              for (int32_t fx = fx0; fx < fx1; ++fx) {
                const float v =
                    in[((static_cast<size_t>(b) * w.in_h + y0 + fy) * w.in_w + x0 + fx) * w.depth +
                       c];
                if constexpr (kKind == PoolKind::kMax) {
                  acc = std::max(acc, v);
                } else if constexpr (kKind == PoolKind::kAverage) {
                  acc += v;
                } else {
                  acc += v * v;
                }
                ++count;
              }
            }
            if constexpr (kKind == PoolKind::kAverage) acc = acc / static_cast<float>(count);
            if constexpr (kKind == PoolKind::kL2) acc = std::sqrt(acc / static_cast<float>(count));
            o[c] = nn::Clamp(acc, range);
          }
        });
  });
}

template <PoolKind kKind, class T>
void RunQuantized(const KernelContext& ctx, const Window& w, QuantizedRange range) {
  const T* in = ctx.input(0).data<T>();
  T* out = ctx.output(0).data<T>();
  ctx.ParallelFor(static_cast<size_t>(w.batches) * w.out_h, 1, [&](size_t begin, size_t end) {
    ForEachWindow(
        w, begin, end,
        [&](int32_t b, int32_t oy, int32_t ox, int32_t y0, int32_t x0, int32_t fy0, int32_t fy1,
            int32_t fx0, int32_t fx1) {
          T* o = out + ((static_cast<size_t>(b) * w.out_h + oy) * w.out_w + ox) * w.depth;
          for (int32_t c = 0; c < w.depth; ++c) {
            int32_t acc = kKind == PoolKind::kMax ? std::numeric_limits<T>::lowest() : 0;
            int32_t count = 0;
            for (int32_t fy = fy0; fy < fy1; ++fy) {
              for (int32_t fx = fx0; fx < fx1; ++fx) {
                const int32_t v =
                    in[((static_cast<size_t>(b) * w.in_h + y0 + fy) * w.in_w + x0 + fx) * w.depth +
                       c];
                acc = kKind == PoolKind::kMax ? std::max(acc, v) : acc + v;
                ++count;
              }
            }
            if constexpr (kKind == PoolKind::kAverage) {
              // Round to nearest, halves away from zero, in integer arithmetic. (SAME and VALID
              // windows always hold an input element; the guard only keeps the division defined.)
              if (count > 0) acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
            }
            o[c] = static_cast<T>(std::min(std::max(acc, range.min), range.max));
          }
        });
  });
}

template <PoolKind kKind>
class Pool2D {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(0), output = ctx.output(0);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 1 && ctx.num_outputs() == 1,
                  "pooling takes 1 input and 1 output, got ", ctx.num_inputs(), " and ",
                  ctx.num_outputs());
    if constexpr (kKind == PoolKind::kL2) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    } else {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input",
                                       {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16}));
    }
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {input.type()}));
    PLINTH_ENSURE(ctx, input.rank() == 4, "input must be 4-D (NHWC), got ", ShapeString(input));
    PLINTH_RETURN_IF_ERROR(nn::ReadActivation(ctx, &activation_));
    Window& w = w_;
    w.batches = input.dim(0);
    w.in_h = input.dim(1);
    w.in_w = input.dim(2);
    w.depth = input.dim(3);
    w.stride_h = static_cast<int32_t>(ctx.OptionInt("stride_h"));
    w.stride_w = static_cast<int32_t>(ctx.OptionInt("stride_w"));
    w.filter_h = static_cast<int32_t>(ctx.OptionInt("filter_height"));
    w.filter_w = static_cast<int32_t>(ctx.OptionInt("filter_width"));
    PLINTH_ENSURE(ctx, w.filter_h > 0 && w.filter_w > 0, "filter sizes must be positive, got ",
                  w.filter_h, "x", w.filter_w);
    const int64_t padding = ctx.OptionInt("padding");
    PaddedDim ph, pw;
    PLINTH_RETURN_IF_ERROR(
        nn::WindowPadding(ctx, padding, w.in_h, w.filter_h, w.stride_h, 1, "height", &ph));
    PLINTH_RETURN_IF_ERROR(
        nn::WindowPadding(ctx, padding, w.in_w, w.filter_w, w.stride_w, 1, "width", &pw));
    w.out_h = ph.out;
    w.out_w = pw.out;
    w.pad_top = ph.pad_before;
    w.pad_left = pw.pad_before;
    if (input.type() != PLINTH_FLOAT32) {
      PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, input, "input"));
      PLINTH_RETURN_IF_ERROR(nn::CheckPerTensor(ctx, output, "output"));
      if (input.type() == PLINTH_INT16) {
        PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, input, "int16 input"));
        PLINTH_RETURN_IF_ERROR(nn::CheckZeroPoints(ctx, output, "int16 output"));
      }
      PLINTH_RETURN_IF_ERROR(nn::QuantizedActivation(ctx, activation_, output, &range_));
    }
    SelectFastPath(input.type());
    return ctx.Resize(output, {w.batches, w.out_h, w.out_w, w.depth});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    if (fast_f32_ != nullptr) {
      const FloatRange range = ActivationRange(activation_);
      RunFast(ctx, fast_f32_, range.min, range.max);
      return PLINTH_OK;
    }
    if (fast_s8_ != nullptr) {
      RunFast(ctx, fast_s8_, range_.min, range_.max);
      return PLINTH_OK;
    }
    if (fast_u8_ != nullptr) {
      RunFast(ctx, fast_u8_, range_.min, range_.max);
      return PLINTH_OK;
    }
    switch (ctx.input(0).type()) {
      case PLINTH_FLOAT32:
        RunFloat<kKind>(ctx, w_, ActivationRange(activation_));
        break;
      case PLINTH_UINT8:
        RunQuantized<kKind, uint8_t>(ctx, w_, range_);
        break;
      case PLINTH_INT8:
        RunQuantized<kKind, int8_t>(ctx, w_, range_);
        break;
      case PLINTH_INT16:
        RunQuantized<kKind, int16_t>(ctx, w_, range_);
        break;
      default:
        return ctx.Error("unsupported type");
    }
    return PLINTH_OK;
  }

 private:
  // The fast row kernels (pooling_fast.h) serve AVERAGE and MAX for float32, int8 and uint8.
  void SelectFastPath(PlinthType type) {
    fast_f32_ = nullptr;
    fast_s8_ = nullptr;
    fast_u8_ = nullptr;
    if constexpr (kKind != PoolKind::kL2) {
      constexpr bool kMax = kKind == PoolKind::kMax;
      // The quantized average divides in double, exact for windows below 2^22 taps.
      const bool small_window = int64_t{w_.filter_h} * w_.filter_w < (int64_t{1} << 22);
      const pool::Kernels k = pool::SelectKernels(gemm::ActiveIsa());
      geometry_ = {w_.batches,  w_.in_h,     w_.in_w,     w_.depth,    w_.out_h,   w_.out_w,
                   w_.stride_h, w_.stride_w, w_.filter_h, w_.filter_w, w_.pad_top, w_.pad_left};
      if (type == PLINTH_FLOAT32) fast_f32_ = kMax ? k.max_f32 : k.average_f32;
      if (type == PLINTH_INT8 && (kMax || small_window)) fast_s8_ = kMax ? k.max_s8 : k.average_s8;
      if (type == PLINTH_UINT8 && (kMax || small_window)) fast_u8_ = kMax ? k.max_u8 : k.average_u8;
    }
  }

  template <class T, class R>
  void RunFast(const KernelContext& ctx,
               void (*fn)(const pool::Geometry&, const T*, T*, size_t, R, R), R lo, R hi) const {
    const T* in = ctx.input(0).data<T>();
    T* out = ctx.output(0).data<T>();
    const pool::Geometry& g = geometry_;
    ctx.ParallelFor(static_cast<size_t>(g.batches) * g.out_h, 1, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) fn(g, in, out, row, lo, hi);
    });
  }

  pool::Geometry geometry_;
  pool::F32RowFn fast_f32_ = nullptr;
  pool::S8RowFn fast_s8_ = nullptr;
  pool::U8RowFn fast_u8_ = nullptr;
  Window w_;
  int64_t activation_ = 0;
  QuantizedRange range_;
};

}  // namespace

PlinthStatus RegisterPooling(Registrar& r) {
  const std::vector<PlinthType> kTypes = {PLINTH_FLOAT32, PLINTH_UINT8, PLINTH_INT8, PLINTH_INT16};
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Pool2D<PoolKind::kAverage>>("AVERAGE_POOL_2D", 1, 3, kTypes));
  PLINTH_RETURN_IF_ERROR(r.AddBuiltin<Pool2D<PoolKind::kMax>>("MAX_POOL_2D", 1, 3, kTypes));
  return r.AddBuiltin<Pool2D<PoolKind::kL2>>("L2_POOL_2D", 1, 1, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
