// Test helpers for the data-movement kernels (shape/ and image/). Those kernels only move
// elements, so a test's reference says, for every output element, which input element it
// comes from (or that it is padding); the check compares raw bytes, which serves every element
// type alike.
#ifndef PLINTH_TESTS_BUILTIN_OPS_MOVEMENT_TEST_UTIL_H_
#define PLINTH_TESTS_BUILTIN_OPS_MOVEMENT_TEST_UTIL_H_

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

// Nested so that these helpers cannot clash with other families' test helpers.
namespace plinth::testing::movement {

// An element type with the quantization tests give it.
struct ElementType {
  PlinthType type;
  size_t size;
  QuantSpec quant;
  const char* name;
};

inline std::vector<ElementType> MovableElementTypes() {
  return {{PLINTH_FLOAT32, 4, {}, "FLOAT32"},
          {PLINTH_INT32, 4, {}, "INT32"},
          {PLINTH_INT64, 8, {}, "INT64"},
          {PLINTH_UINT8, 1, {{0.5f}, {255}}, "UINT8"},
          {PLINTH_INT8, 1, {{0.25f}, {-128}}, "INT8"},
          {PLINTH_INT16, 2, {{0.125f}, {0}}, "INT16"},
          {PLINTH_BOOL, 1, {}, "BOOL"},
          {PLINTH_UINT32, 4, {}, "UINT32"}};
}

// Distinct-looking random bytes for `n` elements (bools are 0 or 1).
inline std::vector<uint8_t> RandomElementBytes(const ElementType& t, size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> bytes(n * t.size);
  for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
  if (t.type == PLINTH_BOOL) {
    for (uint8_t& b : bytes) b &= 1;
  }
  if (t.type == PLINTH_FLOAT32) {
    // Random bit patterns may be NaNs, which compare unequal; use ordinary values.
    std::uniform_real_distribution<float> d(-100.f, 100.f);
    for (size_t i = 0; i < n; ++i) {
      float v = d(rng);
      std::memcpy(bytes.data() + i * 4, &v, 4);
    }
  }
  return bytes;
}

// Output element i must equal input element src[i]; src[i] < 0 means the padding element
// `pad` (raw bytes of one element).
inline void ExpectGathered(const Tensor& out, const std::vector<uint8_t>& in, size_t elem,
                           const std::vector<int64_t>& src, const std::vector<uint8_t>& pad = {},
                           const std::string& what = "") {
  ASSERT_TRUE(out) << what;
  ASSERT_EQ(static_cast<size_t>(out.num_elements()), src.size()) << what;
  const uint8_t* got = static_cast<const uint8_t*>(out.raw_data());
  size_t mismatches = 0;
  for (size_t i = 0; i < src.size(); ++i) {
    const uint8_t* want = src[i] < 0 ? pad.data() : in.data() + static_cast<size_t>(src[i]) * elem;
    if (std::memcmp(got + i * elem, want, elem) != 0 && ++mismatches <= 5) {
      ADD_FAILURE() << what << ": output element " << i << " differs from "
                    << (src[i] < 0 ? std::string("the padding value")
                                   : "input element " + std::to_string(src[i]));
    }
  }
  EXPECT_EQ(mismatches, 0u) << what;
}

// Flat index of `coords` in a row-major tensor of `shape`.
inline int64_t FlatIndex(const std::vector<int64_t>& coords, const std::vector<int32_t>& shape) {
  int64_t flat = 0;
  for (size_t d = 0; d < shape.size(); ++d) flat = flat * shape[d] + coords[d];
  return flat;
}

// Runs `t` and expects it to fail with a message containing `text`.
inline void ExpectRunError(OpTest& t, const std::string& text) {
  absl::Status s = t.Run();
  EXPECT_FALSE(s.ok()) << "expected an error containing '" << text << "'";
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr(text));
}

}  // namespace plinth::testing::movement

#endif  // PLINTH_TESTS_BUILTIN_OPS_MOVEMENT_TEST_UTIL_H_
