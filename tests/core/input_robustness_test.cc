// Inputs at run time: wrong type, wrong size, NaN/Inf values, shapes the model cannot take, and
// subgraph calls nested too deep. Each gives a clear error or a defined result, and the
// interpreter stays usable afterwards.
#include <cmath>
#include <limits>

#include "core/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;
using testing::Values;

// x [-1, 4] -> FULLY_CONNECTED (4 -> 3) -> SOFTMAX
std::unique_ptr<Interpreter> Classifier() {
  ModelBuilder b;
  int x = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "x");
  b.SetShapeSignature(x, {-1, 4});
  int w = b.AddConstant(PLINTH_FLOAT32, {3, 4},
                        std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1}, "w");
  int logits = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "logits");
  int y = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "y");
  b.AddOperator("FULLY_CONNECTED", {x, w, -1}, {logits}, {});
  b.AddOperator("SOFTMAX", {logits}, {y}, {{"beta", 1.0f}});
  b.SetInputs({x});
  b.SetOutputs({y});
  auto model = Model::FromBuffer(*b.Build(), "classifier.tflite");
  EXPECT_TRUE(model.ok());
  auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
  EXPECT_TRUE(interp.ok());
  EXPECT_TRUE((*interp)->AllocateTensors().ok());
  return *std::move(interp);
}

std::vector<float> RunValues(Interpreter& interp, std::vector<float> x) {
  EXPECT_TRUE(interp.SetInputValues<float>(0, x).ok());
  EXPECT_TRUE(interp.Invoke().ok());
  return Values<float>(interp.output(0));
}

TEST(InputRobustness, WrongTypeAndSizeAreClearErrors) {
  auto interp = Classifier();
  std::vector<int32_t> ints = {1, 2, 3, 4};
  absl::Status type = interp->SetInputValues<int32_t>(0, ints);
  EXPECT_THAT(std::string(type.message()),
              HasSubstr("input 0 ('x') is FLOAT32, but INT32 values were given"));
  std::vector<float> three = {1, 2, 3};
  absl::Status size = interp->SetInputValues<float>(0, three);
  EXPECT_THAT(std::string(size.message()), HasSubstr("3 elements instead of 4"));
  const auto good = RunValues(*interp, {1, 2, 3, 4});
  EXPECT_NEAR(good[0] + good[1] + good[2], 1.f, 1e-6f);
}

TEST(InputRobustness, NanAndInfinityGiveDefinedResultsAndDoNotPoisonLaterRuns) {
  auto interp = Classifier();
  const auto before = RunValues(*interp, {0.5f, -1, 2, 0});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const auto with_nan = RunValues(*interp, {nan, 0, 0, 0});
  EXPECT_TRUE(std::isnan(with_nan[0])) << "NaN propagates through softmax";
  const auto with_inf = RunValues(*interp, {inf, 0, 0, 0});
  for (float v : with_inf) EXPECT_FALSE(std::isinf(v));  // softmax of +inf: NaN or a probability
  EXPECT_EQ(RunValues(*interp, {0.5f, -1, 2, 0}), before) << "a later run is unaffected";
}

TEST(InputRobustness, ImpossibleShapesFailAtPrepareAndTheInterpreterRecovers) {
  auto interp = Classifier();
  // Dimension 1 is fixed by the model's signature.
  EXPECT_THAT(std::string(interp->ResizeInput(0, {2, 5}).message()),
              HasSubstr("fixes dimension 1 to 4"));
  // Rank 3 is allowed by the signature check (different rank) but FULLY_CONNECTED's prepare still
  // accepts it as 6 rows of 4; rank 1 of 3 elements cannot split into rows of 4.
  ASSERT_TRUE(interp->ResizeInput(0, {3}).ok());
  absl::Status bad = interp->AllocateTensors();
  EXPECT_THAT(std::string(bad.message()), HasSubstr("FULLY_CONNECTED"));
  EXPECT_FALSE(interp->Invoke().ok()) << "no invoke on a failed plan";
  ASSERT_TRUE(interp->ResizeInput(0, {2, 4}).ok());
  ASSERT_TRUE(interp->AllocateTensors().ok());
  const auto two = RunValues(*interp, {1, 2, 3, 4, 4, 3, 2, 1});
  EXPECT_EQ(two.size(), 6u);
}

TEST(InputRobustness, SubgraphCallsNestedTooDeepAreRefused) {
  // Subgraph k (k >= 1) calls k+1 through IF; the chain is 4 deep, the limit 2.
  ModelBuilder b;
  const int depth = 4;
  int cond = b.AddTensor(PLINTH_BOOL, {}, "cond");
  int x = b.AddTensor(PLINTH_FLOAT32, {2}, "x");
  int y = b.AddTensor(PLINTH_FLOAT32, {2}, "y");
  std::vector<int> subgraphs;
  for (int k = 0; k < depth; ++k) subgraphs.push_back(b.AddSubgraph("level" + std::to_string(k)));
  for (int k = 0; k < depth; ++k) {
    const int sg = subgraphs[k];
    int c = b.AddTensor(PLINTH_BOOL, {}, "c", {}, sg);
    int in = b.AddTensor(PLINTH_FLOAT32, {2}, "in", {}, sg);
    int out = b.AddTensor(PLINTH_FLOAT32, {2}, "out", {}, sg);
    if (k + 1 < depth) {
      b.AddOperator(
          "IF", {c, c, in}, {out},
          {{"then_subgraph_index", subgraphs[k + 1]}, {"else_subgraph_index", subgraphs[k + 1]}}, 1,
          sg);
      b.SetInputs({c, in}, sg);
    } else {
      b.AddOperator("ADD", {in, in}, {out}, {}, 1, sg);
      b.SetInputs({c, in}, sg);
    }
    b.SetOutputs({out}, sg);
  }
  b.AddOperator("IF", {cond, cond, x}, {y},
                {{"then_subgraph_index", subgraphs[0]}, {"else_subgraph_index", subgraphs[0]}});
  b.SetInputs({cond, x});
  b.SetOutputs({y});
  auto model = Model::FromBuffer(*b.Build(), "deep.tflite");
  ASSERT_TRUE(model.ok()) << model.status();
  for (int limit : {2, 8}) {
    InterpreterOptions options;
    options.max_subgraph_depth = limit;
    auto interp = Interpreter::Create(*model, testing::BuiltinRegistry(), options);
    ASSERT_TRUE(interp.ok()) << interp.status();
    ASSERT_TRUE((*interp)->AllocateTensors().ok());
    ASSERT_TRUE((*interp)->SetInput(0, std::vector<uint8_t>{1}).ok());
    ASSERT_TRUE((*interp)->SetInputValues<float>(1, std::vector<float>{1, 2}).ok());
    absl::Status s = (*interp)->Invoke();
    if (limit == 2) {
      EXPECT_THAT(std::string(s.message()), HasSubstr("nesting deeper than 2 subgraph calls"));
    } else {
      ASSERT_TRUE(s.ok()) << s;
      EXPECT_EQ(Values<float>((*interp)->output(0)), (std::vector<float>{2, 4}));
    }
  }
}

TEST(InputRobustness, CyclicSubgraphCallsAreRefusedEveryTime) {
  // Subgraph 1 calls 2 and 2 calls 1, both through IF; main calls 1.
  ModelBuilder b;
  int cond = b.AddTensor(PLINTH_BOOL, {}, "cond");
  int x = b.AddTensor(PLINTH_FLOAT32, {2}, "x");
  int y = b.AddTensor(PLINTH_FLOAT32, {2}, "y");
  const int ping = b.AddSubgraph("ping");
  const int pong = b.AddSubgraph("pong");
  for (auto [sg, callee] : {std::pair{ping, pong}, std::pair{pong, ping}}) {
    int c = b.AddTensor(PLINTH_BOOL, {}, "c", {}, sg);
    int in = b.AddTensor(PLINTH_FLOAT32, {2}, "in", {}, sg);
    int out = b.AddTensor(PLINTH_FLOAT32, {2}, "out", {}, sg);
    b.AddOperator("IF", {c, c, in}, {out},
                  {{"then_subgraph_index", callee}, {"else_subgraph_index", callee}}, 1, sg);
    b.SetInputs({c, in}, sg);
    b.SetOutputs({out}, sg);
  }
  b.AddOperator("IF", {cond, cond, x}, {y},
                {{"then_subgraph_index", ping}, {"else_subgraph_index", ping}});
  b.SetInputs({cond, x});
  b.SetOutputs({y});
  auto model = Model::FromBuffer(*b.Build(), "cycle.tflite");
  ASSERT_TRUE(model.ok()) << model.status();
  auto interp = Interpreter::Create(*model, testing::BuiltinRegistry());
  ASSERT_TRUE(interp.ok()) << interp.status();
  ASSERT_TRUE((*interp)->AllocateTensors().ok());
  ASSERT_TRUE((*interp)->SetInput(0, std::vector<uint8_t>{1}).ok());
  ASSERT_TRUE((*interp)->SetInputValues<float>(1, std::vector<float>{1, 2}).ok());
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::Status s = (*interp)->Invoke();
    EXPECT_THAT(std::string(s.message()), HasSubstr("subgraph calls form a cycle"))
        << "attempt " << attempt;
  }
}

}  // namespace
}  // namespace plinth
