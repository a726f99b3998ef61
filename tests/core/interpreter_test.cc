// The interpreter's API: inputs and outputs by index and name, resizing and re-preparing,
// variables, dynamic tensors, kernel failures, and no heap allocation inside Invoke.
#include <atomic>
#include <cstdlib>
#include <new>

#include "core/interpreter.h"
#include "core/plugin_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

// Counts every operator new in the process (plugins included: the executable's definition wins).
// GCC cannot see that these replacements pair malloc with free consistently.
// ThreadSanitizer's runtime defines operator new itself, so that build cannot count (it runs
// only the concurrency tests; the Release and ASan builds run this check).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PLINTH_TEST_NO_ALLOCATION_COUNT 1
#endif
#endif
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
static std::atomic<long> g_allocations{0};
#ifndef PLINTH_TEST_NO_ALLOCATION_COUNT
void* operator new(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow forms too (std::stable_sort uses them): otherwise the runtime's would pair with our
// free-based delete, which AddressSanitizer rightly reports as a mismatch.
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
#endif  // PLINTH_TEST_NO_ALLOCATION_COUNT

namespace plinth {
namespace {

using testing::Bytes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Values;

// in[1, N] -> ADD(in, 1) -> RELU6-clamped ADD with a constant -> out
ModelBuilder AddModel(int n = 4) {
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_FLOAT32, {1, n}, "pixels");
  b.SetShapeSignature(in, {-1, n});
  int one = b.AddConstant(PLINTH_FLOAT32, {1}, std::vector<float>{1.f}, "one");
  int mid = b.AddTensor(PLINTH_FLOAT32, {1, n}, "mid");
  int out = b.AddTensor(PLINTH_FLOAT32, {1, n}, "scores");
  b.AddOperator("ADD", {in, one}, {mid}, {});
  b.AddOperator("ADD", {mid, mid}, {out}, {{"fused_activation_function", "RELU6"}});
  b.SetInputs({in});
  b.SetOutputs({out});
  b.AddSignature("serving_default", {{"x", in}}, {{"y", out}});
  return b;
}

std::unique_ptr<Interpreter> Make(const ModelBuilder& b) {
  auto bytes = b.Build();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  auto model = Model::FromBuffer(*bytes, "test.tflite");
  EXPECT_TRUE(model.ok()) << model.status();
  auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
  EXPECT_TRUE(interp.ok()) << interp.status();
  return interp.ok() ? *std::move(interp) : nullptr;
}

TEST(Interpreter, RunsAndReportsPlacement) {
  auto interp = Make(AddModel());
  ASSERT_TRUE(interp->AllocateTensors().ok());
  ASSERT_TRUE(interp->SetInput(0, Bytes<float>({-3, 0, 1, 5})).ok());
  ASSERT_TRUE(interp->Invoke().ok());
  EXPECT_THAT(Values<float>(interp->output(0)), ElementsAre(0, 2, 4, 6));
  EXPECT_EQ(interp->placement().Summary(), "cpu (builtin_ops): 2 nodes");
  EXPECT_GT(interp->arena_bytes(), 0u);
}

TEST(Interpreter, FindsInputsAndOutputsByNameAndSignatureAlias) {
  auto interp = Make(AddModel());
  EXPECT_EQ(*interp->FindInput("pixels"), 0u);
  EXPECT_EQ(*interp->FindInput("x"), 0u);
  EXPECT_EQ(*interp->FindOutput("y"), 0u);
  auto missing = interp->FindInput("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("'pixels'"));
}

TEST(Interpreter, InputErrorsAreClearAndLeaveItUsable) {
  auto interp = Make(AddModel());
  EXPECT_THAT(std::string(interp->Invoke().message()), HasSubstr("AllocateTensors"));
  ASSERT_TRUE(interp->AllocateTensors().ok());
  absl::Status wrong = interp->SetInput(0, Bytes<float>({1, 2, 3}));
  EXPECT_THAT(std::string(wrong.message()), HasSubstr("16 bytes, but 12 bytes were given"));
  EXPECT_THAT(std::string(wrong.message()), HasSubstr("3 elements instead of 4"));
  EXPECT_FALSE(interp->SetInput(3, Bytes<float>({1})).ok());
  ASSERT_TRUE(interp->SetInput(0, Bytes<float>({1, 1, 1, 1})).ok());
  ASSERT_TRUE(interp->Invoke().ok());
  EXPECT_THAT(Values<float>(interp->output(0)), ElementsAre(4, 4, 4, 4));
}

TEST(Interpreter, ResizeInputAlongAnOpenDimension) {
  auto interp = Make(AddModel());
  ASSERT_TRUE(interp->ResizeInput(0, {3, 4}).ok());
  ASSERT_TRUE(interp->AllocateTensors().ok());
  EXPECT_EQ(interp->output(0).dim(0), 3);
  std::vector<float> x(12, 0.5f);
  ASSERT_TRUE(interp->SetInput(0, Bytes(x)).ok());
  ASSERT_TRUE(interp->Invoke().ok());
  EXPECT_EQ(Values<float>(interp->output(0)), std::vector<float>(12, 3.f));
  // The model fixes dimension 1.
  absl::Status fixed = interp->ResizeInput(0, {3, 5});
  EXPECT_THAT(std::string(fixed.message()), HasSubstr("fixes dimension 1 to 4"));
  // A resize invalidates the plan until AllocateTensors runs again.
  ASSERT_TRUE(interp->ResizeInput(0, {2, 4}).ok());
  EXPECT_FALSE(interp->Invoke().ok());
  ASSERT_TRUE(interp->AllocateTensors().ok());
  EXPECT_EQ(interp->output(0).dim(0), 2);
}

TEST(Interpreter, IncompatibleShapesFailInPrepareWithNodeContext) {
  ModelBuilder b;
  int a = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "a");
  int c = b.AddTensor(PLINTH_FLOAT32, {4}, "c");
  int out = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "out");
  b.AddOperator("ADD", {a, c}, {out}, {});
  b.SetInputs({a, c});
  b.SetOutputs({out});
  auto interp = Make(b);
  absl::Status s = interp->AllocateTensors();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("node 0 (ADD v1, builtin_ops) failed in prepare"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("[2, 3] and [4] do not broadcast"));
}

TEST(Interpreter, UnknownOpsAreListedTogether) {
  ModelBuilder b;
  int a = b.AddTensor(PLINTH_FLOAT32, {2}, "a");
  int m = b.AddTensor(PLINTH_FLOAT32, {2}, "m");
  int out = b.AddTensor(PLINTH_FLOAT32, {2}, "out");
  b.AddCustomOperator("NobodyServesThis", {a}, {m});
  b.AddOperator("RFFT2D", {m}, {out}, {});
  b.SetInputs({a});
  b.SetOutputs({out});
  auto model = Model::FromBuffer(*b.Build());
  ASSERT_TRUE(model.ok());
  auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
  ASSERT_FALSE(interp.ok());
  std::string message(interp.status().message());
  EXPECT_THAT(message, HasSubstr("custom op 'NobodyServesThis' v1 (node 0)"));
  EXPECT_THAT(message, HasSubstr("RFFT2D v1 (node 1)"));
  EXPECT_THAT(message, HasSubstr("Loaded plugins: builtin_ops"));
}

TEST(Interpreter, UnsupportedOpVersionSaysWhichVersionsExist) {
  ModelBuilder b;
  int a = b.AddTensor(PLINTH_FLOAT32, {2}, "a");
  int out = b.AddTensor(PLINTH_FLOAT32, {2}, "out");
  b.AddOperator("SOFTMAX", {a}, {out}, {}, /*version=*/99);
  b.SetInputs({a});
  b.SetOutputs({out});
  auto model = Model::FromBuffer(*b.Build());
  ASSERT_TRUE(model.ok());
  auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
  ASSERT_FALSE(interp.ok());
  EXPECT_THAT(std::string(interp.status().message()),
              HasSubstr("SOFTMAX v99 (node 0; builtin_ops serves v1-"));
}

TEST(Interpreter, KernelFailuresAreReportedAndTheInterpreterStaysUsable) {
  for (const char* plugin :
       {"libtest_prepare_fails.so", "libtest_invoke_fails.so", "libtest_throws.so"}) {
    auto registry = std::make_shared<OpRegistry>();
    ASSERT_TRUE(LoadPlugin(testing::TestPluginPath(plugin), registry.get()).ok());
    ModelBuilder b;
    int a = b.AddTensor(PLINTH_FLOAT32, {2}, "a");
    int out = b.AddTensor(PLINTH_FLOAT32, {2}, "out");
    b.AddCustomOperator("TestFails", {a}, {out});
    b.SetInputs({a});
    b.SetOutputs({out});
    auto model = Model::FromBuffer(*b.Build());
    auto interp = Interpreter::Create(*model, registry);
    ASSERT_TRUE(interp.ok()) << interp.status();
    absl::Status s = (*interp)->AllocateTensors();
    if (s.ok()) {
      s = (*interp)->Invoke();
      ASSERT_FALSE(s.ok()) << plugin;
      EXPECT_THAT(std::string(s.message()), HasSubstr("failed in invoke")) << plugin;
      // Failing again is still a clean error.
      EXPECT_FALSE((*interp)->Invoke().ok());
    } else {
      EXPECT_THAT(std::string(s.message()), HasSubstr("prepare failed on purpose"));
    }
  }
}

TEST(Interpreter, DynamicShapesFlowDownstream) {
  // RESHAPE with a shape computed at run time (an input), then ADD: both run with dynamic outputs.
  ModelBuilder b;
  int data = b.AddTensor(PLINTH_FLOAT32, {6}, "data");
  int shape = b.AddTensor(PLINTH_INT32, {2}, "shape");
  int reshaped = b.AddTensor(PLINTH_FLOAT32, {1, 6}, "reshaped");
  int one = b.AddConstant(PLINTH_FLOAT32, {1}, std::vector<float>{1.f}, "one");
  int out = b.AddTensor(PLINTH_FLOAT32, {1, 6}, "out");
  b.AddOperator("RESHAPE", {data, shape}, {reshaped}, {});
  b.AddOperator("ADD", {reshaped, one}, {out}, {});
  b.SetInputs({data, shape});
  b.SetOutputs({out});
  auto interp = Make(b);
  ASSERT_TRUE(interp->AllocateTensors().ok());
  ASSERT_TRUE(interp->SetInput(0, Bytes<float>({0, 1, 2, 3, 4, 5})).ok());
  ASSERT_TRUE(interp->SetInput(1, Bytes<int32_t>({3, -1})).ok());
  ASSERT_TRUE(interp->Invoke().ok());
  EXPECT_THAT(interp->output(0).shape(), ElementsAre(3, 2));
  EXPECT_THAT(Values<float>(interp->output(0)), ElementsAre(1, 2, 3, 4, 5, 6));
  ASSERT_TRUE(interp->SetInput(1, Bytes<int32_t>({2, 3})).ok());
  ASSERT_TRUE(interp->Invoke().ok());
  EXPECT_THAT(interp->output(0).shape(), ElementsAre(2, 3));
  ASSERT_TRUE(interp->SetInput(1, Bytes<int32_t>({4, 4})).ok());
  absl::Status bad = interp->Invoke();
  EXPECT_THAT(std::string(bad.message()), HasSubstr("cannot reshape"));
}

TEST(Interpreter, NoHeapAllocationInsideInvoke) {
#ifdef PLINTH_TEST_NO_ALLOCATION_COUNT
  GTEST_SKIP() << "ThreadSanitizer owns operator new; Release and ASan builds run this test";
#endif
  auto dir = testing::SharedModelsDir();
  std::vector<std::unique_ptr<Interpreter>> interps;
  interps.push_back(Make(AddModel()));
  if (dir) {
    for (const char* name : {"mobilenet_v1_025_224_float", "mnist_lstm_float"}) {
      auto model = Model::Load(*dir + "/" + name + ".tflite");
      ASSERT_TRUE(model.ok());
      auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
      ASSERT_TRUE(interp.ok()) << interp.status();
      interps.push_back(*std::move(interp));
    }
  }
  for (auto& interp : interps) {
    ASSERT_TRUE(interp->AllocateTensors().ok());
    ASSERT_TRUE(interp->Invoke().ok());  // first run may touch lazily-made state
    long before = g_allocations.load();
    ASSERT_TRUE(interp->Invoke().ok());
    EXPECT_EQ(g_allocations.load() - before, 0) << interp->model().name();
  }
}

TEST(Interpreter, VariablesPersistUntilReset) {
  auto dir = testing::SharedModelsDir();
  if (!dir) GTEST_SKIP() << "../shared/models is absent";
  auto model = Model::Load(*dir + "/mnist_lstm_float.tflite");
  ASSERT_TRUE(model.ok());
  auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
  ASSERT_TRUE(interp.ok());
  ASSERT_TRUE((*interp)->AllocateTensors().ok());
  std::vector<float> x(28 * 28, 0.3f);
  ASSERT_TRUE((*interp)->SetInput(0, Bytes(x)).ok());
  ASSERT_TRUE((*interp)->Invoke().ok());
  auto first = Values<float>((*interp)->output(0));
  ASSERT_TRUE((*interp)->Invoke().ok());
  EXPECT_NE(Values<float>((*interp)->output(0)), first) << "LSTM state should carry over";
  (*interp)->ResetVariables();
  ASSERT_TRUE((*interp)->Invoke().ok());
  EXPECT_EQ(Values<float>((*interp)->output(0)), first);
}

}  // namespace
}  // namespace plinth
