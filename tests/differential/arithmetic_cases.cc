// Differential cases for the arithmetic kernels.
#include "tests/builtin_ops/op_test_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {
namespace {

PLINTH_DIFF_CASES(BinaryArithmeticCases) {
  const std::vector<std::string> ops = {"ADD",     "SUB",    "MUL", "DIV", "SQUARED_DIFFERENCE",
                                        "MAXIMUM", "MINIMUM"};
  for (const std::string& op : ops) {
    DiffCase c("f32_" + op + "_broadcast", "ulp 1");
    int a = c.Input<float>({2, 3, 4}, RandomValues<float>(24, -3, 3, 11));
    int b = c.Input<float>({3, 1}, RandomValues<float>(3, 0.5, 3, 12));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {2, 3, 4});
    c.builder.AddOperator(op, {a, b}, {y}, {});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

}  // namespace
}  // namespace plinth::testing
