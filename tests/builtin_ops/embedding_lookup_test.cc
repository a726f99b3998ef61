// EMBEDDING_LOOKUP against a reference in the test: rows copied for every element type, the
// hybrid int8/uint8 -> float32 path (per tensor and per row scales; uint8 bytes read as int8, as
// TFLite's hybrid kernel does), out-of-range ids failing at invoke, invalid parameters at prepare.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"

namespace plinth::testing {
namespace {

const std::vector<int32_t> kIds = {2, 0, 4, 2, 1};
const std::vector<int32_t> kValueShape = {5, 3, 2};
constexpr size_t kRow = 6;

template <class T>
void CheckCopy(PlinthType type, double lo, double hi, QuantSpec q = {}) {
  auto value = RandomValues<T>(NumElementsOf(kValueShape), lo, hi, 1);
  OpTest t;
  int l = t.Input<int32_t>({5}, kIds);
  int v = t.Const<T>(kValueShape, value, q, type);
  int y = t.Output(type, {}, q);
  t.Op("EMBEDDING_LOOKUP", {l, v}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), (std::vector<int32_t>{5, 3, 2}));
  std::vector<T> expect;
  for (int32_t id : kIds) {
    expect.insert(expect.end(), value.begin() + id * kRow, value.begin() + (id + 1) * kRow);
  }
  EXPECT_EQ(t.Values<T>(y), expect);
}

TEST(EmbeddingLookup, CopiesRowsOfEveryType) {
  CheckCopy<float>(PLINTH_FLOAT32, -5, 5);
  CheckCopy<int32_t>(PLINTH_INT32, -1e9, 1e9);
  CheckCopy<int64_t>(PLINTH_INT64, -1e15, 1e15);
  CheckCopy<int16_t>(PLINTH_INT16, -32768, 32767);
  CheckCopy<int8_t>(PLINTH_INT8, -128, 127, {{0.1f}, {3}});
  CheckCopy<uint8_t>(PLINTH_UINT8, 0, 255, {{0.1f}, {128}});
  CheckCopy<uint8_t>(PLINTH_BOOL, 0, 1);
  CheckCopy<uint16_t>(PLINTH_FLOAT16, 0, 0x7bff);
}

template <class T>
void CheckHybrid(PlinthType type, const std::vector<float>& scales, uint32_t seed) {
  auto value = RandomValues<T>(NumElementsOf(kValueShape), std::numeric_limits<T>::min(),
                               std::numeric_limits<T>::max(), seed);
  QuantSpec q{scales, std::vector<int64_t>(scales.size(), 0), 0};
  OpTest t;
  int l = t.Input<int32_t>({5}, kIds);
  int v = t.Const<T>(kValueShape, value, q, type);
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("EMBEDDING_LOOKUP", {l, v}, {y});
  ASSERT_TRUE(t.Run().ok());
  std::vector<float> expect;
  for (int32_t id : kIds) {
    const float scale = scales.size() > 1 ? scales[id] : scales[0];
    for (size_t j = 0; j < kRow; ++j) {
      // The bytes are read as int8 whatever the declared type.
      const int8_t raw = static_cast<int8_t>(value[id * kRow + j]);
      expect.push_back(static_cast<float>(raw) * scale);
    }
  }
  EXPECT_EQ(t.Values<float>(y), expect);
}

TEST(EmbeddingLookup, HybridDequantizesRows) {
  CheckHybrid<int8_t>(PLINTH_INT8, {0.037f}, 2);
  CheckHybrid<uint8_t>(PLINTH_UINT8, {0.021f}, 3);
  CheckHybrid<int8_t>(PLINTH_INT8, {0.01f, 0.02f, 0.03f, 0.04f, 0.05f}, 4);
}

TEST(EmbeddingLookup, OutOfRangeIdsFailAtInvoke) {
  for (int32_t bad : {5, -1}) {
    OpTest t;
    int l = t.Input<int32_t>({2}, {0, bad});
    int v = t.Const<float>({5, 2}, std::vector<float>(10));
    t.Op("EMBEDDING_LOOKUP", {l, v}, {t.Output(PLINTH_FLOAT32)});
    absl::Status s = t.Run();
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("failed in invoke"));
    EXPECT_THAT(std::string(s.message()),
                ::testing::HasSubstr("id " + std::to_string(bad) + " (element 1) is out of range"));
  }
}

TEST(EmbeddingLookup, InvalidParametersFailInPrepare) {
  using ::testing::HasSubstr;
  auto error = [](std::vector<int32_t> lookup_shape, PlinthType value_type,
                  std::vector<int32_t> value_shape, PlinthType out_type, QuantSpec q = {}) {
    OpTest t;
    int l = t.Input<int32_t>(lookup_shape, std::vector<int32_t>(NumElementsOf(lookup_shape)));
    std::vector<uint8_t> bytes(NumElementsOf(value_shape) * TypeSize(value_type));
    int v =
        t.builder().AddConstantBytes(value_type, value_shape, bytes.data(), bytes.size(), "", q);
    t.Op("EMBEDDING_LOOKUP", {l, v}, {t.Output(out_type)});
    return std::string(t.Run().message());
  };
  EXPECT_THAT(error({2, 1}, PLINTH_FLOAT32, {3, 2}, PLINTH_FLOAT32),
              HasSubstr("lookup must be 1-D"));
  EXPECT_THAT(error({2}, PLINTH_FLOAT32, {3}, PLINTH_FLOAT32), HasSubstr("at least 2-D"));
  EXPECT_THAT(error({2}, PLINTH_INT8, {3, 2}, PLINTH_FLOAT32, {{0.1f}, {3}}),
              HasSubstr("zero point 0"));
  EXPECT_THAT(error({2}, PLINTH_INT8, {3, 2}, PLINTH_FLOAT32), HasSubstr("need a scale"));
  EXPECT_THAT(error({2}, PLINTH_INT16, {3, 2}, PLINTH_FLOAT32), HasSubstr("int8 or uint8"));
  EXPECT_THAT(error({2}, PLINTH_INT8, {3, 2}, PLINTH_INT32), HasSubstr("must be the value type"));
  EXPECT_THAT(error({2}, PLINTH_INT8, {3, 2}, PLINTH_FLOAT32, {{0.1f, 0.2f}, {0, 0}, 1}),
              HasSubstr("along dimension 0"));
  EXPECT_THAT(error({2}, PLINTH_INT8, {3, 2}, PLINTH_INT8, {{0.1f, 0.2f, 0.3f}, {0, 0, 0}, 0}),
              HasSubstr("per-row scales need a float32 output"));
}

}  // namespace
}  // namespace plinth::testing
