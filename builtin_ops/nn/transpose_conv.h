// Internal to TRANSPOSE_CONV: the geometry Prepare computes and the float GEMM path
// (transpose_conv_gemm.cc) that transpose_conv.cc dispatches to.
#ifndef PLINTH_BUILTIN_OPS_NN_TRANSPOSE_CONV_H_
#define PLINTH_BUILTIN_OPS_NN_TRANSPOSE_CONV_H_

#include <cstdint>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/gemm/f32_gemm.h"

namespace plinth::builtin::transpose_conv {

// NHWC input and output, OHWI weights.
struct Geometry {
  int32_t batches = 0, in_h = 0, in_w = 0, in_c = 0, out_h = 0, out_w = 0, out_c = 0;
  int32_t k_h = 0, k_w = 0, stride_h = 1, stride_w = 1, pad_top = 0, pad_left = 0;
};

// The float GEMM path, an output-gather formulation: the output pixels whose (y + pad) % stride
// and (x + pad) % stride agree (a phase) see the same weight taps, so each phase is one GEMM whose
// rows are those pixels, whose depth is the phase's taps x input channels (gathered per tile of
// rows, in TFLite's scatter order, out-of-image taps as zeros), and whose columns are the output
// channels. Weights are packed once per model, one matrix per phase.
struct PackedWeights {
  std::vector<float> weights, bias;  // every phase's panels; bias in whole panels
  std::vector<size_t> offset;        // floats before each phase's panels (stride_h x stride_w)
  size_t bytes() const { return (weights.size() + bias.size()) * sizeof(float); }
};

struct FloatGemm {
  const PackedWeights* packed = nullptr;  // null: the reference kernel serves the node
  gemm::F32Gemm kernel;
  size_t chunks = 1;
  int32_t rows_scratch = -1;  // chunks x MR x (largest phase depth) floats
};

// Prepares the GEMM path when it serves the node (constant weights and bias, a fast ISA); leaves
// fg->packed null otherwise. Needs the kernel size, strides and channels of g, not its output
// size or padding (a non-constant output shape sets them at invoke).
PlinthStatus PrepareFloatGemm(const KernelContext& ctx, const Geometry& g, FloatGemm* fg);
void RunFloatGemm(const KernelContext& ctx, const Geometry& g, const FloatGemm& fg,
                  FloatRange range);

}  // namespace plinth::builtin::transpose_conv

#endif  // PLINTH_BUILTIN_OPS_NN_TRANSPOSE_CONV_H_
