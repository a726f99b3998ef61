// plinth_fuzz_seeds DIR: writes small, valid models that exercise many ops and model features
// (constants, variables, dynamic shapes, quantization, several subgraphs, signatures, custom
// ops) as seeds for the model fuzzers.
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "tools/model_builder/model_builder.h"

namespace {

using plinth::ModelBuilder;
using plinth::QuantSpec;

void Unary(ModelBuilder& b, const std::string& op, plinth::Options options = {}) {
  int x = b.AddTensor(PLINTH_FLOAT32, {1, 4, 4, 3}, "x");
  int y = b.AddTensor(PLINTH_FLOAT32, {1, 4, 4, 3}, "y");
  b.AddOperator(op, {x}, {y}, std::move(options));
  b.SetInputs({x});
  b.SetOutputs({y});
}

const std::vector<std::pair<std::string, std::function<void(ModelBuilder&)>>> kSeeds = {
    {"add_broadcast",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "x");
       int c = b.AddConstant(PLINTH_FLOAT32, {3}, std::vector<float>{1, 2, 3}, "c");
       int y = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "y");
       b.AddOperator("ADD", {x, c}, {y}, {{"fused_activation_function", "RELU"}});
       b.SetInputs({x});
       b.SetOutputs({y});
     }},
    {"conv_pool_fc_softmax",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {1, 6, 6, 2}, "x");
       int w = b.AddConstant(PLINTH_FLOAT32, {3, 3, 3, 2}, std::vector<float>(54, 0.1f), "w");
       int bias = b.AddConstant(PLINTH_FLOAT32, {3}, std::vector<float>{0, 1, 2}, "b");
       int c = b.AddTensor(PLINTH_FLOAT32, {1, 6, 6, 3}, "c");
       b.AddOperator("CONV_2D", {x, w, bias}, {c},
                     {{"padding", "SAME"}, {"stride_w", 1}, {"stride_h", 1}});
       int p = b.AddTensor(PLINTH_FLOAT32, {1, 3, 3, 3}, "p");
       b.AddOperator("MAX_POOL_2D", {c}, {p},
                     {{"padding", "VALID"},
                      {"stride_w", 2},
                      {"stride_h", 2},
                      {"filter_width", 2},
                      {"filter_height", 2}});
       int fw = b.AddConstant(PLINTH_FLOAT32, {4, 27}, std::vector<float>(108, 0.05f), "fw");
       int f = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "f");
       b.AddOperator("FULLY_CONNECTED", {p, fw, -1}, {f}, {});
       int s = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "s");
       b.AddOperator("SOFTMAX", {f}, {s}, {{"beta", 1.0f}});
       b.SetInputs({x});
       b.SetOutputs({s});
       b.AddSignature("serving_default", {{"x", x}}, {{"s", s}});
     }},
    {"depthwise_concat_resize",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {1, 5, 5, 2}, "x");
       int w = b.AddConstant(PLINTH_FLOAT32, {1, 3, 3, 2}, std::vector<float>(18, 0.2f), "w");
       int d = b.AddTensor(PLINTH_FLOAT32, {1, 5, 5, 2}, "d");
       b.AddOperator(
           "DEPTHWISE_CONV_2D", {x, w}, {d},
           {{"padding", "SAME"}, {"stride_w", 1}, {"stride_h", 1}, {"depth_multiplier", 1}});
       int cat = b.AddTensor(PLINTH_FLOAT32, {1, 5, 5, 4}, "cat");
       b.AddOperator("CONCATENATION", {x, d}, {cat}, {{"axis", 3}});
       int size = b.AddConstant(PLINTH_INT32, {2}, std::vector<int32_t>{9, 9}, "size");
       int r = b.AddTensor(PLINTH_FLOAT32, {1, 9, 9, 4}, "r");
       b.AddOperator("RESIZE_BILINEAR", {cat, size}, {r}, {{"half_pixel_centers", true}}, 3);
       b.SetInputs({x});
       b.SetOutputs({r});
     }},
    {"dynamic_reshape",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {6}, "x");
       int shape = b.AddTensor(PLINTH_INT32, {2}, "shape");
       int r = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "r");
       b.AddOperator("RESHAPE", {x, shape}, {r}, {});
       int y = b.AddTensor(PLINTH_FLOAT32, {2, 3}, "y");
       b.AddOperator("MUL", {r, r}, {y}, {});
       b.SetInputs({x, shape});
       b.SetOutputs({y});
     }},
    {"quantized_conv_int8",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_INT8, {1, 4, 4, 2}, "x", QuantSpec{{0.05f}, {-3}, 0});
       int w = b.AddConstant(PLINTH_INT8, {2, 3, 3, 2}, std::vector<int8_t>(36, 7), "w",
                             QuantSpec{{0.01f, 0.02f}, {0, 0}, 0});
       int bias = b.AddConstant(PLINTH_INT32, {2}, std::vector<int32_t>{10, -10}, "b",
                                QuantSpec{{0.0005f, 0.001f}, {0, 0}, 0});
       int y = b.AddTensor(PLINTH_INT8, {1, 4, 4, 2}, "y", QuantSpec{{0.1f}, {5}, 0});
       b.AddOperator("CONV_2D", {x, w, bias}, {y},
                     {{"padding", "SAME"}, {"stride_w", 1}, {"stride_h", 1}}, 3);
       b.SetInputs({x});
       b.SetOutputs({y});
     }},
    {"quantize_dequantize",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {8}, "x");
       int q = b.AddTensor(PLINTH_INT8, {8}, "q", QuantSpec{{0.1f}, {2}, 0});
       int y = b.AddTensor(PLINTH_FLOAT32, {8}, "y");
       b.AddOperator("QUANTIZE", {x}, {q}, {});
       b.AddOperator("DEQUANTIZE", {q}, {y}, {});
       b.SetInputs({x});
       b.SetOutputs({y});
     }},
    {"variable_state",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {1, 2}, "x");
       int state = b.AddVariable(PLINTH_FLOAT32, {1, 2}, "state");
       int y = b.AddTensor(PLINTH_FLOAT32, {1, 2}, "y");
       b.AddOperator("ADD", {x, state}, {y}, {});
       b.SetInputs({x});
       b.SetOutputs({y});
     }},
    {"if_two_subgraphs",
     [](ModelBuilder& b) {
       int cond = b.AddTensor(PLINTH_BOOL, {}, "cond");
       int x = b.AddTensor(PLINTH_FLOAT32, {2}, "x");
       int y = b.AddTensor(PLINTH_FLOAT32, {2}, "y");
       int then_sg = b.AddSubgraph("then");
       int a = b.AddTensor(PLINTH_FLOAT32, {2}, "a", {}, then_sg);
       int a2 = b.AddTensor(PLINTH_FLOAT32, {2}, "a2", {}, then_sg);
       b.AddOperator("ADD", {a, a}, {a2}, {}, 1, then_sg);
       b.SetInputs({a}, then_sg);
       b.SetOutputs({a2}, then_sg);
       int else_sg = b.AddSubgraph("else");
       int e = b.AddTensor(PLINTH_FLOAT32, {2}, "e", {}, else_sg);
       int e2 = b.AddTensor(PLINTH_FLOAT32, {2}, "e2", {}, else_sg);
       b.AddOperator("MUL", {e, e}, {e2}, {}, 1, else_sg);
       b.SetInputs({e}, else_sg);
       b.SetOutputs({e2}, else_sg);
       b.AddOperator("IF", {cond, x}, {y},
                     {{"then_subgraph_index", then_sg}, {"else_subgraph_index", else_sg}});
       b.SetInputs({cond, x});
       b.SetOutputs({y});
     }},
    {"custom_op",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {3}, "x");
       int y = b.AddTensor(PLINTH_FLOAT32, {3}, "y");
       b.AddCustomOperator("Softsign", {x}, {y}, {0x01, 0x02, 0x03});
       b.SetInputs({x});
       b.SetOutputs({y});
     }},
    {"logistic", [](ModelBuilder& b) { Unary(b, "LOGISTIC"); }},
    {"mean",
     [](ModelBuilder& b) {
       int x = b.AddTensor(PLINTH_FLOAT32, {1, 4, 4, 3}, "x");
       int axes = b.AddConstant(PLINTH_INT32, {2}, std::vector<int32_t>{1, 2}, "axes");
       int y = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "y");
       b.AddOperator("MEAN", {x, axes}, {y}, {{"keep_dims", false}});
       b.SetInputs({x});
       b.SetOutputs({y});
     }},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  for (const auto& [name, build] : kSeeds) {
    ModelBuilder b;
    build(b);
    auto status = b.WriteFile(std::string(argv[1]) + "/" + name + ".tflite");
    if (!status.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), std::string(status.message()).c_str());
      return 1;
    }
  }
  std::printf("wrote %zu seed models to %s\n", kSeeds.size(), argv[1]);
  return 0;
}
