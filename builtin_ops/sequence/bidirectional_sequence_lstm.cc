// BIDIRECTIONAL_SEQUENCE_LSTM: a forward and a backward LSTM (lstm.h) over the same sequence, float
// or hybrid. 48 inputs: the input, each direction's 17 weight/bias tensors and 2 states, an aux
// input and each direction's 4 aux input weights. As in TFLite: with an aux input and aux weights
// both directions add aux_input x aux weights (stacking with cross links); with an aux input but no
// aux weights the backward direction reads the aux input instead of the input. merge_outputs
// writes both directions into one output, forward values first.
#include "builtin_ops/sequence/lstm.h"
#include "builtin_ops/sequence/sequence_ops.h"

namespace plinth::builtin {
namespace {

constexpr int kInput = 0;
constexpr int kAuxInput = 39;

lstm::Layout DirectionLayout(bool forward) {
  lstm::Layout l;
  const int w = forward ? 1 : 18;  // first weight of the direction
  for (int g = 0; g < 4; ++g) {
    l.input_weights[g] = w + g;
    l.recurrent_weights[g] = w + 4 + g;
    l.bias[g] = w + 11 + g;
    l.aux_weights[g] = (forward ? 40 : 44) + g;
  }
  l.peephole[lstm::kInputGate] = w + 8;
  l.peephole[lstm::kForgetGate] = w + 9;
  l.peephole[lstm::kOutputGate] = w + 10;
  l.projection_weights = w + 15;
  l.projection_bias = w + 16;
  l.output_state = forward ? 35 : 37;
  l.cell_state = forward ? 36 : 38;
  return l;
}

class BidirectionalSequenceLstm {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    PLINTH_ENSURE(ctx, ctx.num_inputs() == 48, "expects 48 inputs, got ", ctx.num_inputs());
    merge_ = ctx.OptionBool("merge_outputs");
    PLINTH_ENSURE(ctx, ctx.num_outputs() == (merge_ ? 1 : 2), "expects ", merge_ ? 1 : 2,
                  " outputs with merge_outputs = ", merge_, ", got ", ctx.num_outputs());
    lstm::Options options;
    options.activation = ctx.OptionInt("fused_activation_function", PLINTH_ACTIVATION_TANH);
    PLINTH_RETURN_IF_ERROR(CheckActivation(ctx, options.activation));
    options.cell_clip = ctx.OptionFloat("cell_clip");
    options.proj_clip = ctx.OptionFloat("proj_clip");
    options.time_major = ctx.OptionBool("time_major", true);
    options.asymmetric_quantize_inputs = ctx.OptionBool("asymmetric_quantize_inputs");
    Tensor input = ctx.input(kInput);
    PLINTH_ENSURE(ctx, input && input.rank() == 3, "input must be 3-D");
    Tensor aux = ctx.input(kAuxInput);
    const bool aux_weights = static_cast<bool>(ctx.input(40 + lstm::kForgetGate));
    PLINTH_ENSURE(ctx, aux_weights == static_cast<bool>(ctx.input(44 + lstm::kForgetGate)),
                  "aux input weights must be given for both directions or neither");
    PLINTH_ENSURE(ctx, !aux_weights || aux, "aux input weights need an aux input (input 39)");
    if (aux) {
      // TFLite walks the aux input with the input's strides (and checks the backward weights
      // against the input's width when the aux input replaces it), so the shapes must agree.
      PLINTH_ENSURE(ctx, aux.SameShape(input), "aux input ", ShapeString(aux),
                    " must have the input's shape ", ShapeString(input));
    }
    // Without aux weights an aux input is the backward direction's input.
    const bool bw_reads_aux = aux && !aux_weights;
    lstm::Layout fw = DirectionLayout(true), bw = DirectionLayout(false);
    fw.input = kInput;
    bw.input = bw_reads_aux ? kAuxInput : kInput;
    if (aux_weights) fw.aux_input = bw.aux_input = kAuxInput;
    PLINTH_RETURN_IF_ERROR(forward_.Prepare(ctx, fw, options, false, "forward: "));
    PLINTH_RETURN_IF_ERROR(backward_.Prepare(ctx, bw, options, false, "backward: "));
    PLINTH_ENSURE(
        ctx,
        forward_.max_time() == backward_.max_time() && forward_.batches() == backward_.batches(),
        "the two directions' inputs have different sequence or batch sizes");
    const int32_t t = input.dim(0), b = input.dim(1);
    const int32_t n_fw = forward_.n_output(), n_bw = backward_.n_output();
    for (int o = 0; o < ctx.num_outputs(); ++o) {
      PLINTH_RETURN_IF_ERROR(CheckType(ctx, ctx.output(o), "output", {PLINTH_FLOAT32}));
    }
    if (merge_) return ctx.Resize(ctx.output(0), {t, b, n_fw + n_bw});
    PLINTH_RETURN_IF_ERROR(ctx.Resize(ctx.output(0), {t, b, n_fw}));
    return ctx.Resize(ctx.output(1), {t, b, n_bw});
  }

  PlinthStatus Invoke(KernelContext& ctx) {
    PLINTH_RETURN_IF_ERROR(forward_.Invoke(ctx, ctx.output(0), 0, /*forward=*/true));
    if (merge_) return backward_.Invoke(ctx, ctx.output(0), forward_.n_output(), false);
    return backward_.Invoke(ctx, ctx.output(1), 0, /*forward=*/false);
  }

 private:
  bool merge_ = false;
  lstm::Direction forward_, backward_;
};

}  // namespace

PlinthStatus RegisterBidirectionalSequenceLstm(Registrar& r) {
  return r.AddBuiltin<BidirectionalSequenceLstm>("BIDIRECTIONAL_SEQUENCE_LSTM", 1, 3,
                                                 {PLINTH_FLOAT32});
}

}  // namespace plinth::builtin
