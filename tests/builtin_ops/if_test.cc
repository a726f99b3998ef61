// IF: runs the branch the condition selects on the remaining inputs; branches may produce
// different shapes (dynamic outputs, consumed by later nodes); invalid parameters.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/control_flow_test_util.h"

namespace plinth::testing {
namespace {

using ::testing::HasSubstr;

TEST(If, RunsTheSelectedBranch) {
  ModelBuilder b;
  const int then_sg = b.AddSubgraph("then"), else_sg = b.AddSubgraph("else");
  AddBinarySubgraph(b, then_sg, "ADD");
  AddBinarySubgraph(b, else_sg, "MUL");
  const int p = b.AddTensor(PLINTH_BOOL, {});
  const int x = b.AddTensor(PLINTH_FLOAT32, {2, 3}), y = b.AddTensor(PLINTH_FLOAT32, {2, 3});
  const int out = b.AddTensor(PLINTH_FLOAT32, {2, 3});
  b.AddOperator("IF", {p, x, y}, {out},
                {{"then_subgraph_index", then_sg}, {"else_subgraph_index", else_sg}});
  b.SetInputs({p, x, y});
  b.SetOutputs({out});
  std::unique_ptr<Interpreter> interp;
  ASSERT_EQ(Prepare(b, &interp), "");
  const auto xv = RandomValues<float>(6, -3, 3, 1), yv = RandomValues<float>(6, -3, 3, 2);
  for (bool cond : {true, false, true}) {
    ASSERT_EQ(InvokeWith(*interp, {BoolBytes(cond), Bytes(xv), Bytes(yv)}), "");
    const auto got = Values<float>(interp->output(0));
    for (int i = 0; i < 6; ++i) EXPECT_EQ(got[i], cond ? xv[i] + yv[i] : xv[i] * yv[i]) << cond;
  }
}

// then: concat(a, b) [4, 3]; else: a + b [2, 3]; a MUL after the IF reads the result.
TEST(If, BranchesMayProduceDifferentShapes) {
  ModelBuilder b;
  const int then_sg = b.AddSubgraph("then"), else_sg = b.AddSubgraph("else");
  {
    const int a = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "a", {}, then_sg);
    const int c = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "b", {}, then_sg);
    const int o = b.AddTensor(PLINTH_FLOAT32, {4, 3}, "o", {}, then_sg);
    b.AddOperator("CONCATENATION", {a, c}, {o}, {{"axis", 0}}, 1, then_sg);
    b.SetInputs({a, c}, then_sg);
    b.SetOutputs({o}, then_sg);
  }
  AddBinarySubgraph(b, else_sg, "ADD");
  const int p = b.AddTensor(PLINTH_BOOL, {1});
  const int x = b.AddTensor(PLINTH_FLOAT32, {2, 3}), y = b.AddTensor(PLINTH_FLOAT32, {2, 3});
  const int mid = b.AddTensor(PLINTH_FLOAT32, {2, 3});
  const int two = b.AddConstant<float>(PLINTH_FLOAT32, {}, {2.f});
  const int out = b.AddTensor(PLINTH_FLOAT32, {2, 3});
  b.AddOperator("IF", {p, x, y}, {mid},
                {{"then_subgraph_index", then_sg}, {"else_subgraph_index", else_sg}});
  b.AddOperator("MUL", {mid, two}, {out});
  b.SetInputs({p, x, y});
  b.SetOutputs({out});
  std::unique_ptr<Interpreter> interp;
  ASSERT_EQ(Prepare(b, &interp), "");
  const std::vector<float> xv = {1, 2, 3, 4, 5, 6}, yv = {10, 20, 30, 40, 50, 60};
  ASSERT_EQ(InvokeWith(*interp, {BoolBytes(true), Bytes(xv), Bytes(yv)}), "");
  EXPECT_EQ(interp->output(0).shape(), (std::vector<int32_t>{4, 3}));
  EXPECT_EQ(Values<float>(interp->output(0)),
            (std::vector<float>{2, 4, 6, 8, 10, 12, 20, 40, 60, 80, 100, 120}));
  ASSERT_EQ(InvokeWith(*interp, {BoolBytes(false), Bytes(xv), Bytes(yv)}), "");
  EXPECT_EQ(interp->output(0).shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(Values<float>(interp->output(0)), (std::vector<float>{22, 44, 66, 88, 110, 132}));
}

// Nested: both branches take (q, a, b); the then-branch is itself an IF on q.
TEST(If, BranchesMayContainIfs) {
  ModelBuilder b;
  const int outer_then = b.AddSubgraph(), outer_else = b.AddSubgraph();
  const int inner_then = b.AddSubgraph(), inner_else = b.AddSubgraph();
  AddBinarySubgraph(b, inner_then, "SUB", {2});
  AddBinarySubgraph(b, inner_else, "MAXIMUM", {2});
  for (int sg : {outer_then, outer_else}) {
    const int q = b.AddTensor(PLINTH_BOOL, {}, "q", {}, sg);
    const int a = b.AddTensor(PLINTH_FLOAT32, {2}, "a", {}, sg);
    const int c = b.AddTensor(PLINTH_FLOAT32, {2}, "b", {}, sg);
    const int o = b.AddTensor(PLINTH_FLOAT32, {2}, "o", {}, sg);
    if (sg == outer_then) {
      b.AddOperator("IF", {q, a, c}, {o},
                    {{"then_subgraph_index", inner_then}, {"else_subgraph_index", inner_else}}, 1,
                    sg);
    } else {
      b.AddOperator("MINIMUM", {a, c}, {o}, {}, 1, sg);
    }
    b.SetInputs({q, a, c}, sg);
    b.SetOutputs({o}, sg);
  }
  const int p = b.AddTensor(PLINTH_BOOL, {}), q = b.AddTensor(PLINTH_BOOL, {});
  const int x = b.AddTensor(PLINTH_FLOAT32, {2}), y = b.AddTensor(PLINTH_FLOAT32, {2});
  const int out = b.AddTensor(PLINTH_FLOAT32, {2});
  b.AddOperator("IF", {p, q, x, y}, {out},
                {{"then_subgraph_index", outer_then}, {"else_subgraph_index", outer_else}});
  b.SetInputs({p, q, x, y});
  b.SetOutputs({out});
  std::unique_ptr<Interpreter> interp;
  ASSERT_EQ(Prepare(b, &interp), "");
  const std::vector<float> xv = {1, 5}, yv = {3, 2};
  const std::vector<std::pair<std::pair<bool, bool>, std::vector<float>>> expected = {
      {{true, true}, {-2, 3}}, {{true, false}, {3, 5}}, {{false, true}, {1, 2}}};
  for (const auto& [conds, want] : expected) {
    ASSERT_EQ(InvokeWith(*interp,
                         {BoolBytes(conds.first), BoolBytes(conds.second), Bytes(xv), Bytes(yv)}),
              "");
    EXPECT_EQ(Values<float>(interp->output(0)), want);
  }
}

std::string IfError(void (*mutate)(ModelBuilder&, std::vector<int32_t>&, Options&)) {
  ModelBuilder b;
  const int then_sg = b.AddSubgraph("then"), else_sg = b.AddSubgraph("else");
  AddBinarySubgraph(b, then_sg, "ADD");
  AddBinarySubgraph(b, else_sg, "MUL");
  std::vector<int32_t> in = {b.AddTensor(PLINTH_BOOL, {}), b.AddTensor(PLINTH_FLOAT32, {2, 3}),
                             b.AddTensor(PLINTH_FLOAT32, {2, 3})};
  Options o = {{"then_subgraph_index", then_sg}, {"else_subgraph_index", else_sg}};
  mutate(b, in, o);
  const int out = b.AddTensor(PLINTH_FLOAT32, {2, 3});
  b.AddOperator("IF", in, {out}, o);
  b.SetInputs(in);
  b.SetOutputs({out});
  std::unique_ptr<Interpreter> interp;
  return Prepare(b, &interp);
}

TEST(If, InvalidParametersFailInPrepare) {
  EXPECT_EQ(IfError([](ModelBuilder&, std::vector<int32_t>&, Options&) {}), "");
  EXPECT_THAT(IfError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[0] = b.AddTensor(PLINTH_INT32, {});
              }),
              HasSubstr("condition has unsupported type INT32"));
  EXPECT_THAT(IfError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[0] = b.AddTensor(PLINTH_BOOL, {2});
              }),
              HasSubstr("one element"));
  EXPECT_THAT(IfError([](ModelBuilder&, std::vector<int32_t>&, Options& o) { o[0].second = 7; }),
              HasSubstr("then_subgraph_index 7 is not a subgraph of the model"));
  EXPECT_THAT(IfError([](ModelBuilder&, std::vector<int32_t>&, Options& o) { o[1].second = 0; }),
              HasSubstr("is the subgraph of the node itself"));
  EXPECT_THAT(IfError([](ModelBuilder&, std::vector<int32_t>& in, Options&) { in.pop_back(); }),
              HasSubstr("takes 2 inputs, expected 1"));
  EXPECT_THAT(IfError([](ModelBuilder& b, std::vector<int32_t>& in, Options&) {
                in[2] = b.AddTensor(PLINTH_INT32, {2, 3});
              }),
              HasSubstr("input 1 is INT32 but subgraph 1's input 1 is FLOAT32"));
}

}  // namespace
}  // namespace plinth::testing
