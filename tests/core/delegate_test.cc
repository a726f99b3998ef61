// Delegation in the core: partitions with CPU fallback, placement reports, options, and every way
// a delegate can fail (unavailable, prepare, invoke), using tests/core/test_plugins/test_delegate.
#include "core/interpreter.h"
#include "core/plugin_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using testing::Bytes;
using ::testing::HasSubstr;
using testing::Values;

std::shared_ptr<OpRegistry> Registry() {
  static std::shared_ptr<OpRegistry> registry = [] {
    auto r = std::make_shared<OpRegistry>();
    EXPECT_TRUE(LoadPlugin(testing::BuiltinPluginPath(), r.get()).ok());
    auto d = LoadPlugin(testing::TestPluginPath("libtest_delegate.so"), r.get());
    EXPECT_TRUE(d.ok()) << d.status();
    return r;
  }();
  return registry;
}

// in -> ADD c -> MUL c -> SOFTMAX -> SUB c -> out; the delegate takes ADD, MUL and SUB.
std::shared_ptr<const Model> MixedModel() {
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "in");
  int c = b.AddConstant(PLINTH_FLOAT32, {1, 4}, std::vector<float>{0.5f, -1, 2, 0}, "c");
  int t1 = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "t1");
  int t2 = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "t2");
  int t3 = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "t3");
  int out = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "out");
  b.AddOperator("ADD", {in, c}, {t1}, {});
  b.AddOperator("MUL", {t1, c}, {t2}, {});
  b.AddOperator("SOFTMAX", {t2}, {t3}, {{"beta", 1.0f}});
  b.AddOperator("SUB", {t3, c}, {out}, {});
  b.SetInputs({in});
  b.SetOutputs({out});
  auto model = Model::FromBuffer(*b.Build(), "mixed.tflite");
  EXPECT_TRUE(model.ok());
  return *model;
}

struct RunResult {
  std::vector<float> output;
  std::string placement;
  std::vector<std::string> warnings;
  absl::Status status;
};

RunResult RunWith(const std::vector<std::pair<std::string, std::string>>& delegate_options,
                  bool fallback = true, int invokes = 1,
                  const std::string& name = "test_delegate") {
  RunResult run;
  InterpreterOptions options;
  options.delegate_fallback = fallback;
  options.warning_sink = [&](const std::string& w) { run.warnings.push_back(w); };
  if (!name.empty()) options.delegates.push_back({name, delegate_options});
  auto interp = Interpreter::Create(MixedModel(), Registry(), options);
  if (!interp.ok()) {
    run.status = interp.status();
    return run;
  }
  run.status = (*interp)->AllocateTensors();
  for (int i = 0; run.status.ok() && i < invokes; ++i) {
    run.status = (*interp)->SetInput(0, Bytes<float>({1, 2, 3, 4}));
    if (run.status.ok()) run.status = (*interp)->Invoke();
  }
  if (run.status.ok()) run.output = Values<float>((*interp)->output(0));
  run.placement = (*interp)->placement().Summary();
  return run;
}

std::vector<float> CpuOutput() { return RunWith({}, true, 1, "").output; }

TEST(Delegation, PartitionsAroundUnsupportedOpsAndMatchesTheCpu) {
  RunResult run = RunWith({});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.placement, "test_delegate: 3 nodes in 2 partitions; cpu (builtin_ops): 1 node");
  EXPECT_EQ(run.output, CpuOutput());
  EXPECT_TRUE(run.warnings.empty());
}

TEST(Delegation, ReportsWhyNodesStayedOnTheCpu) {
  InterpreterOptions options;
  options.delegates.push_back({"test_delegate", {{"ops", "ADD+MUL"}}});
  auto interp = Interpreter::Create(MixedModel(), Registry(), options);
  ASSERT_TRUE(interp.ok()) << interp.status();
  PlacementReport report = (*interp)->placement();
  ASSERT_EQ(report.partitions.size(), 1u);
  EXPECT_EQ(report.partitions[0].nodes, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(report.nodes[2].reason, "test_delegate: op SOFTMAX not supported");
  EXPECT_EQ(report.nodes[3].reason, "test_delegate: op SUB not supported");
  EXPECT_EQ(report.nodes[0].runner, "delegate:test_delegate");
}

TEST(Delegation, PartitionLimits) {
  InterpreterOptions options;
  options.delegates.push_back({"test_delegate", {}});
  options.max_delegated_partitions = 1;
  auto one = Interpreter::Create(MixedModel(), Registry(), options);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ((*one)->placement().Summary(),
            "test_delegate: 2 nodes in 1 partition; cpu (builtin_ops): 2 nodes");
  options.max_delegated_partitions = 0;
  options.min_nodes_per_partition = 3;
  auto none = Interpreter::Create(MixedModel(), Registry(), options);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->placement().Summary(), "cpu (builtin_ops): 4 nodes");
}

TEST(Delegation, UnavailableDelegateFallsBackWithAWarningOrFails) {
  RunResult run = RunWith({{"fail", "unavailable"}});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.placement, "cpu (builtin_ops): 4 nodes");
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_THAT(run.warnings[0], HasSubstr("'test_delegate' is unavailable: no test device here"));
  EXPECT_EQ(run.output, CpuOutput());

  RunResult strict = RunWith({{"fail", "unavailable"}}, /*fallback=*/false);
  EXPECT_THAT(std::string(strict.status.message()), HasSubstr("CPU fallback is disabled"));

  RunResult missing = RunWith({}, true, 1, "no_such_delegate");
  ASSERT_TRUE(missing.status.ok());
  EXPECT_THAT(missing.warnings[0], HasSubstr("no loaded plugin registers it"));

  RunResult bad_option = RunWith({{"colour", "blue"}}, /*fallback=*/false);
  EXPECT_THAT(std::string(bad_option.status.message()), HasSubstr("unknown option 'colour'"));
}

TEST(Delegation, PrepareFailureFallsBackToTheCpu) {
  RunResult run = RunWith({{"fail", "prepare"}});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.placement, "cpu (builtin_ops): 4 nodes");
  EXPECT_EQ(run.output, CpuOutput());
  ASSERT_FALSE(run.warnings.empty());
  EXPECT_THAT(run.warnings[0], HasSubstr("prepare failed on purpose"));
  RunResult strict = RunWith({{"fail", "prepare"}}, /*fallback=*/false);
  EXPECT_FALSE(strict.status.ok());
}

TEST(Delegation, InvokeFailureRerunsOnTheCpuWithCorrectOutputs) {
  // The first invoke runs both partitions on the delegate; from the second on it fails: each
  // partition falls back in turn and the run restarts, so the outputs are the CPU's.
  RunResult run = RunWith({{"fail_after", "2"}}, true, /*invokes=*/4);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.output, CpuOutput());
  EXPECT_EQ(run.placement, "cpu (builtin_ops): 4 nodes");
  ASSERT_EQ(run.warnings.size(), 2u);
  EXPECT_THAT(run.warnings[0], HasSubstr("invoke failed on purpose"));

  RunResult strict = RunWith({{"fail", "invoke"}}, /*fallback=*/false);
  EXPECT_THAT(std::string(strict.status.message()), HasSubstr("invoke failed on purpose"));
}

TEST(Delegation, ResizedInputsRebuildTheDelegateKernel) {
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "in");
  b.SetShapeSignature(in, {-1, 3});
  int two = b.AddConstant(PLINTH_FLOAT32, {1}, std::vector<float>{2.f}, "two");
  int out = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "out");
  b.AddOperator("MUL", {in, two}, {out}, {});
  b.SetInputs({in});
  b.SetOutputs({out});
  auto model = Model::FromBuffer(*b.Build());
  InterpreterOptions options;
  options.delegates.push_back({"test_delegate", {}});
  auto interp = Interpreter::Create(*model, Registry(), options);
  ASSERT_TRUE(interp.ok());
  ASSERT_TRUE((*interp)->ResizeInput(0, {2, 3}).ok());
  ASSERT_TRUE((*interp)->AllocateTensors().ok());
  ASSERT_TRUE((*interp)->SetInput(0, Bytes<float>({1, 2, 3, 4, 5, 6})).ok());
  ASSERT_TRUE((*interp)->Invoke().ok());
  EXPECT_EQ(Values<float>((*interp)->output(0)), (std::vector<float>{2, 4, 6, 8, 10, 12}));
  EXPECT_EQ((*interp)->placement().Summary(), "test_delegate: 1 node in 1 partition");
}

}  // namespace
}  // namespace plinth
