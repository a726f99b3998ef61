#include "builtin_ops/nn/absorbed_pad.h"

#include <cstring>
#include <limits>
#include <string_view>

#include "builtin_ops/nn/nn_util.h"

namespace plinth::builtin::nn {
namespace {

// Larger paddings stay with the PAD kernel, whose own checks report them.
constexpr int64_t kMaxAbsorbedPadding = int64_t{1} << 20;

template <class T>
bool ReadPaddings(const Tensor& paddings, int64_t out[8]) {
  if (paddings.bytes() < 8 * sizeof(T) || paddings.raw_data() == nullptr) return false;
  for (int i = 0; i < 8; ++i) out[i] = paddings.data<T>()[i];
  return true;
}

// The padding value as the quantized integer (or float bits) it writes.
bool PadValueMatches(const Tensor& value, const Tensor& x) {
  if (!value) return true;  // PAD, or PADV2 without a value: 0.0 / the output zero point
  if (!value.is_constant() || value.type() != x.type() || value.num_elements() != 1 ||
      value.raw_data() == nullptr) {
    return false;
  }
  switch (x.type()) {
    case PLINTH_FLOAT32: {
      uint32_t bits;  // +0.0 exactly: -0.0 would turn an all-padding window's sum negative zero
      std::memcpy(&bits, value.raw_data(), sizeof(bits));
      return bits == 0;
    }
    case PLINTH_INT8:
      return value.data<int8_t>()[0] == LegacyZeroPoint(x);
    case PLINTH_UINT8:
      return value.data<uint8_t>()[0] == LegacyZeroPoint(x);
    case PLINTH_INT16:
      return value.data<int16_t>()[0] == LegacyZeroPoint(x);
    default:
      return false;
  }
}

}  // namespace

PlinthStatus AcceptPadProducer(const KernelContext& producer, const Tensor& filter,
                               ExplicitPadding* pad) {
  const std::string_view op = producer.op_name();
  if (op != "PAD" && op != "PADV2") return PLINTH_UNSUPPORTED;
  if (producer.num_inputs() < 2 || producer.num_outputs() != 1) return PLINTH_UNSUPPORTED;
  const Tensor x = producer.input(0), paddings = producer.input(1), y = producer.output(0);
  if (!x || !paddings || !y || x.rank() != 4 || x.type() != y.type()) return PLINTH_UNSUPPORTED;
  switch (x.type()) {
    case PLINTH_FLOAT32:
      // A hybrid convolution quantizes its input at run time; keep its input exactly as written.
      if (!filter || filter.type() != PLINTH_FLOAT32) return PLINTH_UNSUPPORTED;
      break;
    case PLINTH_INT8:
    case PLINTH_UINT8:
    case PLINTH_INT16:
      // The PAD writes the output zero point; the convolution pads with its input's.
      if (x.num_quant_params() != 1 || y.num_quant_params() != 1 || x.scale() != y.scale() ||
          x.zero_point() != y.zero_point()) {
        return PLINTH_UNSUPPORTED;
      }
      break;
    default:
      return PLINTH_UNSUPPORTED;
  }
  if (!PadValueMatches(op == "PADV2" ? producer.input(2) : Tensor(), x)) return PLINTH_UNSUPPORTED;

  if (!paddings.is_constant() || paddings.rank() != 2 || paddings.dim(0) != 4 ||
      paddings.dim(1) != 2) {
    return PLINTH_UNSUPPORTED;
  }
  int64_t p[8];
  const bool read = paddings.type() == PLINTH_INT32   ? ReadPaddings<int32_t>(paddings, p)
                    : paddings.type() == PLINTH_INT64 ? ReadPaddings<int64_t>(paddings, p)
                                                      : false;
  if (!read) return PLINTH_UNSUPPORTED;
  // [batch, height, width, channels] x [before, after]: only height and width may be padded.
  if (p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0) return PLINTH_UNSUPPORTED;
  for (int i = 2; i < 6; ++i) {
    if (p[i] < 0 || p[i] > kMaxAbsorbedPadding) return PLINTH_UNSUPPORTED;
  }
  pad->top = static_cast<int32_t>(p[2]);
  pad->bottom = static_cast<int32_t>(p[3]);
  pad->left = static_cast<int32_t>(p[4]);
  pad->right = static_cast<int32_t>(p[5]);
  return PLINTH_OK;
}

PlinthStatus ConvWindow(const KernelContext& ctx, int64_t padding, int32_t in, int32_t before,
                        int32_t after, int32_t filter, int32_t stride, int32_t dilation,
                        const char* dim, int32_t* out, int32_t* pad_before) {
  const int64_t padded = int64_t{in} + before + after;
  PLINTH_ENSURE(ctx, padded <= std::numeric_limits<int32_t>::max(), dim, " size ", in,
                " with the absorbed padding ", before, "+", after, " is too large");
  PaddedDim d;
  PLINTH_RETURN_IF_ERROR(
      WindowPadding(ctx, padding, static_cast<int32_t>(padded), filter, stride, dilation, dim, &d));
  const int64_t lead = int64_t{d.pad_before} + before;
  PLINTH_ENSURE(ctx, lead <= std::numeric_limits<int32_t>::max(), dim, " padding is too large");
  *out = d.out;
  *pad_before = static_cast<int32_t>(lead);
  return PLINTH_OK;
}

}  // namespace plinth::builtin::nn
