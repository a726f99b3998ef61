// CONV_3D: float32 NDHWC input, DHWIO filter [KD, KH, KW, in_c, out_c], optional bias; strides,
// dilations and SAME/VALID padding per spatial dimension; clamping fused activations. Sums follow
// TFLite's reference Conv3D order (depth, row, column, input channel).
#include "builtin_ops/nn/nn_ops.h"
#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kFilter = 1;
constexpr int kBias = 2;
constexpr int kOutput = 0;

struct Geometry {
  int32_t batches = 0, in_c = 0, out_c = 0;
  int32_t in[3] = {}, out[3] = {}, k[3] = {}, stride[3] = {}, dil[3] = {}, pad[3] = {};  // d, h, w
};

class Conv3D {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    Tensor input = ctx.input(kInput), filter = ctx.input(kFilter), bias = ctx.input(kBias);
    Tensor output = ctx.output(kOutput);
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 2 || ctx.num_inputs() == 3,
                  "CONV_3D takes 2 or 3 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "CONV_3D has 1 output, got ", ctx.num_outputs());
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, input, "input", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, filter, "filter", {PLINTH_FLOAT32}));
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {PLINTH_FLOAT32}));
    PLINTH_ENSURE(ctx, input.rank() == 5, "input must be 5-D (NDHWC), got ", ShapeString(input));
    PLINTH_ENSURE(ctx, filter.rank() == 5, "filter must be 5-D (DHWIO), got ", ShapeString(filter));
    PLINTH_ENSURE(ctx, input.dim(4) == filter.dim(3), "input has ", input.dim(4),
                  " channels but the filter takes ", filter.dim(3));
    PLINTH_RETURN_IF_ERROR(nn::ReadActivation(ctx, &activation_));
    g_.batches = input.dim(0);
    g_.in_c = input.dim(4);
    g_.out_c = filter.dim(4);
    if (bias) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, bias, "bias", {PLINTH_FLOAT32}));
      PLINTH_ENSURE(ctx, bias.num_elements() == g_.out_c, "bias has ", bias.num_elements(),
                    " elements, the filter ", g_.out_c, " outputs");
    }
    const char* names[3] = {"depth", "height", "width"};
    const char* strides[3] = {"stride_d", "stride_h", "stride_w"};
    const char* dilations[3] = {"dilation_d_factor", "dilation_h_factor", "dilation_w_factor"};
    const int64_t padding = ctx.OptionInt("padding");
    for (int i = 0; i < 3; ++i) {
      g_.in[i] = input.dim(1 + i);
      g_.k[i] = filter.dim(i);
      g_.stride[i] = static_cast<int32_t>(ctx.OptionInt(strides[i], 1));
      g_.dil[i] = static_cast<int32_t>(ctx.OptionInt(dilations[i], 1));
      PaddedDim p;
      PLINTH_RETURN_IF_ERROR(nn::WindowPadding(ctx, padding, g_.in[i], g_.k[i], g_.stride[i],
                                               g_.dil[i], names[i], &p));
      g_.out[i] = p.out;
      g_.pad[i] = p.pad_before;
    }
    return ctx.Resize(output, {g_.batches, g_.out[0], g_.out[1], g_.out[2], g_.out_c});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    const float* in = ctx.input(kInput).data<float>();
    const float* filter = ctx.input(kFilter).data<float>();
    Tensor bias_t = ctx.input(kBias);
    const float* bias = bias_t ? bias_t.data<float>() : nullptr;
    float* out = ctx.output(kOutput).data<float>();
    const FloatRange range = ActivationRange(activation_);
    const Geometry& g = g_;
    const size_t rows = static_cast<size_t>(g.batches) * g.out[0] * g.out[1];
    ctx.ParallelFor(rows, 1, [&](size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        const int32_t oy = static_cast<int32_t>(row % g.out[1]);
        const int32_t od = static_cast<int32_t>((row / g.out[1]) % g.out[0]);
        const int32_t b = static_cast<int32_t>(row / g.out[1] / g.out[0]);
        for (int32_t ox = 0; ox < g.out[2]; ++ox) {
          float* o = out + (row * g.out[2] + ox) * g.out_c;
          for (int32_t oc = 0; oc < g.out_c; ++oc) {
            float acc = 0.f;
            for (int32_t kd = 0; kd < g.k[0]; ++kd) {
              const int32_t id = od * g.stride[0] - g.pad[0] + kd * g.dil[0];
              if (id < 0 || id >= g.in[0]) continue;
              for (int32_t ky = 0; ky < g.k[1]; ++ky) {
                const int32_t iy = oy * g.stride[1] - g.pad[1] + ky * g.dil[1];
                if (iy < 0 || iy >= g.in[1]) continue;
                for (int32_t kx = 0; kx < g.k[2]; ++kx) {
                  const int32_t ix = ox * g.stride[2] - g.pad[2] + kx * g.dil[2];
                  if (ix < 0 || ix >= g.in[2]) continue;
                  const float* x =
                      in +
                      (((static_cast<size_t>(b) * g.in[0] + id) * g.in[1] + iy) * g.in[2] + ix) *
                          g.in_c;
                  const float* w =
                      filter +
                      ((static_cast<size_t>(kd) * g.k[1] + ky) * g.k[2] + kx) * g.in_c * g.out_c +
                      oc;
                  for (int32_t ic = 0; ic < g.in_c; ++ic) acc += x[ic] * w[ic * g.out_c];
                }
              }
            }
            o[oc] = nn::Clamp(acc + (bias ? bias[oc] : 0.f), range);
          }
        }
      }
    });
    return PLINTH_OK;
  }

 private:
  Geometry g_;
  int64_t activation_ = 0;
};

}  // namespace

PlinthStatus RegisterConv3D(Registrar& r) {
  return r.AddBuiltin<Conv3D>("CONV_3D", 1, 1, {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
