// Internal to CONV_2D: the geometry Prepare computes and the per-type kernels conv_2d.cc dispatches
// to (float in conv_2d.cc, integer types in conv_2d_quantized.cc, hybrid in conv_2d_hybrid.cc).
#ifndef PLINTH_BUILTIN_OPS_NN_CONV_2D_H_
#define PLINTH_BUILTIN_OPS_NN_CONV_2D_H_

#include <cstdint>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/common/quantization_util.h"
#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/i8_dot_gemm.h"
#include "builtin_ops/gemm/i8_indirect_gemm.h"
#include "builtin_ops/gemm/requant_s8.h"
#include "builtin_ops/nn/conv_quantization.h"
#include "builtin_ops/nn/f32_gemm_driver.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::conv2d {

// NHWC input, OHWI filter; the filter sees in_c / groups channels of its group.
struct Geometry {
  int32_t batches = 0, in_h = 0, in_w = 0, in_c = 0, out_h = 0, out_w = 0, out_c = 0;
  int32_t k_h = 0, k_w = 0, groups = 1;
  int32_t stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1, pad_top = 0, pad_left = 0;
  int32_t group_in() const { return in_c / groups; }
  int32_t group_out() const { return out_c / groups; }
};

using Requant = nn::Requant;

// Float convolutions of inputs with at most 4 channels (first layers: RGB images), straight from
// the input (conv_2d_small_input_f32_row.h): the filter packed [k_h][k_w][in_c][out_c] once per
// model, so that a tap's output channels are one vector.
struct SmallInputFilter {
  std::vector<float> hwio;
  size_t bytes() const { return hwio.size() * sizeof(float); }
};
// Whether that kernel serves g: one group, at most 4 input channels, output channels a multiple
// of 8 (any window, stride, dilation and padding).
inline bool ServesSmallInput(const Geometry& g) {
  return g.groups == 1 && g.in_c >= 1 && g.in_c <= 4 && g.out_c > 0 && g.out_c % 8 == 0;
}
// Output row `row` (batch * out_h + oy) of such a convolution.
using SmallInputRowFn = void (*)(const Geometry& g, const float* in, const float* hwio,
                                 const float* bias, FloatRange range, size_t row, float* out);
#if defined(PLINTH_HAVE_AVX2_KERNELS)
// The AVX2 row kernel (fused: the FMA build), or null where ServesSmallInput(g) does not hold.
SmallInputRowFn SelectSmallInputF32RowAvx2(const Geometry& g, bool fused);
// The AVX-512 one (CPUs with gemm::CpuHasAvx512Vnni), for output channels in multiples of 16;
// null elsewhere.
SmallInputRowFn SelectSmallInputF32RowAvx512(const Geometry& g, bool fused);
#endif

// Float convolution through the GEMM micro-kernels (conv_2d_gemm.cc): output pixels are the rows,
// filters the columns, and the (ky, kx, c) window the depth. A 1x1 stride-1 convolution reads the
// input in place; others gather each tile's windows (im2col) into a small per-chunk buffer. Inputs
// of few channels take the small-input kernel instead (small_row).
struct FloatGemm {
  const nn::PackedF32Weights* packed = nullptr;  // null: the reference kernel serves the node
  nn::F32GemmPlan plan;
  bool direct = false;
  const SmallInputFilter* small = nullptr;  // the small-input kernel's filter, or null
  SmallInputRowFn small_row = nullptr;
  bool active() const { return packed != nullptr || small != nullptr; }
};

// Prepares the GEMM path (or the small-input kernel) when it serves the node (one group, constant
// filter and bias, a fast ISA); leaves fg inactive otherwise.
PlinthStatus PrepareFloatGemm(const KernelContext& ctx, const Geometry& g, FloatGemm* fg);
void RunFloatGemm(const KernelContext& ctx, const Geometry& g, const FloatGemm& fg,
                  FloatRange range);

// Which integer kernel serves a node (decided by the Prepare CONV_2D shares with depthwise).
using IntegerKind = nn::ConvIntegerKind;

void RunInteger(const KernelContext& ctx, IntegerKind kind, const Geometry& g, const Requant& r);

// Hybrid: float input quantized per batch at run time, int8 filter, float bias and output.
struct Hybrid {
  bool per_channel = false;  // asymmetric inputs, per-channel filter scales
  float filter_scale = 0.f;  // per-tensor filter scale
  FloatRange range;
  int32_t quantized_input = -1, scales = -1, offsets = -1;  // scratch handles
};

void RunHybrid(const KernelContext& ctx, const Geometry& g, const Hybrid& h);

// uint8 / int8 convolution through the integer GEMM micro-kernels (conv_2d_int_gemm.cc).
struct PackedI16Weights {
  std::vector<int16_t> weights;
  size_t bytes() const { return weights.size() * sizeof(int16_t); }
};
// Where the CPU has the int8 dot products (AArch64 SDOT), the dot-product kernels replace the
// int16-pair ones: raw int8 operands, zero points applied from row and column sums. With
// AVX512-VNNI, the indirect kernels read each window in place (gemm/i8_indirect_gemm.h).
struct IntegerGemm {
  const PackedI16Weights* packed = nullptr;   // the int16-pair kernels' filter, or
  const gemm::PackedI8Dot* dot = nullptr;     // the dot-product kernels' (both null: reference)
  gemm::I8IndirectGemmFn indirect = nullptr;  // null: not the indirect path
  std::vector<int32_t> col_terms;             // indirect: bias and column terms per packed column
  std::vector<uint8_t> zero_row;              // indirect: a tap's quads of the input zero point
  std::vector<uint8_t> padded;                // indirect: a kept zero-point-padded input copy
  Geometry padded_geometry;                   // indirect: the copy's geometry (no padding)
  int32_t tap_span = 1;                       // indirect: window columns per tap (1 or k_w)
  std::vector<size_t> tap_offsets;            // indirect: each tap's offset in the input window
  int32_t indirect_cw = 0;                    // indirect: the filter offset (0: no row terms)
  std::vector<const void*> indirection;       // indirect: every tile's pointers, kept (or empty)
  const void* indirection_input = nullptr;    // the input they point into
  int32_t pointers_scratch = -1;              // indirect: chunks x taps x 4 window pointers
  gemm::I16GemmFn fn = nullptr;
  gemm::I16GemmRequant requant_fns;  // panels of 16 and 8 requantized in registers (or nulls)
  gemm::I8DotGemm dot_kernel;        // fn null: the int16-pair kernels serve
  int32_t dot_ca = 0, dot_cw = 0;    // the dot path's operand offsets (gemm::DotOffset)
  size_t kp = 0, m = 0, tiles = 0, chunks = 1;
  int32_t rows_scratch = -1;         // chunks x 4 x kp operands (int16, or int8 for the dot path)
  gemm::RequantS8Vectors requant;    // int8 outputs: the vectorized requantization's parameters
  gemm::RequantU8Params requant_u8;  // uint8 outputs: likewise
  bool active() const { return packed != nullptr || dot != nullptr; }
};

// Prepares the GEMM path when it serves the node (uint8 or int8, one group, constant filter, a
// fast ISA); leaves ig->active() false otherwise. Call after the requantization is set up.
PlinthStatus PrepareIntegerGemm(const KernelContext& ctx, const Geometry& g, IntegerKind kind,
                                const Requant& r, IntegerGemm* ig);
// Runs it; the indirect path keeps its window pointers in `ig` between runs.
void RunIntegerGemm(const KernelContext& ctx, const Geometry& g, IntegerKind kind, IntegerGemm& ig,
                    const Requant& r);

}  // namespace plinth::builtin::conv2d

#endif  // PLINTH_BUILTIN_OPS_NN_CONV_2D_H_
