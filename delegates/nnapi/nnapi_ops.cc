#include "delegates/nnapi/nnapi_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "plinth/plugin.hpp"

namespace plinth::nnapi {
namespace {

bool IsConstant(const PlinthTensor* t) {
  return t != nullptr && (t->flags & PLINTH_TENSOR_CONSTANT) != 0;
}

std::vector<int32_t> Dims(const PlinthTensor* t) {
  return std::vector<int32_t>(t->dims, t->dims + t->rank);
}

// Values of a constant int32/int64 tensor (shapes, axes, paddings).
bool ConstantInts(const PlinthTensor* t, std::vector<int64_t>* out) {
  if (!IsConstant(t) || t->data == nullptr) return false;
  int64_t n = 1;
  for (int i = 0; i < t->rank; ++i) n *= t->dims[i];
  out->resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    if (t->type == PLINTH_INT32) {
      (*out)[i] = static_cast<const int32_t*>(t->data)[i];
    } else if (t->type == PLINTH_INT64) {
      (*out)[i] = static_cast<const int64_t*>(t->data)[i];
    } else {
      return false;
    }
  }
  return true;
}

// One node being checked (model == nullptr) or translated.
class Mapper {
 public:
  Mapper(PlinthContext* ctx, const PlinthNode* node, int level, NnModel* model, std::string* why)
      : kc_(ctx, const_cast<PlinthNode*>(node)),
        node_(node),
        level_(level),
        model_(model),
        why_(why) {}

  const PlinthNode* node() const { return node_; }
  bool emitting() const { return model_ != nullptr; }
  NnModel& model() const { return *model_; }
  PlinthTensor* in(int i) const { return i < node_->num_inputs ? node_->inputs[i] : nullptr; }
  PlinthTensor* out(int i) const { return i < node_->num_outputs ? node_->outputs[i] : nullptr; }
  int64_t Int(const char* option, int64_t fallback = 0) const {
    return kc_.OptionInt(option, fallback);
  }
  float Float(const char* option, float fallback) const {
    return kc_.OptionFloat(option, fallback);
  }

  bool Fail(const std::string& why) const {
    *why_ = why;
    return false;
  }
  // Requires feature level `need` for `what`.
  bool Level(int need, const std::string& what) const {
    if (level_ >= need) return true;
    return Fail(what + " needs NNAPI " + DescribeFeatureLevel(need) + ", the runtime offers " +
                DescribeFeatureLevel(level_));
  }
  // A data tensor NNAPI can hold: float32, or per-tensor asymmetric uint8/int8 with a positive
  // scale; rank 1 to 4 with static, non-zero dimensions.
  bool Data(const PlinthTensor* t, const char* what) const {
    if (t == nullptr) return Fail(std::string(what) + " is missing");
    const std::string name = what;
    if ((t->flags & PLINTH_TENSOR_DYNAMIC) != 0) return Fail(name + " has a dynamic shape");
    if (t->rank < 1 || t->rank > 4) {
      return Fail(name + " has rank " + std::to_string(t->rank) + " (NNAPI takes 1 to 4)");
    }
    for (int i = 0; i < t->rank; ++i) {
      if (t->dims[i] <= 0) return Fail(name + " has an empty dimension");
    }
    const PlinthQuantization* q = t->quantization;
    switch (t->type) {
      case PLINTH_FLOAT32:
        return true;
      case PLINTH_UINT8:
      case PLINTH_INT8:
        if (q->num_params != 1) return Fail(name + " is not quantized per tensor");
        if (!(q->scales[0] > 0.f)) return Fail(name + " has a non-positive scale");
        if (t->type == PLINTH_INT8 && !Level(4, "int8 (TENSOR_QUANT8_ASYMM_SIGNED)")) return false;
        return true;
      default:
        return Fail(name + " is " + TypeName(t->type) + " (NNAPI: float32, uint8, int8)");
    }
  }
  // Data() for every input and output listed.
  bool AllData(std::initializer_list<int> inputs) const {
    for (int i : inputs) {
      if (!Data(in(i), ("input " + std::to_string(i)).c_str())) return false;
    }
    for (int o = 0; o < node_->num_outputs; ++o) {
      if (!Data(out(o), "output")) return false;
    }
    return true;
  }
  bool SameType(const PlinthTensor* a, const PlinthTensor* b) const {
    if (a->type == b->type) return true;
    return Fail(std::string("mixed types ") + TypeName(a->type) + " and " + TypeName(b->type));
  }
  // Same quantization (or both float): NNAPI ops that move data need it.
  bool SameQuant(const PlinthTensor* a, const PlinthTensor* b) const {
    if (!SameType(a, b)) return false;
    if (a->type == PLINTH_FLOAT32) return true;
    if (a->quantization->scales[0] == b->quantization->scales[0] &&
        a->quantization->zero_points[0] == b->quantization->zero_points[0]) {
      return true;
    }
    return Fail("input and output quantization differ (NNAPI keeps them equal for this op)");
  }
  // Feature level by type: float32 at `f`, uint8 at `u`, int8 at 4 (checked by Data).
  bool TypeLevel(const PlinthTensor* t, int f, int u, const char* op) const {
    if (t->type == PLINTH_FLOAT32) return Level(f, std::string(op) + " on float32");
    if (t->type == PLINTH_UINT8) return Level(u, std::string(op) + " on uint8");
    return true;
  }
  // The node's fused activation as an NNAPI FuseCode.
  bool Fuse(int32_t* code) const {
    switch (kc_.OptionInt("fused_activation_function", PLINTH_ACTIVATION_NONE)) {
      case PLINTH_ACTIVATION_NONE:
        *code = ANEURALNETWORKS_FUSED_NONE;
        return true;
      case PLINTH_ACTIVATION_RELU:
        *code = ANEURALNETWORKS_FUSED_RELU;
        return true;
      case PLINTH_ACTIVATION_RELU_N1_TO_1:
        *code = ANEURALNETWORKS_FUSED_RELU1;
        return true;
      case PLINTH_ACTIVATION_RELU6:
        *code = ANEURALNETWORKS_FUSED_RELU6;
        return true;
      default:
        return Fail("fused activation TANH or SIGN_BIT has no NNAPI fuse code");
    }
  }

  // Emission helpers.
  uint32_t T(const PlinthTensor* t, const OperandRole& role = {}) const {
    return model_->Tensor(t, role);
  }
  uint32_t I(int32_t v) const { return model_->Int(v); }
  bool Op(int32_t code, const std::vector<uint32_t>& inputs) const {
    std::vector<uint32_t> outputs;
    for (int o = 0; o < node_->num_outputs; ++o) outputs.push_back(T(out(o)));
    model_->Operation(code, inputs, outputs);
    return model_->ok();
  }

 private:
  KernelContext kc_;
  const PlinthNode* node_;
  int level_;
  NnModel* model_;
  std::string* why_;
};

// Explicit padding (before, after) of one spatial dimension under TFLite's SAME/VALID rule, which
// NNAPI's explicit form then reproduces exactly.
std::pair<int32_t, int32_t> Padding(int64_t padding, int32_t in, int32_t filter, int32_t stride,
                                    int32_t dilation) {
  if (padding != PLINTH_PADDING_SAME) return {0, 0};
  const int32_t effective = (filter - 1) * dilation + 1;
  const int32_t out = (in + stride - 1) / stride;
  const int32_t total = std::max((out - 1) * stride + effective - in, 0);
  return {total / 2, total - total / 2};
}

// Weights and bias of a convolution-like op: checks the combination and emits their operands.
struct Weights {
  bool per_channel = false;
};

bool CheckWeights(const Mapper& m, const PlinthTensor* x, const PlinthTensor* w,
                  const PlinthTensor* b, int channel_dim, bool allow_per_channel, Weights* out) {
  if (w == nullptr || !IsConstant(w)) return m.Fail("weights are not constant");
  if (b != nullptr && !IsConstant(b)) return m.Fail("bias is not constant");
  const PlinthQuantization* wq = w->quantization;
  if (x->type == PLINTH_FLOAT32) {
    if (w->type != PLINTH_FLOAT32) return m.Fail("hybrid weights (float input, integer weights)");
    if (b != nullptr && b->type != PLINTH_FLOAT32) return m.Fail("bias is not float32");
    return true;
  }
  if (w->type != x->type) {
    return m.Fail(std::string("weights are ") + TypeName(w->type) + " for a " + TypeName(x->type) +
                  " input");
  }
  if (b != nullptr && b->type != PLINTH_INT32) return m.Fail("quantized bias is not int32");
  if (wq->num_params == 1) {
    if (!(wq->scales[0] > 0.f)) return m.Fail("weights have a non-positive scale");
    return true;
  }
  if (wq->num_params <= 1) return m.Fail("weights are not quantized");
  if (!allow_per_channel)
    return m.Fail("per-channel weights (NNAPI takes them only for convolutions)");
  if (w->type != PLINTH_INT8) return m.Fail("per-channel uint8 weights");
  if (wq->quantized_dimension != channel_dim || wq->num_params != w->dims[channel_dim]) {
    return m.Fail("per-channel weights not along the output channels");
  }
  for (int32_t c = 0; c < wq->num_params; ++c) {
    if (wq->zero_points[c] != 0) return m.Fail("per-channel weights with a non-zero zero point");
    if (!(wq->scales[c] > 0.f)) return m.Fail("weights have a non-positive scale");
  }
  out->per_channel = true;
  return m.Level(3, "per-channel weights");
}

// Operands of weights and bias (a zero bias where the model has none: NNAPI requires one).
std::pair<uint32_t, uint32_t> EmitWeights(const Mapper& m, const PlinthTensor* x,
                                          const PlinthTensor* w, const PlinthTensor* b,
                                          int channel_dim, int32_t channels) {
  OperandRole filter_role;
  filter_role.kind = OperandRole::kFilter;
  filter_role.channel_dim = channel_dim;
  const uint32_t filter = m.T(w, filter_role);
  OperandRole bias_role;
  bias_role.kind = OperandRole::kBias;
  bias_role.input = x;
  bias_role.filter = w;
  if (b != nullptr) return {filter, m.T(b, bias_role)};
  const std::vector<uint32_t> dims = {static_cast<uint32_t>(channels)};
  if (x->type == PLINTH_FLOAT32) {
    std::vector<float> zeros(static_cast<size_t>(channels), 0.f);
    return {filter, m.model().Constant(ANEURALNETWORKS_TENSOR_FLOAT32, dims, 0.f, 0, zeros.data(),
                                       zeros.size() * sizeof(float))};
  }
  const PlinthQuantization* wq = w->quantization;
  const float scale = wq->num_params > 1 ? 0.f : x->quantization->scales[0] * wq->scales[0];
  std::vector<int32_t> zeros(static_cast<size_t>(channels), 0);
  return {filter, m.model().Constant(ANEURALNETWORKS_TENSOR_INT32, dims, scale, 0, zeros.data(),
                                     zeros.size() * sizeof(int32_t))};
}

bool Conv2D(const Mapper& m, bool depthwise) {
  const PlinthTensor *x = m.in(0), *w = m.in(1), *b = m.in(2), *y = m.out(0);
  if (!m.Data(x, "input") || !m.Data(y, "output") || !m.SameType(x, y)) return false;
  if (x->rank != 4 || w == nullptr || w->rank != 4) return m.Fail("input or weights are not 4-D");
  const char* op = depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D";
  if (!m.TypeLevel(x, 1, 1, op)) return false;
  const int channel_dim = depthwise ? 3 : 0;
  Weights weights;
  if (!CheckWeights(m, x, w, b, channel_dim, true, &weights)) return false;
  const int32_t channels = w->dims[channel_dim];
  if (b != nullptr && (b->rank != 1 || b->dims[0] != channels)) return m.Fail("bias shape");
  int32_t multiplier = 1;
  if (depthwise) {
    if (w->dims[0] != 1 || channels % x->dims[3] != 0) return m.Fail("depthwise weights shape");
    multiplier = channels / x->dims[3];
  } else if (w->dims[3] != x->dims[3]) {
    return m.Fail("grouped convolution (input channels differ from the weights')");
  }
  int32_t fuse = 0;
  if (!m.Fuse(&fuse)) return false;
  const int32_t stride_w = static_cast<int32_t>(m.Int("stride_w", 1));
  const int32_t stride_h = static_cast<int32_t>(m.Int("stride_h", 1));
  const int32_t dilation_w = static_cast<int32_t>(m.Int("dilation_w_factor", 1));
  const int32_t dilation_h = static_cast<int32_t>(m.Int("dilation_h_factor", 1));
  if (stride_w < 1 || stride_h < 1 || dilation_w < 1 || dilation_h < 1) {
    return m.Fail("non-positive stride or dilation");
  }
  const bool dilated = dilation_w != 1 || dilation_h != 1;
  if (dilated && !m.Level(3, "dilation")) return false;
  if (!m.emitting()) return true;
  const int64_t padding = m.Int("padding", PLINTH_PADDING_SAME);
  const auto [left, right] = Padding(padding, x->dims[2], w->dims[2], stride_w, dilation_w);
  const auto [top, bottom] = Padding(padding, x->dims[1], w->dims[1], stride_h, dilation_h);
  const auto [filter, bias] = EmitWeights(m, x, w, b, channel_dim, channels);
  std::vector<uint32_t> inputs = {m.T(x),   filter,      bias,          m.I(left),    m.I(right),
                                  m.I(top), m.I(bottom), m.I(stride_w), m.I(stride_h)};
  if (depthwise) inputs.push_back(m.I(multiplier));
  inputs.push_back(m.I(fuse));
  if (dilated) {
    inputs.push_back(m.model().Bool(false));  // NHWC
    inputs.push_back(m.I(dilation_w));
    inputs.push_back(m.I(dilation_h));
  }
  return m.Op(depthwise ? ANEURALNETWORKS_DEPTHWISE_CONV_2D : ANEURALNETWORKS_CONV_2D, inputs);
}

bool FullyConnected(const Mapper& m) {
  const PlinthTensor *x = m.in(0), *w = m.in(1), *b = m.in(2), *y = m.out(0);
  if (!m.Data(x, "input") || !m.Data(y, "output") || !m.SameType(x, y)) return false;
  if (m.node()->num_outputs != 1) return m.Fail("more than one output");
  if (m.Int("weights_format", 0) != 0) return m.Fail("shuffled weights format");
  if (w == nullptr || w->rank != 2) return m.Fail("weights are not 2-D");
  Weights weights;
  if (!CheckWeights(m, x, w, b, 0, false, &weights)) return false;
  const int32_t units = w->dims[0], depth = w->dims[1];
  int64_t elements = 1;
  for (int i = 0; i < x->rank; ++i) elements *= x->dims[i];
  if (depth == 0 || elements % depth != 0) return m.Fail("input size is not a multiple of depth");
  // NNAPI's output is [batch, units]; TFLite's keep_num_dims outputs of higher rank differ.
  if (y->rank != 2 || y->dims[0] != elements / depth || y->dims[1] != units) {
    return m.Fail("output is not [batch, units] (keep_num_dims)");
  }
  if (b != nullptr && (b->rank != 1 || b->dims[0] != units)) return m.Fail("bias shape");
  int32_t fuse = 0;
  if (!m.Fuse(&fuse) || !m.TypeLevel(x, 1, 1, "FULLY_CONNECTED")) return false;
  if (!m.emitting()) return true;
  const auto [filter, bias] = EmitWeights(m, x, w, b, 0, units);
  return m.Op(ANEURALNETWORKS_FULLY_CONNECTED, {m.T(x), filter, bias, m.I(fuse)});
}

// ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM with NumPy broadcasting (NNAPI broadcasts the same way).
bool Binary(const Mapper& m, int32_t code) {
  if (!m.AllData({0, 1})) return false;
  const PlinthTensor *a = m.in(0), *b = m.in(1), *y = m.out(0);
  if (!m.SameType(a, b) || !m.SameType(a, y)) return false;
  const bool quantized = a->type != PLINTH_FLOAT32;
  int32_t fuse = 0;
  const bool has_fuse = code != ANEURALNETWORKS_MAXIMUM && code != ANEURALNETWORKS_MINIMUM;
  if (has_fuse && !m.Fuse(&fuse)) return false;
  switch (code) {
    case ANEURALNETWORKS_ADD:
      if (!m.TypeLevel(a, 1, 1, "ADD")) return false;
      break;
    case ANEURALNETWORKS_SUB:
      if (!m.TypeLevel(a, 2, 3, "SUB")) return false;
      break;
    case ANEURALNETWORKS_MUL:
      // NNAPI requires output_scale > input1_scale x input2_scale and rounds its multiplier
      // differently from TFLite's: float only.
      if (quantized) return m.Fail("quantized MUL does not map exactly");
      break;
    case ANEURALNETWORKS_DIV:
      if (quantized) return m.Fail("quantized DIV");
      if (!m.Level(2, "DIV")) return false;
      break;
    default:  // MAXIMUM, MINIMUM: TFLite compares raw values, NNAPI requantizes
      if (quantized) return m.Fail("quantized MAXIMUM/MINIMUM");
      if (!m.Level(3, "MAXIMUM/MINIMUM")) return false;
      break;
  }
  if (!m.emitting()) return true;
  std::vector<uint32_t> inputs = {m.T(a), m.T(b)};
  if (has_fuse) inputs.push_back(m.I(fuse));
  return m.Op(code, inputs);
}

bool Pool(const Mapper& m, int32_t code) {
  if (!m.AllData({0}) || !m.SameQuant(m.in(0), m.out(0))) return false;
  const PlinthTensor* x = m.in(0);
  if (x->rank != 4) return m.Fail("input is not 4-D");
  int32_t fuse = 0;
  if (!m.Fuse(&fuse) || !m.TypeLevel(x, 1, 1, "pooling")) return false;
  const int32_t stride_w = static_cast<int32_t>(m.Int("stride_w", 1));
  const int32_t stride_h = static_cast<int32_t>(m.Int("stride_h", 1));
  const int32_t filter_w = static_cast<int32_t>(m.Int("filter_width", 1));
  const int32_t filter_h = static_cast<int32_t>(m.Int("filter_height", 1));
  if (stride_w < 1 || stride_h < 1 || filter_w < 1 || filter_h < 1) return m.Fail("bad window");
  if (!m.emitting()) return true;
  const int64_t padding = m.Int("padding", PLINTH_PADDING_SAME);
  const auto [left, right] = Padding(padding, x->dims[2], filter_w, stride_w, 1);
  const auto [top, bottom] = Padding(padding, x->dims[1], filter_h, stride_h, 1);
  return m.Op(code, {m.T(x), m.I(left), m.I(right), m.I(top), m.I(bottom), m.I(stride_w),
                     m.I(stride_h), m.I(filter_w), m.I(filter_h), m.I(fuse)});
}

bool Concatenation(const Mapper& m) {
  const PlinthTensor* y = m.out(0);
  if (!m.Data(y, "output")) return false;
  const int count = m.node()->num_inputs;
  for (int i = 0; i < count; ++i) {
    if (!m.Data(m.in(i), "input") || !m.SameQuant(m.in(i), y)) return false;
    if (m.in(i)->rank != y->rank) return m.Fail("inputs of different ranks");
  }
  if (m.Int("fused_activation_function", 0) != PLINTH_ACTIVATION_NONE) {
    return m.Fail("fused activation on CONCATENATION");
  }
  if (!m.TypeLevel(y, 1, 1, "CONCATENATION")) return false;
  int64_t axis = m.Int("axis", 0);
  if (axis < 0) axis += y->rank;
  if (axis < 0 || axis >= y->rank) return m.Fail("axis out of range");
  if (!m.emitting()) return true;
  std::vector<uint32_t> inputs;
  for (int i = 0; i < count; ++i) inputs.push_back(m.T(m.in(i)));
  inputs.push_back(m.I(static_cast<int32_t>(axis)));
  return m.Op(ANEURALNETWORKS_CONCATENATION, inputs);
}

// RESHAPE, SQUEEZE, EXPAND_DIMS: an NNAPI RESHAPE to the output's (prepared) shape.
bool Reshape(const Mapper& m) {
  if (!m.AllData({0}) || !m.SameQuant(m.in(0), m.out(0))) return false;
  if (!m.TypeLevel(m.in(0), 1, 1, "RESHAPE")) return false;
  if (!m.emitting()) return true;
  return m.Op(ANEURALNETWORKS_RESHAPE, {m.T(m.in(0)), m.model().IntVector(Dims(m.out(0)))});
}

bool Softmax(const Mapper& m) {
  if (!m.AllData({0}) || !m.SameType(m.in(0), m.out(0))) return false;
  const PlinthTensor *x = m.in(0), *y = m.out(0);
  if (x->rank != 2 && x->rank != 4 && !m.Level(3, "SOFTMAX on rank 1 or 3")) return false;
  if (!m.TypeLevel(x, 1, 1, "SOFTMAX")) return false;
  if (x->type != PLINTH_FLOAT32) {
    const int32_t zero = x->type == PLINTH_UINT8 ? 0 : -128;
    if (y->quantization->scales[0] != 1.f / 256 || y->quantization->zero_points[0] != zero) {
      return m.Fail("quantized SOFTMAX output is not scale 1/256, zero point " +
                    std::to_string(zero));
    }
  }
  if (!m.emitting()) return true;
  return m.Op(ANEURALNETWORKS_SOFTMAX, {m.T(x), m.model().Float(m.Float("beta", 1.f))});
}

// LOGISTIC, TANH, RELU, RELU1, RELU6, HARD_SWISH.
bool Activation(const Mapper& m, int32_t code) {
  if (!m.AllData({0}) || !m.SameType(m.in(0), m.out(0))) return false;
  const PlinthTensor *x = m.in(0), *y = m.out(0);
  if (x->type != PLINTH_FLOAT32) {
    if (code == ANEURALNETWORKS_LOGISTIC || code == ANEURALNETWORKS_TANH) {
      // NNAPI fixes the output quantization of these two.
      const bool logistic = code == ANEURALNETWORKS_LOGISTIC;
      const float scale = logistic ? 1.f / 256 : 1.f / 128;
      const int32_t zero = x->type == PLINTH_UINT8 ? (logistic ? 0 : 128) : (logistic ? -128 : 0);
      if (y->quantization->scales[0] != scale || y->quantization->zero_points[0] != zero) {
        return m.Fail("quantized output must have scale " +
                      std::string(logistic ? "1/256" : "1/128") + " and zero point " +
                      std::to_string(zero));
      }
    } else if (code == ANEURALNETWORKS_HARD_SWISH) {
      return m.Fail("quantized HARD_SWISH is not translated");
    } else if (!m.SameQuant(x, y)) {
      return false;
    }
  }
  switch (code) {
    case ANEURALNETWORKS_TANH:
      if (!m.TypeLevel(x, 1, 3, "TANH")) return false;
      break;
    case ANEURALNETWORKS_HARD_SWISH:
      if (!m.Level(4, "HARD_SWISH")) return false;
      break;
    default:
      if (!m.TypeLevel(x, 1, 1, "activation")) return false;
      break;
  }
  if (!m.emitting()) return true;
  return m.Op(code, {m.T(x)});
}

// PAD and PADV2 (constant paddings; PADV2's value constant too).
bool Pad(const Mapper& m, bool v2) {
  if (!m.AllData({0}) || !m.SameQuant(m.in(0), m.out(0))) return false;
  const PlinthTensor* x = m.in(0);
  std::vector<int64_t> paddings;
  if (!ConstantInts(m.in(1), &paddings) || paddings.size() != static_cast<size_t>(2 * x->rank)) {
    return m.Fail("paddings are not a constant [rank, 2] tensor");
  }
  for (int64_t p : paddings) {
    if (p < 0) return m.Fail("negative padding");
  }
  const PlinthTensor* value = v2 ? m.in(2) : nullptr;
  if (v2) {
    if (value == nullptr || !IsConstant(value) || value->type != x->type) {
      return m.Fail("pad value is not a constant of the input's type");
    }
    if (x->type != PLINTH_FLOAT32 &&
        (value->quantization->num_params != 1 ||
         value->quantization->scales[0] != x->quantization->scales[0] ||
         value->quantization->zero_points[0] != x->quantization->zero_points[0])) {
      return m.Fail("pad value quantized differently from the input");
    }
    if (!m.Level(3, "PADV2")) return false;
  } else if (!m.TypeLevel(x, 2, 3, "PAD")) {
    return false;
  }
  if (!m.emitting()) return true;
  std::vector<int32_t> p32(paddings.begin(), paddings.end());
  const uint32_t pads = m.model().IntVector(p32, {static_cast<uint32_t>(x->rank), 2u});
  if (!v2) return m.Op(ANEURALNETWORKS_PAD, {m.T(x), pads});
  uint32_t pad_value = 0;
  if (x->type == PLINTH_FLOAT32) {
    pad_value = m.model().Float(*static_cast<const float*>(value->data));
  } else if (x->type == PLINTH_UINT8) {
    pad_value = m.I(*static_cast<const uint8_t*>(value->data));
  } else {
    pad_value = m.I(*static_cast<const int8_t*>(value->data));
  }
  return m.Op(ANEURALNETWORKS_PAD_V2, {m.T(x), pads, pad_value});
}

bool Mean(const Mapper& m) {
  if (!m.AllData({0})) return false;
  const PlinthTensor* x = m.in(0);
  // NNAPI's quantized MEAN divides the raw sum (truncating) and requires equal quantization;
  // TFLite requantizes with rounding: float only.
  if (x->type != PLINTH_FLOAT32 || m.out(0)->type != PLINTH_FLOAT32) {
    return m.Fail("quantized MEAN does not map exactly");
  }
  std::vector<int64_t> axes;
  if (!ConstantInts(m.in(1), &axes) || axes.empty()) return m.Fail("axes are not constant");
  std::set<int32_t> unique;
  for (int64_t a : axes) {
    const int64_t n = a < 0 ? a + x->rank : a;
    if (n < 0 || n >= x->rank) return m.Fail("axis out of range");
    unique.insert(static_cast<int32_t>(n));
  }
  if (!m.Level(2, "MEAN")) return false;
  if (!m.emitting()) return true;
  return m.Op(ANEURALNETWORKS_MEAN,
              {m.T(x), m.model().IntVector(std::vector<int32_t>(unique.begin(), unique.end())),
               m.I(m.Int("keep_dims", 0) != 0 ? 1 : 0)});
}

bool ResizeBilinear(const Mapper& m) {
  if (!m.AllData({0}) || !m.SameType(m.in(0), m.out(0))) return false;
  const PlinthTensor *x = m.in(0), *y = m.out(0);
  // NNAPI's quantized resize rounds differently from TFLite's integer kernels: float only.
  if (x->type != PLINTH_FLOAT32) return m.Fail("quantized RESIZE_BILINEAR does not map exactly");
  if (x->rank != 4) return m.Fail("input is not 4-D");
  std::vector<int64_t> size;
  if (!ConstantInts(m.in(1), &size) || size.size() != 2) return m.Fail("size is not constant");
  const bool align = m.Int("align_corners", 0) != 0, half = m.Int("half_pixel_centers", 0) != 0;
  if (align && half) return m.Fail("align_corners with half_pixel_centers");
  if ((align || half) && !m.Level(4, "align_corners/half_pixel_centers")) return false;
  if (!m.emitting()) return true;
  std::vector<uint32_t> inputs = {m.T(x), m.I(y->dims[2]), m.I(y->dims[1])};  // width, height
  if (align || half) {
    inputs.push_back(m.model().Bool(false));  // NHWC
    inputs.push_back(m.model().Bool(align));
    inputs.push_back(m.model().Bool(half));
  }
  return m.Op(ANEURALNETWORKS_RESIZE_BILINEAR, inputs);
}

bool Transpose(const Mapper& m) {
  if (!m.AllData({0}) || !m.SameQuant(m.in(0), m.out(0))) return false;
  std::vector<int64_t> perm;
  if (!ConstantInts(m.in(1), &perm) || perm.size() != static_cast<size_t>(m.in(0)->rank)) {
    return m.Fail("permutation is not constant");
  }
  if (!m.TypeLevel(m.in(0), 2, 2, "TRANSPOSE")) return false;
  if (!m.emitting()) return true;
  return m.Op(ANEURALNETWORKS_TRANSPOSE,
              {m.T(m.in(0)), m.model().IntVector(std::vector<int32_t>(perm.begin(), perm.end()))});
}

bool StridedSlice(const Mapper& m) {
  if (!m.AllData({0}) || !m.SameQuant(m.in(0), m.out(0))) return false;
  const PlinthTensor* x = m.in(0);
  std::vector<int64_t> begin, end, strides;
  const size_t rank = static_cast<size_t>(x->rank);
  if (!ConstantInts(m.in(1), &begin) || !ConstantInts(m.in(2), &end) ||
      !ConstantInts(m.in(3), &strides) || begin.size() != rank || end.size() != rank ||
      strides.size() != rank) {
    return m.Fail("begin, end or strides are not constant vectors of the input's rank");
  }
  if (m.Int("ellipsis_mask", 0) != 0 || m.Int("new_axis_mask", 0) != 0 || m.Int("offset", 0) != 0) {
    return m.Fail("ellipsis_mask, new_axis_mask or offset (no NNAPI equivalent)");
  }
  for (int64_t s : strides) {
    if (s == 0) return m.Fail("zero stride");
  }
  if (!m.TypeLevel(x, 2, 2, "STRIDED_SLICE")) return false;
  if (!m.emitting()) return true;
  auto vec = [&](const std::vector<int64_t>& v) {
    return m.model().IntVector(std::vector<int32_t>(v.begin(), v.end()));
  };
  return m.Op(ANEURALNETWORKS_STRIDED_SLICE,
              {m.T(x), vec(begin), vec(end), vec(strides),
               m.I(static_cast<int32_t>(m.Int("begin_mask", 0))),
               m.I(static_cast<int32_t>(m.Int("end_mask", 0))),
               m.I(static_cast<int32_t>(m.Int("shrink_axis_mask", 0)))});
}

bool Quantize(const Mapper& m) {
  if (!m.AllData({0})) return false;
  // NNAPI's QUANTIZE takes float input only (TFLite's requantization has no counterpart).
  if (m.in(0)->type != PLINTH_FLOAT32) return m.Fail("requantization (integer input)");
  if (m.out(0)->type == PLINTH_FLOAT32) return m.Fail("float output");
  if (!m.Level(3, "QUANTIZE")) return false;
  if (!m.emitting()) return true;
  return m.Op(ANEURALNETWORKS_QUANTIZE, {m.T(m.in(0))});
}

bool Dequantize(const Mapper& m) {
  if (!m.AllData({0})) return false;
  if (m.in(0)->type == PLINTH_FLOAT32 || m.out(0)->type != PLINTH_FLOAT32) {
    return m.Fail("DEQUANTIZE must take uint8/int8 to float32");
  }
  if (!m.emitting()) return true;
  return m.Op(ANEURALNETWORKS_DEQUANTIZE, {m.T(m.in(0))});
}

bool SpaceDepth(const Mapper& m, int32_t code) {
  if (!m.AllData({0}) || !m.SameQuant(m.in(0), m.out(0))) return false;
  if (m.in(0)->rank != 4) return m.Fail("input is not 4-D");
  const int64_t block = m.Int("block_size", 0);
  if (block < 1) return m.Fail("block size");
  if (!m.TypeLevel(m.in(0), 1, 1, "SPACE_TO_DEPTH/DEPTH_TO_SPACE")) return false;
  if (!m.emitting()) return true;
  return m.Op(code, {m.T(m.in(0)), m.I(static_cast<int32_t>(block))});
}

using MapFn = bool (*)(const Mapper&);

const std::map<std::string, MapFn>& Table() {
  static const std::map<std::string, MapFn> table = {
      {"CONV_2D", [](const Mapper& m) { return Conv2D(m, false); }},
      {"DEPTHWISE_CONV_2D", [](const Mapper& m) { return Conv2D(m, true); }},
      {"FULLY_CONNECTED", FullyConnected},
      {"ADD", [](const Mapper& m) { return Binary(m, ANEURALNETWORKS_ADD); }},
      {"SUB", [](const Mapper& m) { return Binary(m, ANEURALNETWORKS_SUB); }},
      {"MUL", [](const Mapper& m) { return Binary(m, ANEURALNETWORKS_MUL); }},
      {"DIV", [](const Mapper& m) { return Binary(m, ANEURALNETWORKS_DIV); }},
      {"MAXIMUM", [](const Mapper& m) { return Binary(m, ANEURALNETWORKS_MAXIMUM); }},
      {"MINIMUM", [](const Mapper& m) { return Binary(m, ANEURALNETWORKS_MINIMUM); }},
      {"AVERAGE_POOL_2D", [](const Mapper& m) { return Pool(m, ANEURALNETWORKS_AVERAGE_POOL_2D); }},
      {"MAX_POOL_2D", [](const Mapper& m) { return Pool(m, ANEURALNETWORKS_MAX_POOL_2D); }},
      {"CONCATENATION", Concatenation},
      {"RESHAPE", Reshape},
      {"SQUEEZE", Reshape},
      {"EXPAND_DIMS", Reshape},
      {"SOFTMAX", Softmax},
      {"LOGISTIC", [](const Mapper& m) { return Activation(m, ANEURALNETWORKS_LOGISTIC); }},
      {"TANH", [](const Mapper& m) { return Activation(m, ANEURALNETWORKS_TANH); }},
      {"RELU", [](const Mapper& m) { return Activation(m, ANEURALNETWORKS_RELU); }},
      {"RELU_N1_TO_1", [](const Mapper& m) { return Activation(m, ANEURALNETWORKS_RELU1); }},
      {"RELU6", [](const Mapper& m) { return Activation(m, ANEURALNETWORKS_RELU6); }},
      {"HARD_SWISH", [](const Mapper& m) { return Activation(m, ANEURALNETWORKS_HARD_SWISH); }},
      {"PAD", [](const Mapper& m) { return Pad(m, false); }},
      {"PADV2", [](const Mapper& m) { return Pad(m, true); }},
      {"MEAN", Mean},
      {"RESIZE_BILINEAR", ResizeBilinear},
      {"TRANSPOSE", Transpose},
      {"STRIDED_SLICE", StridedSlice},
      {"QUANTIZE", Quantize},
      {"DEQUANTIZE", Dequantize},
      {"SPACE_TO_DEPTH",
       [](const Mapper& m) { return SpaceDepth(m, ANEURALNETWORKS_SPACE_TO_DEPTH); }},
      {"DEPTH_TO_SPACE",
       [](const Mapper& m) { return SpaceDepth(m, ANEURALNETWORKS_DEPTH_TO_SPACE); }},
  };
  return table;
}

bool Map(PlinthContext* ctx, const PlinthNode* node, int level, NnModel* model, std::string* why) {
  auto it = Table().find(node->op_name);
  if (it == Table().end() || node->builtin_code == 32 /* CUSTOM */) {
    *why = std::string("op ") + node->op_name + " is not translated to NNAPI";
    return false;
  }
  return it->second(Mapper(ctx, node, level, model, why));
}

}  // namespace

bool CanTranslate(PlinthContext* ctx, const PlinthNode* node, int feature_level,
                  std::string* reason) {
  return Map(ctx, node, feature_level, nullptr, reason);
}

bool Translate(PlinthContext* ctx, const PlinthNode* node, int feature_level, NnModel* model,
               std::string* error) {
  if (!Map(ctx, node, feature_level, model, error)) return false;
  if (!model->ok()) {
    *error = model->error();
    return false;
  }
  return true;
}

std::vector<std::string> TranslatedOps() {
  std::vector<std::string> ops;
  for (const auto& [name, fn] : Table()) ops.push_back(name);
  return ops;
}

}  // namespace plinth::nnapi
