// Validation and CPU execution of the NNAPI operations the reference implementation offers, with
// NNAPI's operand rules and the integer arithmetic of TFLite's reference kernels (which NNAPI's
// CPU path shares): each function first checks its operands and the output shape they imply, and
// computes only when given buffers.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "builtin_ops/common/fixed_point.h"
#include "builtin_ops/common/quantization_util.h"
#include "tests/delegates/nnapi/reference/ref_model.h"

namespace refnn {

namespace q = plinth::builtin;
namespace fp = plinth::builtin::fixed_point;

bool Operand::is_tensor() const {
  return type != ANEURALNETWORKS_FLOAT32 && type != ANEURALNETWORKS_INT32 &&
         type != ANEURALNETWORKS_UINT32 && type != ANEURALNETWORKS_BOOL &&
         type != ANEURALNETWORKS_FLOAT16;
}

size_t Operand::ElementSize() const {
  switch (type) {
    case ANEURALNETWORKS_FLOAT32:
    case ANEURALNETWORKS_INT32:
    case ANEURALNETWORKS_UINT32:
    case ANEURALNETWORKS_TENSOR_FLOAT32:
    case ANEURALNETWORKS_TENSOR_INT32:
      return 4;
    case ANEURALNETWORKS_FLOAT16:
    case ANEURALNETWORKS_TENSOR_FLOAT16:
    case ANEURALNETWORKS_TENSOR_QUANT16_SYMM:
    case ANEURALNETWORKS_TENSOR_QUANT16_ASYMM:
      return 2;
    default:
      return 1;
  }
}

size_t Operand::Elements() const {
  size_t n = 1;
  for (uint32_t d : dims) n *= d;
  return n;
}

const char* OperationName(int32_t type) {
  switch (type) {
    case ANEURALNETWORKS_ADD:
      return "ADD";
    case ANEURALNETWORKS_AVERAGE_POOL_2D:
      return "AVERAGE_POOL_2D";
    case ANEURALNETWORKS_CONCATENATION:
      return "CONCATENATION";
    case ANEURALNETWORKS_CONV_2D:
      return "CONV_2D";
    case ANEURALNETWORKS_DEPTHWISE_CONV_2D:
      return "DEPTHWISE_CONV_2D";
    case ANEURALNETWORKS_DEPTH_TO_SPACE:
      return "DEPTH_TO_SPACE";
    case ANEURALNETWORKS_DEQUANTIZE:
      return "DEQUANTIZE";
    case ANEURALNETWORKS_FULLY_CONNECTED:
      return "FULLY_CONNECTED";
    case ANEURALNETWORKS_LOGISTIC:
      return "LOGISTIC";
    case ANEURALNETWORKS_MAX_POOL_2D:
      return "MAX_POOL_2D";
    case ANEURALNETWORKS_MUL:
      return "MUL";
    case ANEURALNETWORKS_RELU:
      return "RELU";
    case ANEURALNETWORKS_RELU1:
      return "RELU1";
    case ANEURALNETWORKS_RELU6:
      return "RELU6";
    case ANEURALNETWORKS_RESHAPE:
      return "RESHAPE";
    case ANEURALNETWORKS_RESIZE_BILINEAR:
      return "RESIZE_BILINEAR";
    case ANEURALNETWORKS_SOFTMAX:
      return "SOFTMAX";
    case ANEURALNETWORKS_SPACE_TO_DEPTH:
      return "SPACE_TO_DEPTH";
    case ANEURALNETWORKS_TANH:
      return "TANH";
    case ANEURALNETWORKS_DIV:
      return "DIV";
    case ANEURALNETWORKS_MEAN:
      return "MEAN";
    case ANEURALNETWORKS_PAD:
      return "PAD";
    case ANEURALNETWORKS_STRIDED_SLICE:
      return "STRIDED_SLICE";
    case ANEURALNETWORKS_SUB:
      return "SUB";
    case ANEURALNETWORKS_TRANSPOSE:
      return "TRANSPOSE";
    case ANEURALNETWORKS_MAXIMUM:
      return "MAXIMUM";
    case ANEURALNETWORKS_MINIMUM:
      return "MINIMUM";
    case ANEURALNETWORKS_PAD_V2:
      return "PAD_V2";
    case ANEURALNETWORKS_QUANTIZE:
      return "QUANTIZE";
    case ANEURALNETWORKS_HARD_SWISH:
      return "HARD_SWISH";
    default:
      return nullptr;
  }
}

namespace {

bool IsQuant8(int32_t type) {
  return type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM ||
         type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM_SIGNED;
}
int32_t QMin(int32_t type) { return type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM ? 0 : -128; }
int32_t QMax(int32_t type) { return type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM ? 255 : 127; }

std::string DimsText(const std::vector<uint32_t>& d) {
  std::string s = "[";
  for (size_t i = 0; i < d.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(d[i]);
  }
  s += ']';
  return s;
}

// One operation being validated (buffers == nullptr) or run.
class Ctx {
 public:
  Ctx(const Model& m, size_t index, const std::vector<uint8_t*>* buffers)
      : m_(m), op_(m.operations[index]), buffers_(buffers) {}
  bool running() const { return buffers_ != nullptr; }
  size_t num_inputs() const { return op_.inputs.size(); }
  size_t num_outputs() const { return op_.outputs.size(); }
  const Operand& in(size_t i) const { return m_.operands[op_.inputs[i]]; }
  const Operand& out(size_t i) const { return m_.operands[op_.outputs[i]]; }
  template <class T>
  const T* data(size_t i) const {
    return reinterpret_cast<const T*>((*buffers_)[op_.inputs[i]]);
  }
  template <class T>
  T* out_data(size_t i = 0) const {
    return reinterpret_cast<T*>((*buffers_)[op_.outputs[i]]);
  }
  const uint8_t* raw(size_t i) const { return (*buffers_)[op_.inputs[i]]; }
  // A constant scalar or small tensor's value.
  template <class T>
  T scalar(size_t i) const {
    T v{};
    std::memcpy(&v, in(i).value, sizeof(T));
    return v;
  }
  template <class T>
  std::vector<T> values(size_t i) const {
    std::vector<T> v(in(i).Elements());
    if (!v.empty()) std::memcpy(v.data(), in(i).value, v.size() * sizeof(T));
    return v;
  }

 private:
  const Model& m_;
  const Operation& op_;
  const std::vector<uint8_t*>* buffers_;
};

#define REQUIRE(cond, ...)                        \
  do {                                            \
    if (!(cond)) return std::string(__VA_ARGS__); \
  } while (0)
#define CHECK_OK(expr)                              \
  do {                                              \
    std::string check_error_ = (expr);              \
    if (!check_error_.empty()) return check_error_; \
  } while (0)

std::string Counts(const Ctx& c, size_t lo, size_t hi, size_t outputs) {
  REQUIRE(c.num_inputs() >= lo && c.num_inputs() <= hi,
          "takes " + std::to_string(lo) + (lo == hi ? "" : " to " + std::to_string(hi)) +
              " inputs, got " + std::to_string(c.num_inputs()));
  REQUIRE(c.num_outputs() == outputs, "takes " + std::to_string(outputs) + " output(s)");
  return "";
}

// A constant scalar parameter of the given type.
std::string Scalar(const Ctx& c, size_t i, int32_t type) {
  const Operand& o = c.in(i);
  REQUIRE(o.type == type, "input " + std::to_string(i) + " must be a scalar of type " +
                              std::to_string(type) + ", got type " + std::to_string(o.type));
  REQUIRE(o.lifetime == Operand::kConstant,
          "input " + std::to_string(i) + ": the reference implementation needs constant scalars");
  return "";
}

std::string ConstIntVector(const Ctx& c, size_t i, size_t length) {
  const Operand& o = c.in(i);
  REQUIRE(o.type == ANEURALNETWORKS_TENSOR_INT32 && o.rank() == 1 && o.dims[0] == length,
          "input " + std::to_string(i) + " must be a TENSOR_INT32 of " + std::to_string(length) +
              " values");
  REQUIRE(o.lifetime == Operand::kConstant, "input " + std::to_string(i) + " must be constant");
  return "";
}

// A data tensor: float32 or asymmetric 8-bit with a valid scale and zero point, rank <= max.
std::string DataTensor(const Operand& o, const char* what, uint32_t max_rank = 4) {
  REQUIRE(o.type == ANEURALNETWORKS_TENSOR_FLOAT32 || IsQuant8(o.type),
          std::string(what) + ": unsupported operand type " + std::to_string(o.type));
  REQUIRE(o.rank() >= 1 && o.rank() <= max_rank,
          std::string(what) + " has rank " + std::to_string(o.rank()));
  if (IsQuant8(o.type)) {
    REQUIRE(o.scale > 0.f, std::string(what) + ": quantized scale must be positive");
    REQUIRE(o.zero_point >= QMin(o.type) && o.zero_point <= QMax(o.type),
            std::string(what) + ": zero point out of range");
  } else {
    REQUIRE(o.scale == 0.f && o.zero_point == 0,
            std::string(what) + ": float tensors carry no scale or zero point");
  }
  return "";
}

std::string SameType(const Operand& a, const Operand& b) {
  REQUIRE(a.type == b.type, "operand types differ (" + std::to_string(a.type) + " vs " +
                                std::to_string(b.type) + ")");
  return "";
}

std::string SameQuant(const Operand& a, const Operand& b) {
  CHECK_OK(SameType(a, b));
  REQUIRE(a.scale == b.scale && a.zero_point == b.zero_point,
          "input and output scale and zero point must be equal");
  return "";
}

std::string OutputShape(const Ctx& c, const std::vector<uint32_t>& dims, size_t o = 0) {
  REQUIRE(c.out(o).dims == dims, "output shape " + DimsText(c.out(o).dims) +
                                     " differs from the computed " + DimsText(dims));
  return "";
}

std::string FuseCode(const Ctx& c, size_t i, int32_t* fuse) {
  CHECK_OK(Scalar(c, i, ANEURALNETWORKS_INT32));
  *fuse = c.scalar<int32_t>(i);
  REQUIRE(*fuse >= ANEURALNETWORKS_FUSED_NONE && *fuse <= ANEURALNETWORKS_FUSED_RELU6,
          "invalid fuse code " + std::to_string(*fuse));
  return "";
}

void FloatRange(int32_t fuse, float* lo, float* hi) {
  *lo = -std::numeric_limits<float>::infinity();
  *hi = std::numeric_limits<float>::infinity();
  if (fuse == ANEURALNETWORKS_FUSED_RELU) *lo = 0.f;
  if (fuse == ANEURALNETWORKS_FUSED_RELU1) *lo = -1.f, *hi = 1.f;
  if (fuse == ANEURALNETWORKS_FUSED_RELU6) *lo = 0.f, *hi = 6.f;
}

q::QuantizedRange QuantRange(int32_t fuse, const Operand& out) {
  const int64_t activation = fuse == ANEURALNETWORKS_FUSED_RELU    ? PLINTH_ACTIVATION_RELU
                             : fuse == ANEURALNETWORKS_FUSED_RELU1 ? PLINTH_ACTIVATION_RELU_N1_TO_1
                             : fuse == ANEURALNETWORKS_FUSED_RELU6 ? PLINTH_ACTIVATION_RELU6
                                                                   : PLINTH_ACTIVATION_NONE;
  return q::QuantizedActivationRange(activation, out.scale, out.zero_point, QMin(out.type),
                                     QMax(out.type));
}

int32_t LoadQ(const uint8_t* p, int32_t type, size_t i) {
  return type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM
             ? static_cast<int32_t>(p[i])
             : static_cast<int32_t>(reinterpret_cast<const int8_t*>(p)[i]);
}
void StoreQ(uint8_t* p, int32_t type, size_t i, int32_t v) {
  if (type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM) {
    p[i] = static_cast<uint8_t>(v);
  } else {
    reinterpret_cast<int8_t*>(p)[i] = static_cast<int8_t>(v);
  }
}

// ---- convolutions and fully connected ---------------------------------------------------------

// Weights, bias and the per-output-channel multipliers of a quantized conv/FC.
std::string CheckWeights(const Operand& input, const Operand& filter, const Operand& bias,
                         uint32_t channel_dim, uint32_t channels, bool allow_per_channel) {
  REQUIRE(bias.rank() == 1 && bias.dims[0] == channels, "bias must be 1-D of the output depth");
  if (input.type == ANEURALNETWORKS_TENSOR_FLOAT32) {
    REQUIRE(filter.type == ANEURALNETWORKS_TENSOR_FLOAT32 &&
                bias.type == ANEURALNETWORKS_TENSOR_FLOAT32,
            "float input needs float filter and bias");
    return "";
  }
  REQUIRE(bias.type == ANEURALNETWORKS_TENSOR_INT32 && bias.zero_point == 0,
          "quantized bias must be TENSOR_INT32 with zero point 0");
  if (filter.type == ANEURALNETWORKS_TENSOR_QUANT8_SYMM_PER_CHANNEL) {
    REQUIRE(allow_per_channel, "per-channel filters are not allowed here");
    REQUIRE(filter.scale == 0.f && filter.zero_point == 0,
            "per-channel filter must have scale 0 and zero point 0");
    REQUIRE(filter.channel_dim == channel_dim,
            "per-channel filter must be quantized along dimension " + std::to_string(channel_dim));
    REQUIRE(filter.channel_scales.size() == channels, "one scale per output channel");
    for (float s : filter.channel_scales) REQUIRE(s > 0.f, "per-channel scales must be positive");
    REQUIRE(bias.scale == 0.f, "bias of a per-channel filter must have scale 0");
    return "";
  }
  REQUIRE(filter.type == input.type, "filter type must match the input's");
  REQUIRE(filter.scale > 0.f, "filter scale must be positive");
  // NNAPI: bias_scale == input_scale * filter_scale (within float rounding).
  const double product = static_cast<double>(input.scale) * static_cast<double>(filter.scale);
  REQUIRE(
      std::abs(product - bias.scale) <= 1e-6 * std::min(product, static_cast<double>(bias.scale)),
      "bias scale " + std::to_string(bias.scale) + " is not input scale x filter scale " +
          std::to_string(product));
  return "";
}

// TFLite's multipliers: signed or per-channel convolutions use input x filter / output in double
// per channel; uint8 convolutions and fully connected ops the float product first.
std::vector<q::QuantizedMultiplier> Multipliers(const Operand& input, const Operand& filter,
                                                const Operand& output, uint32_t channels,
                                                bool float_product) {
  std::vector<q::QuantizedMultiplier> m(channels);
  for (uint32_t c = 0; c < channels; ++c) {
    const float fs = filter.channel_scales.empty() ? filter.scale : filter.channel_scales[c];
    const double real =
        float_product ? static_cast<double>(input.scale * fs) / static_cast<double>(output.scale)
                      : static_cast<double>(input.scale) * static_cast<double>(fs) /
                            static_cast<double>(output.scale);
    m[c] = q::QuantizeMultiplier(real);
  }
  return m;
}

int32_t Wrap(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

struct ConvParams {
  int32_t pad_left = 0, pad_top = 0, stride_w = 1, stride_h = 1, dil_w = 1, dil_h = 1;
  int32_t multiplier = 1, fuse = 0;
};

std::string Conv(const Ctx& c, bool depthwise) {
  // Explicit padding only (the delegate's form): input, filter, bias, 4 paddings, 2 strides,
  // [depth multiplier], fuse, [layout, dilation w, dilation h].
  const size_t base = depthwise ? 11 : 10;
  CHECK_OK(Counts(c, base, base + 3, 1));
  REQUIRE(c.num_inputs() == base || c.num_inputs() == base + 1 || c.num_inputs() == base + 3,
          "optional inputs come as layout, then both dilation factors");
  const Operand &x = c.in(0), &w = c.in(1), &b = c.in(2), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(DataTensor(y, "output"));
  CHECK_OK(SameType(x, y));
  REQUIRE(x.rank() == 4 && w.rank() == 4, "input and filter must be 4-D");
  REQUIRE(
      w.lifetime == Operand::kConstant || w.type != ANEURALNETWORKS_TENSOR_QUANT8_SYMM_PER_CHANNEL,
      "per-channel filters must be constant");
  for (size_t i = 3; i < base; ++i) CHECK_OK(Scalar(c, i, ANEURALNETWORKS_INT32));
  ConvParams p;
  p.pad_left = c.scalar<int32_t>(3);
  const int32_t pad_right = c.scalar<int32_t>(4);
  p.pad_top = c.scalar<int32_t>(5);
  const int32_t pad_bottom = c.scalar<int32_t>(6);
  p.stride_w = c.scalar<int32_t>(7);
  p.stride_h = c.scalar<int32_t>(8);
  if (depthwise) p.multiplier = c.scalar<int32_t>(9);
  CHECK_OK(FuseCode(c, base - 1, &p.fuse));
  if (c.num_inputs() > base) {
    CHECK_OK(Scalar(c, base, ANEURALNETWORKS_BOOL));
    REQUIRE(c.scalar<uint8_t>(base) == 0, "the reference implementation supports NHWC only");
  }
  if (c.num_inputs() == base + 3) {
    CHECK_OK(Scalar(c, base + 1, ANEURALNETWORKS_INT32));
    CHECK_OK(Scalar(c, base + 2, ANEURALNETWORKS_INT32));
    p.dil_w = c.scalar<int32_t>(base + 1);
    p.dil_h = c.scalar<int32_t>(base + 2);
  }
  REQUIRE(p.pad_left >= 0 && pad_right >= 0 && p.pad_top >= 0 && pad_bottom >= 0,
          "negative padding");
  REQUIRE(p.stride_w >= 1 && p.stride_h >= 1 && p.dil_w >= 1 && p.dil_h >= 1 && p.multiplier >= 1,
          "strides, dilations and depth multiplier must be positive");
  const uint32_t batches = x.dims[0], in_h = x.dims[1], in_w = x.dims[2], in_c = x.dims[3];
  const uint32_t out_c = depthwise ? w.dims[3] : w.dims[0];
  const uint32_t k_h = w.dims[1], k_w = w.dims[2];
  if (depthwise) {
    REQUIRE(w.dims[0] == 1, "depthwise filter must be [1, H, W, C_out]");
    REQUIRE(out_c == in_c * static_cast<uint32_t>(p.multiplier),
            "depthwise output depth must be input depth x depth multiplier");
  } else {
    REQUIRE(w.dims[3] == in_c, "filter depth must match the input depth");
  }
  CHECK_OK(CheckWeights(x, w, b, depthwise ? 3 : 0, out_c, true));
  const int32_t eff_w = (static_cast<int32_t>(k_w) - 1) * p.dil_w + 1;
  const int32_t eff_h = (static_cast<int32_t>(k_h) - 1) * p.dil_h + 1;
  const int32_t out_w =
      (static_cast<int32_t>(in_w) - eff_w + p.pad_left + pad_right + p.stride_w) / p.stride_w;
  const int32_t out_h =
      (static_cast<int32_t>(in_h) - eff_h + p.pad_top + pad_bottom + p.stride_h) / p.stride_h;
  REQUIRE(out_w > 0 && out_h > 0, "the filter is larger than the padded input");
  CHECK_OK(
      OutputShape(c, {batches, static_cast<uint32_t>(out_h), static_cast<uint32_t>(out_w), out_c}));
  if (IsQuant8(y.type)) {
    REQUIRE(y.scale > 0.f, "output scale must be positive");
  }
  if (!c.running()) return "";

  const bool quant = IsQuant8(x.type);
  const bool float_product = x.type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM &&
                             w.type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM;
  const auto mult =
      quant ? Multipliers(x, w, y, out_c, float_product) : std::vector<q::QuantizedMultiplier>();
  const q::QuantizedRange range = quant ? QuantRange(p.fuse, y) : q::QuantizedRange{};
  float lo, hi;
  FloatRange(p.fuse, &lo, &hi);
  const int32_t in_offset = -x.zero_point;
  const int32_t w_offset =
      w.type == ANEURALNETWORKS_TENSOR_QUANT8_SYMM_PER_CHANNEL ? 0 : -w.zero_point;
  const uint8_t* in = c.raw(0);
  const uint8_t* filter = c.raw(1);
  for (uint32_t n = 0; n < batches; ++n) {
    for (int32_t oy = 0; oy < out_h; ++oy) {
      for (int32_t ox = 0; ox < out_w; ++ox) {
        for (uint32_t oc = 0; oc < out_c; ++oc) {
          float facc = 0.f;
          int32_t iacc = 0;
          const uint32_t ic_begin = depthwise ? oc / static_cast<uint32_t>(p.multiplier) : 0;
          const uint32_t ic_end = depthwise ? ic_begin + 1 : in_c;
          for (uint32_t ky = 0; ky < k_h; ++ky) {
            const int32_t iy = oy * p.stride_h - p.pad_top + static_cast<int32_t>(ky) * p.dil_h;
            if (iy < 0 || iy >= static_cast<int32_t>(in_h)) continue;
            for (uint32_t kx = 0; kx < k_w; ++kx) {
              const int32_t ix = ox * p.stride_w - p.pad_left + static_cast<int32_t>(kx) * p.dil_w;
              if (ix < 0 || ix >= static_cast<int32_t>(in_w)) continue;
              for (uint32_t ic = ic_begin; ic < ic_end; ++ic) {
                const size_t xi = ((static_cast<size_t>(n) * in_h + iy) * in_w + ix) * in_c + ic;
                const size_t wi =
                    depthwise ? (static_cast<size_t>(ky) * k_w + kx) * out_c + oc
                              : ((static_cast<size_t>(oc) * k_h + ky) * k_w + kx) * in_c + ic;
                if (quant) {
                  const int32_t xv = LoadQ(in, x.type, xi) + in_offset;
                  const int32_t wv =
                      (w.type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM
                           ? static_cast<int32_t>(filter[wi])
                           : static_cast<int32_t>(reinterpret_cast<const int8_t*>(filter)[wi])) +
                      w_offset;
                  iacc = Wrap(iacc, xv * wv);
                } else {
                  facc += reinterpret_cast<const float*>(in)[xi] *
                          reinterpret_cast<const float*>(filter)[wi];
                }
              }
            }
          }
          const size_t yi = ((static_cast<size_t>(n) * out_h + oy) * out_w + ox) * out_c + oc;
          if (quant) {
            iacc = Wrap(iacc, c.data<int32_t>(2)[oc]);
            int32_t v = q::MultiplyByQuantizedMultiplier(iacc, mult[oc]);
            v = Wrap(v, y.zero_point);
            StoreQ(c.out_data<uint8_t>(), y.type, yi, std::min(std::max(v, range.min), range.max));
          } else {
            const float v = facc + c.data<float>(2)[oc];
            c.out_data<float>()[yi] = std::min(std::max(v, lo), hi);
          }
        }
      }
    }
  }
  return "";
}

std::string FullyConnected(const Ctx& c) {
  CHECK_OK(Counts(c, 4, 4, 1));
  const Operand &x = c.in(0), &w = c.in(1), &b = c.in(2), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(DataTensor(y, "output", 2));
  CHECK_OK(SameType(x, y));
  REQUIRE(w.rank() == 2, "weights must be 2-D");
  REQUIRE(x.rank() >= 2, "input must have rank 2 to 4");
  int32_t fuse = 0;
  CHECK_OK(FuseCode(c, 3, &fuse));
  const uint32_t units = w.dims[0], depth = w.dims[1];
  REQUIRE(depth > 0 && x.Elements() % depth == 0,
          "input size must be a multiple of the weights' depth");
  const uint32_t batches = static_cast<uint32_t>(x.Elements() / depth);
  CHECK_OK(CheckWeights(x, w, b, 0, units, false));
  CHECK_OK(OutputShape(c, {batches, units}));
  if (!c.running()) return "";
  const bool quant = IsQuant8(x.type);
  const auto mult = quant ? Multipliers(x, w, y, 1, true) : std::vector<q::QuantizedMultiplier>();
  const q::QuantizedRange range = quant ? QuantRange(fuse, y) : q::QuantizedRange{};
  float lo, hi;
  FloatRange(fuse, &lo, &hi);
  for (uint32_t n = 0; n < batches; ++n) {
    for (uint32_t u = 0; u < units; ++u) {
      if (quant) {
        int32_t acc = 0;
        for (uint32_t d = 0; d < depth; ++d) {
          const int32_t xv =
              LoadQ(c.raw(0), x.type, static_cast<size_t>(n) * depth + d) - x.zero_point;
          const int32_t wv =
              LoadQ(c.raw(1), w.type, static_cast<size_t>(u) * depth + d) - w.zero_point;
          acc = Wrap(acc, xv * wv);
        }
        acc = Wrap(acc, c.data<int32_t>(2)[u]);
        int32_t v = Wrap(q::MultiplyByQuantizedMultiplier(acc, mult[0]), y.zero_point);
        StoreQ(c.out_data<uint8_t>(), y.type, static_cast<size_t>(n) * units + u,
               std::min(std::max(v, range.min), range.max));
      } else {
        float acc = 0.f;
        for (uint32_t d = 0; d < depth; ++d) {
          acc += c.data<float>(0)[static_cast<size_t>(n) * depth + d] *
                 c.data<float>(1)[static_cast<size_t>(u) * depth + d];
        }
        c.out_data<float>()[static_cast<size_t>(n) * units + u] =
            std::min(std::max(acc + c.data<float>(2)[u], lo), hi);
      }
    }
  }
  return "";
}

// ---- element-wise ------------------------------------------------------------------------------

// Broadcast shape of two operands (NumPy rules, right-aligned).
bool BroadcastDims(const Operand& a, const Operand& b, std::vector<uint32_t>* out) {
  const size_t rank = std::max(a.rank(), b.rank());
  out->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    const uint32_t da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
    const uint32_t db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
    if (da != db && da != 1 && db != 1) return false;
    (*out)[i] = std::max(da, db);
  }
  return true;
}

// Flat index into `o` of the element at output position `index` (broadcast).
size_t BroadcastIndex(const Operand& o, const std::vector<uint32_t>& out_dims, size_t index) {
  size_t result = 0, stride = 1;
  for (size_t k = out_dims.size(); k-- > 0;) {
    const size_t coord = index % out_dims[k];
    index /= out_dims[k];
    const size_t j = k + o.rank() - out_dims.size();  // may wrap for missing leading dims
    if (k + o.rank() >= out_dims.size()) {
      const uint32_t d = o.dims[j];
      result += (d == 1 ? 0 : coord) * stride;
      stride *= d;
    }
  }
  return result;
}

std::string Binary(const Ctx& c, int32_t type) {
  const bool has_fuse = type != ANEURALNETWORKS_MAXIMUM && type != ANEURALNETWORKS_MINIMUM;
  CHECK_OK(Counts(c, has_fuse ? 3 : 2, has_fuse ? 3 : 2, 1));
  const Operand &a = c.in(0), &b = c.in(1), &y = c.out(0);
  CHECK_OK(DataTensor(a, "input 0"));
  CHECK_OK(DataTensor(b, "input 1"));
  CHECK_OK(DataTensor(y, "output"));
  CHECK_OK(SameType(a, b));
  CHECK_OK(SameType(a, y));
  int32_t fuse = 0;
  if (has_fuse) CHECK_OK(FuseCode(c, 2, &fuse));
  const bool quant = IsQuant8(a.type);
  REQUIRE(!quant || type == ANEURALNETWORKS_ADD,
          std::string("the reference implementation computes quantized ") + OperationName(type) +
              " only as float (not offered)");
  std::vector<uint32_t> dims;
  REQUIRE(BroadcastDims(a, b, &dims), "input shapes do not broadcast");
  CHECK_OK(OutputShape(c, dims));
  if (!c.running()) return "";
  const size_t n = y.Elements();
  if (!quant) {
    float lo, hi;
    FloatRange(fuse, &lo, &hi);
    for (size_t i = 0; i < n; ++i) {
      const float u = c.data<float>(0)[BroadcastIndex(a, dims, i)];
      const float v = c.data<float>(1)[BroadcastIndex(b, dims, i)];
      float r = 0.f;
      switch (type) {
        case ANEURALNETWORKS_ADD:
          r = u + v;
          break;
        case ANEURALNETWORKS_SUB:
          r = u - v;
          break;
        case ANEURALNETWORKS_MUL:
          r = u * v;
          break;
        case ANEURALNETWORKS_DIV:
          r = u / v;
          break;
        case ANEURALNETWORKS_MAXIMUM:
          r = std::max(u, v);
          break;
        default:
          r = std::min(u, v);
          break;
      }
      c.out_data<float>()[i] = has_fuse ? std::min(std::max(r, lo), hi) : r;
    }
    return "";
  }
  // Quantized ADD: both inputs rescaled to a common 2^20-scaled domain (TFLite's arithmetic).
  constexpr int kLeftShift = 20;
  const double twice_max = 2 * std::max(a.scale, b.scale);
  const q::QuantizedMultiplier m1 = q::QuantizeMultiplier(a.scale / twice_max);
  const q::QuantizedMultiplier m2 = q::QuantizeMultiplier(b.scale / twice_max);
  const q::QuantizedMultiplier mo =
      q::QuantizeMultiplier(twice_max / ((1 << kLeftShift) * y.scale));
  const q::QuantizedRange range = QuantRange(fuse, y);
  for (size_t i = 0; i < n; ++i) {
    const int32_t u = LoadQ(c.raw(0), a.type, BroadcastIndex(a, dims, i)) - a.zero_point;
    const int32_t v = LoadQ(c.raw(1), b.type, BroadcastIndex(b, dims, i)) - b.zero_point;
    const int32_t su = q::MultiplyByQuantizedMultiplierSmallerThanOneExp(u * (1 << kLeftShift),
                                                                         m1.multiplier, m1.shift);
    const int32_t sv = q::MultiplyByQuantizedMultiplierSmallerThanOneExp(v * (1 << kLeftShift),
                                                                         m2.multiplier, m2.shift);
    const int32_t r =
        q::MultiplyByQuantizedMultiplierSmallerThanOneExp(su + sv, mo.multiplier, mo.shift) +
        y.zero_point;
    StoreQ(c.out_data<uint8_t>(), y.type, i, std::min(std::max(r, range.min), range.max));
  }
  return "";
}

// ---- pooling -----------------------------------------------------------------------------------

std::string Pool(const Ctx& c, bool average) {
  CHECK_OK(Counts(c, 10, 11, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(SameQuant(x, y));
  REQUIRE(x.rank() == 4, "input must be 4-D");
  for (size_t i = 1; i < 9; ++i) CHECK_OK(Scalar(c, i, ANEURALNETWORKS_INT32));
  int32_t fuse = 0;
  CHECK_OK(FuseCode(c, 9, &fuse));
  if (c.num_inputs() == 11) {
    CHECK_OK(Scalar(c, 10, ANEURALNETWORKS_BOOL));
    REQUIRE(c.scalar<uint8_t>(10) == 0, "NHWC only");
  }
  const int32_t pl = c.scalar<int32_t>(1), pr = c.scalar<int32_t>(2), pt = c.scalar<int32_t>(3),
                pb = c.scalar<int32_t>(4), sw = c.scalar<int32_t>(5), sh = c.scalar<int32_t>(6),
                fw = c.scalar<int32_t>(7), fh = c.scalar<int32_t>(8);
  REQUIRE(pl >= 0 && pr >= 0 && pt >= 0 && pb >= 0 && sw > 0 && sh > 0 && fw > 0 && fh > 0,
          "invalid padding, stride or filter size");
  const int32_t in_h = static_cast<int32_t>(x.dims[1]), in_w = static_cast<int32_t>(x.dims[2]);
  const int32_t out_h = (in_h - fh + pt + pb + sh) / sh, out_w = (in_w - fw + pl + pr + sw) / sw;
  REQUIRE(out_h > 0 && out_w > 0, "the window is larger than the padded input");
  const uint32_t channels = x.dims[3];
  CHECK_OK(OutputShape(
      c, {x.dims[0], static_cast<uint32_t>(out_h), static_cast<uint32_t>(out_w), channels}));
  if (!c.running()) return "";
  const bool quant = IsQuant8(x.type);
  float lo, hi;
  FloatRange(fuse, &lo, &hi);
  const q::QuantizedRange range = quant ? QuantRange(fuse, y) : q::QuantizedRange{};
  for (uint32_t n = 0; n < x.dims[0]; ++n) {
    for (int32_t oy = 0; oy < out_h; ++oy) {
      for (int32_t ox = 0; ox < out_w; ++ox) {
        const int32_t y0 = std::max(oy * sh - pt, 0), y1 = std::min(oy * sh - pt + fh, in_h);
        const int32_t x0 = std::max(ox * sw - pl, 0), x1 = std::min(ox * sw - pl + fw, in_w);
        for (uint32_t ch = 0; ch < channels; ++ch) {
          float fsum = 0.f, fmax = std::numeric_limits<float>::lowest();
          int32_t isum = 0, imax = std::numeric_limits<int32_t>::min(), count = 0;
          for (int32_t iy = y0; iy < y1; ++iy) {
            for (int32_t ix = x0; ix < x1; ++ix) {
              const size_t xi = ((static_cast<size_t>(n) * in_h + iy) * in_w + ix) * channels + ch;
              if (quant) {
                const int32_t v = LoadQ(c.raw(0), x.type, xi);
                isum += v;
                imax = std::max(imax, v);
              } else {
                const float v = c.data<float>(0)[xi];
                fsum += v;
                fmax = std::max(fmax, v);
              }
              ++count;
            }
          }
          const size_t yi = ((static_cast<size_t>(n) * out_h + oy) * out_w + ox) * channels + ch;
          if (quant) {
            int32_t v = imax;
            if (average) {
              // Round half away from zero (TFLite's reference AveragePool).
              v = count == 0 ? 0
                             : (isum > 0 ? (isum + count / 2) / count : (isum - count / 2) / count);
            }
            StoreQ(c.out_data<uint8_t>(), y.type, yi, std::min(std::max(v, range.min), range.max));
          } else {
            const float v = average ? (count ? fsum / static_cast<float>(count) : 0.f) : fmax;
            c.out_data<float>()[yi] = std::min(std::max(v, lo), hi);
          }
        }
      }
    }
  }
  return "";
}

// ---- activations -------------------------------------------------------------------------------

// TFLite's CalculateInputRadius.
int32_t InputRadius(int integer_bits, int left_shift, int total_bits) {
  const double max_rescaled = 1.0 * ((1 << integer_bits) - 1) *
                              static_cast<double>(int64_t{1} << (total_bits - integer_bits)) /
                              static_cast<double>(int64_t{1} << left_shift);
  return static_cast<int32_t>(std::floor(max_rescaled));
}

std::string Activation(const Ctx& c, int32_t type) {
  CHECK_OK(Counts(c, 1, 1, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(DataTensor(y, "output"));
  CHECK_OK(SameType(x, y));
  CHECK_OK(OutputShape(c, x.dims));
  const bool quant = IsQuant8(x.type);
  const bool u8 = x.type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM;
  if (quant) {
    if (type == ANEURALNETWORKS_LOGISTIC) {
      REQUIRE(
          y.scale == 1.f / 256 && y.zero_point == (u8 ? 0 : -128),
          "LOGISTIC output must have scale 1/256 and zero point " + std::string(u8 ? "0" : "-128"));
    } else if (type == ANEURALNETWORKS_TANH) {
      REQUIRE(y.scale == 1.f / 128 && y.zero_point == (u8 ? 128 : 0),
              "TANH output must have scale 1/128 and zero point " + std::string(u8 ? "128" : "0"));
    } else if (type == ANEURALNETWORKS_HARD_SWISH) {
      return "the reference implementation offers HARD_SWISH on float32 only";
    } else {
      CHECK_OK(SameQuant(x, y));
    }
  }
  if (!c.running()) return "";
  const size_t n = x.Elements();
  if (!quant) {
    const float* in = c.data<float>(0);
    float* out = c.out_data<float>();
    for (size_t i = 0; i < n; ++i) {
      const float v = in[i];
      switch (type) {
        case ANEURALNETWORKS_LOGISTIC:
          out[i] = 1.f / (1.f + std::exp(-v));
          break;
        case ANEURALNETWORKS_TANH:
          out[i] = std::tanh(v);
          break;
        case ANEURALNETWORKS_RELU:
          out[i] = std::max(v, 0.f);
          break;
        case ANEURALNETWORKS_RELU1:
          out[i] = std::min(std::max(v, -1.f), 1.f);
          break;
        case ANEURALNETWORKS_RELU6:
          out[i] = std::min(std::max(v, 0.f), 6.f);
          break;
        default:
          out[i] = v * std::min(6.f, std::max(0.f, v + 3.f)) / 6.f;
          break;
      }
    }
    return "";
  }
  if (type == ANEURALNETWORKS_RELU || type == ANEURALNETWORKS_RELU1 ||
      type == ANEURALNETWORKS_RELU6) {
    const int32_t fuse = type == ANEURALNETWORKS_RELU    ? ANEURALNETWORKS_FUSED_RELU
                         : type == ANEURALNETWORKS_RELU1 ? ANEURALNETWORKS_FUSED_RELU1
                                                         : ANEURALNETWORKS_FUSED_RELU6;
    const q::QuantizedRange range = QuantRange(fuse, y);
    for (size_t i = 0; i < n; ++i) {
      StoreQ(c.out_data<uint8_t>(), y.type, i,
             std::min(std::max(LoadQ(c.raw(0), x.type, i), range.min), range.max));
    }
    return "";
  }
  // LOGISTIC and TANH: gemmlowp fixed point on a Q4.27 input.
  constexpr int kInputIntegerBits = 4;
  const double real =
      static_cast<double>(x.scale) * static_cast<double>(1 << (31 - kInputIntegerBits));
  const q::QuantizedMultiplier m = q::QuantizeMultiplier(real);
  const int32_t radius = InputRadius(kInputIntegerBits, m.shift, 31);
  const bool logistic = type == ANEURALNETWORKS_LOGISTIC;
  const int32_t lo = QMin(y.type), hi = QMax(y.type);
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = LoadQ(c.raw(0), x.type, i) - x.zero_point;
    int32_t r;
    if (v <= -radius) {
      r = lo;
    } else if (v >= radius) {
      r = hi;
    } else {
      const int32_t rescaled = q::MultiplyByQuantizedMultiplier(v, m);
      using F4 = fp::FixedPoint<int32_t, kInputIntegerBits>;
      const int32_t raw = logistic ? fp::Logistic(F4::FromRaw(rescaled)).raw()
                                   : fp::Tanh(F4::FromRaw(rescaled)).raw();
      r = q::RoundingDivideByPOT(raw, logistic ? 23 : 24) + y.zero_point;
      r = std::min(std::max(r, lo), hi);
    }
    StoreQ(c.out_data<uint8_t>(), y.type, i, r);
  }
  return "";
}

std::string Softmax(const Ctx& c) {
  CHECK_OK(Counts(c, 2, 3, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(DataTensor(y, "output"));
  CHECK_OK(SameType(x, y));
  CHECK_OK(OutputShape(c, x.dims));
  CHECK_OK(Scalar(c, 1, ANEURALNETWORKS_FLOAT32));
  const float beta = c.scalar<float>(1);
  REQUIRE(beta > 0.f, "beta must be positive");
  if (c.num_inputs() == 3) {
    CHECK_OK(Scalar(c, 2, ANEURALNETWORKS_INT32));
    const int32_t axis = c.scalar<int32_t>(2);
    REQUIRE(axis == -1 || axis == static_cast<int32_t>(x.rank()) - 1,
            "the reference implementation takes the last axis only");
  }
  const bool quant = IsQuant8(x.type);
  if (quant) {
    REQUIRE(y.scale == 1.f / 256 && y.zero_point == QMin(y.type),
            "quantized SOFTMAX output must have scale 1/256 and the type's lowest zero point");
  }
  if (!c.running()) return "";
  const size_t depth = x.dims.back(), rows = x.Elements() / depth;
  if (!quant) {
    for (size_t r = 0; r < rows; ++r) {
      const float* in = c.data<float>(0) + r * depth;
      float* out = c.out_data<float>() + r * depth;
      const float max = *std::max_element(in, in + depth);
      float sum = 0.f;
      for (size_t i = 0; i < depth; ++i) sum += out[i] = std::exp((in[i] - max) * beta);
      for (size_t i = 0; i < depth; ++i) out[i] /= sum;
    }
    return "";
  }
  // TFLite's fixed-point softmax: diffs scaled to Q5.26, exp, sum in Q12.19, reciprocal.
  constexpr int kScaledDiffIntegerBits = 5, kAccumulationIntegerBits = 12;
  const double real = std::min(static_cast<double>(beta) * static_cast<double>(x.scale) *
                                   static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               (int64_t{1} << 31) - 1.0);
  const q::QuantizedMultiplier m = q::QuantizeMultiplier(real);
  const int32_t diff_min = -InputRadius(kScaledDiffIntegerBits, m.shift, 31);
  using FDiff = fp::FixedPoint<int32_t, kScaledDiffIntegerBits>;
  using FAcc = fp::FixedPoint<int32_t, kAccumulationIntegerBits>;
  using F0 = fp::FixedPoint<int32_t, 0>;
  const int32_t lo = QMin(y.type), hi = QMax(y.type);
  for (size_t r = 0; r < rows; ++r) {
    int32_t max = std::numeric_limits<int32_t>::min();
    for (size_t i = 0; i < depth; ++i) max = std::max(max, LoadQ(c.raw(0), x.type, r * depth + i));
    FAcc sum = FAcc::Zero();
    for (size_t i = 0; i < depth; ++i) {
      const int32_t diff = LoadQ(c.raw(0), x.type, r * depth + i) - max;
      if (diff >= diff_min) {
        const int32_t scaled =
            q::MultiplyByQuantizedMultiplierGreaterThanOne(diff, m.multiplier, m.shift);
        sum = sum + fp::Rescale<kAccumulationIntegerBits>(
                        fp::ExpOnNegativeValues(FDiff::FromRaw(scaled)));
      }
    }
    // Reciprocal of the sum: normalize to [1, 2), then 1 / (1 + x).
    const uint32_t sum_bits = static_cast<uint32_t>(sum.raw());
    const int headroom_plus_one = sum_bits == 0 ? 32 : __builtin_clz(sum_bits);
    const int bits_over_unit = kAccumulationIntegerBits - headroom_plus_one;
    const int32_t shifted_minus_one =
        static_cast<int32_t>((sum_bits << headroom_plus_one) - (uint32_t{1} << 31));
    const F0 scale = fp::OneOverOnePlusXForXIn01(F0::FromRaw(shifted_minus_one));
    for (size_t i = 0; i < depth; ++i) {
      const int32_t diff = LoadQ(c.raw(0), x.type, r * depth + i) - max;
      int32_t v = lo;
      if (diff >= diff_min) {
        const int32_t scaled =
            q::MultiplyByQuantizedMultiplierGreaterThanOne(diff, m.multiplier, m.shift);
        const F0 e = fp::ExpOnNegativeValues(FDiff::FromRaw(scaled));
        v = q::RoundingDivideByPOT((scale * e).raw(), bits_over_unit + 31 - 8) + lo;
        v = std::min(std::max(v, lo), hi);
      }
      StoreQ(c.out_data<uint8_t>(), y.type, r * depth + i, v);
    }
  }
  return "";
}

// ---- data movement -----------------------------------------------------------------------------

std::string Reshape(const Ctx& c) {
  CHECK_OK(Counts(c, 2, 2, 1));
  CHECK_OK(DataTensor(c.in(0), "input"));
  CHECK_OK(DataTensor(c.out(0), "output"));
  CHECK_OK(SameQuant(c.in(0), c.out(0)));
  REQUIRE(c.in(1).type == ANEURALNETWORKS_TENSOR_INT32 && c.in(1).rank() == 1 &&
              c.in(1).lifetime == Operand::kConstant,
          "shape must be a constant 1-D TENSOR_INT32");
  std::vector<int32_t> shape = c.values<int32_t>(1);
  size_t known = 1;
  int unknown = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      REQUIRE(unknown < 0, "at most one -1 in the shape");
      unknown = static_cast<int>(i);
    } else {
      REQUIRE(shape[i] > 0, "invalid shape value");
      known *= static_cast<size_t>(shape[i]);
    }
  }
  const size_t total = c.in(0).Elements();
  if (unknown >= 0) shape[unknown] = static_cast<int32_t>(total / known);
  std::vector<uint32_t> dims(shape.begin(), shape.end());
  size_t count = 1;
  for (uint32_t d : dims) count *= d;
  REQUIRE(count == total, "the shape holds a different number of elements");
  CHECK_OK(OutputShape(c, dims));
  if (c.running()) std::memcpy(c.out_data<uint8_t>(), c.raw(0), c.in(0).Bytes());
  return "";
}

std::string Concatenation(const Ctx& c) {
  REQUIRE(c.num_inputs() >= 2 && c.num_outputs() == 1, "takes tensors and an axis");
  const size_t count = c.num_inputs() - 1;
  const Operand& y = c.out(0);
  CHECK_OK(DataTensor(y, "output"));
  CHECK_OK(Scalar(c, count, ANEURALNETWORKS_INT32));
  int32_t axis = c.scalar<int32_t>(count);
  if (axis < 0) axis += static_cast<int32_t>(y.rank());
  REQUIRE(axis >= 0 && axis < static_cast<int32_t>(y.rank()), "axis out of range");
  std::vector<uint32_t> dims = c.in(0).dims;
  dims[axis] = 0;
  for (size_t i = 0; i < count; ++i) {
    CHECK_OK(DataTensor(c.in(i), "input"));
    CHECK_OK(SameQuant(c.in(i), y));
    REQUIRE(c.in(i).rank() == y.rank(), "inputs must have the output's rank");
    for (uint32_t d = 0; d < y.rank(); ++d) {
      REQUIRE(d == static_cast<uint32_t>(axis) || c.in(i).dims[d] == c.in(0).dims[d],
              "inputs differ outside the axis");
    }
    dims[axis] += c.in(i).dims[axis];
  }
  CHECK_OK(OutputShape(c, dims));
  if (!c.running()) return "";
  size_t outer = 1, inner = y.ElementSize();
  for (int32_t d = 0; d < axis; ++d) outer *= y.dims[d];
  for (uint32_t d = axis + 1; d < y.rank(); ++d) inner *= y.dims[d];
  uint8_t* out = c.out_data<uint8_t>();
  for (size_t o = 0; o < outer; ++o) {
    for (size_t i = 0; i < count; ++i) {
      const size_t chunk = c.in(i).dims[axis] * inner;
      std::memcpy(out, c.raw(i) + o * chunk, chunk);
      out += chunk;
    }
  }
  return "";
}

// Copies with an index map: out[i] = in[map(i)] (or the pad value where map gives npos).
template <class Map>
void Gather(const Ctx& c, size_t elements, size_t element_size, const uint8_t* pad, Map map) {
  const uint8_t* in = c.raw(0);
  uint8_t* out = c.out_data<uint8_t>();
  for (size_t i = 0; i < elements; ++i) {
    const size_t from = map(i);
    std::memcpy(out + i * element_size,
                from == static_cast<size_t>(-1) ? pad : in + from * element_size, element_size);
  }
}

// Coordinates of flat index `i` in `dims`.
std::vector<size_t> Coords(size_t i, const std::vector<uint32_t>& dims) {
  std::vector<size_t> coord(dims.size());
  for (size_t k = dims.size(); k-- > 0;) {
    coord[k] = i % dims[k];
    i /= dims[k];
  }
  return coord;
}
size_t Flat(const std::vector<size_t>& coord, const std::vector<uint32_t>& dims) {
  size_t i = 0;
  for (size_t k = 0; k < dims.size(); ++k) i = i * dims[k] + coord[k];
  return i;
}

std::string Pad(const Ctx& c, bool v2) {
  CHECK_OK(Counts(c, v2 ? 3 : 2, v2 ? 3 : 2, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(SameQuant(x, y));
  REQUIRE(c.in(1).type == ANEURALNETWORKS_TENSOR_INT32 && c.in(1).rank() == 2 &&
              c.in(1).dims[0] == x.rank() && c.in(1).dims[1] == 2 &&
              c.in(1).lifetime == Operand::kConstant,
          "paddings must be a constant [rank, 2] TENSOR_INT32");
  const std::vector<int32_t> p = c.values<int32_t>(1);
  std::vector<uint32_t> dims = x.dims;
  for (uint32_t d = 0; d < x.rank(); ++d) {
    REQUIRE(p[2 * d] >= 0 && p[2 * d + 1] >= 0, "paddings must be non-negative");
    dims[d] += static_cast<uint32_t>(p[2 * d] + p[2 * d + 1]);
  }
  CHECK_OK(OutputShape(c, dims));
  uint8_t pad[4] = {0, 0, 0, 0};
  if (v2) {
    CHECK_OK(Scalar(c, 2,
                    x.type == ANEURALNETWORKS_TENSOR_FLOAT32 ? ANEURALNETWORKS_FLOAT32
                                                             : ANEURALNETWORKS_INT32));
    if (x.type == ANEURALNETWORKS_TENSOR_FLOAT32) {
      const float v = c.scalar<float>(2);
      std::memcpy(pad, &v, 4);
    } else {
      const int32_t v = c.scalar<int32_t>(2);
      REQUIRE(v >= QMin(x.type) && v <= QMax(x.type), "pad value out of the type's range");
      pad[0] = static_cast<uint8_t>(v);
    }
  } else if (IsQuant8(x.type)) {
    pad[0] = static_cast<uint8_t>(x.zero_point);  // quantized zero
  }
  if (!c.running()) return "";
  Gather(c, y.Elements(), y.ElementSize(), pad, [&](size_t i) {
    std::vector<size_t> coord = Coords(i, dims);
    for (uint32_t d = 0; d < x.rank(); ++d) {
      const int64_t s = static_cast<int64_t>(coord[d]) - p[2 * d];
      if (s < 0 || s >= static_cast<int64_t>(x.dims[d])) return static_cast<size_t>(-1);
      coord[d] = static_cast<size_t>(s);
    }
    return Flat(coord, x.dims);
  });
  return "";
}

std::string Transpose(const Ctx& c) {
  CHECK_OK(Counts(c, 2, 2, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(SameQuant(x, y));
  CHECK_OK(ConstIntVector(c, 1, x.rank()));
  const std::vector<int32_t> perm = c.values<int32_t>(1);
  std::vector<uint32_t> dims(x.rank());
  std::vector<bool> seen(x.rank(), false);
  for (uint32_t d = 0; d < x.rank(); ++d) {
    REQUIRE(perm[d] >= 0 && perm[d] < static_cast<int32_t>(x.rank()) && !seen[perm[d]],
            "perm is not a permutation");
    seen[perm[d]] = true;
    dims[d] = x.dims[perm[d]];
  }
  CHECK_OK(OutputShape(c, dims));
  if (!c.running()) return "";
  Gather(c, y.Elements(), y.ElementSize(), nullptr, [&](size_t i) {
    const std::vector<size_t> oc = Coords(i, dims);
    std::vector<size_t> ic(x.rank());
    for (uint32_t d = 0; d < x.rank(); ++d) ic[perm[d]] = oc[d];
    return Flat(ic, x.dims);
  });
  return "";
}

std::string StridedSlice(const Ctx& c) {
  CHECK_OK(Counts(c, 7, 7, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(SameQuant(x, y));
  for (size_t i = 1; i <= 3; ++i) CHECK_OK(ConstIntVector(c, i, x.rank()));
  for (size_t i = 4; i <= 6; ++i) CHECK_OK(Scalar(c, i, ANEURALNETWORKS_INT32));
  const auto begin = c.values<int32_t>(1), end = c.values<int32_t>(2),
             strides = c.values<int32_t>(3);
  const int32_t begin_mask = c.scalar<int32_t>(4), end_mask = c.scalar<int32_t>(5),
                shrink = c.scalar<int32_t>(6);
  std::vector<int32_t> start(x.rank()), stop(x.rank());
  std::vector<uint32_t> full(x.rank()), dims;
  for (uint32_t d = 0; d < x.rank(); ++d) {
    const int32_t size = static_cast<int32_t>(x.dims[d]), stride = strides[d];
    REQUIRE(stride != 0, "zero stride");
    int32_t s = begin[d];
    if (begin_mask & (1 << d)) s = stride > 0 ? 0 : size - 1;
    if (s < 0) s += size;
    s = stride > 0 ? std::clamp(s, 0, size) : std::clamp(s, -1, size - 1);
    int32_t e = end[d];
    if (shrink & (1 << d)) {
      e = s + 1;
      REQUIRE(s >= 0 && s < size, "shrunk axis index out of range");
    } else {
      if (end_mask & (1 << d))
        e = stride > 0 ? size : -1;
      else if (e < 0)
        e += size;
      e = stride > 0 ? std::clamp(e, 0, size) : std::clamp(e, -1, size - 1);
    }
    start[d] = s;
    stop[d] = e;
    const int32_t n = stride > 0 ? (e - s + stride - 1) / stride : (s - e - stride - 1) / -stride;
    full[d] = static_cast<uint32_t>(std::max(n, 0));
    if (!(shrink & (1 << d))) dims.push_back(full[d]);
  }
  REQUIRE(!dims.empty(), "the reference implementation does not produce scalars");
  CHECK_OK(OutputShape(c, dims));
  if (!c.running()) return "";
  Gather(c, y.Elements(), y.ElementSize(), nullptr, [&](size_t i) {
    const std::vector<size_t> oc = Coords(i, full);
    std::vector<size_t> ic(x.rank());
    for (uint32_t d = 0; d < x.rank(); ++d) {
      ic[d] = static_cast<size_t>(start[d] + static_cast<int32_t>(oc[d]) * strides[d]);
    }
    return Flat(ic, x.dims);
  });
  return "";
}

std::string SpaceDepth(const Ctx& c, bool to_depth) {
  CHECK_OK(Counts(c, 2, 3, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(SameQuant(x, y));
  REQUIRE(x.rank() == 4, "input must be 4-D");
  CHECK_OK(Scalar(c, 1, ANEURALNETWORKS_INT32));
  const uint32_t b = static_cast<uint32_t>(c.scalar<int32_t>(1));
  REQUIRE(c.scalar<int32_t>(1) >= 1, "block size must be positive");
  std::vector<uint32_t> dims = x.dims;
  if (to_depth) {
    REQUIRE(x.dims[1] % b == 0 && x.dims[2] % b == 0, "height and width must divide by the block");
    dims = {x.dims[0], x.dims[1] / b, x.dims[2] / b, x.dims[3] * b * b};
  } else {
    REQUIRE(x.dims[3] % (b * b) == 0, "depth must divide by block^2");
    dims = {x.dims[0], x.dims[1] * b, x.dims[2] * b, x.dims[3] / (b * b)};
  }
  CHECK_OK(OutputShape(c, dims));
  if (!c.running()) return "";
  Gather(c, y.Elements(), y.ElementSize(), nullptr, [&](size_t i) {
    const std::vector<size_t> o = Coords(i, dims);
    if (to_depth) {
      const size_t inner = o[3] % x.dims[3], off = o[3] / x.dims[3];
      return Flat({o[0], o[1] * b + off / b, o[2] * b + off % b, inner}, x.dims);
    }
    const size_t off = (o[1] % b) * b + o[2] % b;
    return Flat({o[0], o[1] / b, o[2] / b, off * dims[3] + o[3]}, x.dims);
  });
  return "";
}

std::string Mean(const Ctx& c) {
  CHECK_OK(Counts(c, 3, 3, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(SameType(x, y));
  REQUIRE(x.type == ANEURALNETWORKS_TENSOR_FLOAT32,
          "the reference implementation offers MEAN on float32 only");
  REQUIRE(c.in(1).type == ANEURALNETWORKS_TENSOR_INT32 && c.in(1).rank() == 1 &&
              c.in(1).lifetime == Operand::kConstant,
          "axes must be a constant 1-D TENSOR_INT32");
  CHECK_OK(Scalar(c, 2, ANEURALNETWORKS_INT32));
  std::vector<bool> reduce(x.rank(), false);
  for (int32_t a : c.values<int32_t>(1)) {
    REQUIRE(a >= -static_cast<int32_t>(x.rank()) && a < static_cast<int32_t>(x.rank()),
            "axis out of range");
    reduce[a < 0 ? a + x.rank() : a] = true;
  }
  const bool keep = c.scalar<int32_t>(2) > 0;
  std::vector<uint32_t> dims, kept;
  for (uint32_t d = 0; d < x.rank(); ++d) {
    if (!reduce[d]) dims.push_back(x.dims[d]);
    if (keep) kept.push_back(reduce[d] ? 1 : x.dims[d]);
  }
  if (keep) dims = kept;
  if (dims.empty()) dims = {1};
  CHECK_OK(OutputShape(c, dims));
  if (!c.running()) return "";
  std::vector<uint32_t> out_full(x.rank());
  for (uint32_t d = 0; d < x.rank(); ++d) out_full[d] = reduce[d] ? 1 : x.dims[d];
  const size_t n_out = y.Elements();
  std::vector<float> sum(n_out, 0.f);
  std::vector<size_t> count(n_out, 0);
  for (size_t i = 0; i < x.Elements(); ++i) {
    std::vector<size_t> coord = Coords(i, x.dims);
    for (uint32_t d = 0; d < x.rank(); ++d) {
      if (reduce[d]) coord[d] = 0;
    }
    const size_t o = Flat(coord, out_full);
    sum[o] += c.data<float>(0)[i];
    ++count[o];
  }
  for (size_t o = 0; o < n_out; ++o) c.out_data<float>()[o] = sum[o] / static_cast<float>(count[o]);
  return "";
}

std::string ResizeBilinear(const Ctx& c) {
  CHECK_OK(Counts(c, 3, 6, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  CHECK_OK(SameType(x, y));
  REQUIRE(x.type == ANEURALNETWORKS_TENSOR_FLOAT32,
          "the reference implementation offers RESIZE_BILINEAR on float32 only");
  REQUIRE(x.rank() == 4, "input must be 4-D");
  CHECK_OK(Scalar(c, 1, ANEURALNETWORKS_INT32));
  CHECK_OK(Scalar(c, 2, ANEURALNETWORKS_INT32));
  const int32_t out_w = c.scalar<int32_t>(1), out_h = c.scalar<int32_t>(2);
  REQUIRE(out_w > 0 && out_h > 0, "output size must be positive");
  bool align = false, half = false;
  if (c.num_inputs() >= 4) {
    CHECK_OK(Scalar(c, 3, ANEURALNETWORKS_BOOL));
    REQUIRE(c.scalar<uint8_t>(3) == 0, "NHWC only");
  }
  if (c.num_inputs() >= 5) {
    REQUIRE(c.num_inputs() == 6, "align_corners and half_pixel_centers come together");
    CHECK_OK(Scalar(c, 4, ANEURALNETWORKS_BOOL));
    CHECK_OK(Scalar(c, 5, ANEURALNETWORKS_BOOL));
    align = c.scalar<uint8_t>(4) != 0;
    half = c.scalar<uint8_t>(5) != 0;
    REQUIRE(!(align && half), "align_corners and half_pixel_centers cannot both be set");
  }
  const uint32_t channels = x.dims[3];
  CHECK_OK(OutputShape(
      c, {x.dims[0], static_cast<uint32_t>(out_h), static_cast<uint32_t>(out_w), channels}));
  if (!c.running()) return "";
  const int32_t in_h = static_cast<int32_t>(x.dims[1]), in_w = static_cast<int32_t>(x.dims[2]);
  const float scale_h = align && out_h > 1
                            ? static_cast<float>(in_h - 1) / static_cast<float>(out_h - 1)
                            : static_cast<float>(in_h) / static_cast<float>(out_h);
  const float scale_w = align && out_w > 1
                            ? static_cast<float>(in_w - 1) / static_cast<float>(out_w - 1)
                            : static_cast<float>(in_w) / static_cast<float>(out_w);
  auto interp = [&](int32_t v, float scale, int32_t size, float* pos, int32_t* lo, int32_t* hi) {
    *pos = half ? (static_cast<float>(v) + 0.5f) * scale - 0.5f : static_cast<float>(v) * scale;
    *lo = std::max(static_cast<int32_t>(std::floor(*pos)), 0);
    *hi = std::min(static_cast<int32_t>(std::ceil(*pos)), size - 1);
  };
  const float* in = c.data<float>(0);
  float* out = c.out_data<float>();
  for (uint32_t n = 0; n < x.dims[0]; ++n) {
    for (int32_t oy = 0; oy < out_h; ++oy) {
      float fy;
      int32_t y0, y1;
      interp(oy, scale_h, in_h, &fy, &y0, &y1);
      for (int32_t ox = 0; ox < out_w; ++ox) {
        float fx;
        int32_t x0, x1;
        interp(ox, scale_w, in_w, &fx, &x0, &x1);
        for (uint32_t ch = 0; ch < channels; ++ch) {
          auto at = [&](int32_t yy, int32_t xx) {
            return in[((static_cast<size_t>(n) * in_h + yy) * in_w + xx) * channels + ch];
          };
          out[((static_cast<size_t>(n) * out_h + oy) * out_w + ox) * channels + ch] =
              at(y0, x0) * (1 - (fy - y0)) * (1 - (fx - x0)) +
              at(y1, x0) * (fy - y0) * (1 - (fx - x0)) + at(y0, x1) * (1 - (fy - y0)) * (fx - x0) +
              at(y1, x1) * (fy - y0) * (fx - x0);
        }
      }
    }
  }
  return "";
}

std::string Quantize(const Ctx& c) {
  CHECK_OK(Counts(c, 1, 1, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  REQUIRE(x.type == ANEURALNETWORKS_TENSOR_FLOAT32, "QUANTIZE takes a float32 input");
  CHECK_OK(DataTensor(y, "output"));
  REQUIRE(IsQuant8(y.type), "QUANTIZE produces an 8-bit asymmetric tensor");
  CHECK_OK(OutputShape(c, x.dims));
  if (!c.running()) return "";
  for (size_t i = 0; i < x.Elements(); ++i) {
    const int32_t v =
        static_cast<int32_t>(std::round(c.data<float>(0)[i] / y.scale)) + y.zero_point;
    StoreQ(c.out_data<uint8_t>(), y.type, i, std::min(std::max(v, QMin(y.type)), QMax(y.type)));
  }
  return "";
}

std::string Dequantize(const Ctx& c) {
  CHECK_OK(Counts(c, 1, 1, 1));
  const Operand &x = c.in(0), &y = c.out(0);
  CHECK_OK(DataTensor(x, "input"));
  REQUIRE(IsQuant8(x.type), "DEQUANTIZE takes an 8-bit quantized tensor");
  REQUIRE(y.type == ANEURALNETWORKS_TENSOR_FLOAT32, "DEQUANTIZE produces float32");
  CHECK_OK(OutputShape(c, x.dims));
  if (!c.running()) return "";
  for (size_t i = 0; i < x.Elements(); ++i) {
    c.out_data<float>()[i] = static_cast<float>(static_cast<double>(x.scale) *
                                                (LoadQ(c.raw(0), x.type, i) - x.zero_point));
  }
  return "";
}

std::string Dispatch(const Ctx& c, int32_t type) {
  switch (type) {
    case ANEURALNETWORKS_CONV_2D:
      return Conv(c, false);
    case ANEURALNETWORKS_DEPTHWISE_CONV_2D:
      return Conv(c, true);
    case ANEURALNETWORKS_FULLY_CONNECTED:
      return FullyConnected(c);
    case ANEURALNETWORKS_ADD:
    case ANEURALNETWORKS_SUB:
    case ANEURALNETWORKS_MUL:
    case ANEURALNETWORKS_DIV:
    case ANEURALNETWORKS_MAXIMUM:
    case ANEURALNETWORKS_MINIMUM:
      return Binary(c, type);
    case ANEURALNETWORKS_AVERAGE_POOL_2D:
      return Pool(c, true);
    case ANEURALNETWORKS_MAX_POOL_2D:
      return Pool(c, false);
    case ANEURALNETWORKS_LOGISTIC:
    case ANEURALNETWORKS_TANH:
    case ANEURALNETWORKS_RELU:
    case ANEURALNETWORKS_RELU1:
    case ANEURALNETWORKS_RELU6:
    case ANEURALNETWORKS_HARD_SWISH:
      return Activation(c, type);
    case ANEURALNETWORKS_SOFTMAX:
      return Softmax(c);
    case ANEURALNETWORKS_RESHAPE:
      return Reshape(c);
    case ANEURALNETWORKS_CONCATENATION:
      return Concatenation(c);
    case ANEURALNETWORKS_PAD:
      return Pad(c, false);
    case ANEURALNETWORKS_PAD_V2:
      return Pad(c, true);
    case ANEURALNETWORKS_TRANSPOSE:
      return Transpose(c);
    case ANEURALNETWORKS_STRIDED_SLICE:
      return StridedSlice(c);
    case ANEURALNETWORKS_SPACE_TO_DEPTH:
      return SpaceDepth(c, true);
    case ANEURALNETWORKS_DEPTH_TO_SPACE:
      return SpaceDepth(c, false);
    case ANEURALNETWORKS_MEAN:
      return Mean(c);
    case ANEURALNETWORKS_RESIZE_BILINEAR:
      return ResizeBilinear(c);
    case ANEURALNETWORKS_QUANTIZE:
      return Quantize(c);
    case ANEURALNETWORKS_DEQUANTIZE:
      return Dequantize(c);
    default:
      return "operation type " + std::to_string(type) + " is not implemented";
  }
}

}  // namespace

std::string ValidateOperation(const Model& model, size_t index) {
  Ctx c(model, index, nullptr);
  std::string error = Dispatch(c, model.operations[index].type);
  if (!error.empty()) {
    const char* name = OperationName(model.operations[index].type);
    return std::string(name ? name : "operation") + " (operation " + std::to_string(index) +
           "): " + error;
  }
  return error;
}

std::string RunOperation(const Model& model, size_t index, const std::vector<uint8_t*>& buffers) {
  Ctx c(model, index, &buffers);
  return Dispatch(c, model.operations[index].type);
}

}  // namespace refnn
