// Helpers shared by the indexing kernels: integer index tensors of several widths, and rows of
// elements copied by size (gathers and scatters move bytes, whatever the element type).
#ifndef PLINTH_BUILTIN_OPS_INDEXING_INDEX_UTIL_H_
#define PLINTH_BUILTIN_OPS_INDEXING_INDEX_UTIL_H_

#include <cstdint>
#include <cstring>

#include "plinth/plugin.hpp"

namespace plinth::builtin {

// Calls f(T{}) with T the C++ type of an int16, int32 or int64 index tensor.
template <class F>
auto WithIndexType(PlinthType type, F&& f) {
  switch (type) {
    case PLINTH_INT16:
      return f(int16_t{});
    case PLINTH_INT64:
      return f(int64_t{});
    default:
      return f(int32_t{});
  }
}

// Element i of an int16/int32/int64 tensor.
inline int64_t IntegerAt(const Tensor& t, int64_t i) {
  switch (t.type()) {
    case PLINTH_INT16:
      return t.data<int16_t>()[i];
    case PLINTH_INT64:
      return t.data<int64_t>()[i];
    default:
      return t.data<int32_t>()[i];
  }
}

// Copies `count` elements of `element_bytes` bytes each.
inline void CopyElements(void* dst, const void* src, int64_t count, size_t element_bytes) {
  if (count > 0) std::memcpy(dst, src, static_cast<size_t>(count) * element_bytes);
}

}  // namespace plinth::builtin

#endif  // PLINTH_BUILTIN_OPS_INDEXING_INDEX_UTIL_H_
