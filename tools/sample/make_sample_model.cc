// Writes the README's sample model: a small image classifier (28x28x1 -> 10 classes) with
// deterministic weights, built with Plinth's model builder. Usage: plinth_make_sample OUT.tflite
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "tools/model_builder/model_builder.h"

namespace {

std::vector<float> Weights(size_t n, float scale, std::mt19937& rng) {
  std::normal_distribution<float> d(0.f, scale);
  std::vector<float> w(n);
  for (float& v : w) v = d(rng);
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.tflite\n", argv[0]);
    return 2;
  }
  std::mt19937 rng(20261126);
  plinth::ModelBuilder b;
  b.SetDescription("Plinth sample CNN (deterministic weights)");
  int input = b.AddTensor(PLINTH_FLOAT32, {1, 28, 28, 1}, "image");
  int w1 = b.AddConstant(PLINTH_FLOAT32, {8, 3, 3, 1}, Weights(8 * 9, 0.4f, rng), "conv1/weights");
  int b1 = b.AddConstant(PLINTH_FLOAT32, {8}, Weights(8, 0.1f, rng), "conv1/bias");
  int c1 = b.AddTensor(PLINTH_FLOAT32, {1, 28, 28, 8}, "conv1");
  b.AddOperator("CONV_2D", {input, w1, b1}, {c1},
                {{"padding", "SAME"},
                 {"stride_w", 1},
                 {"stride_h", 1},
                 {"fused_activation_function", "RELU"}});
  int p1 = b.AddTensor(PLINTH_FLOAT32, {1, 14, 14, 8}, "pool1");
  b.AddOperator("MAX_POOL_2D", {c1}, {p1},
                {{"padding", "VALID"},
                 {"stride_w", 2},
                 {"stride_h", 2},
                 {"filter_width", 2},
                 {"filter_height", 2}});
  int dw = b.AddConstant(PLINTH_FLOAT32, {1, 3, 3, 8}, Weights(72, 0.3f, rng), "dw/weights");
  int dwb = b.AddConstant(PLINTH_FLOAT32, {8}, Weights(8, 0.1f, rng), "dw/bias");
  int d1 = b.AddTensor(PLINTH_FLOAT32, {1, 7, 7, 8}, "dw");
  b.AddOperator("DEPTHWISE_CONV_2D", {p1, dw, dwb}, {d1},
                {{"padding", "SAME"},
                 {"stride_w", 2},
                 {"stride_h", 2},
                 {"depth_multiplier", 1},
                 {"fused_activation_function", "RELU6"}});
  int w2 = b.AddConstant(PLINTH_FLOAT32, {16, 1, 1, 8}, Weights(128, 0.3f, rng), "conv2/weights");
  int b2 = b.AddConstant(PLINTH_FLOAT32, {16}, Weights(16, 0.1f, rng), "conv2/bias");
  int c2 = b.AddTensor(PLINTH_FLOAT32, {1, 7, 7, 16}, "conv2");
  b.AddOperator("CONV_2D", {d1, w2, b2}, {c2},
                {{"padding", "VALID"},
                 {"stride_w", 1},
                 {"stride_h", 1},
                 {"fused_activation_function", "RELU"}});
  int gap = b.AddTensor(PLINTH_FLOAT32, {1, 1, 1, 16}, "global_pool");
  b.AddOperator("AVERAGE_POOL_2D", {c2}, {gap},
                {{"padding", "VALID"},
                 {"stride_w", 7},
                 {"stride_h", 7},
                 {"filter_width", 7},
                 {"filter_height", 7}});
  int shape = b.AddConstant(PLINTH_INT32, {2}, std::vector<int32_t>{1, 16}, "flat_shape");
  int flat = b.AddTensor(PLINTH_FLOAT32, {1, 16}, "flat");
  b.AddOperator("RESHAPE", {gap, shape}, {flat}, {{"new_shape", std::vector<int32_t>{1, 16}}});
  int fw = b.AddConstant(PLINTH_FLOAT32, {10, 16}, Weights(160, 0.5f, rng), "fc/weights");
  int fb = b.AddConstant(PLINTH_FLOAT32, {10}, Weights(10, 0.1f, rng), "fc/bias");
  int logits = b.AddTensor(PLINTH_FLOAT32, {1, 10}, "logits");
  b.AddOperator("FULLY_CONNECTED", {flat, fw, fb}, {logits}, {});
  int probs = b.AddTensor(PLINTH_FLOAT32, {1, 10}, "probabilities");
  b.AddOperator("SOFTMAX", {logits}, {probs}, {{"beta", 1.0f}});
  b.SetInputs({input});
  b.SetOutputs({probs});
  b.AddSignature("serving_default", {{"image", input}}, {{"probabilities", probs}});
  if (auto s = b.WriteFile(argv[1]); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    return 1;
  }
  return 0;
}
