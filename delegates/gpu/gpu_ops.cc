// What the GPU delegate runs, and how each op becomes kernel launches (gpu_kernels.cl).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "delegates/gpu/gpu_partition.h"
#include "plinth/plugin.hpp"

namespace plinth::gpu {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// The fused activation as (kernel code, clamp low, clamp high).
struct Activation {
  cl_int code = 0;
  float lo = -kInf;
  float hi = kInf;
};

Activation ActivationOf(int64_t fused) {
  switch (fused) {
    case PLINTH_ACTIVATION_RELU:
      return {0, 0.f, kInf};
    case PLINTH_ACTIVATION_RELU6:
      return {0, 0.f, 6.f};
    case PLINTH_ACTIVATION_RELU_N1_TO_1:
      return {0, -1.f, 1.f};
    case PLINTH_ACTIVATION_TANH:
      return {4, -kInf, kInf};
    default:
      return {};
  }
}

// SAME/VALID leading padding (TFLite's rule).
int32_t PadBefore(int64_t padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation) {
  const int32_t effective = (filter - 1) * dilation + 1;
  const int32_t out = padding == PLINTH_PADDING_SAME ? (in + stride - 1) / stride
                                                     : (in - effective + stride) / stride;
  return std::max((out - 1) * stride + effective - in, 0) / 2;
}

const std::set<std::string>& SupportedOps() {
  static const std::set<std::string> ops = {"CONV_2D",
                                            "DEPTHWISE_CONV_2D",
                                            "FULLY_CONNECTED",
                                            "TRANSPOSE_CONV",
                                            "ADD",
                                            "SUB",
                                            "MUL",
                                            "AVERAGE_POOL_2D",
                                            "MAX_POOL_2D",
                                            "CONCATENATION",
                                            "RESHAPE",
                                            "SQUEEZE",
                                            "EXPAND_DIMS",
                                            "SOFTMAX",
                                            "LOGISTIC",
                                            "TANH",
                                            "RELU",
                                            "RELU6",
                                            "RELU_N1_TO_1",
                                            "HARD_SWISH",
                                            "MEAN",
                                            "PAD",
                                            "PADV2",
                                            "RESIZE_BILINEAR"};
  return ops;
}

bool IsFloat(const PlinthTensor* t) { return t != nullptr && t->type == PLINTH_FLOAT32; }
bool IsConstant(const PlinthTensor* t) {
  return t != nullptr && (t->flags & PLINTH_TENSOR_CONSTANT) != 0;
}

// Index of the tensor inputs that carry data (others are shapes, axes, paddings).
std::vector<int> DataInputs(const std::string& op, int count) {
  if (op == "RESHAPE" || op == "EXPAND_DIMS" || op == "MEAN" || op == "PAD" ||
      op == "RESIZE_BILINEAR") {
    return {0};
  }
  if (op == "PADV2") return {0, 2};
  if (op == "TRANSPOSE_CONV") return count > 3 ? std::vector<int>{1, 2, 3} : std::vector<int>{1, 2};
  std::vector<int> all(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) all[i] = i;
  return all;
}

std::vector<int32_t> Dims(const PlinthTensor* t) {
  return std::vector<int32_t>(t->dims, t->dims + t->rank);
}

}  // namespace

bool SupportsNode(PlinthContext* ctx, const PlinthNode* node, std::string* reason) {
  const std::string op = node->op_name;
  if (!SupportedOps().count(op)) {
    *reason = "op " + op + " is not supported";
    return false;
  }
  KernelContext kc(ctx, const_cast<PlinthNode*>(node));
  for (int i : DataInputs(op, node->num_inputs)) {
    const PlinthTensor* t = node->inputs[i];
    if (t == nullptr) continue;  // optional (bias)
    if (!IsFloat(t)) {
      *reason = std::string("input ") + std::to_string(i) + " is " + TypeName(t->type) +
                " (float32 only)";
      return false;
    }
    if ((t->flags & PLINTH_TENSOR_DYNAMIC) != 0 || t->rank > 4) {
      *reason = "dynamic or rank > 4 input";
      return false;
    }
  }
  for (int i = 0; i < node->num_outputs; ++i) {
    if (!IsFloat(node->outputs[i]) || node->outputs[i]->rank > 4) {
      *reason = "output is not a float32 tensor of rank <= 4";
      return false;
    }
  }
  const int64_t fused = kc.OptionInt("fused_activation_function");
  // TFLite's kernels treat a fused TANH or SIGN_BIT inconsistently across ops (ignored by
  // convolutions and pools, refused by FULLY_CONNECTED): leave such nodes to the CPU kernels.
  if (fused == PLINTH_ACTIVATION_TANH || fused == PLINTH_ACTIVATION_SIGN_BIT) {
    *reason = "fused TANH or SIGN_BIT activation";
    return false;
  }
  // Weights are uploaded once: they must be constants.
  if (op == "CONV_2D" || op == "DEPTHWISE_CONV_2D" || op == "FULLY_CONNECTED") {
    if (!IsConstant(node->inputs[1]) ||
        (node->num_inputs > 2 && node->inputs[2] && !IsConstant(node->inputs[2]))) {
      *reason = "weights or bias are not constant";
      return false;
    }
    if (op != "FULLY_CONNECTED" && node->inputs[0]->rank != 4) {
      *reason = "input is not 4-D";
      return false;
    }
  }
  if (op == "TRANSPOSE_CONV" && (!IsConstant(node->inputs[0]) || !IsConstant(node->inputs[1]) ||
                                 node->inputs[2]->rank != 4)) {
    *reason = "output shape or weights are not constant";
    return false;
  }
  if ((op == "AVERAGE_POOL_2D" || op == "MAX_POOL_2D" || op == "RESIZE_BILINEAR") &&
      node->inputs[0]->rank != 4) {
    *reason = "input is not 4-D";
    return false;
  }
  if (op == "CONCATENATION" && fused != PLINTH_ACTIVATION_NONE) {
    *reason = "fused activation on CONCATENATION";
    return false;
  }
  if ((op == "MEAN" || op == "PAD" || op == "PADV2" || op == "RESIZE_BILINEAR") &&
      !IsConstant(node->inputs[1])) {
    *reason = "axes, paddings or size are not constant";
    return false;
  }
  if (op == "PADV2" && (node->num_inputs < 3 || !IsConstant(node->inputs[2]))) {
    *reason = "pad value is not a constant";
    return false;
  }
  if (op == "MEAN") {
    // Only a contiguous run of axes reduces as [outer, reduce, inner].
    const PlinthTensor* axes = node->inputs[1];
    std::set<int> set;
    for (int32_t i = 0; i < static_cast<int32_t>(axes->bytes / 4); ++i) {
      int a = static_cast<const int32_t*>(axes->data)[i];
      set.insert(a < 0 ? a + node->inputs[0]->rank : a);
    }
    if (set.empty() || *set.rbegin() - *set.begin() + 1 != static_cast<int>(set.size())) {
      *reason = "MEAN over non-contiguous axes";
      return false;
    }
  }
  return true;
}

bool LowerNode(GpuPartition* p, const PlinthNode* node, std::string* error) {
  using A = GpuPartition;
  const std::string op = node->op_name;
  KernelContext kc(p->context(), const_cast<PlinthNode*>(node));
  const Activation act = ActivationOf(kc.OptionInt("fused_activation_function"));
  const PlinthTensor* in = node->inputs[0];
  const PlinthTensor* out = node->outputs[0];
  const size_t out_elements =
      static_cast<size_t>(Tensor(const_cast<PlinthTensor*>(out)).num_elements());

  if (op == "CONV_2D" || op == "DEPTHWISE_CONV_2D") {
    const PlinthTensor* filter = node->inputs[1];
    const PlinthTensor* bias = node->num_inputs > 2 ? node->inputs[2] : nullptr;
    const bool depthwise = op == "DEPTHWISE_CONV_2D";
    const int32_t stride_h = static_cast<int32_t>(kc.OptionInt("stride_h", 1));
    const int32_t stride_w = static_cast<int32_t>(kc.OptionInt("stride_w", 1));
    const int32_t dil_h = static_cast<int32_t>(kc.OptionInt("dilation_h_factor", 1));
    const int32_t dil_w = static_cast<int32_t>(kc.OptionInt("dilation_w_factor", 1));
    const int64_t padding = kc.OptionInt("padding");
    const int32_t k_h = filter->dims[1], k_w = filter->dims[2];
    cl_int16 params{};
    const int32_t values[16] = {in->dims[1],
                                in->dims[2],
                                in->dims[3],
                                out->dims[1],
                                out->dims[2],
                                out->dims[3],
                                k_h,
                                k_w,
                                stride_h,
                                stride_w,
                                dil_h,
                                dil_w,
                                PadBefore(padding, in->dims[1], k_h, stride_h, dil_h),
                                PadBefore(padding, in->dims[2], k_w, stride_w, dil_w),
                                depthwise ? out->dims[3] / std::max(1, in->dims[3])
                                          : in->dims[3] / std::max(1, filter->dims[3]),
                                bias != nullptr ? 1 : 0};
    std::memcpy(params.s, values, sizeof(values));
    cl_mem input = p->Buffer(in), weights = p->Buffer(filter), output = p->Buffer(out);
    cl_mem bias_buffer = bias ? p->Buffer(bias) : weights;  // unused when has_bias is 0
    p->Launch(depthwise ? "depthwise_conv2d" : "conv2d",
              {A::ArgOf(input), A::ArgOf(weights), A::ArgOf(bias_buffer), A::ArgOf(output),
               A::ArgOf(params), A::ArgOf(act.code), A::ArgOf(act.lo), A::ArgOf(act.hi)},
              {static_cast<size_t>(out->dims[3]), static_cast<size_t>(out->dims[1]) * out->dims[2],
               static_cast<size_t>(out->dims[0])});
    return true;
  }
  if (op == "FULLY_CONNECTED") {
    const PlinthTensor* weights = node->inputs[1];
    const PlinthTensor* bias = node->num_inputs > 2 ? node->inputs[2] : nullptr;
    const cl_int units = weights->dims[0], depth = weights->dims[1];
    const cl_int has_bias = bias != nullptr;
    const size_t batches = out_elements / std::max(1, units);
    cl_mem w = p->Buffer(weights);
    cl_mem b = bias ? p->Buffer(bias) : w;
    cl_mem input = p->Buffer(in), output = p->Buffer(out);
    p->Launch("fully_connected",
              {A::ArgOf(input), A::ArgOf(w), A::ArgOf(b), A::ArgOf(output), A::ArgOf(depth),
               A::ArgOf(units), A::ArgOf(has_bias), A::ArgOf(act.code), A::ArgOf(act.lo),
               A::ArgOf(act.hi)},
              {static_cast<size_t>(units), batches});
    return true;
  }
  if (op == "TRANSPOSE_CONV") {
    const PlinthTensor* filter = node->inputs[1];
    const PlinthTensor* input_t = node->inputs[2];
    const PlinthTensor* bias = node->num_inputs > 3 ? node->inputs[3] : nullptr;
    const int32_t stride_h = static_cast<int32_t>(kc.OptionInt("stride_h", 1));
    const int32_t stride_w = static_cast<int32_t>(kc.OptionInt("stride_w", 1));
    const int64_t padding = kc.OptionInt("padding");
    const int32_t k_h = filter->dims[1], k_w = filter->dims[2];
    cl_int16 params{};
    const int32_t values[13] = {input_t->dims[1],
                                input_t->dims[2],
                                input_t->dims[3],
                                out->dims[1],
                                out->dims[2],
                                out->dims[3],
                                k_h,
                                k_w,
                                stride_h,
                                stride_w,
                                PadBefore(padding, out->dims[1], k_h, stride_h, 1),
                                PadBefore(padding, out->dims[2], k_w, stride_w, 1),
                                bias != nullptr ? 1 : 0};
    std::memcpy(params.s, values, sizeof(values));
    cl_mem input = p->Buffer(input_t), weights = p->Buffer(filter), output = p->Buffer(out);
    cl_mem bias_buffer = bias ? p->Buffer(bias) : weights;
    p->Launch("transpose_conv",
              {A::ArgOf(input), A::ArgOf(weights), A::ArgOf(bias_buffer), A::ArgOf(output),
               A::ArgOf(params), A::ArgOf(act.code), A::ArgOf(act.lo), A::ArgOf(act.hi)},
              {static_cast<size_t>(out->dims[3]), static_cast<size_t>(out->dims[1]) * out->dims[2],
               static_cast<size_t>(out->dims[0])});
    return true;
  }
  if (op == "ADD" || op == "SUB" || op == "MUL") {
    const PlinthTensor* b = node->inputs[1];
    // Right-align both shapes to the 4-D output; strides are 0 where an input broadcasts.
    std::vector<int32_t> od = Dims(out), ad = Dims(in), bd = Dims(b);
    while (od.size() < 4) od.insert(od.begin(), 1);
    while (ad.size() < 4) ad.insert(ad.begin(), 1);
    while (bd.size() < 4) bd.insert(bd.begin(), 1);
    cl_int4 dims{}, as{}, bs{};
    int32_t sa = 1, sb = 1;
    for (int i = 3; i >= 0; --i) {
      dims.s[i] = od[i];
      as.s[i] = ad[i] == 1 ? 0 : sa;
      bs.s[i] = bd[i] == 1 ? 0 : sb;
      sa *= ad[i];
      sb *= bd[i];
    }
    const cl_int code = op == "ADD" ? 0 : (op == "SUB" ? 1 : 2);
    cl_mem x = p->Buffer(in), y = p->Buffer(b), z = p->Buffer(out);
    p->Launch("binary",
              {A::ArgOf(x), A::ArgOf(y), A::ArgOf(z), A::ArgOf(dims), A::ArgOf(as), A::ArgOf(bs),
               A::ArgOf(code), A::ArgOf(act.code), A::ArgOf(act.lo), A::ArgOf(act.hi)},
              {out_elements});
    return true;
  }
  if (op == "AVERAGE_POOL_2D" || op == "MAX_POOL_2D") {
    const int32_t stride_h = static_cast<int32_t>(kc.OptionInt("stride_h"));
    const int32_t stride_w = static_cast<int32_t>(kc.OptionInt("stride_w"));
    const int32_t f_h = static_cast<int32_t>(kc.OptionInt("filter_height"));
    const int32_t f_w = static_cast<int32_t>(kc.OptionInt("filter_width"));
    const int64_t padding = kc.OptionInt("padding");
    cl_int16 params{};
    const int32_t values[12] = {in->dims[1],
                                in->dims[2],
                                in->dims[3],
                                out->dims[1],
                                out->dims[2],
                                f_h,
                                f_w,
                                stride_h,
                                stride_w,
                                PadBefore(padding, in->dims[1], f_h, stride_h, 1),
                                PadBefore(padding, in->dims[2], f_w, stride_w, 1),
                                op == "MAX_POOL_2D" ? 1 : 0};
    std::memcpy(params.s, values, sizeof(values));
    cl_mem input = p->Buffer(in), output = p->Buffer(out);
    p->Launch("pool2d",
              {A::ArgOf(input), A::ArgOf(output), A::ArgOf(params), A::ArgOf(act.code),
               A::ArgOf(act.lo), A::ArgOf(act.hi)},
              {static_cast<size_t>(out->dims[3]), static_cast<size_t>(out->dims[1]) * out->dims[2],
               static_cast<size_t>(out->dims[0])});
    return true;
  }
  if (op == "CONCATENATION") {
    int axis = static_cast<int>(kc.OptionInt("axis"));
    if (axis < 0) axis += out->rank;
    int32_t outer = 1, inner = 1;
    for (int d = 0; d < axis; ++d) outer *= out->dims[d];
    for (int d = axis + 1; d < out->rank; ++d) inner *= out->dims[d];
    const cl_int dst_row = out->dims[axis] * inner;
    cl_int offset = 0;
    cl_mem output = p->Buffer(out);
    for (int i = 0; i < node->num_inputs; ++i) {
      const PlinthTensor* t = node->inputs[i];
      const cl_int row = t->dims[axis] * inner;
      cl_mem src = p->Buffer(t);
      const cl_int at = offset;
      p->Launch("copy_rows",
                {A::ArgOf(src), A::ArgOf(output), A::ArgOf(row), A::ArgOf(dst_row), A::ArgOf(at)},
                {static_cast<size_t>(row), static_cast<size_t>(outer)});
      offset += row;
    }
    return true;
  }
  if (op == "RESHAPE" || op == "SQUEEZE" || op == "EXPAND_DIMS") {
    p->Alias(out, in);  // NHWC data is laid out the same before and after
    return true;
  }
  if (op == "SOFTMAX") {
    const cl_int depth = out->dims[out->rank - 1];
    const float beta = kc.OptionFloat("beta", 1.f);
    cl_mem input = p->Buffer(in), output = p->Buffer(out);
    p->Launch("softmax", {A::ArgOf(input), A::ArgOf(output), A::ArgOf(depth), A::ArgOf(beta)},
              {out_elements / std::max<size_t>(1, depth)});
    return true;
  }
  if (op == "LOGISTIC" || op == "TANH" || op == "RELU" || op == "RELU6" || op == "RELU_N1_TO_1" ||
      op == "HARD_SWISH") {
    cl_int code = 0;
    float lo = -kInf, hi = kInf;
    if (op == "LOGISTIC") code = 1;
    if (op == "TANH") code = 2;
    if (op == "HARD_SWISH") code = 3;
    if (op == "RELU") lo = 0.f;
    if (op == "RELU6") lo = 0.f, hi = 6.f;
    if (op == "RELU_N1_TO_1") lo = -1.f, hi = 1.f;
    cl_mem input = p->Buffer(in), output = p->Buffer(out);
    p->Launch("unary",
              {A::ArgOf(input), A::ArgOf(output), A::ArgOf(code), A::ArgOf(lo), A::ArgOf(hi)},
              {out_elements});
    return true;
  }
  if (op == "MEAN") {
    const PlinthTensor* axes = node->inputs[1];
    std::set<int> set;
    for (int32_t i = 0; i < static_cast<int32_t>(axes->bytes / 4); ++i) {
      int a = static_cast<const int32_t*>(axes->data)[i];
      set.insert(a < 0 ? a + in->rank : a);
    }
    int32_t outer = 1, reduce = 1, inner = 1;
    for (int d = 0; d < in->rank; ++d) {
      if (d < *set.begin())
        outer *= in->dims[d];
      else if (d <= *set.rbegin())
        reduce *= in->dims[d];
      else
        inner *= in->dims[d];
    }
    const cl_int r = reduce, n = inner;
    cl_mem input = p->Buffer(in), output = p->Buffer(out);
    p->Launch("mean", {A::ArgOf(input), A::ArgOf(output), A::ArgOf(r), A::ArgOf(n)},
              {static_cast<size_t>(inner), static_cast<size_t>(outer)});
    return true;
  }
  if (op == "PAD" || op == "PADV2") {
    const int32_t* paddings = static_cast<const int32_t*>(node->inputs[1]->data);
    const int rank = in->rank;
    cl_int4 out_dims{{1, 1, 1, 1}}, in_dims{{1, 1, 1, 1}}, before{{0, 0, 0, 0}};
    for (int d = 0; d < rank; ++d) {
      const int slot = 4 - rank + d;
      out_dims.s[slot] = out->dims[d];
      in_dims.s[slot] = in->dims[d];
      before.s[slot] = paddings[2 * d];
    }
    float value = 0.f;
    if (op == "PADV2") value = *static_cast<const float*>(node->inputs[2]->data);
    cl_mem input = p->Buffer(in), output = p->Buffer(out);
    p->Launch("pad",
              {A::ArgOf(input), A::ArgOf(output), A::ArgOf(out_dims), A::ArgOf(in_dims),
               A::ArgOf(before), A::ArgOf(value)},
              {out_elements});
    return true;
  }
  if (op == "RESIZE_BILINEAR") {
    const bool align = kc.OptionBool("align_corners");
    const bool half_pixel = kc.OptionBool("half_pixel_centers");
    const int32_t in_h = in->dims[1], in_w = in->dims[2], out_h = out->dims[1],
                  out_w = out->dims[2];
    // Same scales as the CPU kernel (TFLite's reference).
    float scale_h = static_cast<float>(in_h) / out_h, scale_w = static_cast<float>(in_w) / out_w;
    if (align && out_h > 1) scale_h = static_cast<float>(in_h - 1) / (out_h - 1);
    if (align && out_w > 1) scale_w = static_cast<float>(in_w - 1) / (out_w - 1);
    cl_int8 params{{in_h, in_w, in->dims[3], out_h, out_w, half_pixel ? 1 : 0, 0, 0}};
    cl_mem input = p->Buffer(in), output = p->Buffer(out);
    p->Launch(
        "resize_bilinear",
        {A::ArgOf(input), A::ArgOf(output), A::ArgOf(params), A::ArgOf(scale_h), A::ArgOf(scale_w)},
        {static_cast<size_t>(out->dims[3]), static_cast<size_t>(out_h) * out_w,
         static_cast<size_t>(out->dims[0])});
    return true;
  }
  *error = "op " + op + " cannot be lowered";
  return false;
}

}  // namespace plinth::gpu
