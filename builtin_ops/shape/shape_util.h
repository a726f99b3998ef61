// Helpers of the data-movement kernels (shape/ and image/): reading small integer tensors
// (shapes, axes, paddings), shapes held inline so Invoke needs no heap, the element types that
// pure data movement serves, and copies dispatched on element size.
#ifndef PLINTH_BUILTIN_OPS_SHAPE_SHAPE_UTIL_H_
#define PLINTH_BUILTIN_OPS_SHAPE_SHAPE_UTIL_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "builtin_ops/common/kernel_util.h"
#include "plinth/plugin.hpp"

namespace plinth::builtin {

// The core caps tensor rank at 16.
constexpr int kMaxShapeRank = 16;

// A shape stored inline: output shapes computed during Invoke (dynamic outputs) use it so that
// Invoke allocates nothing.
struct InlineShape {
  std::array<int32_t, kMaxShapeRank> dims{};
  int rank = 0;

  void Append(int32_t d) { dims[rank++] = d; }
  int64_t NumElements() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= dims[i];
    return n;
  }
  PlinthStatus ResizeTo(const KernelContext& ctx, const Tensor& t) const {
    return ctx.Resize(t, dims.data(), rank);
  }
};

inline InlineShape ShapeOf(const Tensor& t) {
  InlineShape s;
  for (int i = 0; i < t.rank(); ++i) s.Append(t.dim(i));
  return s;
}

// Element types the data-movement kernels serve: they copy elements without looking at them, so
// every fixed-size type TFLite's kernels move is served alike (strings are not).
constexpr std::initializer_list<PlinthType> kMovableTypes = {
    PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_UINT8,
    PLINTH_INT8,    PLINTH_INT16, PLINTH_BOOL,  PLINTH_UINT32};

inline std::vector<PlinthType> MovableTypes() { return std::vector<PlinthType>(kMovableTypes); }

// Checks that `out` exists and has the type of `in` (data movement never converts).
inline PlinthStatus CheckOutputType(const KernelContext& ctx, const Tensor& in, const Tensor& out,
                                    const char* what = "output") {
  if (!out) return ctx.Error(what, " is missing");
  if (out.type() != in.type()) {
    return ctx.Error(what, " type ", TypeName(out.type()), " differs from the input's ",
                     TypeName(in.type()));
  }
  return PLINTH_OK;
}

// Integer tensors that carry shapes, axes, paddings and sizes: int32 or int64.
inline PlinthStatus CheckIndexTensor(const KernelContext& ctx, const Tensor& t, const char* what) {
  return CheckType(ctx, t, what, {PLINTH_INT32, PLINTH_INT64});
}

// Element i of an int32 or int64 tensor (checked with CheckIndexTensor).
inline int64_t IndexAt(const Tensor& t, int64_t i) {
  return t.type() == PLINTH_INT64 ? t.data<int64_t>()[i] : t.data<int32_t>()[i];
}

// True when two tensors carry the same per-tensor quantization (both unquantized counts as the
// same; TFLite compares scale and zero point, which are 0 for unquantized tensors).
inline bool SameQuantization(const Tensor& a, const Tensor& b) {
  const float sa = a.is_quantized() ? a.scale() : 0.f, sb = b.is_quantized() ? b.scale() : 0.f;
  const int32_t za = a.is_quantized() ? a.zero_point() : 0;
  const int32_t zb = b.is_quantized() ? b.zero_point() : 0;
  return sa == sb && za == zb;
}

inline PlinthStatus CheckSameQuantization(const KernelContext& ctx, const Tensor& in,
                                          const Tensor& out, const char* in_name,
                                          const char* out_name) {
  if (SameQuantization(in, out)) return PLINTH_OK;
  return ctx.Error(in_name, " and ", out_name,
                   " must have the same quantization (scale and zero point)");
}

// Zero point of a per-tensor quantized tensor, 0 when it is not quantized.
inline int32_t ZeroPointOr0(const Tensor& t) { return t.is_quantized() ? t.zero_point() : 0; }

// Calls f(T{}) with an unsigned integer type T of `bytes` bytes, so that one template moves
// elements of every type of that size.
template <class F>
void DispatchBySize(size_t bytes, F&& f) {
  switch (bytes) {
    case 1:
      f(uint8_t{});
      break;
    case 2:
      f(uint16_t{});
      break;
    case 4:
      f(uint32_t{});
      break;
    default:
      f(uint64_t{});
      break;
  }
}

// Product of dims[begin, end).
inline int64_t DimProduct(const Tensor& t, int begin, int end) {
  int64_t n = 1;
  for (int i = begin; i < end; ++i) n *= t.dim(i);
  return n;
}

// Fills `n` elements of `elem` bytes at `out` with the element at `value`.
inline void FillElements(char* out, int64_t n, const char* value, size_t elem) {
  if (n <= 0) return;
  std::memcpy(out, value, elem);
  // Double the filled prefix until it covers the range.
  int64_t filled = 1;
  while (filled < n) {
    const int64_t chunk = filled < n - filled ? filled : n - filled;
    std::memcpy(out + filled * elem, out, static_cast<size_t>(chunk) * elem);
    filled += chunk;
  }
}

// Copies `input` into outputs 0..n-1 as consecutive blocks along `axis`: output i takes
// size_along(i) slices of the axis (its own shape may drop the axis, as UNPACK's does).
template <class SizeFn>
void CopyBlocksAlongAxis(const KernelContext& ctx, const Tensor& input, int axis, int n,
                         SizeFn size_along) {
  const size_t elem = TypeSize(input.type());
  const int64_t outer = DimProduct(input, 0, axis);
  const int64_t inner = DimProduct(input, axis + 1, input.rank());
  const int64_t in_row = input.dim(axis) * inner;
  const char* in = static_cast<const char*>(input.raw_data());
  int64_t offset = 0;
  for (int i = 0; i < n; ++i) {
    char* out = static_cast<char*>(ctx.output(i).raw_data());
    const int64_t row = size_along(i) * inner;
    if (row > 0) {
      for (int64_t o = 0; o < outer; ++o) {
        std::memcpy(out + static_cast<size_t>(o * row) * elem,
                    in + static_cast<size_t>(o * in_row + offset) * elem,
                    static_cast<size_t>(row) * elem);
      }
    }
    offset += row;
  }
}

// Checks that every output exists and has the input's type.
inline PlinthStatus CheckOutputTypes(const KernelContext& ctx, const Tensor& input) {
  for (int i = 0; i < ctx.num_outputs(); ++i) {
    if (!ctx.output(i)) return ctx.Error("output ", i, " is missing");
    if (ctx.output(i).type() != input.type()) {
      return ctx.Error("output ", i, " type ", TypeName(ctx.output(i).type()),
                       " differs from the input's ", TypeName(input.type()));
    }
  }
  return PLINTH_OK;
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_SHAPE_SHAPE_UTIL_H_
