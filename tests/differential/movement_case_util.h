// Helpers for the differential cases of the data-movement kernels (shape_cases.cc,
// image_cases.cc): random inputs of any element type with typical quantization, and constant
// index tensors.
#ifndef PLINTH_TESTS_DIFFERENTIAL_MOVEMENT_CASE_UTIL_H_
#define PLINTH_TESTS_DIFFERENTIAL_MOVEMENT_CASE_UTIL_H_

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tests/differential/diff_case.h"

// Nested so that these helpers cannot clash with other families' test helpers.
namespace plinth::testing::movement {

// The element types data movement serves, with the quantization each is given in the cases.
struct MovementType {
  PlinthType type;
  const char* name;
  QuantSpec quant;
};

inline std::vector<MovementType> AllMovementTypes() {
  return {{PLINTH_FLOAT32, "f32", {}},
          {PLINTH_INT32, "i32", {}},
          {PLINTH_INT64, "i64", {}},
          {PLINTH_UINT8, "u8", {{0.5f}, {127}}},
          {PLINTH_INT8, "i8", {{0.25f}, {-14}}},
          {PLINTH_INT16, "i16", {{0.125f}, {0}}},
          {PLINTH_BOOL, "bool", {}}};
}

// The quantized types (TFLite's QuantizedTypes for image kernels).
inline std::vector<MovementType> QuantizedMovementTypes() {
  return {{PLINTH_UINT8, "u8", {{0.5f}, {127}}},
          {PLINTH_INT8, "i8", {{0.25f}, {-14}}},
          {PLINTH_INT16, "i16", {{0.125f}, {0}}}};
}

// `n` random elements of `type` as raw bytes, covering the type's whole range.
inline std::vector<uint8_t> RandomBytes(PlinthType type, size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> bytes;
  auto put = [&](auto v) {
    const size_t at = bytes.size();
    bytes.resize(at + sizeof(v));
    std::memcpy(bytes.data() + at, &v, sizeof(v));
  };
  for (size_t i = 0; i < n; ++i) {
    switch (type) {
      case PLINTH_FLOAT32:
        put(std::uniform_real_distribution<float>(-10.f, 10.f)(rng));
        break;
      case PLINTH_INT32:
        put(static_cast<int32_t>(rng()));
        break;
      case PLINTH_INT64:
        put(static_cast<int64_t>((uint64_t{rng()} << 32) | rng()));
        break;
      case PLINTH_UINT8:
        put(static_cast<uint8_t>(rng()));
        break;
      case PLINTH_INT8:
        put(static_cast<int8_t>(rng()));
        break;
      case PLINTH_INT16:
        put(static_cast<int16_t>(rng()));
        break;
      case PLINTH_BOOL:
        put(static_cast<uint8_t>(rng() & 1));
        break;
      default:
        put(static_cast<uint32_t>(rng()));
        break;
    }
  }
  return bytes;
}

inline size_t ElementsOf(const std::vector<int32_t>& shape) {
  size_t n = 1;
  for (int32_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

// Adds a model input of random values.
inline int RandomInput(DiffCase& c, const MovementType& t, std::vector<int32_t> shape,
                       uint32_t seed) {
  const size_t n = ElementsOf(shape);
  int id = c.builder.AddTensor(t.type, std::move(shape), "", t.quant);
  c.inputs.push_back(id);
  c.feeds.push_back(RandomBytes(t.type, n, seed));
  return id;
}

// Adds a model input of the given int32 values (a shape or index known only at run time).
inline int IndexInput(DiffCase& c, std::vector<int32_t> shape, const std::vector<int32_t>& v) {
  return c.Input<int32_t>(std::move(shape), v);
}

inline int Const32(DiffCase& c, std::vector<int32_t> shape, const std::vector<int32_t>& v) {
  return c.builder.AddConstant<int32_t>(PLINTH_INT32, std::move(shape), v);
}
inline int Const64(DiffCase& c, std::vector<int32_t> shape, const std::vector<int64_t>& v) {
  return c.builder.AddConstant<int64_t>(PLINTH_INT64, std::move(shape), v);
}

// An output (its shape is what the kernels compute).
inline int Out(DiffCase& c, const MovementType& t) {
  return c.builder.AddTensor(t.type, {}, "", t.quant);
}

inline std::string Join(const std::vector<int32_t>& v) {
  std::string s;
  for (int32_t x : v) {
    if (!s.empty()) s += 'x';
    s += std::to_string(x);
  }
  return s;
}

}  // namespace plinth::testing::movement

#endif  // PLINTH_TESTS_DIFFERENTIAL_MOVEMENT_CASE_UTIL_H_
