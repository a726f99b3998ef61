// One loaded model shared by several interpreters on several threads, each invoking in a loop:
// results must equal a single-threaded run (and ThreadSanitizer, in CI's TSan run, must stay
// quiet).
#include <thread>

#include "core/interpreter.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

std::shared_ptr<const Model> SharedOrSample() {
  if (auto dir = testing::SharedModelsDir()) {
    auto model = Model::Load(*dir + "/resnet8_cifar10_float.tflite");
    if (model.ok()) return *model;
  }
  auto model = Model::Load(PLINTH_TEST_SAMPLE_MODEL);
  EXPECT_TRUE(model.ok());
  return *model;
}

std::vector<float> RunOnce(const std::shared_ptr<const Model>& model,
                           const std::vector<uint8_t>& input, int kernel_threads) {
  InterpreterOptions options;
  options.num_threads = kernel_threads;
  auto interp = Interpreter::Create(model, testing::BuiltinRegistry(), options);
  EXPECT_TRUE(interp.ok());
  EXPECT_TRUE((*interp)->AllocateTensors().ok());
  EXPECT_TRUE((*interp)->SetInput(0, input).ok());
  EXPECT_TRUE((*interp)->Invoke().ok());
  return testing::Values<float>((*interp)->output(0));
}

TEST(Concurrency, InterpretersOnManyThreadsShareOneModel) {
  auto model = SharedOrSample();
  auto probe = Interpreter::Create(model, testing::BuiltinRegistry());
  ASSERT_TRUE(probe.ok());
  ASSERT_TRUE((*probe)->AllocateTensors().ok());
  const size_t bytes = (*probe)->input(0).bytes();
  std::vector<std::vector<uint8_t>> inputs(4, std::vector<uint8_t>(bytes));
  for (size_t t = 0; t < inputs.size(); ++t) {
    auto values = testing::RandomValues<float>(bytes / 4, -1, 1, static_cast<uint32_t>(t + 1));
    std::memcpy(inputs[t].data(), values.data(), bytes);
  }
  std::vector<std::vector<float>> expected;
  for (const auto& in : inputs) expected.push_back(RunOnce(model, in, 1));

  std::vector<std::thread> threads;
  std::vector<int> mismatches(inputs.size(), 0);
  for (size_t t = 0; t < inputs.size(); ++t) {
    threads.emplace_back([&, t] {
      InterpreterOptions options;
      options.num_threads = t % 2 == 0 ? 1 : 2;  // some interpreters also split kernels
      auto interp = Interpreter::Create(model, testing::BuiltinRegistry(), options);
      if (!interp.ok() || !(*interp)->AllocateTensors().ok()) {
        ++mismatches[t];
        return;
      }
      for (int round = 0; round < 3; ++round) {
        if (!(*interp)->SetInput(0, inputs[t]).ok() || !(*interp)->Invoke().ok() ||
            testing::Values<float>((*interp)->output(0)) != expected[t]) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < inputs.size(); ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(Concurrency, KernelThreadsGiveTheSameAnswer) {
  auto model = SharedOrSample();
  auto probe = Interpreter::Create(model, testing::BuiltinRegistry());
  ASSERT_TRUE((*probe)->AllocateTensors().ok());
  std::vector<uint8_t> input((*probe)->input(0).bytes());
  auto values = testing::RandomValues<float>(input.size() / 4, -1, 1, 9);
  std::memcpy(input.data(), values.data(), input.size());
  EXPECT_EQ(RunOnce(model, input, 1), RunOnce(model, input, 2));
}

}  // namespace
}  // namespace plinth
