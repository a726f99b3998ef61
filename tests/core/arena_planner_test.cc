// The arena planner never overlaps buffers that are alive together, and stays close to the lower
// bound on real models.
#include <filesystem>
#include <random>

#include "core/arena_planner.h"
#include "core/model.h"
#include "gtest/gtest.h"
#include "plinth/plugin.hpp"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

void ExpectValid(const std::vector<ArenaRequest>& requests, const ArenaPlan& plan, size_t align) {
  ASSERT_EQ(plan.offsets.size(), requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % align, 0u);
    EXPECT_LE(plan.offsets[i] + requests[i].size, plan.size);
    for (size_t j = 0; j < i; ++j) {
      bool live_together = requests[i].first_step <= requests[j].last_step &&
                           requests[j].first_step <= requests[i].last_step;
      if (!live_together || requests[i].size == 0 || requests[j].size == 0) continue;
      bool disjoint = plan.offsets[i] + requests[i].size <= plan.offsets[j] ||
                      plan.offsets[j] + requests[j].size <= plan.offsets[i];
      EXPECT_TRUE(disjoint) << "buffers " << i << " and " << j << " overlap";
    }
  }
  EXPECT_GE(plan.size, ArenaLowerBound(requests, align));
}

TEST(ArenaPlanner, RandomLifetimesNeverOverlap) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<ArenaRequest> requests(1 + rng() % 60);
    for (auto& r : requests) {
      r.size = rng() % 5000;
      r.first_step = static_cast<int32_t>(rng() % 40);
      r.last_step = r.first_step + static_cast<int32_t>(rng() % 10);
    }
    ArenaPlan plan = PlanArena(requests, 64);
    ExpectValid(requests, plan, 64);
  }
}

TEST(ArenaPlanner, ReusesMemoryOfDeadBuffers) {
  // A chain a -> b -> c -> d: each buffer is live with its neighbours only.
  std::vector<ArenaRequest> chain = {{1000, 0, 1}, {1000, 1, 2}, {1000, 2, 3}, {1000, 3, 4}};
  ArenaPlan plan = PlanArena(chain, 64);
  ExpectValid(chain, plan, 64);
  EXPECT_EQ(plan.size, 2 * 1024u);
  EXPECT_EQ(ArenaLowerBound(chain, 64), 2 * 1024u);
}

// Lifetimes of a subgraph's activations computed here independently of the executor: from the
// first node that writes a tensor (or step 0 for inputs) to the last that reads it (or the end).
std::vector<ArenaRequest> RequestsOf(const SubgraphDef& sg) {
  const int32_t end = static_cast<int32_t>(sg.nodes.size());
  std::vector<int32_t> first(sg.tensors.size(), -1), last(sg.tensors.size(), -1);
  for (int32_t i : sg.inputs) first[i] = 0, last[i] = end;
  for (int32_t k = 0; k < end; ++k) {
    for (int32_t o : sg.nodes[k].outputs)
      if (o >= 0 && first[o] < 0) first[o] = k;
    for (int32_t i : sg.nodes[k].inputs)
      if (i >= 0) last[i] = std::max(last[i], k);
  }
  for (int32_t o : sg.outputs) last[o] = end;
  std::vector<ArenaRequest> out;
  for (size_t i = 0; i < sg.tensors.size(); ++i) {
    const TensorDef& t = sg.tensors[i];
    if (t.data != nullptr || t.is_variable || first[i] < 0) continue;
    size_t bytes = TypeSize(t.type);
    for (int32_t d : t.shape) bytes *= static_cast<size_t>(d);
    out.push_back({bytes, first[i], std::max(first[i], last[i])});
  }
  return out;
}

TEST(ArenaPlanner, SharedModelsPlanValidAndNearTheLowerBound) {
  auto dir = testing::SharedModelsDir();
  if (!dir) {
    if (testing::GoldenRequired()) FAIL() << "../shared/models is missing";
    GTEST_SKIP() << "../shared/models is absent (a user's own clone); CI requires it";
  }
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    if (entry.path().extension() != ".tflite") continue;
    auto model = Model::Load(entry.path().string());
    ASSERT_TRUE(model.ok()) << model.status();
    auto requests = RequestsOf((*model)->graph().subgraphs[0]);
    ArenaPlan plan = PlanArena(requests, 64);
    ExpectValid(requests, plan, 64);
    size_t bound = ArenaLowerBound(requests, 64);
    EXPECT_LE(plan.size, bound + bound / 4)
        << entry.path().filename() << ": arena " << plan.size << " vs lower bound " << bound;
  }
}

TEST(ArenaPlanner, InterpreterArenaIsNearTheLowerBound) {
  auto dir = testing::SharedModelsDir();
  if (!dir) GTEST_SKIP() << "../shared/models is absent";
  for (const char* name :
       {"mobilenet_v1_025_224_float", "resnet8_cifar10_float", "deeplabv3_mnv2_257_float"}) {
    auto model = Model::Load(*dir + "/" + name + ".tflite");
    ASSERT_TRUE(model.ok()) << model.status();
    auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
    ASSERT_TRUE(interp.ok()) << interp.status();
    ASSERT_TRUE((*interp)->AllocateTensors().ok());
    size_t bound = (*interp)->arena_lower_bound();
    EXPECT_GT(bound, 0u);
    EXPECT_LE((*interp)->arena_bytes(), bound + bound / 4) << name;
  }
}

}  // namespace
}  // namespace plinth
