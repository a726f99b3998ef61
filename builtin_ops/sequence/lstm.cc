#include "builtin_ops/sequence/lstm.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "builtin_ops/sequence/sequence_math.h"

namespace plinth::builtin::lstm {
namespace {

constexpr const char* kGateNames[4] = {"input", "forget", "cell", "output"};

size_t Align(size_t n) { return (n + 63) & ~size_t{63}; }

// Byte offsets of the scratch areas inside the one scratch buffer.
struct ScratchLayout {
  size_t gates = 0, acc = 0, hidden = 0;                      // float / hybrid
  size_t x_sf = 0, aux_sf = 0, h_sf = 0, prod = 0, peep = 0;  // hybrid floats
  size_t qx = 0, qaux = 0, qh = 0, qhidden = 0;               // hybrid int8
  size_t x_zp = 0, aux_zp = 0, h_zp = 0;                      // hybrid int32
  size_t igates = 0, ihidden = 0, itanh = 0;                  // integer
  size_t total = 0;
};

}  // namespace

struct Direction::Weights {
  const void* in[4] = {};
  const void* rec[4] = {};
  const void* aux[4] = {};
  const void* peep[4] = {};
  const void* bias[4] = {};
  const void* norm[4] = {};
  const void* proj = nullptr;
  const void* proj_bias = nullptr;
  uint8_t* scratch = nullptr;
  ScratchLayout at;
};

namespace {

// Recomputed from the sizes; Prepare and Invoke agree on it.
ScratchLayout LayoutFor(Mode mode, int nb, int ni, int naux, int nc, int no) {
  ScratchLayout s;
  size_t p = 0;
  auto take = [&](size_t bytes) {
    const size_t at = p;
    p += Align(bytes);
    return at;
  };
  const size_t g = static_cast<size_t>(nb) * nc;
  if (mode == Mode::kInteger) {
    s.igates = take(4 * g * sizeof(int16_t));
    s.itanh = take(g * sizeof(int16_t));
    s.ihidden = take(g * sizeof(int8_t));
  } else {
    s.gates = take(4 * g * sizeof(float));
    s.acc = take(static_cast<size_t>(nb) * std::max(nc, no) * sizeof(float));
    s.hidden = take(g * sizeof(float));
    if (mode == Mode::kHybrid) {
      s.x_sf = take(nb * sizeof(float));
      s.aux_sf = take(nb * sizeof(float));
      s.h_sf = take(nb * sizeof(float));
      s.prod = take(nb * sizeof(float));
      s.peep = take(static_cast<size_t>(nc) * sizeof(float));
      s.qx = take(static_cast<size_t>(nb) * ni);
      s.qaux = take(static_cast<size_t>(nb) * std::max(naux, 1));
      s.qh = take(static_cast<size_t>(nb) * no);
      s.qhidden = take(g);
      s.x_zp = take(nb * sizeof(int32_t));
      s.aux_zp = take(nb * sizeof(int32_t));
      s.h_zp = take(nb * sizeof(int32_t));
    }
  }
  s.total = std::max<size_t>(p, 64);
  return s;
}

}  // namespace

PlinthStatus Direction::Prepare(const KernelContext& ctx, const Layout& layout,
                                const Options& options, bool allow_integer, const char* name) {
  layout_ = layout;
  options_ = options;
  precomputed_ = false;
  auto in = [&](int index) { return index >= 0 ? ctx.input(index) : Tensor(); };
  PLINTH_ENSURE(ctx, options.cell_clip >= 0, "cell_clip must not be negative, got ",
                options.cell_clip);
  PLINTH_ENSURE(ctx, options.proj_clip >= 0, "proj_clip must not be negative, got ",
                options.proj_clip);
  Tensor input = in(layout.input);
  PLINTH_ENSURE(ctx, input, name, "input is missing");
  PLINTH_ENSURE(ctx, input.rank() == 2 || input.rank() == 3, name, "input must be 2-D or 3-D, got ",
                ShapeString(input));
  if (input.rank() == 3) {
    max_time_ = options.time_major ? input.dim(0) : input.dim(1);
    batches_ = options.time_major ? input.dim(1) : input.dim(0);
  } else {
    max_time_ = 1;
    batches_ = input.dim(0);
  }
  n_input_ = input.dim(-1);

  Tensor w_out = in(layout.input_weights[kOutputGate]);
  PLINTH_ENSURE(ctx, w_out, name, "input_to_output_weights are missing");
  PLINTH_ENSURE(ctx, w_out.rank() == 2 && w_out.dim(1) == n_input_, name,
                "input_to_output_weights must be [n_cell, ", n_input_, "], got ",
                ShapeString(w_out));
  n_cell_ = w_out.dim(0);
  Tensor r_out = in(layout.recurrent_weights[kOutputGate]);
  PLINTH_ENSURE(ctx, r_out, name, "recurrent_to_output_weights are missing");
  PLINTH_ENSURE(ctx, r_out.rank() == 2 && r_out.dim(0) == n_cell_, name,
                "recurrent_to_output_weights must be [", n_cell_, ", n_output], got ",
                ShapeString(r_out));
  n_output_ = r_out.dim(1);

  // Which evaluation: by the input's and the weights' types, as TFLite decides.
  PlinthType weight_type = w_out.type();
  if (input.type() == PLINTH_FLOAT32) {
    if (weight_type == PLINTH_FLOAT32) {
      mode_ = Mode::kFloat;
    } else if (weight_type == PLINTH_INT8 || weight_type == PLINTH_UINT8) {
      mode_ = Mode::kHybrid;
    } else {
      return ctx.Error(name, "weights of type ", TypeName(weight_type),
                       " are not supported with a FLOAT32 input");
    }
  } else if (input.type() == PLINTH_INT8 && allow_integer) {
    mode_ = Mode::kInteger;
    PLINTH_ENSURE(ctx, weight_type == PLINTH_INT8, name,
                  "the integer LSTM needs INT8 weights, got ", TypeName(weight_type));
  } else {
    return ctx.Error(name, "input type ", TypeName(input.type()), " is not supported");
  }
  const PlinthType bias_type = mode_ == Mode::kInteger ? PLINTH_INT32 : PLINTH_FLOAT32;
  const PlinthType peep_type = mode_ == Mode::kInteger ? PLINTH_INT16 : weight_type;
  const PlinthType norm_type = mode_ == Mode::kInteger ? PLINTH_INT16 : PLINTH_FLOAT32;

  auto check = [&](int index, const char* what, PlinthType type,
                   std::vector<int32_t> shape) -> PlinthStatus {
    Tensor t = in(index);
    PLINTH_ENSURE(ctx, t, name, what, " is missing");
    PLINTH_ENSURE(ctx, t.type() == type, name, what, " must be ", TypeName(type), ", got ",
                  TypeName(t.type()));
    PLINTH_ENSURE(ctx, t.shape() == shape, name, what, " must have shape [",
                  shape.size() > 0 ? shape[0] : 0, shape.size() > 1 ? ", " : "",
                  shape.size() > 1 ? std::to_string(shape[1]) : std::string(), "], got ",
                  ShapeString(t));
    if (mode_ == Mode::kHybrid && type == weight_type && weight_type != PLINTH_FLOAT32) {
      PLINTH_ENSURE(ctx, t.num_quant_params() == 1, name, what,
                    " needs one (per-tensor) quantization scale");
    }
    return PLINTH_OK;
  };

  use_cifg_ = !in(layout.input_weights[kInputGate]);
  PLINTH_ENSURE(ctx, use_cifg_ == !in(layout.recurrent_weights[kInputGate]), name,
                "input_to_input_weights and recurrent_to_input_weights must both be present or "
                "both be absent (CIFG)");
  for (int g = 0; g < 4; ++g) {
    if (g == kInputGate && use_cifg_) continue;
    std::string what = std::string("input_to_") + kGateNames[g] + "_weights";
    PLINTH_RETURN_IF_ERROR(
        check(layout.input_weights[g], what.c_str(), weight_type, {n_cell_, n_input_}));
    what = std::string("recurrent_to_") + kGateNames[g] + "_weights";
    PLINTH_RETURN_IF_ERROR(
        check(layout.recurrent_weights[g], what.c_str(), weight_type, {n_cell_, n_output_}));
    what = std::string(kGateNames[g]) + "_gate_bias";
    PLINTH_RETURN_IF_ERROR(check(layout.bias[g], what.c_str(), bias_type, {n_cell_}));
  }
  PLINTH_ENSURE(ctx, !use_cifg_ || !in(layout.bias[kInputGate]), name,
                "input_gate_bias must be absent with CIFG (no input_to_input_weights)");

  // Peepholes: all or none (the input one only without CIFG).
  const bool has_pi = static_cast<bool>(in(layout.peephole[kInputGate]));
  const bool has_pf = static_cast<bool>(in(layout.peephole[kForgetGate]));
  const bool has_po = static_cast<bool>(in(layout.peephole[kOutputGate]));
  PLINTH_ENSURE(ctx, (has_pf && has_po && (has_pi || use_cifg_)) || (!has_pi && !has_pf && !has_po),
                name, "the peephole weights (cell_to_*_weights) must be all present or all absent");
  use_peephole_ = has_po;
  if (use_peephole_) {
    for (int g : {kInputGate, kForgetGate, kOutputGate}) {
      if (g == kInputGate && use_cifg_) {
        PLINTH_ENSURE(ctx, !has_pi, name, "cell_to_input_weights must be absent with CIFG");
        continue;
      }
      std::string what = std::string("cell_to_") + kGateNames[g] + "_weights";
      PLINTH_RETURN_IF_ERROR(check(layout.peephole[g], what.c_str(), peep_type, {n_cell_}));
    }
  }

  use_layer_norm_ = layout.layer_norm[kForgetGate] >= 0 && in(layout.layer_norm[kForgetGate]);
  if (use_layer_norm_) {
    for (int g = 0; g < 4; ++g) {
      std::string what = std::string(kGateNames[g]) + "_layer_norm_coefficients";
      if (g == kInputGate && use_cifg_) {
        PLINTH_ENSURE(ctx, !in(layout.layer_norm[g]), name, what, " must be absent with CIFG");
        continue;
      }
      PLINTH_RETURN_IF_ERROR(check(layout.layer_norm[g], what.c_str(), norm_type, {n_cell_}));
    }
  }

  use_projection_ = static_cast<bool>(in(layout.projection_weights));
  if (use_projection_) {
    PLINTH_RETURN_IF_ERROR(
        check(layout.projection_weights, "projection_weights", weight_type, {n_output_, n_cell_}));
    if (in(layout.projection_bias)) {
      PLINTH_RETURN_IF_ERROR(
          check(layout.projection_bias, "projection_bias", bias_type, {n_output_}));
    }
  } else {
    PLINTH_ENSURE(ctx, !in(layout.projection_bias), name,
                  "projection_bias needs projection_weights");
    PLINTH_ENSURE(ctx, n_output_ == n_cell_, name, "without projection n_output (", n_output_,
                  ") must equal n_cell (", n_cell_, ")");
  }

  use_aux_ = layout.aux_input >= 0 && in(layout.aux_input) && in(layout.aux_weights[kForgetGate]);
  n_aux_ = 0;
  if (use_aux_) {
    PLINTH_ENSURE(ctx, mode_ != Mode::kInteger, name, "the integer LSTM takes no aux input");
    Tensor aux = in(layout.aux_input);
    PLINTH_ENSURE(ctx, aux.type() == PLINTH_FLOAT32 && aux.rank() == input.rank(), name,
                  "aux_input must be a FLOAT32 tensor of the input's rank");
    for (int i = 0; i + 1 < aux.rank(); ++i) {
      PLINTH_ENSURE(ctx, aux.dim(i) == input.dim(i), name, "aux_input ", ShapeString(aux),
                    " does not match the input ", ShapeString(input));
    }
    n_aux_ = aux.dim(-1);
    for (int g = 0; g < 4; ++g) {
      std::string what = std::string("aux_input_to_") + kGateNames[g] + "_weights";
      if (g == kInputGate && use_cifg_) continue;
      PLINTH_RETURN_IF_ERROR(
          check(layout.aux_weights[g], what.c_str(), weight_type, {n_cell_, n_aux_}));
    }
  }

  // States: variables of the right size (1-D or 2-D).
  Tensor h = in(layout.output_state), c = in(layout.cell_state);
  PLINTH_ENSURE(ctx, h && c, name, "the output and cell state inputs are required");
  PLINTH_ENSURE(ctx, h.is_variable() && c.is_variable(), name,
                "the output and cell states must be variable tensors");
  const PlinthType h_type = mode_ == Mode::kInteger ? PLINTH_INT8 : PLINTH_FLOAT32;
  const PlinthType c_type = mode_ == Mode::kInteger ? PLINTH_INT16 : PLINTH_FLOAT32;
  PLINTH_ENSURE(ctx, h.type() == h_type && c.type() == c_type, name,
                "the output and cell states must be ", TypeName(h_type), " and ", TypeName(c_type),
                ", got ", TypeName(h.type()), " and ", TypeName(c.type()));
  PLINTH_ENSURE(ctx, h.num_elements() == int64_t{batches_} * n_output_, name, "output state ",
                ShapeString(h), " must hold ", batches_, " x ", n_output_, " values");
  PLINTH_ENSURE(ctx, c.num_elements() == int64_t{batches_} * n_cell_, name, "cell state ",
                ShapeString(c), " must hold ", batches_, " x ", n_cell_, " values");

  if (mode_ == Mode::kHybrid) {
    auto scale = [&](int index) { return in(index) ? in(index).scale(0) : 1.f; };
    for (int g = 0; g < 4; ++g) {
      input_scale_[g] = scale(layout.input_weights[g]);
      recurrent_scale_[g] = scale(layout.recurrent_weights[g]);
      aux_scale_[g] = use_aux_ ? scale(layout.aux_weights[g]) : 1.f;
      peephole_scale_[g] = use_peephole_ ? scale(layout.peephole[g]) : 1.f;
    }
    projection_scale_ = use_projection_ ? scale(layout.projection_weights) : 1.f;
    row_sums_.assign(static_cast<size_t>(12) * n_cell_ + n_output_, 0);
  }
  if (mode_ == Mode::kInteger) PLINTH_RETURN_IF_ERROR(PrepareInteger(ctx));

  const ScratchLayout s = LayoutFor(mode_, batches_, n_input_, n_aux_, n_cell_, n_output_);
  scratch_ = ctx.RequestScratch(s.total);
  PLINTH_ENSURE(ctx, scratch_ >= 0, "cannot get ", s.total, " bytes of scratch memory");
  return PLINTH_OK;
}

PlinthStatus Direction::PrepareInteger(const KernelContext& ctx) {
  auto in = [&](int index) { return index >= 0 ? ctx.input(index) : Tensor(); };
  PLINTH_ENSURE(ctx, ctx.node()->num_intermediates == 5,
                "the integer LSTM needs 5 intermediate tensors (gate and hidden scales), got ",
                ctx.node()->num_intermediates);
  Tensor input = in(layout_.input), h = in(layout_.output_state), c = in(layout_.cell_state);
  PLINTH_ENSURE(
      ctx, input.num_quant_params() >= 1 && h.num_quant_params() >= 1 && c.num_quant_params() >= 1,
      "the integer LSTM needs quantized input, output state and cell state");
  for (int g = 0; g < 4; ++g) {
    for (int index : {layout_.input_weights[g], layout_.recurrent_weights[g], layout_.peephole[g],
                      layout_.layer_norm[g]}) {
      Tensor t = in(index);
      if (!t) continue;
      if (index == layout_.peephole[g] && !use_peephole_) continue;
      if (index == layout_.layer_norm[g] && !use_layer_norm_) continue;
      PLINTH_ENSURE(ctx, t.num_quant_params() >= 1, "tensor '", t.name(),
                    "' of the integer LSTM must be quantized");
    }
  }
  if (use_projection_) {
    PLINTH_ENSURE(ctx, in(layout_.projection_weights).num_quant_params() >= 1,
                  "projection_weights must be quantized");
  }
  IntegerParams& p = integer_;
  int cell_scale = 0;
  PLINTH_ENSURE(ctx, seq::CheckedLog2(c.scale(), &cell_scale),
                "the cell state's scale must be a power of two, got ", c.scale());
  PLINTH_ENSURE(ctx, cell_scale >= -15 && cell_scale <= -9,
                "the cell state's scale must be 2^-15 .. 2^-9, got 2^", cell_scale);
  p.cell_scale = cell_scale;
  Tensor output = ctx.output(0);
  PLINTH_ENSURE(ctx, output.num_quant_params() >= 1, "the output must be quantized");
  p.cell_clip = options_.cell_clip > 0
                    ? static_cast<int16_t>(
                          std::min(std::max(options_.cell_clip / c.scale(), -32768.0f), 32767.0f))
                    : 0;
  p.proj_clip = options_.proj_clip > 0
                    ? static_cast<int8_t>(
                          std::min(std::max(options_.proj_clip / output.scale(), -128.0f), 127.0f))
                    : 0;

  // Gate scales: from the intermediates with layer norm, else Q3.12.
  float gate_scale[4];
  for (int g = 0; g < 4; ++g) {
    if (use_layer_norm_) {
      Tensor t = ctx.intermediate(g);
      PLINTH_ENSURE(ctx, t && t.num_quant_params() >= 1, "intermediate ", g,
                    " must be quantized (the ", kGateNames[g], " gate's scale)");
      gate_scale[g] = t.scale();
    } else {
      gate_scale[g] = static_cast<float>(std::pow(2, -12));
    }
  }
  Tensor hidden = ctx.intermediate(4);
  PLINTH_ENSURE(ctx, hidden && hidden.num_quant_params() >= 1,
                "intermediate 4 must be quantized (the hidden state's scale)");
  const float hidden_scale = hidden.scale();
  p.hidden_zp = hidden.zero_point();
  p.output_state_zp = h.zero_point();
  p.input_zp = input.zero_point();

  const float input_scale = input.scale(), h_scale = h.scale();
  auto scale_of = [&](int index) { return in(index) ? in(index).scale() : 1.0f; };
  for (int g = 0; g < 4; ++g) {
    float eff_in = 1.0f, eff_rec = 1.0f, eff_peep = 1.0f;
    if (!(g == kInputGate && use_cifg_)) {
      eff_in = scale_of(layout_.input_weights[g]) * input_scale / gate_scale[g];
      eff_rec = scale_of(layout_.recurrent_weights[g]) * h_scale / gate_scale[g];
      if (use_peephole_ && g != kCellGate) {
        eff_peep = static_cast<float>(std::pow(2, cell_scale) * scale_of(layout_.peephole[g]) /
                                      gate_scale[g]);
      }
    }
    p.input_scale[g] = QuantizeMultiplier(eff_in);
    p.recurrent_scale[g] = QuantizeMultiplier(eff_rec);
    p.peephole_scale[g] = QuantizeMultiplier(eff_peep);
    const float norm_scale =
        use_layer_norm_ && !(g == kInputGate && use_cifg_) ? scale_of(layout_.layer_norm[g]) : 1.0f;
    p.layer_norm_scale[g] = QuantizeMultiplier(norm_scale);
    p.variance_guard[g] = std::max(1, static_cast<int32_t>(10000 * norm_scale));
  }
  const float eff_hidden = static_cast<float>(std::pow(2, -15) / hidden_scale * std::pow(2, -15));
  p.hidden_scale = QuantizeMultiplier(eff_hidden);
  const float eff_proj =
      (use_projection_ ? scale_of(layout_.projection_weights) : 1.0f) * hidden_scale / h_scale;
  p.projection_scale = QuantizeMultiplier(eff_proj);
  for (int g = 0; g < 4; ++g) {
    p.input_bias[g].assign(static_cast<size_t>(n_cell_), 0);
    p.recurrent_bias[g].assign(static_cast<size_t>(n_cell_), 0);
  }
  p.projection_bias.assign(static_cast<size_t>(n_output_), 0);
  PLINTH_ENSURE(ctx, !use_peephole_ || n_output_ <= n_cell_,
                "integer peepholes with n_output > n_cell are not supported (TFLite reads past "
                "the cell state there)");
  return PLINTH_OK;
}

Direction::Weights Direction::Gather(const KernelContext& ctx) const {
  Weights w;
  auto data = [&](int index) -> const void* {
    Tensor t = index >= 0 ? ctx.input(index) : Tensor();
    return t ? t.raw_data() : nullptr;
  };
  for (int g = 0; g < 4; ++g) {
    w.in[g] = data(layout_.input_weights[g]);
    w.rec[g] = data(layout_.recurrent_weights[g]);
    w.aux[g] = use_aux_ ? data(layout_.aux_weights[g]) : nullptr;
    w.peep[g] = use_peephole_ && g != kCellGate ? data(layout_.peephole[g]) : nullptr;
    w.bias[g] = data(layout_.bias[g]);
    w.norm[g] = use_layer_norm_ ? data(layout_.layer_norm[g]) : nullptr;
  }
  w.proj = use_projection_ ? data(layout_.projection_weights) : nullptr;
  w.proj_bias = use_projection_ ? data(layout_.projection_bias) : nullptr;
  w.scratch = ctx.Scratch<uint8_t>(scratch_);
  w.at = LayoutFor(mode_, batches_, n_input_, n_aux_, n_cell_, n_output_);
  return w;
}

void Direction::PrecomputeRowSums(const Weights& w) {
  int32_t* rs = row_sums_.data();
  for (int g = 0; g < 4; ++g) {
    if (w.in[g])
      seq::RowSums(static_cast<const int8_t*>(w.in[g]), n_cell_, n_input_, rs + g * n_cell_);
    if (w.rec[g]) {
      seq::RowSums(static_cast<const int8_t*>(w.rec[g]), n_cell_, n_output_,
                   rs + (4 + g) * n_cell_);
    }
    if (w.aux[g]) {
      seq::RowSums(static_cast<const int8_t*>(w.aux[g]), n_cell_, n_aux_, rs + (8 + g) * n_cell_);
    }
  }
  if (w.proj)
    seq::RowSums(static_cast<const int8_t*>(w.proj), n_output_, n_cell_, rs + 12 * n_cell_);
}

void Direction::PrecomputeInteger(const Weights& w) {
  IntegerParams& p = integer_;
  // TFLite folds the zero points into the biases: (x - zp) . w = x . w - zp * row_sum(w).
  auto fold = [](const void* weights, const void* bias, int32_t zero_point, int rows, int cols,
                 std::vector<int32_t>* out) {
    if (weights == nullptr) return;
    const int32_t* b = static_cast<const int32_t*>(bias);
    const int8_t* m = static_cast<const int8_t*>(weights);
    for (int r = 0; r < rows; ++r) {
      int32_t value = b ? b[r] : 0;
      if (zero_point != 0) {
        int32_t row_sum = 0;
        for (int c = 0; c < cols; ++c) row_sum += m[static_cast<size_t>(r) * cols + c];
        value += row_sum * zero_point;
      }
      (*out)[static_cast<size_t>(r)] = value;
    }
  };
  for (int g = 0; g < 4; ++g) {
    fold(w.in[g], use_layer_norm_ ? nullptr : w.bias[g], -p.input_zp, n_cell_, n_input_,
         &p.input_bias[g]);
    fold(w.rec[g], nullptr, -p.output_state_zp, n_cell_, n_output_, &p.recurrent_bias[g]);
  }
  fold(w.proj, w.proj_bias, -p.hidden_zp, n_output_, n_cell_, &p.projection_bias);
}

void Direction::HiddenState(const float* output_gate, const float* cell_gate, const float* c, int n,
                            float* hidden) const {
  // TFLite applies the activation to the cell state into the cell gate's buffer; activation NONE
  // writes nothing there, so the hidden state is then output_gate * cell_gate (as TFLite).
  if (options_.activation == PLINTH_ACTIVATION_NONE) {
    for (int i = 0; i < n; ++i) hidden[i] = output_gate[i] * cell_gate[i];
    return;
  }
  for (int i = 0; i < n; ++i) hidden[i] = output_gate[i] * seq::Activate(c[i], options_.activation);
}

void Direction::StepFloat(const Weights& w, const float* x, const float* aux, int nb, float* h,
                          float* c, float* out, int out_stride) {
  const int nc = n_cell_, g_size = nb * nc;
  float* gates = reinterpret_cast<float*>(w.scratch + w.at.gates);
  float* hidden = reinterpret_cast<float*>(w.scratch + w.at.hidden);
  float* gate[4] = {gates, gates + g_size, gates + 2 * g_size, gates + 3 * g_size};
  float* partial = reinterpret_cast<float*>(w.scratch + w.at.acc);
  const bool x_zero = seq::IsZero(x, nb * n_input_);
  const bool aux_zero = aux == nullptr || seq::IsZero(aux, nb * n_aux_);
  // TFLite ping-pongs each gate's sums between the gate buffer and a scratch buffer and lets the
  // activation copy the result back; activation NONE copies nothing, so when an even number of
  // input products ran the cell gate keeps the partial sum (without the recurrent product, the
  // layer norm). Reproduced as TFLite computes it.
  const bool cell_gate_keeps_partial =
      options_.activation == PLINTH_ACTIVATION_NONE && (!x_zero + !aux_zero) % 2 == 0;
  auto compute = [&](int g) {
    float* dst = gate[g];
    const float* bias = static_cast<const float*>(w.bias[g]);
    for (int b = 0; b < nb; ++b) {
      for (int i = 0; i < nc; ++i) dst[b * nc + i] = use_layer_norm_ ? 0.f : bias[i];
    }
    if (!x_zero) {
      seq::MatVecAccumulate(static_cast<const float*>(w.in[g]), nc, n_input_, x, nb, dst);
    }
    if (!aux_zero) {
      seq::MatVecAccumulate(static_cast<const float*>(w.aux[g]), nc, n_aux_, aux, nb, dst);
    }
    if (g == kCellGate && cell_gate_keeps_partial) {
      std::memcpy(partial, dst, sizeof(float) * static_cast<size_t>(g_size));
    }
    seq::MatVecAccumulate(static_cast<const float*>(w.rec[g]), nc, n_output_, h, nb, dst);
    if (w.peep[g] != nullptr) {
      const float* p = static_cast<const float*>(w.peep[g]);
      for (int i = 0; i < g_size; ++i) dst[i] += p[i % nc] * c[i];
    }
    if (use_layer_norm_) {
      const float* coef = static_cast<const float*>(w.norm[g]);
      seq::MeanStddevNormalize(dst, nc, nb);
      for (int i = 0; i < g_size; ++i) dst[i] = coef[i % nc] * dst[i] + bias[i % nc];
    }
    if (g == kCellGate) {
      seq::ActivateVector(dst, g_size, options_.activation);
      if (cell_gate_keeps_partial)
        std::memcpy(dst, partial, sizeof(float) * static_cast<size_t>(g_size));
    } else {
      for (int i = 0; i < g_size; ++i) dst[i] = seq::Sigmoid(dst[i]);
    }
  };
  if (!use_cifg_) compute(kInputGate);
  compute(kForgetGate);
  compute(kCellGate);
  for (int i = 0; i < g_size; ++i) {
    c[i] = gate[kForgetGate][i] * c[i];
    const float in_gate = use_cifg_ ? 1.0f - gate[kForgetGate][i] : gate[kInputGate][i];
    c[i] += gate[kCellGate][i] * in_gate;
  }
  if (options_.cell_clip > 0) seq::Clip(c, g_size, options_.cell_clip);
  compute(kOutputGate);  // its peephole sees the new cell state
  HiddenState(gate[kOutputGate], gate[kCellGate], c, g_size, hidden);
  if (use_projection_) {
    const float* pb = static_cast<const float*>(w.proj_bias);
    for (int b = 0; b < nb; ++b) {
      for (int o = 0; o < n_output_; ++o) h[b * n_output_ + o] = pb ? pb[o] : 0.f;
    }
    seq::MatVecAccumulate(static_cast<const float*>(w.proj), n_output_, nc, hidden, nb, h);
    if (options_.proj_clip > 0) seq::Clip(h, nb * n_output_, options_.proj_clip);
  } else {
    std::memcpy(h, hidden, sizeof(float) * static_cast<size_t>(nb) * n_output_);
  }
  for (int b = 0; b < nb; ++b) {
    std::memcpy(out + static_cast<size_t>(b) * out_stride, h + static_cast<size_t>(b) * n_output_,
                sizeof(float) * static_cast<size_t>(n_output_));
  }
}

void Direction::StepHybrid(const Weights& w, const float* x, const float* aux, int nb, float* h,
                           float* c, float* out, int out_stride) {
  const int nc = n_cell_, g_size = nb * nc;
  uint8_t* s = w.scratch;
  float* gates = reinterpret_cast<float*>(s + w.at.gates);
  float* hidden = reinterpret_cast<float*>(s + w.at.hidden);
  float* gate[4] = {gates, gates + g_size, gates + 2 * g_size, gates + 3 * g_size};
  float* x_sf = reinterpret_cast<float*>(s + w.at.x_sf);
  float* aux_sf = reinterpret_cast<float*>(s + w.at.aux_sf);
  float* h_sf = reinterpret_cast<float*>(s + w.at.h_sf);
  float* prod = reinterpret_cast<float*>(s + w.at.prod);
  float* peep = reinterpret_cast<float*>(s + w.at.peep);
  int8_t* qx = reinterpret_cast<int8_t*>(s + w.at.qx);
  int8_t* qaux = reinterpret_cast<int8_t*>(s + w.at.qaux);
  int8_t* qh = reinterpret_cast<int8_t*>(s + w.at.qh);
  int8_t* qhidden = reinterpret_cast<int8_t*>(s + w.at.qhidden);
  int32_t* x_zp = reinterpret_cast<int32_t*>(s + w.at.x_zp);
  int32_t* aux_zp = reinterpret_cast<int32_t*>(s + w.at.aux_zp);
  int32_t* h_zp = reinterpret_cast<int32_t*>(s + w.at.h_zp);
  const bool asym = options_.asymmetric_quantize_inputs;
  const int32_t* rs = row_sums_.data();

  const bool x_zero = seq::IsZero(x, nb * n_input_);
  const bool aux_zero = aux == nullptr || seq::IsZero(aux, nb * n_aux_);
  const bool h_zero = seq::IsZero(h, nb * n_output_);
  if (!x_zero) seq::BatchQuantize(x, nb, n_input_, qx, x_sf, x_zp, asym);
  if (!aux_zero) seq::BatchQuantize(aux, nb, n_aux_, qaux, aux_sf, aux_zp, asym);
  if (!h_zero) seq::BatchQuantize(h, nb, n_output_, qh, h_sf, h_zp, asym);

  auto matvec = [&](const void* m, float m_scale, int cols, const int8_t* v, const float* sf,
                    const int32_t* zp, const int32_t* row_sums, float* dst) {
    for (int b = 0; b < nb; ++b) prod[b] = sf[b] * m_scale;
    seq::HybridMatVecAccumulate(static_cast<const int8_t*>(m), nc, cols, v, prod, nb, dst,
                                asym ? zp : nullptr, row_sums);
  };
  auto compute = [&](int g) {
    float* dst = gate[g];
    const float* bias = static_cast<const float*>(w.bias[g]);
    for (int b = 0; b < nb; ++b) {
      for (int i = 0; i < nc; ++i) dst[b * nc + i] = use_layer_norm_ ? 0.f : bias[i];
    }
    if (!x_zero) matvec(w.in[g], input_scale_[g], n_input_, qx, x_sf, x_zp, rs + g * nc, dst);
    if (!aux_zero) {
      matvec(w.aux[g], aux_scale_[g], n_aux_, qaux, aux_sf, aux_zp, rs + (8 + g) * nc, dst);
    }
    if (!h_zero) {
      matvec(w.rec[g], recurrent_scale_[g], n_output_, qh, h_sf, h_zp, rs + (4 + g) * nc, dst);
    }
    if (w.peep[g] != nullptr) {
      const int8_t* p = static_cast<const int8_t*>(w.peep[g]);
      for (int i = 0; i < nc; ++i) peep[i] = peephole_scale_[g] * p[i];
      for (int i = 0; i < g_size; ++i) dst[i] += peep[i % nc] * c[i];
    }
    if (use_layer_norm_) {
      const float* coef = static_cast<const float*>(w.norm[g]);
      seq::MeanStddevNormalize(dst, nc, nb);
      for (int i = 0; i < g_size; ++i) dst[i] = coef[i % nc] * dst[i] + bias[i % nc];
    }
    if (g == kCellGate) {
      seq::ActivateVector(dst, g_size, options_.activation);
    } else {
      for (int i = 0; i < g_size; ++i) dst[i] = seq::Sigmoid(dst[i]);
    }
  };
  if (!use_cifg_) compute(kInputGate);
  compute(kForgetGate);
  compute(kCellGate);
  for (int i = 0; i < g_size; ++i) {
    c[i] = gate[kForgetGate][i] * c[i];
    const float in_gate = use_cifg_ ? 1.0f - gate[kForgetGate][i] : gate[kInputGate][i];
    c[i] += gate[kCellGate][i] * in_gate;
  }
  if (options_.cell_clip > 0) seq::Clip(c, g_size, options_.cell_clip);
  compute(kOutputGate);
  HiddenState(gate[kOutputGate], gate[kCellGate], c, g_size, hidden);
  if (use_projection_) {
    const float* pb = static_cast<const float*>(w.proj_bias);
    for (int b = 0; b < nb; ++b) {
      for (int o = 0; o < n_output_; ++o) h[b * n_output_ + o] = pb ? pb[o] : 0.f;
    }
    if (!seq::IsZero(hidden, g_size)) {
      // TFLite reuses the input's scale and zero point buffers here.
      seq::BatchQuantize(hidden, nb, nc, qhidden, x_sf, x_zp, asym);
      for (int b = 0; b < nb; ++b) prod[b] = x_sf[b] * projection_scale_;
      seq::HybridMatVecAccumulate(static_cast<const int8_t*>(w.proj), n_output_, nc, qhidden, prod,
                                  nb, h, asym ? x_zp : nullptr, rs + 12 * nc);
    }
    if (options_.proj_clip > 0) seq::Clip(h, nb * n_output_, options_.proj_clip);
  } else {
    std::memcpy(h, hidden, sizeof(float) * static_cast<size_t>(nb) * n_output_);
  }
  for (int b = 0; b < nb; ++b) {
    std::memcpy(out + static_cast<size_t>(b) * out_stride, h + static_cast<size_t>(b) * n_output_,
                sizeof(float) * static_cast<size_t>(n_output_));
  }
}

void Direction::StepInteger(const Weights& w, const int8_t* x, int nb, int8_t* h, int16_t* c,
                            int8_t* out) {
  const IntegerParams& p = integer_;
  const int nc = n_cell_, g_size = nb * nc;
  int16_t* gates = reinterpret_cast<int16_t*>(w.scratch + w.at.igates);
  int16_t* gate[4] = {gates, gates + g_size, gates + 2 * g_size, gates + 3 * g_size};
  int16_t* tanh_c = reinterpret_cast<int16_t*>(w.scratch + w.at.itanh);
  int8_t* hidden = reinterpret_cast<int8_t*>(w.scratch + w.at.ihidden);
  auto compute = [&](int g) {
    int16_t* dst = gate[g];
    std::fill_n(dst, g_size, int16_t{0});
    seq::IntMatVecAccumulate<int16_t>(x, p.input_bias[g].data(),
                                      static_cast<const int8_t*>(w.in[g]), p.input_scale[g], nb,
                                      n_input_, nc, 0, dst);
    seq::IntMatVecAccumulate<int16_t>(h, p.recurrent_bias[g].data(),
                                      static_cast<const int8_t*>(w.rec[g]), p.recurrent_scale[g],
                                      nb, n_output_, nc, 0, dst);
    if (w.peep[g] != nullptr) {
      // TFLite walks the peephole product in rows of n_output; reproduced as is.
      seq::IntVectorBatchProductAccumulate(static_cast<const int16_t*>(w.peep[g]), n_output_, c, nb,
                                           p.peephole_scale[g], dst);
    }
    if (use_layer_norm_) {
      seq::IntLayerNorm(dst, static_cast<const int16_t*>(w.norm[g]),
                        static_cast<const int32_t*>(w.bias[g]), p.layer_norm_scale[g],
                        p.variance_guard[g], nb, nc, dst);
    }
    if (g == kCellGate) {
      seq::IntTanh(3, dst, g_size, dst);
    } else {
      seq::IntSigmoid(dst, g_size);
    }
  };
  if (!use_cifg_) compute(kInputGate);
  compute(kForgetGate);
  compute(kCellGate);
  // c = f * c + i * g (CIFG: i = 1 - f), in the cell state's scale.
  int16_t* scratch = gate[kForgetGate];
  seq::IntMulShift(gate[kForgetGate], c, g_size, 15, c);
  if (use_cifg_) {
    seq::IntSub1(gate[kForgetGate], g_size, scratch);
    seq::IntMulShift(scratch, gate[kCellGate], g_size, 30 + p.cell_scale, scratch);
  } else {
    seq::IntMulShift(gate[kInputGate], gate[kCellGate], g_size, 30 + p.cell_scale, scratch);
  }
  seq::IntAddSat(c, scratch, g_size, c);
  if (p.cell_clip > 0) seq::IntClip<int16_t>(c, g_size, p.cell_clip);
  compute(kOutputGate);
  // hidden = o * tanh(c), then the projection (the activation is always tanh here).
  seq::IntTanh(15 + p.cell_scale, c, g_size, tanh_c);
  seq::IntMulScaled(gate[kOutputGate], tanh_c, p.hidden_scale, g_size, p.hidden_zp, hidden);
  if (use_projection_) {
    std::fill_n(h, nb * n_output_, int8_t{0});
    seq::IntMatVecAccumulate<int8_t>(hidden, p.projection_bias.data(),
                                     static_cast<const int8_t*>(w.proj), p.projection_scale, nb, nc,
                                     n_output_, p.output_state_zp, h);
    if (p.proj_clip > 0) seq::IntClip<int8_t>(h, nb * n_output_, p.proj_clip);
  } else {
    std::memcpy(h, hidden, static_cast<size_t>(nb) * n_output_);
  }
  std::memcpy(out, h, static_cast<size_t>(nb) * n_output_);
}

PlinthStatus Direction::Invoke(const KernelContext& ctx, Tensor output, int output_offset,
                               bool forward) {
  Weights w = Gather(ctx);
  if (!precomputed_) {
    if (mode_ == Mode::kHybrid && options_.asymmetric_quantize_inputs) PrecomputeRowSums(w);
    if (mode_ == Mode::kInteger) PrecomputeInteger(w);
    precomputed_ = true;
  }
  Tensor input = ctx.input(layout_.input);
  Tensor aux = use_aux_ ? ctx.input(layout_.aux_input) : Tensor();
  Tensor h_t = ctx.input(layout_.output_state), c_t = ctx.input(layout_.cell_state);
  const int out_stride = output.dim(-1);
  const int T = max_time_, B = batches_;
  auto step = [&](size_t in_row, size_t out_row, int nb, size_t state_row) {
    if (mode_ == Mode::kInteger) {
      StepInteger(w, input.data<int8_t>() + in_row * n_input_, nb,
                  h_t.data<int8_t>() + state_row * n_output_,
                  c_t.data<int16_t>() + state_row * n_cell_,
                  output.data<int8_t>() + out_row * out_stride + output_offset);
      return;
    }
    const float* x = input.data<float>() + in_row * n_input_;
    const float* a = aux ? aux.data<float>() + in_row * n_aux_ : nullptr;
    float* h = h_t.data<float>() + state_row * n_output_;
    float* c = c_t.data<float>() + state_row * n_cell_;
    float* out = output.data<float>() + out_row * out_stride + output_offset;
    if (mode_ == Mode::kHybrid) {
      StepHybrid(w, x, a, nb, h, c, out, out_stride);
    } else {
      StepFloat(w, x, a, nb, h, c, out, out_stride);
    }
  };
  if (options_.time_major) {
    for (int t = 0; t < T; ++t) {
      const size_t t_rel = static_cast<size_t>(forward ? t : T - 1 - t);
      step(t_rel * B, t_rel * B, B, 0);
    }
  } else {
    // One batch row at a time, each through the whole sequence.
    for (int b = 0; b < B; ++b) {
      for (int t = 0; t < T; ++t) {
        const size_t t_rel = static_cast<size_t>(forward ? t : T - 1 - t);
        const size_t row = static_cast<size_t>(b) * T + t_rel;
        step(row, row, 1, static_cast<size_t>(b));
      }
    }
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin::lstm
