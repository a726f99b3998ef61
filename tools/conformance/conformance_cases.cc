#include "tools/conformance/conformance_cases.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace plinth::conformance {
namespace {

const char* const kActivations[] = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"};

std::vector<float> Floats(size_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

template <class T>
std::vector<T> Ints(size_t n, int lo, int hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(d(rng));
  return v;
}

template <class T>
std::vector<uint8_t> Raw(const std::vector<T>& v) {
  std::vector<uint8_t> out(v.size() * sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), v.data(), out.size());
  return out;
}

size_t Count(const std::vector<int32_t>& shape) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

std::string ShapeText(const std::vector<int32_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ","), "]");
}

// Builds one case: a model input per `input_shapes` entry filled with random values of `type`
// (quantized per `quant`), the caller adds constants, outputs and the op.
class CaseBuilder {
 public:
  CaseBuilder(std::string op, PlinthType type, std::string description, uint32_t seed)
      : seed_(seed) {
    c_.op = std::move(op);
    c_.type = type;
    c_.description = std::move(description);
  }
  int Input(PlinthType type, std::vector<int32_t> shape, QuantSpec quant = {}) {
    const size_t n = Count(shape);
    const uint32_t seed = seed_ + static_cast<uint32_t>(inputs_.size()) * 101;
    std::vector<uint8_t> bytes;
    switch (type) {
      case PLINTH_FLOAT32:
        bytes = Raw(Floats(n, -2.f, 2.f, seed));
        break;
      case PLINTH_INT8:
        bytes = Raw(Ints<int8_t>(n, -128, 127, seed));
        break;
      case PLINTH_UINT8:
        bytes = Raw(Ints<uint8_t>(n, 0, 255, seed));
        break;
      case PLINTH_INT32:
        bytes = Raw(Ints<int32_t>(n, -50, 50, seed));
        break;
      default:
        break;
    }
    int t = c_.model.AddTensor(type, std::move(shape), "", std::move(quant));
    inputs_.push_back(t);
    c_.feeds.push_back(std::move(bytes));
    return t;
  }
  int Output(PlinthType type, std::vector<int32_t> shape, QuantSpec quant = {}) {
    int t = c_.model.AddTensor(type, std::move(shape), "", std::move(quant));
    outputs_.push_back(t);
    return t;
  }
  ModelBuilder& model() { return c_.model; }
  uint32_t seed() const { return seed_; }
  Case Finish() {
    c_.model.SetInputs(inputs_);
    c_.model.SetOutputs(outputs_);
    return std::move(c_);
  }

 private:
  Case c_;
  uint32_t seed_;
  std::vector<int32_t> inputs_, outputs_;
};

int32_t ConvOut(int32_t in, int32_t k, int32_t stride, int32_t dilation, bool same) {
  const int32_t effective = (k - 1) * dilation + 1;
  return same ? (in + stride - 1) / stride : (in - effective + stride) / stride;
}

std::vector<int32_t> BroadcastShape(std::vector<int32_t> a, std::vector<int32_t> b) {
  while (a.size() < b.size()) a.insert(a.begin(), 1);
  while (b.size() < a.size()) b.insert(b.begin(), 1);
  for (size_t i = 0; i < a.size(); ++i) a[i] = a[i] == 1 ? b[i] : a[i];
  return a;
}

void Arithmetic(std::vector<Case>* out) {
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> shapes = {
      {{1, 8, 8, 4}, {1, 8, 8, 4}}, {{1, 8, 8, 4}, {4}}, {{2, 3, 4, 5}, {3, 1, 5}},
      {{1, 1, 1, 7}, {2, 5, 3, 7}}, {{6}, {1}},          {{2, 1, 6}, {1, 4, 1}}};
  uint32_t seed = 1;
  for (const char* op : {"ADD", "SUB", "MUL"}) {
    for (size_t i = 0; i < shapes.size(); ++i) {
      const char* act = kActivations[i % 4];
      CaseBuilder b(
          op, PLINTH_FLOAT32,
          absl::StrCat(ShapeText(shapes[i].first), " x ", ShapeText(shapes[i].second), " ", act),
          seed++);
      int x = b.Input(PLINTH_FLOAT32, shapes[i].first);
      int y = b.Input(PLINTH_FLOAT32, shapes[i].second);
      int z = b.Output(PLINTH_FLOAT32, BroadcastShape(shapes[i].first, shapes[i].second));
      b.model().AddOperator(op, {x, y}, {z}, {{"fused_activation_function", act}});
      out->push_back(b.Finish());
    }
  }
  // Quantized ADD: inputs and output with different scales and zero points.
  for (PlinthType type : {PLINTH_INT8, PLINTH_UINT8}) {
    const int32_t zp = type == PLINTH_INT8 ? -10 : 118;
    for (size_t i = 0; i < 3; ++i) {
      CaseBuilder b("ADD", type,
                    absl::StrCat(ShapeText(shapes[i].first), " x ", ShapeText(shapes[i].second),
                                 " ", kActivations[i]),
                    seed++);
      int x = b.Input(type, shapes[i].first, QuantSpec{{0.05f}, {zp}, 0});
      int y = b.Input(type, shapes[i].second, QuantSpec{{0.08f}, {zp + 7}, 0});
      int z = b.Output(type, BroadcastShape(shapes[i].first, shapes[i].second),
                       QuantSpec{{0.1f}, {zp - 3}, 0});
      b.model().AddOperator("ADD", {x, y}, {z}, {{"fused_activation_function", kActivations[i]}});
      out->push_back(b.Finish());
    }
  }
}

struct ConvSpec {
  int32_t h, w, in_c, out_c, k, stride, dilation;
  bool same;
};

const std::vector<ConvSpec>& ConvSpecs() {
  static const std::vector<ConvSpec> specs = {
      {7, 7, 3, 4, 3, 1, 1, true},   {10, 10, 8, 16, 3, 2, 1, true}, {10, 9, 8, 8, 3, 2, 1, false},
      {9, 9, 4, 6, 1, 1, 1, false},  {8, 8, 16, 8, 1, 2, 1, true},   {11, 11, 3, 4, 5, 1, 1, true},
      {12, 12, 4, 4, 3, 1, 2, true}, {12, 12, 4, 4, 3, 1, 2, false}, {6, 10, 5, 7, 3, 2, 1, false}};
  return specs;
}

void Convolutions(std::vector<Case>* out) {
  uint32_t seed = 100;
  const auto& specs = ConvSpecs();
  for (size_t i = 0; i < specs.size(); ++i) {
    const ConvSpec& s = specs[i];
    const char* act = kActivations[i % 4];
    const int32_t oh = ConvOut(s.h, s.k, s.stride, s.dilation, s.same);
    const int32_t ow = ConvOut(s.w, s.k, s.stride, s.dilation, s.same);
    const std::string what =
        absl::StrCat(s.k, "x", s.k, " s", s.stride, " d", s.dilation, s.same ? " SAME " : " VALID ",
                     act, " [1,", s.h, ",", s.w, ",", s.in_c, "]->", s.out_c);
    const Options options = {{"padding", s.same ? "SAME" : "VALID"},
                             {"stride_w", s.stride},
                             {"stride_h", s.stride},
                             {"dilation_w_factor", s.dilation},
                             {"dilation_h_factor", s.dilation},
                             {"fused_activation_function", act}};
    {  // float32 CONV_2D
      CaseBuilder b("CONV_2D", PLINTH_FLOAT32, what, seed++);
      int x = b.Input(PLINTH_FLOAT32, {1, s.h, s.w, s.in_c});
      int w =
          b.model().AddConstant(PLINTH_FLOAT32, {s.out_c, s.k, s.k, s.in_c},
                                Floats(Count({s.out_c, s.k, s.k, s.in_c}), -0.5f, 0.5f, b.seed()));
      int bias =
          b.model().AddConstant(PLINTH_FLOAT32, {s.out_c}, Floats(s.out_c, -1, 1, b.seed() + 1));
      int y = b.Output(PLINTH_FLOAT32, {1, oh, ow, s.out_c});
      b.model().AddOperator("CONV_2D", {x, w, bias}, {y}, options, 2);
      out->push_back(b.Finish());
    }
    {  // int8 CONV_2D, per-channel weights
      CaseBuilder b("CONV_2D", PLINTH_INT8, what + " per-channel", seed++);
      const float in_scale = 0.02f;
      int x = b.Input(PLINTH_INT8, {1, s.h, s.w, s.in_c}, QuantSpec{{in_scale}, {-5}, 0});
      std::vector<float> scales;
      std::vector<int64_t> zeros;
      for (int32_t c = 0; c < s.out_c; ++c) {
        scales.push_back(0.002f + 0.003f * static_cast<float>(c % 5));
        zeros.push_back(0);
      }
      int w = b.model().AddConstant(
          PLINTH_INT8, {s.out_c, s.k, s.k, s.in_c},
          Ints<int8_t>(Count({s.out_c, s.k, s.k, s.in_c}), -127, 127, b.seed()), "",
          QuantSpec{scales, zeros, 0});
      std::vector<float> bias_scales;
      for (float ws : scales) bias_scales.push_back(in_scale * ws);
      int bias = b.model().AddConstant(PLINTH_INT32, {s.out_c},
                                       Ints<int32_t>(s.out_c, -2000, 2000, b.seed() + 1), "",
                                       QuantSpec{bias_scales, zeros, 0});
      int y = b.Output(PLINTH_INT8, {1, oh, ow, s.out_c}, QuantSpec{{0.15f}, {3}, 0});
      b.model().AddOperator("CONV_2D", {x, w, bias}, {y}, options, 3);
      out->push_back(b.Finish());
    }
  }
  // Depthwise: multipliers 1 and 2.
  for (size_t i = 0; i < specs.size(); ++i) {
    const ConvSpec& s = specs[i];
    const int32_t multiplier = i % 3 == 2 ? 2 : 1;
    const int32_t out_c = s.in_c * multiplier;
    const char* act = kActivations[(i + 1) % 4];
    const int32_t oh = ConvOut(s.h, s.k, s.stride, s.dilation, s.same);
    const int32_t ow = ConvOut(s.w, s.k, s.stride, s.dilation, s.same);
    const std::string what = absl::StrCat(s.k, "x", s.k, " s", s.stride, " d", s.dilation, " m",
                                          multiplier, s.same ? " SAME " : " VALID ", act);
    const Options options = {{"padding", s.same ? "SAME" : "VALID"},
                             {"stride_w", s.stride},
                             {"stride_h", s.stride},
                             {"dilation_w_factor", s.dilation},
                             {"dilation_h_factor", s.dilation},
                             {"depth_multiplier", multiplier},
                             {"fused_activation_function", act}};
    CaseBuilder b("DEPTHWISE_CONV_2D", PLINTH_FLOAT32, what, seed++);
    int x = b.Input(PLINTH_FLOAT32, {1, s.h, s.w, s.in_c});
    int w = b.model().AddConstant(PLINTH_FLOAT32, {1, s.k, s.k, out_c},
                                  Floats(Count({s.k, s.k, out_c}), -0.5f, 0.5f, b.seed()));
    int bias = b.model().AddConstant(PLINTH_FLOAT32, {out_c}, Floats(out_c, -1, 1, b.seed() + 1));
    int y = b.Output(PLINTH_FLOAT32, {1, oh, ow, out_c});
    b.model().AddOperator("DEPTHWISE_CONV_2D", {x, w, bias}, {y}, options, 2);
    out->push_back(b.Finish());
  }
  // TRANSPOSE_CONV (inputs: output shape, weights, input, bias).
  uint32_t tseed = 300;
  for (const auto& [stride, same] :
       std::vector<std::pair<int, bool>>{{1, true}, {2, true}, {2, false}}) {
    const int32_t h = 5, w = 4, in_c = 3, out_c = 4, k = 3;
    const int32_t oh = same ? h * stride : (h - 1) * stride + k;
    const int32_t ow = same ? w * stride : (w - 1) * stride + k;
    CaseBuilder b("TRANSPOSE_CONV", PLINTH_FLOAT32,
                  absl::StrCat("3x3 s", stride, same ? " SAME" : " VALID"), tseed++);
    int shape = b.model().AddConstant(PLINTH_INT32, {4}, std::vector<int32_t>{1, oh, ow, out_c});
    int weights = b.model().AddConstant(PLINTH_FLOAT32, {out_c, k, k, in_c},
                                        Floats(Count({out_c, k, k, in_c}), -0.5f, 0.5f, b.seed()));
    int x = b.Input(PLINTH_FLOAT32, {1, h, w, in_c});
    int bias = b.model().AddConstant(PLINTH_FLOAT32, {out_c}, Floats(out_c, -1, 1, b.seed() + 1));
    int y = b.Output(PLINTH_FLOAT32, {1, oh, ow, out_c});
    b.model().AddOperator(
        "TRANSPOSE_CONV", {shape, weights, x, bias}, {y},
        {{"padding", same ? "SAME" : "VALID"}, {"stride_w", stride}, {"stride_h", stride}}, 4);
    out->push_back(b.Finish());
  }
}

void FullyConnected(std::vector<Case>* out) {
  uint32_t seed = 400;
  for (const auto& [batch, depth, units, bias, act] :
       std::vector<std::tuple<int, int, int, bool, const char*>>{
           {1, 16, 10, true, "NONE"}, {4, 33, 7, false, "RELU"}, {2, 64, 1, true, "RELU6"}}) {
    const std::string what =
        absl::StrCat("[", batch, ",", depth, "]->", units, bias ? " bias " : " ", act);
    {
      CaseBuilder b("FULLY_CONNECTED", PLINTH_FLOAT32, what, seed++);
      int x = b.Input(PLINTH_FLOAT32, {batch, depth});
      int w = b.model().AddConstant(PLINTH_FLOAT32, {units, depth},
                                    Floats(Count({units, depth}), -0.5f, 0.5f, b.seed()));
      int bias_t =
          bias ? b.model().AddConstant(PLINTH_FLOAT32, {units}, Floats(units, -1, 1, b.seed() + 1))
               : -1;
      int y = b.Output(PLINTH_FLOAT32, {batch, units});
      b.model().AddOperator("FULLY_CONNECTED", {x, w, bias_t}, {y},
                            {{"fused_activation_function", act}});
      out->push_back(b.Finish());
    }
    {
      CaseBuilder b("FULLY_CONNECTED", PLINTH_INT8, what, seed++);
      int x = b.Input(PLINTH_INT8, {batch, depth}, QuantSpec{{0.03f}, {7}, 0});
      int w = b.model().AddConstant(PLINTH_INT8, {units, depth},
                                    Ints<int8_t>(Count({units, depth}), -127, 127, b.seed()), "",
                                    QuantSpec{{0.004f}, {0}, 0});
      int bias_t = bias ? b.model().AddConstant(PLINTH_INT32, {units},
                                                Ints<int32_t>(units, -3000, 3000, b.seed() + 1), "",
                                                QuantSpec{{0.03f * 0.004f}, {0}, 0})
                        : -1;
      int y = b.Output(PLINTH_INT8, {batch, units}, QuantSpec{{0.2f}, {-4}, 0});
      b.model().AddOperator("FULLY_CONNECTED", {x, w, bias_t}, {y},
                            {{"fused_activation_function", act}}, 4);
      out->push_back(b.Finish());
    }
  }
}

void Pooling(std::vector<Case>* out) {
  uint32_t seed = 500;
  for (const char* op : {"AVERAGE_POOL_2D", "MAX_POOL_2D"}) {
    for (const auto& [filter, stride, same] : std::vector<std::tuple<int, int, bool>>{
             {2, 2, false}, {3, 2, true}, {3, 1, true}, {7, 7, false}}) {
      const int32_t h = 7, w = 7, c = 5;
      const int32_t oh = ConvOut(h, filter, stride, 1, same),
                    ow = ConvOut(w, filter, stride, 1, same);
      const std::string what =
          absl::StrCat(filter, "x", filter, " s", stride, same ? " SAME" : " VALID");
      const Options options = {{"padding", same ? "SAME" : "VALID"},
                               {"stride_w", stride},
                               {"stride_h", stride},
                               {"filter_width", filter},
                               {"filter_height", filter}};
      for (PlinthType type : {PLINTH_FLOAT32, PLINTH_INT8}) {
        CaseBuilder b(op, type, what, seed++);
        QuantSpec q = type == PLINTH_INT8 ? QuantSpec{{0.05f}, {-20}, 0} : QuantSpec{};
        int x = b.Input(type, {1, h, w, c}, q);
        int y = b.Output(type, {1, oh, ow, c}, q);
        b.model().AddOperator(op, {x}, {y}, options, type == PLINTH_INT8 ? 2 : 1);
        out->push_back(b.Finish());
      }
    }
  }
}

void DataMovement(std::vector<Case>* out) {
  uint32_t seed = 600;
  for (const auto& [axis, count] :
       std::vector<std::pair<int, int>>{{3, 2}, {1, 3}, {-1, 3}, {0, 2}}) {
    CaseBuilder b("CONCATENATION", PLINTH_FLOAT32,
                  absl::StrCat("axis ", axis, ", ", count, " inputs"), seed++);
    std::vector<int32_t> ins;
    std::vector<int32_t> out_shape = {2, 3, 4, 5};
    const int norm = axis < 0 ? axis + 4 : axis;
    out_shape[norm] = 0;
    for (int i = 0; i < count; ++i) {
      std::vector<int32_t> shape = {2, 3, 4, 5};
      shape[norm] = i + 1;
      out_shape[norm] += i + 1;
      ins.push_back(b.Input(PLINTH_FLOAT32, shape));
    }
    int y = b.Output(PLINTH_FLOAT32, out_shape);
    b.model().AddOperator("CONCATENATION", ins, {y}, {{"axis", axis}});
    out->push_back(b.Finish());
  }
  {
    CaseBuilder b("RESHAPE", PLINTH_FLOAT32, "[2,3,4] -> [4,6]", seed++);
    int x = b.Input(PLINTH_FLOAT32, {2, 3, 4});
    int shape = b.model().AddConstant(PLINTH_INT32, {2}, std::vector<int32_t>{4, 6});
    int y = b.Output(PLINTH_FLOAT32, {4, 6});
    b.model().AddOperator("RESHAPE", {x, shape}, {y}, {});
    out->push_back(b.Finish());
  }
  for (const auto& paddings :
       std::vector<std::vector<int32_t>>{{0, 0, 1, 1, 1, 1, 0, 0}, {0, 0, 0, 2, 3, 0, 1, 1}}) {
    CaseBuilder b("PAD", PLINTH_FLOAT32, absl::StrCat("paddings ", absl::StrJoin(paddings, ",")),
                  seed++);
    int x = b.Input(PLINTH_FLOAT32, {1, 4, 4, 3});
    int p = b.model().AddConstant(PLINTH_INT32, {4, 2}, paddings);
    int y =
        b.Output(PLINTH_FLOAT32, {1, 4 + paddings[2] + paddings[3], 4 + paddings[4] + paddings[5],
                                  3 + paddings[6] + paddings[7]});
    b.model().AddOperator("PAD", {x, p}, {y}, {});
    out->push_back(b.Finish());
  }
  for (const auto& [keep, axes] : std::vector<std::pair<bool, std::vector<int32_t>>>{
           {true, {1, 2}}, {false, {1, 2}}, {false, {3}}}) {
    CaseBuilder b("MEAN", PLINTH_FLOAT32,
                  absl::StrCat("axes ", absl::StrJoin(axes, ","), keep ? " keep_dims" : ""),
                  seed++);
    int x = b.Input(PLINTH_FLOAT32, {2, 5, 6, 4});
    int a = b.model().AddConstant(PLINTH_INT32, {static_cast<int32_t>(axes.size())}, axes);
    std::vector<int32_t> shape = {2, 5, 6, 4};
    for (int32_t ax : axes) shape[ax] = 1;
    if (!keep) shape.erase(std::remove(shape.begin() + 1, shape.end(), 1), shape.end());
    int y = b.Output(PLINTH_FLOAT32, shape);
    b.model().AddOperator("MEAN", {x, a}, {y}, {{"keep_dims", keep}});
    out->push_back(b.Finish());
  }
  for (const auto& [h, w, align, half] : std::vector<std::tuple<int, int, bool, bool>>{
           {9, 7, false, false}, {9, 7, true, false}, {9, 7, false, true}, {3, 2, false, true}}) {
    CaseBuilder b("RESIZE_BILINEAR", PLINTH_FLOAT32,
                  absl::StrCat("[1,5,4,3] -> ", h, "x", w, align ? " align_corners" : "",
                               half ? " half_pixel" : ""),
                  seed++);
    int x = b.Input(PLINTH_FLOAT32, {1, 5, 4, 3});
    int size = b.model().AddConstant(PLINTH_INT32, {2}, std::vector<int32_t>{h, w});
    int y = b.Output(PLINTH_FLOAT32, {1, h, w, 3});
    b.model().AddOperator("RESIZE_BILINEAR", {x, size}, {y},
                          {{"align_corners", align}, {"half_pixel_centers", half}}, 3);
    out->push_back(b.Finish());
  }
}

void Activations(std::vector<Case>* out) {
  uint32_t seed = 700;
  for (const char* op : {"LOGISTIC", "TANH", "RELU", "RELU6", "RELU_N1_TO_1", "HARD_SWISH"}) {
    for (const auto& shape : std::vector<std::vector<int32_t>>{{1, 64}, {2, 5, 5, 3}}) {
      CaseBuilder b(op, PLINTH_FLOAT32, ShapeText(shape), seed++);
      int x = b.Input(PLINTH_FLOAT32, shape);
      int y = b.Output(PLINTH_FLOAT32, shape);
      b.model().AddOperator(op, {x}, {y}, {});
      out->push_back(b.Finish());
    }
  }
  for (const auto& [shape, beta] : std::vector<std::pair<std::vector<int32_t>, float>>{
           {{1, 10}, 1.f}, {{3, 17}, 0.5f}, {{1, 4, 4, 8}, 2.f}}) {
    CaseBuilder b("SOFTMAX", PLINTH_FLOAT32, absl::StrCat(ShapeText(shape), " beta ", beta),
                  seed++);
    int x = b.Input(PLINTH_FLOAT32, shape);
    int y = b.Output(PLINTH_FLOAT32, shape);
    b.model().AddOperator("SOFTMAX", {x}, {y}, {{"beta", beta}});
    out->push_back(b.Finish());
  }
  {
    CaseBuilder b("SOFTMAX", PLINTH_INT8, "[2,12]", seed++);
    int x = b.Input(PLINTH_INT8, {2, 12}, QuantSpec{{0.1f}, {-5}, 0});
    int y = b.Output(PLINTH_INT8, {2, 12}, QuantSpec{{1.f / 256}, {-128}, 0});
    b.model().AddOperator("SOFTMAX", {x}, {y}, {{"beta", 1.0f}}, 2);
    out->push_back(b.Finish());
  }
  {
    CaseBuilder b("LOGISTIC", PLINTH_INT8, "[4,16]", seed++);
    int x = b.Input(PLINTH_INT8, {4, 16}, QuantSpec{{0.06f}, {3}, 0});
    int y = b.Output(PLINTH_INT8, {4, 16}, QuantSpec{{1.f / 256}, {-128}, 0});
    b.model().AddOperator("LOGISTIC", {x}, {y}, {}, 2);
    out->push_back(b.Finish());
  }
}

}  // namespace

std::vector<Case> AllCases(const std::string& op_filter) {
  std::vector<Case> all;
  Arithmetic(&all);
  Convolutions(&all);
  FullyConnected(&all);
  Pooling(&all);
  DataMovement(&all);
  Activations(&all);
  if (op_filter.empty()) return all;
  std::vector<Case> kept;
  for (Case& c : all) {
    if (c.op.find(op_filter) != std::string::npos) kept.push_back(std::move(c));
  }
  return kept;
}

}  // namespace plinth::conformance
