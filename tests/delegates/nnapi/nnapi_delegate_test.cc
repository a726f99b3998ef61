// The NNAPI delegate against the reference NNAPI runtime (reference/): every translated op against
// the CPU kernels (float within a tight tolerance, quantized bit-exact), the shared models against
// their golden vectors and the CPU, partitioning, options, constants handed over as memory, and
// the failure paths (no library, old runtime, unsupported ops, failing compilation or execution).
#include <dlfcn.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "core/interpreter.h"
#include "core/plugin_loader.h"
#include "delegates/nnapi/nnapi_types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/delegates/nnapi/reference/ref_nnapi_stats.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;
using KeyValues = std::vector<std::pair<std::string, std::string>>;

// Float kernels accumulate in the same order on both sides; exp/tanh may differ by an ulp.
constexpr double kFloatTolerance = 2e-5;  // x max|cpu|

std::shared_ptr<OpRegistry> Registry() {
  static std::shared_ptr<OpRegistry> registry = [] {
    auto r = std::make_shared<OpRegistry>();
    EXPECT_TRUE(LoadPlugin(testing::BuiltinPluginPath(), r.get()).ok());
    auto nnapi = LoadPlugin(PLINTH_TEST_NNAPI_DELEGATE, r.get());
    EXPECT_TRUE(nnapi.ok()) << nnapi.status();
    return r;
  }();
  return registry;
}

// Shape-only stand-ins for SOFTMAX and ADD first, then the built-in kernels and the delegate: for
// delegated runs of models whose int8/uint8 SOFTMAX or ADD has no built-in kernel in this tree.
std::shared_ptr<OpRegistry> StandInRegistry() {
  static std::shared_ptr<OpRegistry> registry = [] {
    auto r = std::make_shared<OpRegistry>();
    EXPECT_TRUE(LoadPlugin(PLINTH_TEST_SHAPE_ONLY_OPS, r.get()).ok());
    EXPECT_TRUE(LoadPlugin(testing::BuiltinPluginPath(), r.get()).ok());
    EXPECT_TRUE(LoadPlugin(PLINTH_TEST_NNAPI_DELEGATE, r.get()).ok());
    return r;
  }();
  return registry;
}

DelegateRequest Nnapi(KeyValues extra = {}) {
  DelegateRequest request{"nnapi", {{"library", PLINTH_TEST_REFERENCE_NNAPI}}};
  for (auto& kv : extra) request.options.push_back(std::move(kv));
  return request;
}

// The reference runtime, opened once for the whole test process: the delegate's own dlopen gets
// this same instance, and it stays loaded (with its counters) after the delegate closes it.
void* ReferenceRuntime() {
  static void* const lib = dlopen(PLINTH_TEST_REFERENCE_NNAPI, RTLD_NOW | RTLD_LOCAL);
  return lib;
}

// The reference runtime's counters.
PlinthRefNnapiStats Stats() {
  auto get = reinterpret_cast<PlinthRefNnapi_GetStats_fn>(
      dlsym(ReferenceRuntime(), "PlinthRefNnapi_GetStats"));
  PlinthRefNnapiStats stats{};
  if (get != nullptr) get(&stats);
  return stats;
}
void ResetStats() {
  auto reset = reinterpret_cast<PlinthRefNnapi_ResetStats_fn>(
      dlsym(ReferenceRuntime(), "PlinthRefNnapi_ResetStats"));
  if (reset != nullptr) reset();
}

// Sets environment variables for one scope (the reference runtime reads them at each call).
class ScopedEnv {
 public:
  ScopedEnv(std::initializer_list<std::pair<const char*, const char*>> vars) {
    for (const auto& [k, v] : vars) {
      names_.push_back(k);
      setenv(k, v, 1);
    }
  }
  ~ScopedEnv() {
    for (const char* k : names_) unsetenv(k);
  }

 private:
  std::vector<const char*> names_;
};

struct Outputs {
  absl::Status status;
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<PlinthType> types;
  std::string placement;
  std::vector<std::string> reasons;  // per node
  std::vector<std::string> warnings;
};

Outputs RunBytes(std::shared_ptr<const Model> model,
                 const std::vector<std::vector<uint8_t>>& inputs,
                 std::vector<DelegateRequest> delegates, bool fallback = false,
                 std::shared_ptr<OpRegistry> registry = Registry()) {
  Outputs out;
  InterpreterOptions options;
  options.delegates = std::move(delegates);
  options.delegate_fallback = fallback;
  options.warning_sink = [&](const std::string& w) { out.warnings.push_back(w); };
  auto interp = Interpreter::Create(model, std::move(registry), options);
  if (!interp.ok()) {
    out.status = interp.status();
    return out;
  }
  out.status = (*interp)->AllocateTensors();
  for (size_t i = 0; out.status.ok() && i < inputs.size(); ++i)
    out.status = (*interp)->SetInput(i, inputs[i]);
  if (out.status.ok()) out.status = (*interp)->Invoke();
  out.placement = (*interp)->placement().Summary();
  for (const auto& n : (*interp)->placement().nodes) out.reasons.push_back(n.reason);
  if (!out.status.ok()) return out;
  for (size_t o = 0; o < (*interp)->num_outputs(); ++o) {
    Tensor t = (*interp)->output(o);
    const uint8_t* p = static_cast<const uint8_t*>(t.raw_data());
    out.bytes.emplace_back(p, p + t.bytes());
    out.types.push_back(t.type());
  }
  return out;
}

Outputs RunModelWith(const ModelBuilder& builder, const std::vector<std::vector<uint8_t>>& inputs,
                     std::vector<DelegateRequest> delegates, bool fallback = false,
                     std::shared_ptr<OpRegistry> registry = Registry()) {
  auto bytes = builder.Build();
  Outputs failed;
  if (!bytes.ok()) {
    failed.status = bytes.status();
    return failed;
  }
  auto model = Model::FromBuffer(*bytes, "nnapi-test.tflite");
  if (!model.ok()) {
    failed.status = model.status();
    return failed;
  }
  return RunBytes(*model, inputs, std::move(delegates), fallback, std::move(registry));
}

// Largest difference: float relative to max|reference|, integers in steps.
double Distance(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, PlinthType type,
                double* max_ref) {
  double worst = 0;
  *max_ref = 0;
  const size_t n = a.size() / (type == PLINTH_FLOAT32 ? 4 : type == PLINTH_INT16 ? 2 : 1);
  for (size_t i = 0; i < n; ++i) {
    double x = 0, y = 0;
    if (type == PLINTH_FLOAT32) {
      x = reinterpret_cast<const float*>(a.data())[i];
      y = reinterpret_cast<const float*>(b.data())[i];
    } else if (type == PLINTH_INT8) {
      x = static_cast<int8_t>(a[i]);
      y = static_cast<int8_t>(b[i]);
    } else if (type == PLINTH_INT16) {
      x = reinterpret_cast<const int16_t*>(a.data())[i];
      y = reinterpret_cast<const int16_t*>(b.data())[i];
    } else {
      x = a[i];
      y = b[i];
    }
    *max_ref = std::max(*max_ref, std::fabs(x));
    worst = std::max(worst, std::fabs(x - y));
  }
  return worst;
}

// ---- single-op cases ---------------------------------------------------------------------------

// One model plus its feeds, random but seeded.
class CaseMaker {
 public:
  explicit CaseMaker(uint32_t seed) : rng_(seed) {}
  int Input(PlinthType type, std::vector<int32_t> shape, QuantSpec quant = {}, float lo = -2.f,
            float hi = 2.f) {
    int64_t n = 1;
    for (int32_t d : shape) n *= d;
    std::vector<uint8_t> bytes;
    if (type == PLINTH_FLOAT32) {
      std::uniform_real_distribution<float> d(lo, hi);
      std::vector<float> v(static_cast<size_t>(n));
      for (float& x : v) x = d(rng_);
      bytes = testing::Bytes(v);
    } else {
      std::uniform_int_distribution<int> d(type == PLINTH_INT8 ? -128 : 0,
                                           type == PLINTH_INT8 ? 127 : 255);
      for (int64_t i = 0; i < n; ++i) bytes.push_back(static_cast<uint8_t>(d(rng_)));
    }
    const int t = b_.AddTensor(type, std::move(shape), "", std::move(quant));
    inputs_.push_back(t);
    feeds_.push_back(std::move(bytes));
    return t;
  }
  std::vector<float> Floats(size_t n, float lo, float hi) {
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (float& x : v) x = d(rng_);
    return v;
  }
  template <class T>
  std::vector<T> Ints(size_t n, int lo, int hi) {
    std::uniform_int_distribution<int> d(lo, hi);
    std::vector<T> v(n);
    for (T& x : v) x = static_cast<T>(d(rng_));
    return v;
  }
  template <class T>
  int Const(PlinthType type, std::vector<int32_t> shape, const std::vector<T>& values,
            QuantSpec q = {}) {
    return b_.AddConstant(type, std::move(shape), values, "", std::move(q));
  }
  int Output(PlinthType type, std::vector<int32_t> shape, QuantSpec q = {}) {
    const int t = b_.AddTensor(type, std::move(shape), "", std::move(q));
    outputs_.push_back(t);
    return t;
  }
  int Internal(PlinthType type, std::vector<int32_t> shape, QuantSpec q = {}) {
    return b_.AddTensor(type, std::move(shape), "", std::move(q));
  }
  void Op(const std::string& op, std::vector<int32_t> in, std::vector<int32_t> out,
          Options options = {}, int version = 1) {
    b_.AddOperator(op, std::move(in), std::move(out), std::move(options), version);
    ++nodes_;
  }
  const ModelBuilder& Finish() {
    b_.SetInputs(inputs_);
    b_.SetOutputs(outputs_);
    return b_;
  }
  const std::vector<std::vector<uint8_t>>& feeds() const { return feeds_; }
  int nodes() const { return nodes_; }

 private:
  std::mt19937 rng_;
  ModelBuilder b_;
  std::vector<int32_t> inputs_, outputs_;
  std::vector<std::vector<uint8_t>> feeds_;
  int nodes_ = 0;
};

QuantSpec Q(float scale, int64_t zero) { return QuantSpec{{scale}, {zero}, 0}; }

// Per-channel int8 weights with their int32 bias (scale input x weight scale).
struct QuantWeights {
  int weights, bias;
};
QuantWeights PerChannel(CaseMaker& m, std::vector<int32_t> shape, int dim, float input_scale) {
  const int32_t channels = shape[dim];
  std::vector<float> scales, bias_scales;
  std::vector<int64_t> zeros;
  for (int32_t c = 0; c < channels; ++c) {
    scales.push_back(0.003f + 0.002f * static_cast<float>(c % 4));
    bias_scales.push_back(input_scale * scales.back());
    zeros.push_back(0);
  }
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  const int w = m.Const(PLINTH_INT8, shape, m.Ints<int8_t>(static_cast<size_t>(n), -127, 127),
                        QuantSpec{scales, zeros, dim});
  const int b = m.Const(PLINTH_INT32, {channels}, m.Ints<int32_t>(channels, -3000, 3000),
                        QuantSpec{bias_scales, zeros, 0});
  return {w, b};
}

struct OpCase {
  std::string name;
  void (*build)(CaseMaker& m);
};

const std::vector<OpCase>& OpCases() {
  using F = PlinthType;
  constexpr F f32 = PLINTH_FLOAT32, i8 = PLINTH_INT8, u8 = PLINTH_UINT8;
  static const std::vector<OpCase> cases = {
      {"conv_same_relu6",
       [](CaseMaker& m) {
         int x = m.Input(f32, {2, 9, 7, 5});
         int w = m.Const(f32, {6, 3, 3, 5}, m.Floats(270, -0.5f, 0.5f));
         int b = m.Const(f32, {6}, m.Floats(6, -1, 1));
         m.Op("CONV_2D", {x, w, b}, {m.Output(f32, {2, 9, 7, 6})},
              {{"padding", "SAME"},
               {"stride_w", 1},
               {"stride_h", 1},
               {"fused_activation_function", "RELU6"}});
       }},
      {"conv_stride2_valid_no_bias",
       [](CaseMaker& m) {
         int x = m.Input(f32, {1, 8, 9, 4});
         int w = m.Const(f32, {3, 2, 3, 4}, m.Floats(72, -0.5f, 0.5f));
         m.Op("CONV_2D", {x, w, -1}, {m.Output(f32, {1, 4, 4, 3})},
              {{"padding", "VALID"}, {"stride_w", 2}, {"stride_h", 2}});
       }},
      {"conv_dilated",
       [](CaseMaker& m) {
         int x = m.Input(f32, {1, 10, 10, 3});
         int w = m.Const(f32, {4, 3, 3, 3}, m.Floats(108, -0.5f, 0.5f));
         int b = m.Const(f32, {4}, m.Floats(4, -1, 1));
         m.Op("CONV_2D", {x, w, b}, {m.Output(f32, {1, 10, 10, 4})},
              {{"padding", "SAME"},
               {"stride_w", 1},
               {"stride_h", 1},
               {"dilation_w_factor", 2},
               {"dilation_h_factor", 2},
               {"fused_activation_function", "RELU_N1_TO_1"}});
       }},
      {"depthwise_multiplier2",
       [](CaseMaker& m) {
         int x = m.Input(f32, {1, 9, 9, 3});
         int w = m.Const(f32, {1, 3, 3, 6}, m.Floats(54, -0.5f, 0.5f));
         int b = m.Const(f32, {6}, m.Floats(6, -1, 1));
         m.Op("DEPTHWISE_CONV_2D", {x, w, b}, {m.Output(f32, {1, 5, 5, 6})},
              {{"padding", "SAME"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"depth_multiplier", 2},
               {"fused_activation_function", "RELU"}});
       }},
      {"fully_connected_rank3",
       [](CaseMaker& m) {
         int x = m.Input(f32, {2, 3, 8});
         int w = m.Const(f32, {5, 8}, m.Floats(40, -0.5f, 0.5f));
         int b = m.Const(f32, {5}, m.Floats(5, -1, 1));
         m.Op("FULLY_CONNECTED", {x, w, b}, {m.Output(f32, {6, 5})},
              {{"fused_activation_function", "RELU"}});
       }},
      {"add_sub_mul_div_broadcast",
       [](CaseMaker& m) {
         int a = m.Input(f32, {2, 3, 4, 5});
         int b = m.Input(f32, {3, 1, 5}, {}, 0.5f, 2.f);
         m.Op("ADD", {a, b}, {m.Output(f32, {2, 3, 4, 5})},
              {{"fused_activation_function", "RELU6"}});
         m.Op("SUB", {a, b}, {m.Output(f32, {2, 3, 4, 5})});
         m.Op("MUL", {a, b}, {m.Output(f32, {2, 3, 4, 5})},
              {{"fused_activation_function", "RELU_N1_TO_1"}});
         m.Op("DIV", {a, b}, {m.Output(f32, {2, 3, 4, 5})});
         m.Op("MAXIMUM", {a, b}, {m.Output(f32, {2, 3, 4, 5})});
         m.Op("MINIMUM", {a, b}, {m.Output(f32, {2, 3, 4, 5})});
       }},
      {"pools",
       [](CaseMaker& m) {
         int x = m.Input(f32, {2, 7, 7, 3});
         m.Op("AVERAGE_POOL_2D", {x}, {m.Output(f32, {2, 4, 4, 3})},
              {{"padding", "SAME"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"filter_width", 3},
               {"filter_height", 3}});
         m.Op("MAX_POOL_2D", {x}, {m.Output(f32, {2, 3, 3, 3})},
              {{"padding", "VALID"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"filter_width", 2},
               {"filter_height", 2},
               {"fused_activation_function", "RELU"}});
       }},
      {"concatenation_reshape_softmax",
       [](CaseMaker& m) {
         int a = m.Input(f32, {1, 2, 3, 4});
         int b = m.Input(f32, {1, 2, 3, 2});
         int c = m.Internal(f32, {1, 2, 3, 6});
         m.Op("CONCATENATION", {a, b}, {c}, {{"axis", -1}});
         int shape = m.Const(PLINTH_INT32, {2}, std::vector<int32_t>{6, 6});
         int r = m.Internal(f32, {6, 6});
         m.Op("RESHAPE", {c, shape}, {r});
         m.Op("SOFTMAX", {r}, {m.Output(f32, {6, 6})}, {{"beta", 0.7f}});
       }},
      {"squeeze_expand_dims",
       [](CaseMaker& m) {
         int x = m.Input(f32, {1, 3, 1, 4});
         int s = m.Internal(f32, {3, 4});
         m.Op("SQUEEZE", {x}, {s}, {{"squeeze_dims", std::vector<int32_t>{0, 2}}});
         int axis = m.Const(PLINTH_INT32, {}, std::vector<int32_t>{1});
         m.Op("EXPAND_DIMS", {s, axis}, {m.Output(f32, {3, 1, 4})});
       }},
      {"mean_pad_padv2",
       [](CaseMaker& m) {
         int x = m.Input(f32, {2, 5, 6, 3});
         int axes = m.Const(PLINTH_INT32, {2}, std::vector<int32_t>{1, -2});
         m.Op("MEAN", {x, axes}, {m.Output(f32, {2, 1, 1, 3})}, {{"keep_dims", true}});
         int paddings = m.Const(PLINTH_INT32, {4, 2}, std::vector<int32_t>{0, 0, 1, 2, 2, 0, 0, 1});
         m.Op("PAD", {x, paddings}, {m.Output(f32, {2, 8, 8, 4})});
         int value = m.Const(f32, {}, std::vector<float>{-3.5f});
         m.Op("PADV2", {x, paddings, value}, {m.Output(f32, {2, 8, 8, 4})});
       }},
      {"resize_bilinear_variants",
       [](CaseMaker& m) {
         int x = m.Input(f32, {1, 5, 4, 3});
         int size = m.Const(PLINTH_INT32, {2}, std::vector<int32_t>{9, 7});
         m.Op("RESIZE_BILINEAR", {x, size}, {m.Output(f32, {1, 9, 7, 3})});
         m.Op("RESIZE_BILINEAR", {x, size}, {m.Output(f32, {1, 9, 7, 3})},
              {{"align_corners", true}});
         m.Op("RESIZE_BILINEAR", {x, size}, {m.Output(f32, {1, 9, 7, 3})},
              {{"half_pixel_centers", true}}, 3);
       }},
      {"transpose_strided_slice",
       [](CaseMaker& m) {
         int x = m.Input(f32, {2, 3, 4, 5});
         int perm = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{0, 3, 1, 2});
         m.Op("TRANSPOSE", {x, perm}, {m.Output(f32, {2, 5, 3, 4})});
         int begin = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{0, 1, -1, 4});
         int end = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{2, 3, 0, 0});
         int strides = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{1, 1, -2, -2});
         m.Op("STRIDED_SLICE", {x, begin, end, strides}, {m.Output(f32, {2, 2, 2})},
              {{"begin_mask", 1}, {"end_mask", 2}, {"shrink_axis_mask", 1}}, 4);
       }},
      {"space_depth",
       [](CaseMaker& m) {
         int x = m.Input(f32, {1, 4, 6, 3});
         int s = m.Internal(f32, {1, 2, 3, 12});
         m.Op("SPACE_TO_DEPTH", {x}, {s}, {{"block_size", 2}});
         m.Op("DEPTH_TO_SPACE", {s}, {m.Output(f32, {1, 4, 6, 3})}, {{"block_size", 2}});
       }},
      {"activations",
       [](CaseMaker& m) {
         int x = m.Input(f32, {3, 17}, {}, -8.f, 8.f);
         for (const char* op :
              {"LOGISTIC", "TANH", "RELU", "RELU6", "RELU_N1_TO_1", "HARD_SWISH"}) {
           m.Op(op, {x}, {m.Output(f32, {3, 17})});
         }
       }},
      // Quantized: bit-exact.
      {"int8_conv_per_channel",
       [](CaseMaker& m) {
         int x = m.Input(i8, {1, 9, 8, 4}, Q(0.02f, -5));
         QuantWeights w = PerChannel(m, {6, 3, 3, 4}, 0, 0.02f);
         m.Op("CONV_2D", {x, w.weights, w.bias}, {m.Output(i8, {1, 5, 4, 6}, Q(0.1f, 3))},
              {{"padding", "SAME"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"fused_activation_function", "RELU6"}},
              3);
       }},
      {"int8_conv_dilated_per_tensor",
       [](CaseMaker& m) {
         int x = m.Input(i8, {1, 10, 10, 3}, Q(0.05f, 10));
         int w = m.Const(i8, {4, 3, 3, 3}, m.Ints<int8_t>(108, -127, 127), Q(0.01f, 0));
         int b = m.Const(PLINTH_INT32, {4}, m.Ints<int32_t>(4, -500, 500), Q(0.0005f, 0));
         m.Op("CONV_2D", {x, w, b}, {m.Output(i8, {1, 6, 6, 4}, Q(0.2f, -7))},
              {{"padding", "VALID"},
               {"stride_w", 1},
               {"stride_h", 1},
               {"dilation_w_factor", 2},
               {"dilation_h_factor", 2}},
              3);
       }},
      {"uint8_conv",
       [](CaseMaker& m) {
         int x = m.Input(u8, {1, 7, 7, 3}, Q(0.03f, 120));
         int w = m.Const(u8, {5, 3, 3, 3}, m.Ints<uint8_t>(135, 0, 255), Q(0.008f, 130));
         int b = m.Const(PLINTH_INT32, {5}, m.Ints<int32_t>(5, -2000, 2000), Q(0.03f * 0.008f, 0));
         m.Op("CONV_2D", {x, w, b}, {m.Output(u8, {1, 7, 7, 5}, Q(0.25f, 100))},
              {{"padding", "SAME"},
               {"stride_w", 1},
               {"stride_h", 1},
               {"fused_activation_function", "RELU"}});
       }},
      {"int8_depthwise_per_channel",
       [](CaseMaker& m) {
         int x = m.Input(i8, {1, 8, 8, 3}, Q(0.04f, 2));
         QuantWeights w = PerChannel(m, {1, 3, 3, 6}, 3, 0.04f);
         m.Op("DEPTHWISE_CONV_2D", {x, w.weights, w.bias},
              {m.Output(i8, {1, 8, 8, 6}, Q(0.05f, -1))},
              {{"padding", "SAME"}, {"stride_w", 1}, {"stride_h", 1}, {"depth_multiplier", 2}}, 3);
       }},
      {"uint8_depthwise",
       [](CaseMaker& m) {
         int x = m.Input(u8, {1, 9, 9, 4}, Q(0.02f, 128));
         int w = m.Const(u8, {1, 3, 3, 4}, m.Ints<uint8_t>(36, 0, 255), Q(0.01f, 127));
         int b = m.Const(PLINTH_INT32, {4}, m.Ints<int32_t>(4, -1000, 1000), Q(0.0002f, 0));
         m.Op("DEPTHWISE_CONV_2D", {x, w, b}, {m.Output(u8, {1, 5, 5, 4}, Q(0.03f, 120))},
              {{"padding", "SAME"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"depth_multiplier", 1},
               {"fused_activation_function", "RELU6"}});
       }},
      {"int8_and_uint8_fully_connected",
       [](CaseMaker& m) {
         int x = m.Input(i8, {3, 20}, Q(0.03f, 7));
         int w = m.Const(i8, {7, 20}, m.Ints<int8_t>(140, -127, 127), Q(0.004f, 0));
         int b = m.Const(PLINTH_INT32, {7}, m.Ints<int32_t>(7, -3000, 3000), Q(0.03f * 0.004f, 0));
         m.Op("FULLY_CONNECTED", {x, w, b}, {m.Output(i8, {3, 7}, Q(0.2f, -4))},
              {{"fused_activation_function", "RELU"}}, 4);
         int u = m.Input(u8, {2, 16}, Q(0.05f, 128));
         int uw = m.Const(u8, {4, 16}, m.Ints<uint8_t>(64, 0, 255), Q(0.01f, 120));
         m.Op("FULLY_CONNECTED", {u, uw, -1}, {m.Output(u8, {2, 4}, Q(0.3f, 130))});
       }},
      {"int8_pools_concat_reshape_pad_transpose_slice",
       [](CaseMaker& m) {
         const QuantSpec q = Q(0.05f, -20);
         int x = m.Input(i8, {1, 7, 7, 4}, q);
         m.Op("AVERAGE_POOL_2D", {x}, {m.Output(i8, {1, 4, 4, 4}, q)},
              {{"padding", "SAME"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"filter_width", 3},
               {"filter_height", 3}},
              2);
         m.Op("MAX_POOL_2D", {x}, {m.Output(i8, {1, 3, 3, 4}, q)},
              {{"padding", "VALID"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"filter_width", 3},
               {"filter_height", 3},
               {"fused_activation_function", "RELU6"}},
              2);
         int y = m.Input(i8, {1, 7, 7, 2}, q);
         m.Op("CONCATENATION", {x, y}, {m.Output(i8, {1, 7, 7, 6}, q)}, {{"axis", 3}}, 2);
         int shape = m.Const(PLINTH_INT32, {2}, std::vector<int32_t>{7, 28});
         m.Op("RESHAPE", {x, shape}, {m.Output(i8, {7, 28}, q)});
         int paddings = m.Const(PLINTH_INT32, {4, 2}, std::vector<int32_t>{0, 0, 1, 1, 2, 0, 0, 0});
         m.Op("PAD", {x, paddings}, {m.Output(i8, {1, 9, 9, 4}, q)}, {}, 2);
         int perm = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{0, 3, 1, 2});
         m.Op("TRANSPOSE", {x, perm}, {m.Output(i8, {1, 4, 7, 7}, q)}, {}, 2);
         int begin = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{0, 1, 0, 1});
         int end = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{1, 6, 7, 4});
         int strides = m.Const(PLINTH_INT32, {4}, std::vector<int32_t>{1, 2, 3, 2});
         m.Op("STRIDED_SLICE", {x, begin, end, strides}, {m.Output(i8, {1, 3, 3, 2}, q)}, {}, 2);
       }},
      {"uint8_pools_padv2_space_to_depth",
       [](CaseMaker& m) {
         const QuantSpec q = Q(0.1f, 128);
         int x = m.Input(u8, {2, 6, 6, 3}, q);
         m.Op("AVERAGE_POOL_2D", {x}, {m.Output(u8, {2, 3, 3, 3}, q)},
              {{"padding", "VALID"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"filter_width", 2},
               {"filter_height", 2},
               {"fused_activation_function", "RELU"}});
         int paddings = m.Const(PLINTH_INT32, {4, 2}, std::vector<int32_t>{0, 0, 2, 0, 0, 1, 0, 0});
         int value = m.Const(u8, {}, std::vector<uint8_t>{77}, q);
         m.Op("PADV2", {x, paddings, value}, {m.Output(u8, {2, 8, 7, 3}, q)}, {}, 2);
         m.Op("SPACE_TO_DEPTH", {x}, {m.Output(u8, {2, 3, 3, 12}, q)}, {{"block_size", 2}}, 2);
       }},
      // Quantized ops whose CPU kernels may not be in this tree yet: compared where they are.
      {"int8_uint8_add",
       [](CaseMaker& m) {
         int a = m.Input(i8, {1, 4, 4, 3}, Q(0.05f, -10));
         int b = m.Input(i8, {3}, Q(0.08f, -3));
         m.Op("ADD", {a, b}, {m.Output(i8, {1, 4, 4, 3}, Q(0.1f, -13))},
              {{"fused_activation_function", "RELU"}}, 2);
         int c = m.Input(u8, {2, 5}, Q(0.02f, 128));
         int d = m.Input(u8, {2, 5}, Q(0.03f, 120));
         m.Op("ADD", {c, d}, {m.Output(u8, {2, 5}, Q(0.04f, 125))});
       }},
      {"quantized_softmax_logistic_tanh_relu",
       [](CaseMaker& m) {
         int x = m.Input(i8, {2, 12}, Q(0.1f, -5));
         m.Op("SOFTMAX", {x}, {m.Output(i8, {2, 12}, Q(1.f / 256, -128))}, {{"beta", 1.0f}}, 2);
         m.Op("LOGISTIC", {x}, {m.Output(i8, {2, 12}, Q(1.f / 256, -128))}, {}, 2);
         m.Op("TANH", {x}, {m.Output(i8, {2, 12}, Q(1.f / 128, 0))}, {}, 2);
         m.Op("RELU", {x}, {m.Output(i8, {2, 12}, Q(0.1f, -5))}, {}, 2);
         int u = m.Input(u8, {3, 10}, Q(0.07f, 130));
         m.Op("SOFTMAX", {u}, {m.Output(u8, {3, 10}, Q(1.f / 256, 0))}, {{"beta", 0.5f}});
         m.Op("LOGISTIC", {u}, {m.Output(u8, {3, 10}, Q(1.f / 256, 0))});
         m.Op("RELU6", {u}, {m.Output(u8, {3, 10}, Q(0.07f, 130))});
       }},
      {"quantize_dequantize",
       [](CaseMaker& m) {
         int x = m.Input(f32, {4, 9}, {}, -3.f, 3.f);
         int q = m.Internal(i8, {4, 9}, Q(0.025f, 3));
         m.Op("QUANTIZE", {x}, {q});
         m.Op("DEQUANTIZE", {q}, {m.Output(f32, {4, 9})}, {}, 2);
         m.Op("QUANTIZE", {x}, {m.Output(u8, {4, 9}, Q(0.03f, 127))});
       }},
  };
  return cases;
}

class NnapiOp : public ::testing::TestWithParam<size_t> {};

TEST_P(NnapiOp, MatchesTheCpuKernels) {
  const OpCase& c = OpCases()[GetParam()];
  CaseMaker m(static_cast<uint32_t>(GetParam()) * 7919 + 1);
  c.build(m);
  const ModelBuilder& model = m.Finish();
  Outputs nnapi = RunModelWith(model, m.feeds(), {Nnapi()}, false, StandInRegistry());
  ASSERT_TRUE(nnapi.status.ok()) << c.name << ": " << nnapi.status;
  // Every node delegated (independent nodes form partitions of their own).
  EXPECT_THAT(nnapi.placement, ::testing::StartsWith("nnapi: " + std::to_string(m.nodes()) +
                                                     (m.nodes() == 1 ? " node in" : " nodes in")))
      << c.name << ": " << ::testing::PrintToString(nnapi.reasons);
  EXPECT_THAT(nnapi.placement, ::testing::Not(HasSubstr("cpu"))) << c.name;
  if (const char* dump = std::getenv("PLINTH_NNAPI_TEST_DUMP"); dump != nullptr) {
    // For checks against other runtimes (e.g. TFLite's reference kernels from Python): the model,
    // its inputs and the delegate's outputs.
    const std::string base = std::string(dump) + "/" + c.name;
    auto write = [](const std::string& path, const std::vector<uint8_t>& bytes) {
      std::ofstream(path, std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()),
                 static_cast<std::streamsize>(bytes.size()));
    };
    write(base + ".tflite", *model.Build());
    for (size_t i = 0; i < m.feeds().size(); ++i)
      write(base + ".input" + std::to_string(i), m.feeds()[i]);
    for (size_t o = 0; o < nnapi.bytes.size(); ++o)
      write(base + ".output" + std::to_string(o), nnapi.bytes[o]);
  }
  Outputs cpu = RunModelWith(model, m.feeds(), {});
  if (!cpu.status.ok()) {
    // Only a kernel missing from this tree may stop the CPU run.
    ASSERT_THAT(
        std::string(cpu.status.message()),
        ::testing::AnyOf(HasSubstr("no loaded plugin serves"), HasSubstr("unsupported type")));
    GTEST_SKIP() << c.name << ": the CPU cannot run it here (" << cpu.status.message()
                 << "); the delegate ran it";
  }
  for (size_t o = 0; o < cpu.bytes.size(); ++o) {
    double max_ref = 0;
    const double worst = Distance(cpu.bytes[o], nnapi.bytes[o], cpu.types[o], &max_ref);
    if (cpu.types[o] == PLINTH_FLOAT32) {
      EXPECT_LE(worst, kFloatTolerance * std::max(max_ref, 1e-6)) << c.name << " output " << o;
    } else {
      EXPECT_EQ(worst, 0) << c.name << " output " << o << ": quantized results must be bit-exact";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, NnapiOp, ::testing::Range<size_t>(0, OpCases().size()),
                         [](const auto& info) { return OpCases()[info.param].name; });

// ---- shared models -----------------------------------------------------------------------------

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

// rand0 of every shared model: through the delegate against the golden vector (the MANIFEST's
// tolerance), and against the CPU where the CPU can run the model (float within tolerance,
// quantized bit-exact).
TEST(NnapiDelegate, SharedModelsMatchGoldenVectorsAndTheCpu) {
  auto dir = testing::SharedModelsDir();
  if (!dir) {
    if (testing::GoldenRequired()) FAIL() << "../shared/models is missing";
    GTEST_SKIP() << "../shared/models is absent";
  }
  struct Expect {
    std::string model, placement;
  };
  const std::vector<Expect> models = {
      {"hello_world_float", "nnapi: 3 nodes in 1 partition"},
      {"hello_world_int8", "nnapi: 3 nodes in 1 partition"},
      {"person_detect_int8", "nnapi: 31 nodes in 1 partition"},
      {"vww_mobilenet_v1_025_96_int8", "nnapi: 31 nodes in 1 partition"},
      {"kws_dscnn_int8", "nnapi: 13 nodes in 1 partition"},
      {"resnet8_cifar10_float", "nnapi: 16 nodes in 1 partition"},
      {"resnet8_cifar10_int8", "nnapi: 16 nodes in 1 partition"},
      {"anomaly_fc_autoencoder_int8_floatio", "nnapi: 12 nodes in 1 partition"},
      {"mobilenet_v1_025_128_quant_uint8", "nnapi: 31 nodes in 1 partition"},
      {"mobilenet_v1_025_224_float", "nnapi: 31 nodes in 1 partition"},
      {"mobilenet_v2_100_224_quant_uint8", "nnapi: 65 nodes in 1 partition"},
      {"mobilenet_v2_100_224_int8_nchw_pytorch", ""},
      {"deeplabv3_mnv2_257_float", "nnapi: 70 nodes in 1 partition"},
      {"mnist_lstm_float", "nnapi: 3 nodes in 1 partition; cpu (builtin_ops): 1 node"},
      {"mnist_cnn_autokeras_uint8in", "nnapi: 7 nodes in 1 partition; cpu (builtin_ops): 1 node"},
      {"seanet_conv15_int16x8", "cpu (builtin_ops): 1 node"},
  };
  std::map<std::string, std::string> tolerance;
  {
    std::ifstream tsv(*dir + "/golden/cases.tsv");
    for (std::string line; std::getline(tsv, line);) {
      std::vector<std::string> f = absl::StrSplit(line, '\t');
      if (f.size() >= 7 && f[1] == "rand0") tolerance[f[0]] = f[6];
    }
  }
  for (const Expect& e : models) {
    SCOPED_TRACE(e.model);
    auto model = Model::Load(*dir + "/" + e.model + ".tflite");
    ASSERT_TRUE(model.ok()) << model.status();
    const std::string golden = *dir + "/golden/" + e.model + "/rand0.";
    const std::vector<uint8_t> input = ReadFile(golden + "input0.bin");
    const std::vector<uint8_t> expected = ReadFile(golden + "output0.bin");
    Outputs nnapi = RunBytes(*model, {input}, {Nnapi()}, false, StandInRegistry());
    ASSERT_TRUE(nnapi.status.ok()) << nnapi.status;
    if (!e.placement.empty()) {
      EXPECT_EQ(nnapi.placement, e.placement) << ::testing::PrintToString(nnapi.reasons);
    }
    // Against the golden vector.
    std::vector<std::string> tol = absl::StrSplit(tolerance[e.model], ' ');
    ASSERT_FALSE(tolerance[e.model].empty()) << "no rand0 line in cases.tsv";
    if (tol.size() == 1) tol.push_back("0");  // "exact"
    double max_ref = 0;
    const double worst = Distance(expected, nnapi.bytes[0], nnapi.types[0], &max_ref);
    if (tol[0] == "rel") {
      EXPECT_LE(worst, std::stod(tol[1]) * max_ref) << "relative " << worst / max_ref;
    } else if (tol[0] == "lsb") {
      // TFLite's own reference kernels (ai-edge-litert, BUILTIN_REF) are 4 LSB from this model's
      // Arm NN golden vector, one more than cases.tsv allows; the delegate matches them exactly.
      const double allowed = e.model == "mobilenet_v2_100_224_quant_uint8" ? 4 : std::stod(tol[1]);
      EXPECT_LE(worst, allowed) << "LSB from the golden vector";
    } else {
      EXPECT_EQ(worst, 0) << "must be bit-exact";
    }
    // Against the CPU, where this tree's kernels run the whole model.
    Outputs cpu = RunBytes(*model, {input}, {});
    if (!cpu.status.ok()) {
      EXPECT_THAT(
          std::string(cpu.status.message()),
          ::testing::AnyOf(HasSubstr("no loaded plugin serves"), HasSubstr("unsupported type")));
      continue;
    }
    const double cpu_worst = Distance(cpu.bytes[0], nnapi.bytes[0], cpu.types[0], &max_ref);
    if (cpu.types[0] == PLINTH_FLOAT32 && tol[0] != "exact") {
      EXPECT_LE(cpu_worst, 2e-5 * max_ref) << "vs the CPU";
    } else if (cpu.types[0] == PLINTH_UINT8) {
      // NNAPI requantizes legacy uint8 with TFLite's reference double rounding; Plinth's CPU
      // kernels round once, as XNNPACK does (docs/quantization.md): a few steps after 50 layers.
      EXPECT_LE(cpu_worst, 4) << "vs the CPU";
    } else {
      EXPECT_EQ(cpu_worst, 0) << "vs the CPU: quantized results must be bit-exact";
    }
  }
}

// ---- partitioning, options, constants
// ------------------------------------------------------------

// ADD -> RESIZE_NEAREST_NEIGHBOR (not translated) -> MUL -> SUB.
struct Sandwich {
  CaseMaker m{42};
  Sandwich() {
    int x = m.Input(PLINTH_FLOAT32, {1, 4, 4, 2});
    int one = m.Const(PLINTH_FLOAT32, {1}, std::vector<float>{1.f});
    int a = m.Internal(PLINTH_FLOAT32, {1, 4, 4, 2});
    int size = m.Const(PLINTH_INT32, {2}, std::vector<int32_t>{8, 8});
    int b = m.Internal(PLINTH_FLOAT32, {1, 8, 8, 2});
    int c = m.Internal(PLINTH_FLOAT32, {1, 8, 8, 2});
    m.Op("ADD", {x, one}, {a});
    m.Op("RESIZE_NEAREST_NEIGHBOR", {a, size}, {b});
    m.Op("MUL", {b, b}, {c});
    m.Op("SUB", {c, one}, {m.Output(PLINTH_FLOAT32, {1, 8, 8, 2})});
  }
};

TEST(NnapiDelegate, PartitionsAroundUntranslatedOps) {
  Sandwich s;
  const ModelBuilder& model = s.m.Finish();
  Outputs nnapi = RunModelWith(model, s.m.feeds(), {Nnapi()});
  ASSERT_TRUE(nnapi.status.ok()) << nnapi.status;
  EXPECT_EQ(nnapi.placement, "nnapi: 3 nodes in 2 partitions; cpu (builtin_ops): 1 node");
  EXPECT_EQ(nnapi.reasons[1], "nnapi: op RESIZE_NEAREST_NEIGHBOR is not translated to NNAPI");
  // max_partitions=1 keeps the larger partition (MUL, SUB).
  Outputs one = RunModelWith(model, s.m.feeds(), {Nnapi({{"max_partitions", "1"}})}, true);
  ASSERT_TRUE(one.status.ok()) << one.status;
  EXPECT_EQ(one.placement, "nnapi: 2 nodes in 1 partition; cpu (builtin_ops): 2 nodes");
  EXPECT_THAT(one.reasons[0], HasSubstr("beyond max_partitions=1"));
  EXPECT_EQ(one.bytes, nnapi.bytes);
}

TEST(NnapiDelegate, DriverRejectedOpsStayOnTheCpu) {
  ScopedEnv env({{"PLINTH_REF_NNAPI_UNSUPPORTED", "MUL"}});
  Sandwich s;
  Outputs nnapi = RunModelWith(s.m.Finish(), s.m.feeds(), {Nnapi()});
  ASSERT_TRUE(nnapi.status.ok()) << nnapi.status;
  EXPECT_EQ(nnapi.placement, "nnapi: 2 nodes in 2 partitions; cpu (builtin_ops): 2 nodes");
  EXPECT_EQ(nnapi.reasons[2], "nnapi: the NNAPI driver does not support it");
}

TEST(NnapiDelegate, FeatureLevelGatesTranslation) {
  CaseMaker m(5);
  int x = m.Input(PLINTH_INT8, {1, 6}, Q(0.1f, 0));
  int f = m.Input(PLINTH_FLOAT32, {2, 3});
  int w = m.Const(PLINTH_INT8, {2, 6}, m.Ints<int8_t>(12, -100, 100), Q(0.02f, 0));
  m.Op("FULLY_CONNECTED", {x, w, -1}, {m.Output(PLINTH_INT8, {1, 2}, Q(0.3f, 1))}, {}, 4);
  int paddings = m.Const(PLINTH_INT32, {2, 2}, std::vector<int32_t>{1, 0, 0, 1});
  m.Op("PAD", {f, paddings}, {m.Output(PLINTH_FLOAT32, {3, 4})});
  const ModelBuilder& model = m.Finish();
  {
    // A runtime of feature level 3 (Android 10) has no signed 8-bit tensors.
    ScopedEnv env({{"PLINTH_REF_NNAPI_FEATURE_LEVEL", "29"}});
    Outputs r = RunModelWith(model, m.feeds(), {Nnapi()});
    ASSERT_TRUE(r.status.ok()) << r.status;
    EXPECT_EQ(r.placement, "nnapi: 1 node in 1 partition; cpu (builtin_ops): 1 node");
    EXPECT_THAT(r.reasons[0], HasSubstr("needs NNAPI feature level 4 (Android 11, API 30)"));
  }
  // The same cap through the option.
  Outputs capped = RunModelWith(model, m.feeds(), {Nnapi({{"max_feature_level", "3"}})});
  ASSERT_TRUE(capped.status.ok()) << capped.status;
  EXPECT_EQ(capped.placement, "nnapi: 1 node in 1 partition; cpu (builtin_ops): 1 node");
  Outputs full = RunModelWith(model, m.feeds(), {Nnapi()});
  EXPECT_EQ(full.placement, "nnapi: 2 nodes in 2 partitions");
  EXPECT_EQ(full.bytes, capped.bytes);
  // Too old for the delegate at all: unavailable, CPU.
  ScopedEnv old({{"PLINTH_REF_NNAPI_FEATURE_LEVEL", "28"}});
  Outputs r = RunModelWith(model, m.feeds(), {Nnapi()}, true);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.placement, "cpu (builtin_ops): 2 nodes");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_THAT(r.warnings[0], HasSubstr("'nnapi' is unavailable"));
  EXPECT_THAT(r.warnings[0],
              HasSubstr("feature level 2 (Android 9, API 28); the delegate needs feature level 3"));
}

TEST(NnapiDelegate, OptionsReachTheRuntime) {
  Sandwich s;
  const ModelBuilder& model = s.m.Finish();
  ResetStats();
  Outputs r = RunModelWith(model, s.m.feeds(),
                           {Nnapi({{"execution_preference", "sustained_speed"},
                                   {"priority", "high"},
                                   {"allow_fp16", "1"},
                                   {"accelerator", "plinth-reference"}})});
  ASSERT_TRUE(r.status.ok()) << r.status;
  PlinthRefNnapiStats stats = Stats();
  EXPECT_EQ(stats.compilations_finished, 2);
  EXPECT_EQ(stats.last_preference, ANEURALNETWORKS_PREFER_SUSTAINED_SPEED);
  EXPECT_EQ(stats.last_priority, ANEURALNETWORKS_PRIORITY_HIGH);
  EXPECT_GE(stats.relaxed_models, 2);
  // Compilation caching: the second interpreter finds both partitions in the cache.
  const std::string cache = std::string(PLINTH_TEST_NNAPI_CACHE) + "/options_test";
  std::filesystem::remove_all(cache);
  std::filesystem::create_directories(cache);
  const KeyValues caching = {{"cache_dir", cache}, {"model_token", "sandwich-v1"}};
  ResetStats();
  ASSERT_TRUE(RunModelWith(model, s.m.feeds(), {Nnapi(caching)}).status.ok());
  EXPECT_EQ(Stats().cache_writes, 2);
  EXPECT_EQ(Stats().cache_hits, 0);
  ASSERT_TRUE(RunModelWith(model, s.m.feeds(), {Nnapi(caching)}).status.ok());
  EXPECT_EQ(Stats().cache_hits, 2);
  // Bad options are errors naming the option.
  Outputs bad = RunModelWith(model, s.m.feeds(), {Nnapi({{"execution_preference", "fastest"}})});
  EXPECT_THAT(std::string(bad.status.message()), HasSubstr("execution_preference='fastest'"));
  Outputs half = RunModelWith(model, s.m.feeds(), {Nnapi({{"cache_dir", cache}})});
  EXPECT_THAT(std::string(half.status.message()),
              HasSubstr("cache_dir and model_token go together"));
  Outputs unknown = RunModelWith(model, s.m.feeds(), {Nnapi({{"accelerator", "npu0"}})}, true);
  ASSERT_TRUE(unknown.status.ok());
  ASSERT_EQ(unknown.warnings.size(), 1u);
  EXPECT_THAT(unknown.warnings[0],
              HasSubstr("no NNAPI device named 'npu0' (devices: plinth-reference)"));
}

TEST(NnapiDelegate, ConstantsAreHandedOverAsMemory) {
  auto dir = testing::SharedModelsDir();
  if (!dir) GTEST_SKIP() << "../shared/models is absent";
  const std::string path = *dir + "/resnet8_cifar10_int8.tflite";
  const std::vector<uint8_t> input =
      ReadFile(*dir + "/golden/resnet8_cifar10_int8/rand0.input0.bin");
  // From a file: the weights reach the runtime as memory over the model file.
  ResetStats();
  auto mapped = Model::Load(path);
  ASSERT_TRUE(mapped.ok());
  Outputs from_file = RunBytes(*mapped, {input}, {Nnapi()}, false, StandInRegistry());
  ASSERT_TRUE(from_file.status.ok()) << from_file.status;
  // (Constants the loader had to copy for alignment are no longer in the file: by reference.)
  const PlinthRefNnapiStats file_stats = Stats();
  EXPECT_GT(file_stats.values_from_memory, 0);
  EXPECT_GT(file_stats.bytes_from_memory, 1000u);
  // From a buffer: no file to map, so large constants are passed by reference (not copied).
  ResetStats();
  auto buffered = Model::FromBuffer(ReadFile(path), "resnet8");
  ASSERT_TRUE(buffered.ok());
  Outputs from_buffer = RunBytes(*buffered, {input}, {Nnapi()}, false, StandInRegistry());
  ASSERT_TRUE(from_buffer.status.ok()) << from_buffer.status;
  EXPECT_EQ(Stats().values_from_memory, 0);
  EXPECT_EQ(Stats().values_referenced,
            file_stats.values_referenced + file_stats.values_from_memory);
  EXPECT_EQ(from_file.bytes, from_buffer.bytes);
}

// ---- failures ----------------------------------------------------------------------------------

TEST(NnapiDelegate, InjectedFailuresFallBackOrFailAsConfigured) {
  Sandwich s;
  const ModelBuilder& model = s.m.Finish();
  Outputs cpu = RunModelWith(model, s.m.feeds(), {});
  ASSERT_TRUE(cpu.status.ok());
  struct Case {
    const char* fail;
    const char* expect;
  };
  for (const Case& c : {Case{"compilation",
                             "its prepare failed: ANeuralNetworksCompilation_finish failed: "
                             "ANEURALNETWORKS_OP_FAILED (5)"},
                        Case{"execution",
                             "its invoke failed: ANeuralNetworksExecution_compute failed: "
                             "ANEURALNETWORKS_OP_FAILED (5)"}}) {
    ScopedEnv env({{"PLINTH_REF_NNAPI_FAIL", c.fail}});
    ResetStats();
    Outputs r = RunModelWith(model, s.m.feeds(), {Nnapi()}, /*fallback=*/true);
    ASSERT_TRUE(r.status.ok()) << c.fail << ": " << r.status;
    EXPECT_EQ(r.placement, "cpu (builtin_ops): 4 nodes") << c.fail;
    EXPECT_EQ(r.bytes, cpu.bytes) << c.fail;
    ASSERT_FALSE(r.warnings.empty()) << c.fail;
    EXPECT_THAT(r.warnings[0], HasSubstr("delegate 'nnapi' gave up a partition")) << c.fail;
    EXPECT_THAT(r.warnings[0], HasSubstr(c.expect)) << c.fail;
    Outputs strict = RunModelWith(model, s.m.feeds(), {Nnapi()}, /*fallback=*/false);
    EXPECT_FALSE(strict.status.ok()) << c.fail;
    EXPECT_THAT(std::string(strict.status.message()), HasSubstr("CPU fallback is disabled"))
        << c.fail;
  }
  // Failures from the fourth execution on (the second partition of the second run): the first run
  // is delegated, the second moves that partition to the CPU once and reruns.
  ScopedEnv env({{"PLINTH_REF_NNAPI_FAIL", "execution:4"}});
  ResetStats();
  InterpreterOptions options;
  options.delegates = {Nnapi()};
  std::vector<std::string> warnings;
  options.warning_sink = [&](const std::string& w) { warnings.push_back(w); };
  auto interp = Interpreter::Create(*Model::FromBuffer(*model.Build()), Registry(), options);
  ASSERT_TRUE(interp.ok());
  ASSERT_TRUE((*interp)->AllocateTensors().ok());
  ASSERT_TRUE((*interp)->SetInput(0, s.m.feeds()[0]).ok());
  ASSERT_TRUE((*interp)->Invoke().ok());
  EXPECT_TRUE(warnings.empty());
  ASSERT_TRUE((*interp)->Invoke().ok());
  const std::vector<float> got = testing::Values<float>((*interp)->output(0));
  const std::vector<float> want(reinterpret_cast<const float*>(cpu.bytes[0].data()),
                                reinterpret_cast<const float*>(cpu.bytes[0].data()) + got.size());
  EXPECT_EQ(got, want);
  // Both partitions end on the CPU (the failure persists into the rerun), each saying so once.
  EXPECT_EQ(warnings.size(), 2u);
  EXPECT_EQ((*interp)->placement().Summary(), "cpu (builtin_ops): 4 nodes");
}

TEST(NnapiDelegate, MissingLibraryIsUnavailable) {
  Sandwich s;
  Outputs r = RunModelWith(s.m.Finish(), s.m.feeds(),
                           {Nnapi({{"library", "/nonexistent/libneuralnetworks.so"}})}, true);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.placement, "cpu (builtin_ops): 4 nodes");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_THAT(r.warnings[0], HasSubstr("'nnapi' is unavailable: cannot load the NNAPI library "
                                       "/nonexistent/libneuralnetworks.so"));
  // A library that is not NNAPI at all (the delegate itself has none of its symbols).
  Outputs other = RunModelWith(s.m.Finish(), s.m.feeds(),
                               {Nnapi({{"library", PLINTH_TEST_NNAPI_DELEGATE}})}, true);
  ASSERT_TRUE(other.status.ok());
  ASSERT_EQ(other.warnings.size(), 1u);
  EXPECT_THAT(other.warnings[0],
              HasSubstr("has no symbol ANeuralNetworksModel_create: not an NNAPI runtime"));
}

std::string RunCli(const std::string& command, int* exit_code) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  *exit_code = WEXITSTATUS(pclose(pipe));
  return output;
}

TEST(NnapiDelegate, CliWithoutTheLibrarySaysSoOnceAndRunsOnTheCpu) {
  int code = 0;
  const std::string output = RunCli(
      std::string("PLINTH_NNAPI_LIBRARY=/nonexistent/libneuralnetworks.so ") + PLINTH_TEST_CLI +
          " run " + PLINTH_TEST_SAMPLE_MODEL + " --delegate " + PLINTH_TEST_NNAPI_DELEGATE,
      &code);
  EXPECT_EQ(code, 0) << output;
  size_t count = 0;
  for (size_t at = output.find("is unavailable"); at != std::string::npos;
       at = output.find("is unavailable", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << output;
  EXPECT_THAT(output, HasSubstr("'nnapi' is unavailable: cannot load the NNAPI library "
                                "/nonexistent/libneuralnetworks.so"));
  EXPECT_THAT(output, HasSubstr("placement: cpu (builtin_ops)"));
  // With the reference runtime the same command delegates the whole sample model.
  const std::string delegated =
      RunCli(std::string("PLINTH_NNAPI_LIBRARY=") + PLINTH_TEST_REFERENCE_NNAPI + " " +
                 PLINTH_TEST_CLI + " run " + PLINTH_TEST_SAMPLE_MODEL + " --delegate " +
                 PLINTH_TEST_NNAPI_DELEGATE + " --compare",
             &code);
  EXPECT_EQ(code, 0) << delegated;
  EXPECT_THAT(delegated, HasSubstr("placement: nnapi: "));
}

}  // namespace
}  // namespace plinth
