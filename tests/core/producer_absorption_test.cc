// Producer absorption (PlinthOpRegistration.absorb_producer): a kernel takes over the node feeding
// it only where nothing else can see that node's output, the plan and the placement report say
// so, and every way of declining leaves both nodes running as written. The test plugin's
// TestDouble absorbs a TestAddOne before it (configurable_plugin.cc).
#include <memory>
#include <string>
#include <vector>

#include "core/interpreter.h"
#include "core/plugin_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using ::testing::ElementsAre;
using testing::TestPluginPath;

std::shared_ptr<OpRegistry> TestRegistry() {
  auto registry = std::make_shared<OpRegistry>();
  auto plugin = LoadPlugin(TestPluginPath("libtest_ok.so"), registry.get());
  EXPECT_TRUE(plugin.ok()) << plugin.status();
  return registry;
}

struct Chain {
  bool mid_is_output = false;   // the TestAddOne result is also a model output
  bool mid_read_twice = false;  // a second TestDouble reads it
  std::string double_mode;      // TestDouble's custom options ("n": declines, "t": throws)
};

// in[4] -> TestAddOne -> mid -> TestDouble -> out (+ what `c` adds)
std::unique_ptr<Interpreter> MakeChain(const Chain& c, const InterpreterOptions& options = {}) {
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_FLOAT32, {4}, "in");
  b.SetShapeSignature(in, {-1});
  int mid = b.AddTensor(PLINTH_FLOAT32, {4}, "mid");
  int out = b.AddTensor(PLINTH_FLOAT32, {4}, "out");
  b.AddCustomOperator("TestAddOne", {in}, {mid});
  b.AddCustomOperator("TestDouble", {mid}, {out},
                      std::vector<uint8_t>(c.double_mode.begin(), c.double_mode.end()));
  std::vector<int32_t> outputs = {out};
  if (c.mid_read_twice) {
    int out2 = b.AddTensor(PLINTH_FLOAT32, {4}, "out2");
    b.AddCustomOperator("TestDouble", {mid}, {out2});
    outputs.push_back(out2);
  }
  if (c.mid_is_output) outputs.push_back(mid);
  b.SetInputs({in});
  b.SetOutputs(outputs);
  auto bytes = b.Build();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  auto model = Model::FromBuffer(*bytes, "chain.tflite");
  EXPECT_TRUE(model.ok()) << model.status();
  auto interp = Interpreter::Create(*model, TestRegistry(), options);
  EXPECT_TRUE(interp.ok()) << interp.status();
  if (!interp.ok()) return nullptr;
  EXPECT_TRUE((*interp)->AllocateTensors().ok());
  EXPECT_TRUE((*interp)->SetInput(0, testing::Bytes<float>({-1, 0, 1, 2.5f})).ok());
  EXPECT_TRUE((*interp)->Invoke().ok());
  return *std::move(interp);
}

TEST(ProducerAbsorption, KernelTakesOverTheNodeFeedingIt) {
  auto interp = MakeChain({});
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(testing::Values<float>(interp->output(0)), ElementsAre(0, 2, 4, 7));
  const PlacementReport placement = interp->placement();
  EXPECT_EQ(placement.nodes[0].fused_into, 1);
  EXPECT_EQ(placement.nodes[0].runner, "test_ok");
  EXPECT_EQ(placement.nodes[1].fused_into, -1);
  EXPECT_EQ(placement.Summary(), "cpu (test_ok): 2 nodes (1 fused into their readers)");
}

TEST(ProducerAbsorption, AbsorbedOutputTakesNoArenaMemory) {
  auto fused = MakeChain({});
  InterpreterOptions off;
  off.fuse_producers = false;
  auto separate = MakeChain({}, off);
  ASSERT_NE(fused, nullptr);
  ASSERT_NE(separate, nullptr);
  EXPECT_THAT(testing::Values<float>(separate->output(0)), ElementsAre(0, 2, 4, 7));
  EXPECT_EQ(separate->placement().nodes[0].fused_into, -1);
  EXPECT_EQ(separate->placement().Summary(), "cpu (test_ok): 2 nodes");
  EXPECT_LT(fused->arena_bytes(), separate->arena_bytes());
}

TEST(ProducerAbsorption, ProfileListsOnlyTheAbsorbingNode) {
  InterpreterOptions options;
  options.enable_profiling = true;
  auto interp = MakeChain({}, options);
  ASSERT_NE(interp, nullptr);
  const auto steps = interp->profile();
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].op_name, "TestDouble");
}

// Each case must leave TestAddOne running as its own node with the same result.
TEST(ProducerAbsorption, DeclinedWheneverTheProducerMustStayVisible) {
  InterpreterOptions preserve;
  preserve.preserve_all_tensors = true;
  InterpreterOptions off;
  off.fuse_producers = false;
  struct Case {
    const char* what;
    Chain chain;
    InterpreterOptions options;
  };
  const Case cases[] = {
      {"its output is a model output", {true, false, ""}, {}},
      {"its output has two readers", {false, true, ""}, {}},
      {"the kernel declines", {false, false, "n"}, {}},
      {"the kernel throws while asked", {false, false, "t"}, {}},
      {"preserve_all_tensors", {}, preserve},
      {"fuse_producers = false", {}, off},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto interp = MakeChain(c.chain, c.options);
    ASSERT_NE(interp, nullptr);
    EXPECT_THAT(testing::Values<float>(interp->output(0)), ElementsAre(0, 2, 4, 7));
    EXPECT_EQ(interp->placement().nodes[0].fused_into, -1);
    if (c.chain.mid_read_twice) {
      EXPECT_THAT(testing::Values<float>(interp->output(1)), ElementsAre(0, 2, 4, 7));
    }
    if (c.chain.mid_is_output) {
      EXPECT_THAT(testing::Values<float>(interp->output(1)), ElementsAre(0, 1, 2, 3.5f));
    }
  }
}

TEST(ProducerAbsorption, ResizedInputsFlowThroughTheAbsorbingNode) {
  auto interp = MakeChain({});
  ASSERT_NE(interp, nullptr);
  ASSERT_TRUE(interp->ResizeInput(0, {2}).ok());
  ASSERT_TRUE(interp->AllocateTensors().ok());
  ASSERT_TRUE(interp->SetInput(0, testing::Bytes<float>({3, -3})).ok());
  ASSERT_TRUE(interp->Invoke().ok());
  EXPECT_THAT(testing::Values<float>(interp->output(0)), ElementsAre(8, -4));
}

}  // namespace
}  // namespace plinth
