// Gathers a strided box of a tensor into a dense output: SLICE and STRIDED_SLICE describe their
// selection as a StridedView and copy with StridedCopy (no allocation, any element size).
#ifndef PLINTH_BUILTIN_OPS_SHAPE_STRIDED_COPY_H_
#define PLINTH_BUILTIN_OPS_SHAPE_STRIDED_COPY_H_

#include <array>
#include <cstdint>

#include "builtin_ops/shape/shape_util.h"

namespace plinth::builtin {

// Along dimension d, the selection takes count[d] indices start[d] + k * step[d]; the input
// advances by stride[d] elements per index of dimension d (0 repeats it: broadcasting, tiling).
// Views may have twice the tensor rank (TILE splits each dimension in two).
constexpr int kMaxViewRank = 2 * kMaxShapeRank;

struct StridedView {
  int rank = 0;
  std::array<int32_t, kMaxViewRank> count{};
  std::array<int64_t, kMaxViewRank> start{};
  std::array<int64_t, kMaxViewRank> step{};
  std::array<int64_t, kMaxViewRank> stride{};

  // Sets stride[] to the row-major strides of `dims` (rank entries).
  void SetRowMajorStrides(const int32_t* dims) {
    int64_t s = 1;
    for (int d = rank - 1; d >= 0; --d) {
      stride[d] = s;
      s *= dims[d];
    }
  }
  int64_t NumSelected() const {
    int64_t n = 1;
    for (int d = 0; d < rank; ++d) n *= count[d];
    return n;
  }
};

template <class T>
void StridedCopyTyped(const StridedView& v, const T* in, T* out) {
  int64_t from = 0;
  for (int d = 0; d < v.rank; ++d) from += v.start[d] * v.stride[d];
  if (v.rank == 0) {
    out[0] = in[from];
    return;
  }
  const int last = v.rank - 1;
  const int64_t inner_step = v.step[last] * v.stride[last];
  std::array<int32_t, kMaxViewRank> counter{};
  while (true) {
    for (int32_t j = 0; j < v.count[last]; ++j) *out++ = in[from + j * inner_step];
    int d = last - 1;
    for (; d >= 0; --d) {
      const int64_t advance = v.step[d] * v.stride[d];
      from += advance;
      if (++counter[d] < v.count[d]) break;
      from -= advance * counter[d];
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

inline void StridedCopy(const StridedView& v, const void* in, void* out, size_t elem_size) {
  if (v.NumSelected() == 0) return;
  DispatchBySize(elem_size, [&](auto tag) {
    using T = decltype(tag);
    StridedCopyTyped(v, static_cast<const T*>(in), static_cast<T*>(out));
  });
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_SHAPE_STRIDED_COPY_H_
