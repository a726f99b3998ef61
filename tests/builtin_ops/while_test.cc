// WHILE: loops the body while the condition holds; zero iterations; loop variables that change
// shape; a loop inside a loop body; a subgraph that calls itself; invalid parameters.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/control_flow_test_util.h"

namespace plinth::testing {
namespace {

using ::testing::HasSubstr;

// body(i, x) = (i + 1, x * k) in subgraph `sg`.
void AddScaleBody(ModelBuilder& b, int sg, float k) {
  const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, sg);
  const int x = b.AddTensor(PLINTH_FLOAT32, {3}, "x", {}, sg);
  const int one = b.AddConstant<int32_t>(PLINTH_INT32, {}, {1}, "one", {}, sg);
  const int kt = b.AddConstant<float>(PLINTH_FLOAT32, {}, {k}, "k", {}, sg);
  const int ni = b.AddTensor(PLINTH_INT32, {}, "i2", {}, sg);
  const int nx = b.AddTensor(PLINTH_FLOAT32, {3}, "x2", {}, sg);
  b.AddOperator("ADD", {i, one}, {ni}, {}, 1, sg);
  b.AddOperator("MUL", {x, kt}, {nx}, {}, 1, sg);
  b.SetInputs({i, x}, sg);
  b.SetOutputs({ni, nx}, sg);
}

TEST(While, LoopsUntilTheConditionFails) {
  ModelBuilder b;
  const int cond = b.AddSubgraph("cond"), body = b.AddSubgraph("body");
  AddCounterCond(b, cond, 6, {{PLINTH_FLOAT32, {3}}});
  AddScaleBody(b, body, 2.f);
  const int i = b.AddTensor(PLINTH_INT32, {}), x = b.AddTensor(PLINTH_FLOAT32, {3});
  const int oi = b.AddTensor(PLINTH_INT32, {}), ox = b.AddTensor(PLINTH_FLOAT32, {3});
  b.AddOperator("WHILE", {i, x}, {oi, ox},
                {{"cond_subgraph_index", cond}, {"body_subgraph_index", body}});
  b.SetInputs({i, x});
  b.SetOutputs({oi, ox});
  std::unique_ptr<Interpreter> interp;
  ASSERT_EQ(Prepare(b, &interp), "");
  const std::vector<float> xv = {1.f, -0.5f, 3.f};
  for (int start : {0, 4, 6}) {
    ASSERT_EQ(InvokeWith(*interp, {Bytes(std::vector<int32_t>{start}), Bytes(xv)}), "");
    EXPECT_EQ(Values<int32_t>(interp->output(0)), (std::vector<int32_t>{6}));
    const float scale = static_cast<float>(1 << (6 - start));  // no iteration when start == 6
    EXPECT_EQ(Values<float>(interp->output(1)),
              (std::vector<float>{xv[0] * scale, xv[1] * scale, xv[2] * scale}));
  }
}

// body(i, x) = (i + 1, concat(x, x)): the loop variable doubles each iteration.
TEST(While, LoopVariablesMayChangeShape) {
  ModelBuilder b;
  const int cond = b.AddSubgraph("cond"), body = b.AddSubgraph("body");
  AddCounterCond(b, cond, 3, {{PLINTH_FLOAT32, {1}}});
  {
    const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, body);
    const int x = b.AddTensor(PLINTH_FLOAT32, {1}, "x", {}, body);
    const int one = b.AddConstant<int32_t>(PLINTH_INT32, {}, {1}, "one", {}, body);
    const int ni = b.AddTensor(PLINTH_INT32, {}, "i2", {}, body);
    const int nx = b.AddTensor(PLINTH_FLOAT32, {2}, "x2", {}, body);
    b.AddOperator("ADD", {i, one}, {ni}, {}, 1, body);
    b.AddOperator("CONCATENATION", {x, x}, {nx}, {{"axis", 0}}, 1, body);
    b.SetInputs({i, x}, body);
    b.SetOutputs({ni, nx}, body);
  }
  const int i = b.AddTensor(PLINTH_INT32, {}), x = b.AddTensor(PLINTH_FLOAT32, {1});
  const int oi = b.AddTensor(PLINTH_INT32, {}), ox = b.AddTensor(PLINTH_FLOAT32, {1});
  const int sum = b.AddTensor(PLINTH_FLOAT32, {1});
  b.AddOperator("WHILE", {i, x}, {oi, ox},
                {{"cond_subgraph_index", cond}, {"body_subgraph_index", body}});
  b.AddOperator("ADD", {ox, ox}, {sum});  // a consumer of the dynamic output
  b.SetInputs({i, x});
  b.SetOutputs({ox, sum});
  std::unique_ptr<Interpreter> interp;
  ASSERT_EQ(Prepare(b, &interp), "");
  for (int start : {0, 2, 3}) {
    ASSERT_EQ(
        InvokeWith(*interp, {Bytes(std::vector<int32_t>{start}), Bytes(std::vector<float>{1.5f})}),
        "");
    const int n = 1 << (3 - start);
    EXPECT_EQ(interp->output(0).shape(), (std::vector<int32_t>{n}));
    EXPECT_EQ(Values<float>(interp->output(0)), std::vector<float>(n, 1.5f));
    EXPECT_EQ(Values<float>(interp->output(1)), std::vector<float>(n, 3.f));
  }
}

// The body runs an inner WHILE: x is doubled twice per outer iteration.
TEST(While, BodiesMayLoopThemselves) {
  ModelBuilder b;
  const int cond = b.AddSubgraph(), body = b.AddSubgraph();
  const int inner_cond = b.AddSubgraph(), inner_body = b.AddSubgraph();
  AddCounterCond(b, cond, 3, {{PLINTH_FLOAT32, {3}}});
  AddCounterCond(b, inner_cond, 2, {{PLINTH_FLOAT32, {3}}});
  AddScaleBody(b, inner_body, 2.f);
  {
    const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, body);
    const int x = b.AddTensor(PLINTH_FLOAT32, {3}, "x", {}, body);
    const int zero = b.AddConstant<int32_t>(PLINTH_INT32, {}, {0}, "zero", {}, body);
    const int one = b.AddConstant<int32_t>(PLINTH_INT32, {}, {1}, "one", {}, body);
    const int ji = b.AddTensor(PLINTH_INT32, {}, "j", {}, body);
    const int nx = b.AddTensor(PLINTH_FLOAT32, {3}, "x2", {}, body);
    const int ni = b.AddTensor(PLINTH_INT32, {}, "i2", {}, body);
    b.AddOperator("WHILE", {zero, x}, {ji, nx},
                  {{"cond_subgraph_index", inner_cond}, {"body_subgraph_index", inner_body}}, 1,
                  body);
    b.AddOperator("ADD", {i, one}, {ni}, {}, 1, body);
    b.SetInputs({i, x}, body);
    b.SetOutputs({ni, nx}, body);
  }
  const int i = b.AddTensor(PLINTH_INT32, {}), x = b.AddTensor(PLINTH_FLOAT32, {3});
  const int oi = b.AddTensor(PLINTH_INT32, {}), ox = b.AddTensor(PLINTH_FLOAT32, {3});
  b.AddOperator("WHILE", {i, x}, {oi, ox},
                {{"cond_subgraph_index", cond}, {"body_subgraph_index", body}});
  b.SetInputs({i, x});
  b.SetOutputs({ox});
  std::unique_ptr<Interpreter> interp;
  ASSERT_EQ(Prepare(b, &interp), "");
  ASSERT_EQ(
      InvokeWith(*interp, {Bytes(std::vector<int32_t>{0}), Bytes(std::vector<float>{1, 2, 3})}),
      "");
  EXPECT_EQ(Values<float>(interp->output(0)), (std::vector<float>{64, 128, 192}));
}

// Body subgraph `sg` running a WHILE whose body is `inner_body`.
void AddLoopingBody(ModelBuilder& b, int sg, int cond, int inner_body) {
  const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, sg);
  const int x = b.AddTensor(PLINTH_FLOAT32, {3}, "x", {}, sg);
  const int ni = b.AddTensor(PLINTH_INT32, {}, "i2", {}, sg);
  const int nx = b.AddTensor(PLINTH_FLOAT32, {3}, "x2", {}, sg);
  b.AddOperator("WHILE", {i, x}, {ni, nx},
                {{"cond_subgraph_index", cond}, {"body_subgraph_index", inner_body}}, 1, sg);
  b.SetInputs({i, x}, sg);
  b.SetOutputs({ni, nx}, sg);
}

// Bodies that run WHILEs over each other (or themselves) are cycles: errors, not crashes.
TEST(While, RecursiveBodiesAreErrors) {
  for (bool direct : {true, false}) {
    ModelBuilder b;
    const int cond = b.AddSubgraph(), body_a = b.AddSubgraph(), body_b = b.AddSubgraph();
    AddCounterCond(b, cond, 3, {{PLINTH_FLOAT32, {3}}});
    AddLoopingBody(b, body_a, cond, direct ? body_a : body_b);
    AddLoopingBody(b, body_b, cond, body_a);
    const int i = b.AddTensor(PLINTH_INT32, {}), x = b.AddTensor(PLINTH_FLOAT32, {3});
    const int oi = b.AddTensor(PLINTH_INT32, {}), ox = b.AddTensor(PLINTH_FLOAT32, {3});
    b.AddOperator("WHILE", {i, x}, {oi, ox},
                  {{"cond_subgraph_index", cond}, {"body_subgraph_index", body_a}});
    b.SetInputs({i, x});
    b.SetOutputs({ox});
    std::unique_ptr<Interpreter> interp;
    ASSERT_EQ(Prepare(b, &interp), "");
    EXPECT_THAT(InvokeWith(*interp, {Bytes(std::vector<int32_t>{0}), Bytes(std::vector<float>(3))}),
                HasSubstr(direct ? "is the subgraph of the node itself" : "cycle"));
  }
}

std::string WhileError(void (*mutate)(ModelBuilder&, int cond, int body, std::vector<int32_t>&,
                                      std::vector<int32_t>&, Options&)) {
  ModelBuilder b;
  const int cond = b.AddSubgraph("cond"), body = b.AddSubgraph("body");
  AddCounterCond(b, cond, 6, {{PLINTH_FLOAT32, {3}}});
  AddScaleBody(b, body, 2.f);
  std::vector<int32_t> in = {b.AddTensor(PLINTH_INT32, {}), b.AddTensor(PLINTH_FLOAT32, {3})};
  std::vector<int32_t> out = {b.AddTensor(PLINTH_INT32, {}), b.AddTensor(PLINTH_FLOAT32, {3})};
  Options o = {{"cond_subgraph_index", cond}, {"body_subgraph_index", body}};
  mutate(b, cond, body, in, out, o);
  b.AddOperator("WHILE", in, out, o);
  b.SetInputs(in);
  b.SetOutputs(out);
  std::unique_ptr<Interpreter> interp;
  return Prepare(b, &interp);
}

TEST(While, InvalidParametersFailInPrepare) {
  using V = std::vector<int32_t>;
  EXPECT_EQ(WhileError([](ModelBuilder&, int, int, V&, V&, Options&) {}), "");
  EXPECT_THAT(WhileError([](ModelBuilder&, int, int, V&, V& out, Options&) { out.pop_back(); }),
              HasSubstr("as many outputs as inputs"));
  EXPECT_THAT(WhileError([](ModelBuilder&, int, int body, V&, V&, Options& o) {
                o[0].second = body;  // the body has 2 outputs, a condition has 1
              }),
              HasSubstr("has 2 outputs, expected 1"));
  EXPECT_THAT(WhileError([](ModelBuilder&, int, int, V&, V&, Options& o) { o[1].second = 9; }),
              HasSubstr("body_subgraph_index 9 is not a subgraph of the model"));
  EXPECT_THAT(WhileError([](ModelBuilder& b, int, int, V&, V& out, Options&) {
                out[1] = b.AddTensor(PLINTH_INT32, {3});
              }),
              HasSubstr("output 1 is INT32 but input 1 is FLOAT32"));
  EXPECT_THAT(WhileError([](ModelBuilder& b, int, int, V& in, V& out, Options&) {
                in[1] = b.AddTensor(PLINTH_INT32, {3});
                out[1] = b.AddTensor(PLINTH_INT32, {3});
              }),
              HasSubstr("input 1 is INT32 but subgraph 1's input 1 is FLOAT32"));
  EXPECT_THAT(WhileError([](ModelBuilder& b, int, int, V&, V&, Options& o) {
                // A condition that returns an int32.
                const int c = b.AddSubgraph("bad");
                const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, c);
                const int x = b.AddTensor(PLINTH_FLOAT32, {3}, "x", {}, c);
                b.SetInputs({i, x}, c);
                b.SetOutputs({i}, c);
                o[0].second = c;
              }),
              HasSubstr("must output a BOOL"));
}

}  // namespace
}  // namespace plinth::testing
