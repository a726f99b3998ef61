// Helper of the out-of-tree SDK test. `softsign_model MODEL INPUT` writes a model using the custom
// op Softsign then ADD (built-in), and its input; `softsign_model --check INPUT OUTPUT` verifies
// the output against y = x / (1 + |x|) + 0.5.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "tools/model_builder/model_builder.h"

namespace {

constexpr int kN = 16;

std::vector<float> Read(const char* path) {
  std::vector<float> v(kN);
  std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(v.data()), kN * sizeof(float));
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--check") == 0) {
    std::vector<float> x = Read(argv[2]), y = Read(argv[3]);
    for (int i = 0; i < kN; ++i) {
      float expect = x[i] / (1.f + std::fabs(x[i])) + 0.5f;
      if (std::fabs(y[i] - expect) > 1e-6f) {
        std::fprintf(stderr, "element %d: got %g, expected %g\n", i, y[i], expect);
        return 1;
      }
    }
    return 0;
  }
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s MODEL INPUT | --check INPUT OUTPUT\n", argv[0]);
    return 2;
  }
  plinth::ModelBuilder b;
  int x = b.AddTensor(PLINTH_FLOAT32, {2, 8}, "x");
  int s = b.AddTensor(PLINTH_FLOAT32, {2, 8}, "softsign");
  int half = b.AddConstant(PLINTH_FLOAT32, {1}, std::vector<float>{0.5f}, "half");
  int y = b.AddTensor(PLINTH_FLOAT32, {2, 8}, "y");
  b.AddCustomOperator("Softsign", {x}, {s});
  b.AddOperator("ADD", {s, half}, {y}, {});
  b.SetInputs({x});
  b.SetOutputs({y});
  if (!b.WriteFile(argv[1]).ok()) return 1;
  std::vector<float> input(kN);
  for (int i = 0; i < kN; ++i) input[i] = (i - 8) * 0.75f;
  std::ofstream(argv[2], std::ios::binary)
      .write(reinterpret_cast<const char*>(input.data()), kN * sizeof(float));
  return 0;
}
