// Differential cases for the control-flow kernels: IF, WHILE (fixed and growing shapes, a resource
// handle as a loop variable), CALL_ONCE with resource variables (VAR_HANDLE, READ_VARIABLE,
// ASSIGN_VARIABLE). All outputs are exact.
#include "tests/builtin_ops/op_test_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {
namespace {

// Subgraph `sg` computing op(a, b) of two [2, 3] floats.
void AddBinarySubgraph(ModelBuilder& b, int sg, const char* op) {
  const int a = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "a", {}, sg);
  const int c = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "b", {}, sg);
  const int out = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "out", {}, sg);
  b.AddOperator(op, {a, c}, {out}, {}, 1, sg);
  b.SetInputs({a, c}, sg);
  b.SetOutputs({out}, sg);
}

PLINTH_DIFF_CASES(IfCases) {
  for (bool cond : {true, false}) {
    DiffCase c(std::string("if_") + (cond ? "then" : "else"), "exact");
    const int then_sg = c.builder.AddSubgraph("then");
    const int else_sg = c.builder.AddSubgraph("else");
    AddBinarySubgraph(c.builder, then_sg, "ADD");
    AddBinarySubgraph(c.builder, else_sg, "MUL");
    const int p = c.Input<uint8_t>({1}, {static_cast<uint8_t>(cond)}, {}, PLINTH_BOOL);
    const int x = c.Input<float>({2, 3}, RandomValues<float>(6, -2, 2, 1));
    const int y = c.Input<float>({2, 3}, RandomValues<float>(6, -2, 2, 2));
    const int out = c.builder.AddTensor(PLINTH_FLOAT32, {2, 3});
    c.builder.AddOperator("IF", {p, x, y}, {out},
                          {{"then_subgraph_index", then_sg}, {"else_subgraph_index", else_sg}});
    c.Outputs({out});
    cases->push_back(std::move(c));
  }
}

// cond: i != limit (CAST of limit - i to BOOL).
void AddCountingCond(ModelBuilder& b, int sg, int limit, std::vector<int32_t> extra_shapes,
                     std::vector<PlinthType> extra_types) {
  std::vector<int32_t> inputs;
  const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, sg);
  inputs.push_back(i);
  for (size_t k = 0; k < extra_types.size(); ++k) {
    inputs.push_back(b.AddTensor(extra_types[k], {extra_shapes[k]}, "v", {}, sg));
  }
  const int l = b.AddConstant<int32_t>(PLINTH_INT32, {}, {limit}, "limit", {}, sg);
  const int d = b.AddTensor(PLINTH_INT32, {}, "d", {}, sg);
  const int out = b.AddTensor(PLINTH_BOOL, {}, "more", {}, sg);
  b.AddOperator("SUB", {l, i}, {d}, {}, 1, sg);
  b.AddOperator("CAST", {d}, {out}, {}, 1, sg);
  b.SetInputs(inputs, sg);
  b.SetOutputs({out}, sg);
}

PLINTH_DIFF_CASES(WhileCases) {
  {
    // (i, x) -> (i + 1, x * 1.5) while i != 5.
    DiffCase c("while_counter", "exact");
    const int cond = c.builder.AddSubgraph("cond");
    const int body = c.builder.AddSubgraph("body");
    AddCountingCond(c.builder, cond, 5, {2}, {PLINTH_FLOAT32});
    ModelBuilder& b = c.builder;
    const int bi = b.AddTensor(PLINTH_INT32, {}, "i", {}, body);
    const int bx = b.AddTensor(PLINTH_FLOAT32, {2}, "x", {}, body);
    const int one = b.AddConstant<int32_t>(PLINTH_INT32, {}, {1}, "one", {}, body);
    const int k = b.AddConstant<float>(PLINTH_FLOAT32, {}, {1.5f}, "k", {}, body);
    const int ni = b.AddTensor(PLINTH_INT32, {}, "i2", {}, body);
    const int nx = b.AddTensor(PLINTH_FLOAT32, {2}, "x2", {}, body);
    b.AddOperator("ADD", {bi, one}, {ni}, {}, 1, body);
    b.AddOperator("MUL", {bx, k}, {nx}, {}, 1, body);
    b.SetInputs({bi, bx}, body);
    b.SetOutputs({ni, nx}, body);
    const int i0 = c.Input<int32_t>({}, {1});
    const int x0 = c.Input<float>({2}, {0.5f, -2.f});
    const int oi = b.AddTensor(PLINTH_INT32, {});
    const int ox = b.AddTensor(PLINTH_FLOAT32, {2});
    b.AddOperator("WHILE", {i0, x0}, {oi, ox},
                  {{"cond_subgraph_index", cond}, {"body_subgraph_index", body}});
    c.Outputs({oi, ox});
    cases->push_back(std::move(c));
  }
  for (int start : {0, 3}) {
    // (i, x) -> (i + 1, concat(x, x)) while i != 3: the loop variable grows (or the loop does not
    // run at all when i starts at 3).
    DiffCase c("while_growing_shape_from_" + std::to_string(start), "exact");
    const int cond = c.builder.AddSubgraph("cond");
    const int body = c.builder.AddSubgraph("body");
    AddCountingCond(c.builder, cond, 3, {1}, {PLINTH_FLOAT32});
    ModelBuilder& b = c.builder;
    const int bi = b.AddTensor(PLINTH_INT32, {}, "i", {}, body);
    const int bx = b.AddTensor(PLINTH_FLOAT32, {1}, "x", {}, body);
    b.SetShapeSignature(bx, {-1}, body);
    const int one = b.AddConstant<int32_t>(PLINTH_INT32, {}, {1}, "one", {}, body);
    const int ni = b.AddTensor(PLINTH_INT32, {}, "i2", {}, body);
    const int nx = b.AddTensor(PLINTH_FLOAT32, {2}, "x2", {}, body);
    b.AddOperator("ADD", {bi, one}, {ni}, {}, 1, body);
    b.AddOperator("CONCATENATION", {bx, bx}, {nx}, {{"axis", 0}}, 1, body);
    b.SetInputs({bi, bx}, body);
    b.SetOutputs({ni, nx}, body);
    const int i0 = c.Input<int32_t>({}, {start});
    const int x0 = c.Input<float>({1}, {0.25f});
    const int oi = b.AddTensor(PLINTH_INT32, {});
    const int ox = b.AddTensor(PLINTH_FLOAT32, {1});
    b.AddOperator("WHILE", {i0, x0}, {oi, ox},
                  {{"cond_subgraph_index", cond}, {"body_subgraph_index", body}});
    c.Outputs({oi, ox});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(ResourceVariableCases) {
  {
    // CALL_ONCE initializes v = [10, 20]; the main graph returns v + x and stores it.
    DiffCase c("call_once_resource_variable", "exact");
    ModelBuilder& b = c.builder;
    const int init = b.AddSubgraph("init");
    const int ih = b.AddTensor(PLINTH_RESOURCE, {}, "h", {}, init);
    const int iv = b.AddConstant<float>(PLINTH_FLOAT32, {2}, {10.f, 20.f}, "v0", {}, init);
    b.AddOperator("VAR_HANDLE", {}, {ih}, {{"shared_name", "v"}}, 1, init);
    b.AddOperator("ASSIGN_VARIABLE", {ih, iv}, {}, {}, 1, init);
    b.SetInputs({}, init);
    b.SetOutputs({}, init);
    const int x = c.Input<float>({2}, {1.5f, -4.f});
    const int h = b.AddTensor(PLINTH_RESOURCE, {});
    const int r = b.AddTensor(PLINTH_FLOAT32, {2});
    const int y = b.AddTensor(PLINTH_FLOAT32, {2});
    b.AddOperator("CALL_ONCE", {}, {}, {{"init_subgraph_index", init}});
    b.AddOperator("VAR_HANDLE", {}, {h}, {{"shared_name", "v"}});
    b.AddOperator("READ_VARIABLE", {h}, {r});
    b.AddOperator("ADD", {r, x}, {y});
    b.AddOperator("ASSIGN_VARIABLE", {h, y}, {});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    // A handle as a WHILE loop variable: the body adds 1 to the variable three times.
    DiffCase c("while_resource_handle", "exact");
    ModelBuilder& b = c.builder;
    const int cond = b.AddSubgraph("cond");
    const int body = b.AddSubgraph("body");
    {
      const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, cond);
      const int h = b.AddTensor(PLINTH_RESOURCE, {}, "h", {}, cond);
      const int l = b.AddConstant<int32_t>(PLINTH_INT32, {}, {3}, "limit", {}, cond);
      const int d = b.AddTensor(PLINTH_INT32, {}, "d", {}, cond);
      const int out = b.AddTensor(PLINTH_BOOL, {}, "more", {}, cond);
      b.AddOperator("SUB", {l, i}, {d}, {}, 1, cond);
      b.AddOperator("CAST", {d}, {out}, {}, 1, cond);
      b.SetInputs({i, h}, cond);
      b.SetOutputs({out}, cond);
    }
    {
      const int i = b.AddTensor(PLINTH_INT32, {}, "i", {}, body);
      const int h = b.AddTensor(PLINTH_RESOURCE, {}, "h", {}, body);
      const int one_i = b.AddConstant<int32_t>(PLINTH_INT32, {}, {1}, "one", {}, body);
      const int one_f = b.AddConstant<float>(PLINTH_FLOAT32, {}, {1.f}, "onef", {}, body);
      const int ni = b.AddTensor(PLINTH_INT32, {}, "i2", {}, body);
      const int v = b.AddTensor(PLINTH_FLOAT32, {2}, "v", {}, body);
      const int nv = b.AddTensor(PLINTH_FLOAT32, {2}, "v2", {}, body);
      b.AddOperator("ADD", {i, one_i}, {ni}, {}, 1, body);
      b.AddOperator("READ_VARIABLE", {h}, {v}, {}, 1, body);
      b.AddOperator("ADD", {v, one_f}, {nv}, {}, 1, body);
      b.AddOperator("ASSIGN_VARIABLE", {h, nv}, {}, {}, 1, body);
      b.SetInputs({i, h}, body);
      b.SetOutputs({ni, h}, body);
    }
    const int x = c.Input<float>({2}, {2.f, -3.f});
    const int i0 = b.AddConstant<int32_t>(PLINTH_INT32, {}, {0});
    const int h = b.AddTensor(PLINTH_RESOURCE, {});
    const int oi = b.AddTensor(PLINTH_INT32, {});
    const int oh = b.AddTensor(PLINTH_RESOURCE, {});
    const int r = b.AddTensor(PLINTH_FLOAT32, {2});
    b.AddOperator("VAR_HANDLE", {}, {h}, {{"container", "c"}, {"shared_name", "counter"}});
    b.AddOperator("ASSIGN_VARIABLE", {h, x}, {});
    b.AddOperator("WHILE", {i0, h}, {oi, oh},
                  {{"cond_subgraph_index", cond}, {"body_subgraph_index", body}});
    b.AddOperator("READ_VARIABLE", {oh}, {r});
    c.Outputs({oi, r});
    cases->push_back(std::move(c));
  }
}

}  // namespace
}  // namespace plinth::testing
