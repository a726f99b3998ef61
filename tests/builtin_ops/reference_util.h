// Slow, obviously-correct building blocks for kernel tests' references.
#ifndef PLINTH_TESTS_BUILTIN_OPS_REFERENCE_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_REFERENCE_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace plinth::testing {

inline size_t NumElementsOf(const std::vector<int32_t>& shape) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

// Row-major strides of a shape.
inline std::vector<size_t> StridesOf(const std::vector<int32_t>& shape) {
  std::vector<size_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * static_cast<size_t>(shape[i]);
  return strides;
}

// Unravels a flat index into coordinates of `shape`.
inline std::vector<int32_t> Unravel(size_t flat, const std::vector<int32_t>& shape) {
  std::vector<int32_t> coords(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    coords[i] = static_cast<int32_t>(flat % static_cast<size_t>(shape[i]));
    flat /= static_cast<size_t>(shape[i]);
  }
  return coords;
}

// NumPy broadcasting, one output element at a time, straight from the definition.
template <class T, class F>
std::vector<T> ReferenceBroadcast(const std::vector<T>& a, std::vector<int32_t> sa,
                                  const std::vector<T>& b, std::vector<int32_t> sb,
                                  std::vector<int32_t>* out_shape, F f) {
  const size_t rank = std::max(sa.size(), sb.size());
  sa.insert(sa.begin(), rank - sa.size(), 1);
  sb.insert(sb.begin(), rank - sb.size(), 1);
  out_shape->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) (*out_shape)[i] = sa[i] == 1 ? sb[i] : sa[i];
  std::vector<T> out(NumElementsOf(*out_shape));
  auto index = [](const std::vector<int32_t>& coords, const std::vector<int32_t>& shape) {
    size_t flat = 0;
    for (size_t i = 0; i < shape.size(); ++i)
      flat = flat * shape[i] + (shape[i] == 1 ? 0 : coords[i]);
    return flat;
  };
  for (size_t o = 0; o < out.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, *out_shape);
    out[o] = f(a[index(c, sa)], b[index(c, sb)]);
  }
  return out;
}

}  // namespace plinth::testing

#endif  // PLINTH_TESTS_BUILTIN_OPS_REFERENCE_UTIL_H_
