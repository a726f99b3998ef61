// The GPU delegate on the CPU OpenCL device (PoCL): every kernel against the CPU kernels on random
// shapes (fp32 and fp16), shared float models end to end, partitioning around unsupported ops, the
// program cache, and fallback when OpenCL is absent or fails.
#include <dlfcn.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "absl/strings/str_split.h"
#include "core/interpreter.h"
#include "core/plugin_loader.h"
#include "delegates/gpu/program_cache.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using testing::Bytes;
using ::testing::Each;
using ::testing::HasSubstr;
using testing::RandomValues;

// fp32 kernels accumulate in the CPU kernels' order; transcendental functions may differ by an
// ulp or two. fp16 storage keeps 11 significant bits.
constexpr double kFp32Tolerance = 2e-5;  // x max|cpu|
constexpr double kFp16Tolerance = 2e-2;  // x max|cpu|

std::shared_ptr<OpRegistry> Registry() {
  static std::shared_ptr<OpRegistry> registry = [] {
    auto r = std::make_shared<OpRegistry>();
    EXPECT_TRUE(LoadPlugin(testing::BuiltinPluginPath(), r.get()).ok());
    auto gpu = LoadPlugin(PLINTH_TEST_GPU_DELEGATE, r.get());
    EXPECT_TRUE(gpu.ok()) << gpu.status();
    return r;
  }();
  return registry;
}

DelegateRequest Gpu(bool fp16 = false,
                    std::vector<std::pair<std::string, std::string>> extra = {}) {
  DelegateRequest request{"gpu", {{"cache_dir", PLINTH_TEST_CL_CACHE}}};
  if (fp16) request.options.emplace_back("precision", "fp16");
  for (auto& kv : extra) request.options.push_back(std::move(kv));
  return request;
}

// Skips (or, under CI's PLINTH_REQUIRE_OPENCL, fails) when no OpenCL device is present.
bool OpenClAvailable() {
  static const bool available = [] {
    ModelBuilder b;
    int in = b.AddTensor(PLINTH_FLOAT32, {1, 2}, "in");
    int out = b.AddTensor(PLINTH_FLOAT32, {1, 2}, "out");
    b.AddOperator("RELU", {in}, {out});
    b.SetInputs({in});
    b.SetOutputs({out});
    InterpreterOptions options;
    options.delegates.push_back(Gpu());
    options.delegate_fallback = false;
    auto interp = Interpreter::Create(*Model::FromBuffer(*b.Build()), Registry(), options);
    if (!interp.ok())
      std::fprintf(stderr, "OpenCL unavailable: %s\n",
                   std::string(interp.status().message()).c_str());
    return interp.ok();
  }();
  return available;
}

#define REQUIRE_OPENCL()                                                             \
  do {                                                                               \
    if (!OpenClAvailable()) {                                                        \
      if (std::getenv("PLINTH_REQUIRE_OPENCL")) FAIL() << "no OpenCL device (PoCL)"; \
      GTEST_SKIP() << "no OpenCL device: install pocl-opencl-icd";                   \
    }                                                                                \
  } while (0)

struct Outputs {
  std::vector<std::vector<float>> values;
  std::string placement;
};

absl::StatusOr<Outputs> RunModelBytes(const std::vector<uint8_t>& model,
                                      const std::vector<std::vector<uint8_t>>& inputs,
                                      std::vector<DelegateRequest> delegates) {
  InterpreterOptions options;
  options.delegates = std::move(delegates);
  options.delegate_fallback = false;  // a delegate failure must fail the test
  auto m = Model::FromBuffer(model, "gpu-test.tflite");
  if (!m.ok()) return m.status();
  auto interp = Interpreter::Create(*m, Registry(), options);
  if (!interp.ok()) return interp.status();
  if (auto s = (*interp)->AllocateTensors(); !s.ok()) return s;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (auto s = (*interp)->SetInput(i, inputs[i]); !s.ok()) return s;
  }
  if (auto s = (*interp)->Invoke(); !s.ok()) return s;
  Outputs out;
  for (size_t o = 0; o < (*interp)->num_outputs(); ++o)
    out.values.push_back(testing::Values<float>((*interp)->output(o)));
  out.placement = (*interp)->placement().Summary();
  return out;
}

// Runs `builder` on the CPU and through the GPU delegate; every node must be delegated and the
// outputs agree within `tolerance` x max|cpu|.
void ExpectMatchesCpu(testing::OpTest& t, bool fp16, const std::string& what) {
  ASSERT_TRUE(t.Run().ok()) << what;  // builds the model and feeds
  auto bytes = t.builder().Build();
  ASSERT_TRUE(bytes.ok());
  std::vector<std::vector<uint8_t>> feeds;
  for (size_t i = 0; i < t.interpreter().num_inputs(); ++i) {
    Tensor in = t.interpreter().input(i);
    const uint8_t* p = static_cast<const uint8_t*>(in.raw_data());
    feeds.emplace_back(p, p + in.bytes());
  }
  auto cpu = RunModelBytes(*bytes, feeds, {});
  ASSERT_TRUE(cpu.ok()) << what << ": " << cpu.status();
  auto gpu = RunModelBytes(*bytes, feeds, {Gpu(fp16)});
  ASSERT_TRUE(gpu.ok()) << what << ": " << gpu.status();
  EXPECT_THAT(gpu->placement, ::testing::StartsWith("gpu: ")) << what;
  EXPECT_THAT(gpu->placement, ::testing::Not(HasSubstr("cpu"))) << what;
  for (size_t o = 0; o < cpu->values.size(); ++o) {
    const auto& a = cpu->values[o];
    const auto& b = gpu->values[o];
    ASSERT_EQ(a.size(), b.size());
    double max_ref = 1e-6, worst = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      max_ref = std::max(max_ref, std::fabs(double(a[i])));
      worst = std::max(worst, std::fabs(double(a[i]) - b[i]));
    }
    EXPECT_LE(worst, (fp16 ? kFp16Tolerance : kFp32Tolerance) * max_ref)
        << what << (fp16 ? " (fp16)" : " (fp32)") << ": max abs diff " << worst;
  }
}

std::vector<float> Random(size_t n, uint32_t seed) { return RandomValues<float>(n, -1, 1, seed); }

struct OpCase {
  std::string name;
  void (*build)(testing::OpTest& t);
};

const std::vector<OpCase>& OpCases() {
  static const std::vector<OpCase> cases = {
      {"conv_3x3_same_relu6",
       [](testing::OpTest& t) {
         int x = t.Input<float>({2, 9, 7, 5}, Random(2 * 9 * 7 * 5, 1));
         int w = t.Const<float>({6, 3, 3, 5}, Random(6 * 45, 2));
         int b = t.Const<float>({6}, Random(6, 3));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("CONV_2D", {x, w, b}, {y},
              {{"padding", "SAME"},
               {"stride_w", 1},
               {"stride_h", 1},
               {"fused_activation_function", "RELU6"}});
       }},
      {"conv_1x1_stride2_valid_grouped",
       [](testing::OpTest& t) {
         int x = t.Input<float>({1, 8, 8, 4}, Random(256, 4));
         int w = t.Const<float>({6, 1, 1, 2}, Random(12, 5));
         int b = t.Const<float>({6}, Random(6, 6));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("CONV_2D", {x, w, b}, {y}, {{"padding", "VALID"}, {"stride_w", 2}, {"stride_h", 2}});
       }},
      {"conv_dilated",
       [](testing::OpTest& t) {
         int x = t.Input<float>({1, 10, 10, 3}, Random(300, 7));
         int w = t.Const<float>({4, 3, 3, 3}, Random(108, 8));
         int b = t.Const<float>({4}, Random(4, 9));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("CONV_2D", {x, w, b}, {y},
              {{"padding", "SAME"},
               {"stride_w", 1},
               {"stride_h", 1},
               {"dilation_w_factor", 2},
               {"dilation_h_factor", 2},
               {"fused_activation_function", "RELU_N1_TO_1"}});
       }},
      {"depthwise_multiplier2_stride2",
       [](testing::OpTest& t) {
         int x = t.Input<float>({1, 9, 9, 3}, Random(243, 10));
         int w = t.Const<float>({1, 3, 3, 6}, Random(54, 11));
         int b = t.Const<float>({6}, Random(6, 12));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("DEPTHWISE_CONV_2D", {x, w, b}, {y},
              {{"padding", "SAME"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"depth_multiplier", 2},
               {"fused_activation_function", "RELU"}});
       }},
      {"fully_connected",
       [](testing::OpTest& t) {
         int x = t.Input<float>({3, 20}, Random(60, 13));
         int w = t.Const<float>({7, 20}, Random(140, 14));
         int b = t.Const<float>({7}, Random(7, 15));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("FULLY_CONNECTED", {x, w, b}, {y}, {{"fused_activation_function", "RELU_N1_TO_1"}});
       }},
      {"transpose_conv_stride2",
       [](testing::OpTest& t) {
         int shape = t.Const<int32_t>({4}, {1, 8, 10, 3});
         int w = t.Const<float>({3, 3, 3, 4}, Random(108, 16));
         int x = t.Input<float>({1, 4, 5, 4}, Random(80, 17));
         int b = t.Const<float>({3}, Random(3, 18));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("TRANSPOSE_CONV", {shape, w, x, b}, {y},
              {{"padding", "SAME"}, {"stride_w", 2}, {"stride_h", 2}}, 4);
       }},
      {"add_broadcast",
       [](testing::OpTest& t) {
         int a = t.Input<float>({2, 3, 4, 5}, Random(120, 19));
         int b = t.Input<float>({5}, Random(5, 20));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("ADD", {a, b}, {y}, {{"fused_activation_function", "RELU"}});
       }},
      {"sub_broadcast_3d",
       [](testing::OpTest& t) {
         int a = t.Input<float>({3, 1, 5}, Random(15, 21));
         int b = t.Input<float>({2, 3, 4, 1}, Random(24, 22));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("SUB", {a, b}, {y});
       }},
      {"mul",
       [](testing::OpTest& t) {
         int a = t.Input<float>({4, 6}, Random(24, 23));
         int b = t.Input<float>({4, 6}, Random(24, 24));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("MUL", {a, b}, {y});
       }},
      {"average_pool_same",
       [](testing::OpTest& t) {
         int x = t.Input<float>({1, 7, 7, 3}, Random(147, 25));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("AVERAGE_POOL_2D", {x}, {y},
              {{"padding", "SAME"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"filter_width", 3},
               {"filter_height", 3}});
       }},
      {"max_pool_valid",
       [](testing::OpTest& t) {
         int x = t.Input<float>({2, 6, 8, 2}, Random(192, 26));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("MAX_POOL_2D", {x}, {y},
              {{"padding", "VALID"},
               {"stride_w", 2},
               {"stride_h", 2},
               {"filter_width", 2},
               {"filter_height", 2},
               {"fused_activation_function", "RELU6"}});
       }},
      {"concatenation",
       [](testing::OpTest& t) {
         int a = t.Input<float>({1, 2, 3, 4}, Random(24, 27));
         int b = t.Input<float>({1, 2, 3, 2}, Random(12, 28));
         int c = t.Input<float>({1, 2, 3, 1}, Random(6, 29));
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("CONCATENATION", {a, b, c}, {y}, {{"axis", -1}});
       }},
      {"reshape_softmax",
       [](testing::OpTest& t) {
         int x = t.Input<float>({2, 3, 4}, Random(24, 30));
         int shape = t.Const<int32_t>({2}, {6, 4});
         int r = t.Internal(PLINTH_FLOAT32, {6, 4});
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("RESHAPE", {x, shape}, {r});
         t.Op("SOFTMAX", {r}, {y}, {{"beta", 0.7f}});
       }},
      {"activations",
       [](testing::OpTest& t) {
         int x = t.Input<float>({3, 17}, RandomValues<float>(51, -8, 8, 31));
         int a = t.Output(PLINTH_FLOAT32), b = t.Output(PLINTH_FLOAT32),
             c = t.Output(PLINTH_FLOAT32);
         int d = t.Output(PLINTH_FLOAT32), e = t.Output(PLINTH_FLOAT32),
             f = t.Output(PLINTH_FLOAT32);
         t.Op("LOGISTIC", {x}, {a});
         t.Op("TANH", {x}, {b});
         t.Op("RELU", {x}, {c});
         t.Op("RELU6", {x}, {d});
         t.Op("RELU_N1_TO_1", {x}, {e});
         t.Op("HARD_SWISH", {x}, {f});
       }},
      {"mean_spatial",
       [](testing::OpTest& t) {
         int x = t.Input<float>({2, 5, 6, 7}, Random(420, 32));
         int axes = t.Const<int32_t>({2}, {1, 2});
         int y = t.Output(PLINTH_FLOAT32);
         t.Op("MEAN", {x, axes}, {y}, {{"keep_dims", true}});
       }},
      {"pad_and_padv2",
       [](testing::OpTest& t) {
         int x = t.Input<float>({1, 3, 4, 2}, Random(24, 33));
         int paddings = t.Const<int32_t>({4, 2}, {0, 0, 1, 2, 2, 0, 0, 1});
         int value = t.Const<float>({}, {-3.5f});
         int y = t.Output(PLINTH_FLOAT32), z = t.Output(PLINTH_FLOAT32);
         t.Op("PAD", {x, paddings}, {y});
         t.Op("PADV2", {x, paddings, value}, {z});
       }},
      {"resize_bilinear_variants",
       [](testing::OpTest& t) {
         int x = t.Input<float>({1, 5, 4, 3}, Random(60, 34));
         int size = t.Const<int32_t>({2}, {9, 7});
         int a = t.Output(PLINTH_FLOAT32), b = t.Output(PLINTH_FLOAT32),
             c = t.Output(PLINTH_FLOAT32);
         t.Op("RESIZE_BILINEAR", {x, size}, {a});
         t.Op("RESIZE_BILINEAR", {x, size}, {b}, {{"align_corners", true}});
         t.Op("RESIZE_BILINEAR", {x, size}, {c}, {{"half_pixel_centers", true}}, 3);
       }},
  };
  return cases;
}

class GpuKernel : public ::testing::TestWithParam<std::tuple<size_t, bool>> {};

TEST_P(GpuKernel, MatchesTheCpuKernels) {
  REQUIRE_OPENCL();
  const auto [index, fp16] = GetParam();
  testing::OpTest t;
  OpCases()[index].build(t);
  ExpectMatchesCpu(t, fp16, OpCases()[index].name);
}

INSTANTIATE_TEST_SUITE_P(Ops, GpuKernel,
                         ::testing::Combine(::testing::Range<size_t>(0, 17), ::testing::Bool()),
                         [](const auto& info) {
                           return OpCases()[std::get<0>(info.param)].name +
                                  (std::get<1>(info.param) ? "_fp16" : "_fp32");
                         });

TEST(GpuDelegate, SharedFloatModelsMatchTheirGoldenVectors) {
  REQUIRE_OPENCL();
  auto dir = testing::SharedModelsDir();
  if (!dir) {
    if (testing::GoldenRequired()) FAIL() << "../shared/models is missing";
    GTEST_SKIP() << "../shared/models is absent";
  }
  // rand0 of each float model, with the MANIFEST's tolerance; expected placement.
  const std::vector<std::tuple<std::string, double, std::string>> models = {
      {"hello_world_float", 5e-5, "gpu: 3 nodes in 1 partition"},
      {"mobilenet_v1_025_224_float", 9e-5, "gpu: 31 nodes in 1 partition"},
      {"resnet8_cifar10_float", 6e-5, "gpu: 16 nodes in 1 partition"},
      {"deeplabv3_mnv2_257_float", 5e-5, "gpu: 70 nodes in 1 partition"},
      {"mnist_lstm_float", 5e-5, "gpu: 3 nodes in 1 partition; cpu (builtin_ops): 1 node"},
      {"mnist_cnn_autokeras_uint8in", 5e-5,
       "gpu: 7 nodes in 1 partition; cpu (builtin_ops): 1 node"},
  };
  for (const auto& [name, tolerance, placement] : models) {
    std::ifstream model_file(*dir + "/" + name + ".tflite", std::ios::binary);
    std::vector<uint8_t> model((std::istreambuf_iterator<char>(model_file)),
                               std::istreambuf_iterator<char>());
    std::ifstream in_file(*dir + "/golden/" + name + "/rand0.input0.bin", std::ios::binary);
    std::vector<uint8_t> input((std::istreambuf_iterator<char>(in_file)),
                               std::istreambuf_iterator<char>());
    std::ifstream ref_file(*dir + "/golden/" + name + "/rand0.output0.bin", std::ios::binary);
    std::vector<float> ref(static_cast<size_t>(std::filesystem::file_size(*dir + "/golden/" + name +
                                                                          "/rand0.output0.bin")) /
                           4);
    ref_file.read(reinterpret_cast<char*>(ref.data()),
                  static_cast<std::streamsize>(ref.size() * 4));
    auto gpu = RunModelBytes(model, {input}, {Gpu()});
    ASSERT_TRUE(gpu.ok()) << name << ": " << gpu.status();
    EXPECT_EQ(gpu->placement, placement) << name;
    double max_ref = 0, worst = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
      max_ref = std::max(max_ref, std::fabs(double(ref[i])));
      worst = std::max(worst, std::fabs(double(ref[i]) - gpu->values[0][i]));
    }
    EXPECT_LE(worst, tolerance * max_ref) << name << ": " << worst / max_ref << " x max|ref|";
  }
}

TEST(GpuDelegate, PartitionsAroundUnsupportedOps) {
  REQUIRE_OPENCL();
  testing::OpTest t;
  int x = t.Input<float>({1, 4, 4, 2}, Random(32, 40));
  int one = t.Const<float>({1}, {1.f});
  int a = t.Internal(PLINTH_FLOAT32, {1, 4, 4, 2});
  int size = t.Const<int32_t>({2}, {8, 8});
  int b = t.Internal(PLINTH_FLOAT32, {1, 8, 8, 2});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("ADD", {x, one}, {a});
  t.Op("RESIZE_NEAREST_NEIGHBOR", {a, size}, {b});
  t.Op("MUL", {b, b}, {y});
  ASSERT_TRUE(t.Run().ok());
  auto bytes = t.builder().Build();
  auto feeds = std::vector<std::vector<uint8_t>>{Bytes(Random(32, 40))};
  auto cpu = RunModelBytes(*bytes, feeds, {});
  auto gpu = RunModelBytes(*bytes, feeds, {Gpu()});
  ASSERT_TRUE(gpu.ok()) << gpu.status();
  EXPECT_EQ(gpu->placement, "gpu: 2 nodes in 2 partitions; cpu (builtin_ops): 1 node");
  EXPECT_EQ(gpu->values, cpu->values);

  InterpreterOptions options;
  options.delegates.push_back(Gpu());
  auto interp = Interpreter::Create(*Model::FromBuffer(*bytes), Registry(), options);
  ASSERT_TRUE(interp.ok());
  EXPECT_EQ((*interp)->placement().nodes[1].reason,
            "gpu: op RESIZE_NEAREST_NEIGHBOR is not supported");
}

// Runs a one-node model with the given delegate options, collecting warnings.
struct Attempt {
  absl::Status status;
  std::string placement;
  std::vector<std::string> warnings;
  std::vector<float> output;
};

// `on_warning` runs inside the warning sink, i.e. while the interpreter handles the failure.
Attempt TryDelegate(std::vector<std::pair<std::string, std::string>> options_kv,
                    bool fallback = true, const std::function<void()>& on_warning = nullptr) {
  testing::OpTest t;
  int x = t.Input<float>({2, 3}, {-1, 2, -3, 4, -5, 6});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("RELU", {x}, {y});
  EXPECT_TRUE(t.Run().ok());
  Attempt a;
  InterpreterOptions options;
  options.delegates.push_back({"gpu", std::move(options_kv)});
  options.delegate_fallback = fallback;
  options.warning_sink = [&](const std::string& w) {
    a.warnings.push_back(w);
    if (on_warning) on_warning();
  };
  auto interp = Interpreter::Create(*Model::FromBuffer(*t.builder().Build()), Registry(), options);
  if (!interp.ok()) {
    a.status = interp.status();
    return a;
  }
  a.status = (*interp)->AllocateTensors();
  if (a.status.ok()) a.status = (*interp)->SetInput(0, Bytes<float>({-1, 2, -3, 4, -5, 6}));
  if (a.status.ok()) a.status = (*interp)->Invoke();
  if (a.status.ok()) a.output = testing::Values<float>((*interp)->output(0));
  a.placement = (*interp)->placement().Summary();
  return a;
}

const std::vector<float> kRelu = {0, 2, 0, 4, 0, 6};

TEST(GpuDelegate, MissingOpenClLibraryFallsBackToTheCpu) {
  Attempt a = TryDelegate({{"library", "/nonexistent/libOpenCL.so.1"}});
  ASSERT_TRUE(a.status.ok()) << a.status;
  EXPECT_EQ(a.placement, "cpu (builtin_ops): 1 node");
  EXPECT_EQ(a.output, kRelu);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_THAT(a.warnings[0], HasSubstr("'gpu' is unavailable: cannot load the OpenCL library"));
  Attempt strict = TryDelegate({{"library", "/nonexistent/libOpenCL.so.1"}}, false);
  EXPECT_FALSE(strict.status.ok());
  Attempt bad = TryDelegate({{"precision", "fp8"}}, false);
  EXPECT_THAT(std::string(bad.status.message()), HasSubstr("precision must be fp32 or fp16"));
}

TEST(GpuDelegate, NoIcdVendorsMeansUnavailable) {
  // A process of its own: the ICD loader reads OCL_ICD_VENDORS once per process.
  std::string empty = ::testing::TempDir() + "/no_icd_vendors";
  std::filesystem::create_directories(empty);
  std::string command = "OCL_ICD_VENDORS=" + empty + " " + PLINTH_TEST_CLI + " run " +
                        PLINTH_TEST_SAMPLE_MODEL + " --delegate gpu 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 0) << output;
  EXPECT_THAT(output, HasSubstr("'gpu' is unavailable: no OpenCL platform"));
  EXPECT_THAT(output, HasSubstr("placement: cpu (builtin_ops): 8 nodes"));
}

TEST(GpuDelegate, InjectedDriverFailuresFallBackCleanly) {
  REQUIRE_OPENCL();
  const std::string fake = PLINTH_TEST_FAKE_OPENCL;
  struct Case {
    const char* fail;
    const char* expect;  // in the warning
    bool fresh_cache;    // compile from source, so clBuildProgram runs
  };
  const std::vector<Case> cases = {
      {"clGetPlatformIDs", "is unavailable: no OpenCL platform", false},
      {"clBuildProgram", "building the OpenCL kernels failed", true},
      {"clCreateBuffer", "gave up a partition", false},
      {"clEnqueueNDRangeKernel", "its invoke failed", false},
  };
  // The same handle as the delegate's dlopen of the path.
  void* library = dlopen(fake.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();
  auto unfinished_writes =
      reinterpret_cast<int (*)()>(dlsym(library, "plinth_fake_opencl_unfinished_writes"));
  ASSERT_NE(unfinished_writes, nullptr);
  for (const Case& c : cases) {
    setenv("PLINTH_FAKE_OPENCL_FAIL", c.fail, 1);
    std::string cache =
        c.fresh_cache ? ::testing::TempDir() + "/fresh_cache_" + c.fail : PLINTH_TEST_CL_CACHE;
    std::filesystem::remove_all(c.fresh_cache ? cache : std::string("/nonexistent"));
    // When the delegate reports a failure, the driver must no longer read the input tensors: the
    // interpreter re-plans (and frees) their memory for the CPU fallback right after.
    std::vector<int> unfinished;
    Attempt a = TryDelegate({{"library", fake}, {"cache_dir", cache}}, true,
                            [&] { unfinished.push_back(unfinished_writes()); });
    unsetenv("PLINTH_FAKE_OPENCL_FAIL");
    EXPECT_THAT(unfinished, Each(0)) << c.fail;
    ASSERT_TRUE(a.status.ok()) << c.fail << ": " << a.status;
    EXPECT_EQ(a.output, kRelu) << c.fail;
    EXPECT_EQ(a.placement, "cpu (builtin_ops): 1 node") << c.fail;
    ASSERT_FALSE(a.warnings.empty()) << c.fail;
    EXPECT_THAT(a.warnings[0], HasSubstr(c.expect)) << c.fail;
  }
  // Without injection the stand-in library is a working OpenCL.
  Attempt ok = TryDelegate({{"library", fake}, {"cache_dir", PLINTH_TEST_CL_CACHE}});
  ASSERT_TRUE(ok.status.ok());
  EXPECT_EQ(ok.placement, "gpu: 1 node in 1 partition");
  EXPECT_EQ(ok.output, kRelu);
  dlclose(library);
}

TEST(GpuDelegate, ProgramCacheIsReusedAndRebuiltWhenCorrupt) {
  REQUIRE_OPENCL();
  const std::string dir = ::testing::TempDir() + "/gpu_cache_test";
  std::filesystem::remove_all(dir);
  auto entries = [&] {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
    return files;
  };
  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  };
  // With source compilation made to fail, a delegate can only start from the cache.
  auto init_without_compiler = [&] {
    setenv("PLINTH_FAKE_OPENCL_FAIL", "clCreateProgramWithSource", 1);
    Attempt a = TryDelegate({{"cache_dir", dir}, {"library", PLINTH_TEST_FAKE_OPENCL}}, false);
    unsetenv("PLINTH_FAKE_OPENCL_FAIL");
    return a;
  };
  ASSERT_TRUE(TryDelegate({{"cache_dir", dir}}, false).status.ok());
  ASSERT_EQ(entries().size(), 1u);
  const auto path = entries()[0];
  const auto original = read(path);
  // Second init: loaded from the cache, the compiler is never needed.
  Attempt cached = init_without_compiler();
  ASSERT_TRUE(cached.status.ok()) << cached.status;
  EXPECT_EQ(cached.output, kRelu);
  // Corrupted payload: the checksum catches it, so the delegate must compile (and here cannot).
  auto corrupted = original;
  corrupted[corrupted.size() - 7] ^= 0x5a;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(corrupted.data(), static_cast<std::streamsize>(corrupted.size()));
  EXPECT_THAT(std::string(init_without_compiler().status.message()),
              HasSubstr("clCreateProgramWithSource"));
  // A normal init compiles again and rewrites the entry, which then serves alone. The bytes need
  // not equal the first entry's: PoCL's binaries carry whatever work-group variants its own
  // kernel cache holds by then.
  Attempt again = TryDelegate({{"cache_dir", dir}}, false);
  ASSERT_TRUE(again.status.ok()) << again.status;
  EXPECT_EQ(again.output, kRelu);
  EXPECT_NE(read(path), corrupted);
  Attempt reloaded = init_without_compiler();
  ASSERT_TRUE(reloaded.status.ok()) << reloaded.status;
  EXPECT_EQ(reloaded.output, kRelu);
  // Truncated entry: same.
  std::filesystem::resize_file(path, 20);
  EXPECT_FALSE(init_without_compiler().status.ok());
  ASSERT_TRUE(TryDelegate({{"cache_dir", dir}}, false).status.ok());
  EXPECT_GT(std::filesystem::file_size(path), 20u);
  ASSERT_TRUE(init_without_compiler().status.ok());
}

TEST(ProgramCache, DetectsForeignCorruptAndTruncatedEntries) {
  const std::string dir = ::testing::TempDir() + "/program_cache_unit";
  std::filesystem::remove_all(dir);
  gpu::ProgramCache cache(dir);
  std::vector<uint8_t> binary(1000);
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<uint8_t>(i * 7);
  std::string why;
  std::vector<uint8_t> loaded;
  EXPECT_FALSE(cache.Load(42, &loaded, &why));
  EXPECT_EQ(why, "no entry");
  ASSERT_TRUE(cache.Store(42, binary, &why)) << why;
  ASSERT_TRUE(cache.Load(42, &loaded, &why)) << why;
  EXPECT_EQ(loaded, binary);
  // An entry written under another key but found under this name is foreign.
  std::filesystem::copy_file(cache.PathFor(42), cache.PathFor(43));
  EXPECT_FALSE(cache.Load(43, &loaded, &why));
  EXPECT_THAT(why, HasSubstr("another device"));
  // Flipped payload byte.
  {
    std::fstream f(cache.PathFor(42), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x33');
  }
  EXPECT_FALSE(cache.Load(42, &loaded, &why));
  EXPECT_THAT(why, HasSubstr("checksum"));
  std::filesystem::resize_file(cache.PathFor(42), 40);
  EXPECT_FALSE(cache.Load(42, &loaded, &why));
  std::ofstream(cache.PathFor(44)) << "garbage";
  EXPECT_FALSE(cache.Load(44, &loaded, &why));
  EXPECT_THAT(why, HasSubstr("not a Plinth"));
}

}  // namespace
}  // namespace plinth
