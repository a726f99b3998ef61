// CALL_ONCE: the init subgraph runs on the first invocation only, once per interpreter even when
// several CALL_ONCE nodes name it; invalid parameters.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/control_flow_test_util.h"

namespace plinth::testing {
namespace {

using ::testing::HasSubstr;

// Subgraph `sg`: v = value.
void AddInitSubgraph(ModelBuilder& b, int sg, std::vector<float> value) {
  const int h = b.AddTensor(PLINTH_RESOURCE, {}, "h", {}, sg);
  const int v = b.AddConstant<float>(PLINTH_FLOAT32, {static_cast<int32_t>(value.size())}, value,
                                     "v0", {}, sg);
  b.AddOperator("VAR_HANDLE", {}, {h}, {{"shared_name", "v"}}, 1, sg);
  b.AddOperator("ASSIGN_VARIABLE", {h, v}, {}, {}, 1, sg);
  b.SetInputs({}, sg);
  b.SetOutputs({}, sg);
}

// Main: [CALL_ONCE(init)] v += x; [CALL_ONCE(init) again]; return v.
ModelBuilder Accumulator(bool second_call_once) {
  ModelBuilder b;
  const int init = b.AddSubgraph("init");
  AddInitSubgraph(b, init, {10.f, 20.f});
  const int x = b.AddTensor(PLINTH_FLOAT32, {2});
  const int h = b.AddTensor(PLINTH_RESOURCE, {});
  const int r = b.AddTensor(PLINTH_FLOAT32, {2}), sum = b.AddTensor(PLINTH_FLOAT32, {2});
  const int out = b.AddTensor(PLINTH_FLOAT32, {2});
  b.AddOperator("CALL_ONCE", {}, {}, {{"init_subgraph_index", init}});
  b.AddOperator("VAR_HANDLE", {}, {h}, {{"shared_name", "v"}});
  b.AddOperator("READ_VARIABLE", {h}, {r});
  b.AddOperator("ADD", {r, x}, {sum});
  b.AddOperator("ASSIGN_VARIABLE", {h, sum}, {});
  if (second_call_once) b.AddOperator("CALL_ONCE", {}, {}, {{"init_subgraph_index", init}});
  b.AddOperator("READ_VARIABLE", {h}, {out});
  b.SetInputs({x});
  b.SetOutputs({out});
  return b;
}

TEST(CallOnce, RunsTheInitSubgraphOncePerInterpreter) {
  for (bool second : {false, true}) {
    const ModelBuilder b = Accumulator(second);
    for (int interpreter = 0; interpreter < 2; ++interpreter) {
      std::unique_ptr<Interpreter> interp;
      ASSERT_EQ(Prepare(b, &interp), "");
      std::vector<float> expected = {10.f, 20.f};
      for (int step = 0; step < 3; ++step) {
        const std::vector<float> x = {1.f + step, -2.f * step};
        ASSERT_EQ(InvokeWith(*interp, {Bytes(x)}), "");
        expected[0] += x[0];
        expected[1] += x[1];
        EXPECT_EQ(Values<float>(interp->output(0)), expected) << second << " " << step;
      }
    }
  }
}

std::string CallOnceError(void (*mutate)(ModelBuilder&, int init, Options&)) {
  ModelBuilder b;
  const int init = b.AddSubgraph("init");
  AddInitSubgraph(b, init, {1.f});
  const int x = b.AddTensor(PLINTH_FLOAT32, {1});
  const int y = b.AddTensor(PLINTH_FLOAT32, {1});
  Options o = {{"init_subgraph_index", init}};
  mutate(b, init, o);
  b.AddOperator("CALL_ONCE", {}, {}, o);
  b.AddOperator("ADD", {x, x}, {y});
  b.SetInputs({x});
  b.SetOutputs({y});
  std::unique_ptr<Interpreter> interp;
  return Prepare(b, &interp);
}

TEST(CallOnce, InvalidParametersFailInPrepare) {
  EXPECT_EQ(CallOnceError([](ModelBuilder&, int, Options&) {}), "");
  EXPECT_THAT(CallOnceError([](ModelBuilder&, int, Options& o) { o[0].second = 5; }),
              HasSubstr("init_subgraph_index 5 is not a subgraph of the model"));
  EXPECT_THAT(CallOnceError([](ModelBuilder&, int, Options& o) { o[0].second = -1; }),
              HasSubstr("is not a subgraph"));
  EXPECT_THAT(CallOnceError([](ModelBuilder& b, int, Options& o) {
                const int sg = b.AddSubgraph("with_input");
                AddInitSubgraph(b, sg, {1.f});
                b.SetInputs({b.AddTensor(PLINTH_FLOAT32, {1}, "in", {}, sg)}, sg);
                o[0].second = sg;
              }),
              HasSubstr("takes 1 inputs, expected 0"));
}

}  // namespace
}  // namespace plinth::testing
