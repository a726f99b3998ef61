// UNIDIRECTIONAL_SEQUENCE_LSTM: the TFLite LSTM cell over a sequence (lstm.h has the cell), float,
// hybrid (int8 weights) and integer 8x8->16. State lives in the variable inputs 18 (output state)
// and 19 (cell state) across invocations. 20 inputs, or 24 with the layer norm coefficients.
#include "builtin_ops/sequence/lstm.h"
#include "builtin_ops/sequence/sequence_ops.h"

namespace plinth::builtin {
namespace {

lstm::Layout UnidirectionalLayout(int num_inputs) {
  lstm::Layout l;
  l.input = 0;
  for (int g = 0; g < 4; ++g) {
    l.input_weights[g] = 1 + g;
    l.recurrent_weights[g] = 5 + g;
    l.bias[g] = 12 + g;
    if (num_inputs == 24) l.layer_norm[g] = 20 + g;
  }
  l.peephole[lstm::kInputGate] = 9;
  l.peephole[lstm::kForgetGate] = 10;
  l.peephole[lstm::kOutputGate] = 11;
  l.projection_weights = 16;
  l.projection_bias = 17;
  l.output_state = 18;
  l.cell_state = 19;
  return l;
}

class UnidirectionalSequenceLstm {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 20 || ctx.num_inputs() == 24,
                  "expects 20 or 24 inputs, got ", ctx.num_inputs());
    PLINTH_ENSURE(ctx, ctx.num_outputs() == 1, "expects 1 output, got ", ctx.num_outputs());
    lstm::Options options;
    options.activation = ctx.OptionInt("fused_activation_function", PLINTH_ACTIVATION_TANH);
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, options.activation));
    options.cell_clip = ctx.OptionFloat("cell_clip");
    options.proj_clip = ctx.OptionFloat("proj_clip");
    options.time_major = ctx.OptionBool("time_major");
    options.asymmetric_quantize_inputs = ctx.OptionBool("asymmetric_quantize_inputs");
    PLINTH_RETURN_IF_ERROR(direction_.Prepare(ctx, UnidirectionalLayout(ctx.num_inputs()), options,
                                              /*allow_integer=*/true, ""));
    Tensor input = ctx.input(0), output = ctx.output(0);
    const PlinthType out_type =
        direction_.mode() == lstm::Mode::kInteger ? PLINTH_INT8 : PLINTH_FLOAT32;
    PLINTH_RETURN_IF_ERROR(CheckType(ctx, output, "output", {out_type}));
    std::vector<int32_t> shape = input.shape();
    shape.back() = direction_.n_output();
    return ctx.Resize(output, shape);
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    return direction_.Invoke(ctx, ctx.output(0), 0, /*forward=*/true);
  }

 private:
  lstm::Direction direction_;
};

}  // namespace

PlinthStatus RegisterUnidirectionalSequenceLstm(Registrar& r) {
  return r.AddBuiltin<UnidirectionalSequenceLstm>("UNIDIRECTIONAL_SEQUENCE_LSTM", 1, 4,
                                                  {PLINTH_FLOAT32, PLINTH_INT8});
}

}  // namespace plinth::builtin
