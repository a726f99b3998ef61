// Internal to FULLY_CONNECTED: the shape Prepare computes and the integer and hybrid kernels
// (fully_connected_quantized.cc) that fully_connected.cc dispatches to.
#ifndef PLINTH_BUILTIN_OPS_NN_FULLY_CONNECTED_H_
#define PLINTH_BUILTIN_OPS_NN_FULLY_CONNECTED_H_

#include <cstdint>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "builtin_ops/gemm/i16_gemm.h"
#include "builtin_ops/gemm/i8_dot_gemm.h"
#include "builtin_ops/gemm/i8_indirect_gemm.h"
#include "builtin_ops/gemm/requant_s8.h"
#include "builtin_ops/nn/nn_integer.h"

namespace plinth::builtin::fully_connected {

// output[b, u] = sum_k input[b, k] * weights[u, k] (+ bias[u]).
struct Shape {
  int64_t batches = 0;
  int32_t depth = 0, units = 0;
};

enum class IntegerKind {
  kUint8,         // uint8 input and weights, uint8 output, int32 bias
  kUint8ToInt16,  // uint8 input and weights, int16 output, int32 bias
  kInt8,          // int8 input and weights (per-tensor or per-channel), int32 bias
  kInt16Acc32,    // int16 input, int8 weights, int32 bias and accumulator
  kInt16Acc64,    // int16 input, int8 weights, int64 bias and accumulator
};

// Multipliers hold one entry per unit; per-channel weights have filter_offset 0.
void RunInteger(const KernelContext& ctx, IntegerKind kind, const Shape& s, const nn::Requant& r);

// Hybrid: float input quantized per batch row at run time, int8 weights, float bias and output.
struct Hybrid {
  bool asymmetric = false;   // asymmetric_quantize_inputs
  bool per_channel = false;  // one weight scale per unit
  float filter_scale = 0.f;  // per-tensor weight scale
  int64_t activation = 0;    // every fused activation applies, TANH and SIGN_BIT included
  int32_t quantized_input = -1, scales = -1, offsets = -1;  // scratch handles
};

void RunHybrid(const KernelContext& ctx, const Shape& s, const Hybrid& h);

// uint8 / int8 through the integer GEMM micro-kernels (fully_connected_int_gemm.cc): weights with
// their offset packed once per model as int16 pairs, the input rows converted once per invoke with
// the input offset applied, then the reference's bias, requantization and clamp per output.
struct PackedI16Weights {
  std::vector<int16_t> weights;
  size_t bytes() const { return weights.size() * sizeof(int16_t); }
};
// Where the CPU has the int8 dot products (AArch64 SDOT), the dot-product kernels replace the
// int16-pair ones: raw int8 operands, zero points applied from row and column sums. With
// AVX512-VNNI (int8 or uint8 outputs of the input's type), the indirect kernels read the rows in
// place, one row at a time against four panels (gemv) where an 8-row tile has too few rows.
struct IntegerGemm {
  const PackedI16Weights* packed = nullptr;   // the int16-pair kernels' weights, or
  const gemm::PackedI8Dot* dot = nullptr;     // the dot-product kernels' (both null: reference)
  gemm::I8IndirectGemmFn indirect = nullptr;  // null: not the indirect path
  gemm::I8IndirectGemvFn gemv = nullptr;
  std::vector<int32_t> col_terms;  // indirect: bias and column terms per packed column
  int32_t indirect_cw = 0;         // indirect: the filter offset (0: no row terms)
  int32_t copy_scratch = -1;       // indirect: the rows at a whole-quad stride, where
                                   // the depth is not a multiple of 4
  gemm::I16GemmFn fn = nullptr;
  gemm::I8DotGemm dot_kernel;      // fn null: the int16-pair kernels serve
  int32_t dot_ca = 0, dot_cw = 0;  // the dot path's operand offsets (gemm::DotOffset)
  size_t kp = 0, panels = 0, tiles = 0, tasks = 0, chunks = 1;
  int32_t rows_scratch = -1;         // batches x kp operands: the converted input rows
  int32_t sums_scratch = -1;         // batches int32: their sums (dot path)
  gemm::RequantS8Vectors requant;    // int8 outputs: the vectorized requantization's parameters
  gemm::RequantU8Params requant_u8;  // uint8 outputs: likewise
  bool active() const { return packed != nullptr || dot != nullptr; }
};

// Prepares the GEMM path when it serves the node (uint8 in, uint8 or int16 out, or int8; constant
// weights; zero points within their types' ranges; AVX2 or NEON kernels); leaves ig->active()
// false otherwise. Call after the requantization is set up.
PlinthStatus PrepareIntegerGemm(const KernelContext& ctx, IntegerKind kind, const Shape& s,
                                const nn::Requant& r, IntegerGemm* ig);
void RunIntegerGemm(const KernelContext& ctx, IntegerKind kind, const Shape& s,
                    const IntegerGemm& ig, const nn::Requant& r);

}  // namespace plinth::builtin::fully_connected

#endif  // PLINTH_BUILTIN_OPS_NN_FULLY_CONNECTED_H_
