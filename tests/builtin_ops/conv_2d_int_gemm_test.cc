// The uint8 / int8 CONV_2D GEMM paths (int16 operands, or int8 ones for the dot products) must
// leave nodes whose input or filter zero points lie outside their types (the loader accepts them)
// to the reference kernel: the operands would wrap. An output zero point outside its type leaves
// them serving.
// Each case runs under every ISA level and must give the reference kernels' outputs.
#include <string>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "tests/builtin_ops/fast_path_test_util.h"
#include "tests/builtin_ops/nn_test_util.h"

namespace plinth::testing {
namespace {

template <class T>
void ExpectAllLevelsEqual(int64_t in_zp, int64_t w_zp, uint32_t seed) {
  const std::vector<int32_t> in_shape = {1, 6, 5, 7}, w_shape = {9, 3, 3, 7};
  auto x = FullRange<T>(NumElementsOf(in_shape), seed);
  auto w = FullRange<T>(NumElementsOf(w_shape), seed + 1);
  auto bias = RandomValues<int32_t>(9, -3000, 3000, seed + 2);
  std::vector<T> first;
  for (const char* isa : AllIsaLevels()) {
    ScopedIsa scoped(isa);
    OpTest t;
    int in = t.Input<T>(in_shape, x, PerTensorQ(0.05f, in_zp));
    int y = t.Output(TypeOf<T>::value, {}, PerTensorQ(0.4f, 0));
    t.Op("CONV_2D",
         {in, t.Const<T>(w_shape, w, PerTensorQ(0.02f, w_zp)),
          t.Const<int32_t>({9}, bias, PerTensorQ(0.05f * 0.02f, 0))},
         {y}, {{"padding", "SAME"}, {"stride_h", 1}, {"stride_w", 1}});
    const absl::Status status = t.Run();
    ASSERT_TRUE(status.ok()) << status.message();
    std::vector<T> values = t.Values<T>(y);
    if (first.empty()) first = values;
    ASSERT_EQ(values, first) << "isa '" << isa << "' differs from the reference";
  }
}

// An output zero point outside the type can make the clamp range empty (min > max), which every
// path, the kernels that requantize in registers included, must apply as the reference does.
template <class T>
void ExpectOutputZeroPointMatches(int64_t out_zp, int32_t channels, uint32_t seed) {
  const std::vector<int32_t> in_shape = {1, 6, 5, channels}, w_shape = {20, 3, 3, channels};
  auto x = FullRange<T>(NumElementsOf(in_shape), seed);
  auto w = FullRange<T>(NumElementsOf(w_shape), seed + 1);
  if (std::is_signed_v<T>) {
    for (T& v : w) v = v == -128 ? static_cast<T>(-127) : v;
  }
  auto bias = RandomValues<int32_t>(20, -3000, 3000, seed + 2);
  const int64_t w_zp = std::is_signed_v<T> ? 0 : 131;
  std::vector<T> first;
  for (const char* isa : AllIsaLevels()) {
    ScopedIsa scoped(isa);
    OpTest t;
    int in = t.Input<T>(in_shape, x, PerTensorQ(0.05f, std::is_signed_v<T> ? -3 : 120));
    int y = t.Output(TypeOf<T>::value, {}, PerTensorQ(0.4f, out_zp));
    t.Op("CONV_2D",
         {in, t.Const<T>(w_shape, w, PerTensorQ(0.02f, w_zp)), t.Const<int32_t>({20}, bias)}, {y},
         {{"padding", "SAME"},
          {"stride_h", 1},
          {"stride_w", 1},
          {"fused_activation_function", "RELU"}});
    const absl::Status status = t.Run();
    ASSERT_TRUE(status.ok()) << status.message();
    std::vector<T> values = t.Values<T>(y);
    if (first.empty()) first = values;
    ASSERT_EQ(values, first) << "isa '" << isa << "' differs from the reference";
  }
}

TEST(Conv2DIntGemm, EmptyClampRangesMatchTheReference) {
  ExpectOutputZeroPointMatches<int8_t>(200, 8, 40);
  ExpectOutputZeroPointMatches<int8_t>(-300, 7, 50);
  ExpectOutputZeroPointMatches<uint8_t>(-50, 8, 60);
  ExpectOutputZeroPointMatches<uint8_t>(400, 3, 70);
}

// The indirect path keeps its window pointers between runs; with 3 channels (each tap's quad runs
// one value past it) they point into a kept zero-point-padded copy of the input, refilled every
// run: a second run on new values must see them everywhere.
template <class T>
void ExpectRepeatedRunsMatch(int32_t stride, uint32_t seed) {
  const std::vector<int32_t> in_shape = {1, 13, 14, 3}, w_shape = {8, 3, 3, 3};
  const auto x1 = FullRange<T>(NumElementsOf(in_shape), seed);
  const auto x2 = FullRange<T>(NumElementsOf(in_shape), seed + 1);
  auto w = FullRange<T>(NumElementsOf(w_shape), seed + 2);
  if (std::is_signed_v<T>) {
    for (T& v : w) v = v == -128 ? static_cast<T>(-127) : v;
  }
  const int64_t w_zp = std::is_signed_v<T> ? 0 : 140;
  std::vector<T> first1, first2;
  for (const char* isa : AllIsaLevels()) {
    ScopedIsa scoped(isa);
    OpTest t;
    int in = t.Input<T>(in_shape, x1, PerTensorQ(0.05f, std::is_signed_v<T> ? 5 : 120));
    int y = t.Output(TypeOf<T>::value, {}, PerTensorQ(0.3f, std::is_signed_v<T> ? -2 : 125));
    t.Op("CONV_2D", {in, t.Const<T>(w_shape, w, PerTensorQ(0.02f, w_zp)), -1}, {y},
         {{"padding", "SAME"}, {"stride_h", stride}, {"stride_w", stride}});
    absl::Status status = t.Run();
    ASSERT_TRUE(status.ok()) << status.message();
    const std::vector<T> out1 = t.Values<T>(y);
    status = t.interpreter().SetInputValues<T>(0, x2);
    ASSERT_TRUE(status.ok()) << status.message();
    status = t.interpreter().Invoke();
    ASSERT_TRUE(status.ok()) << status.message();
    const std::vector<T> out2 = t.Values<T>(y);
    if (first1.empty()) first1 = out1, first2 = out2;
    ASSERT_EQ(out1, first1) << "isa '" << isa << "' differs from the reference (first run)";
    ASSERT_EQ(out2, first2) << "isa '" << isa << "' differs from the reference (second run)";
  }
  ASSERT_NE(first1, first2);
}

TEST(Conv2DIntGemm, RepeatedRunsOnNewValuesMatchTheReference) {
  ExpectRepeatedRunsMatch<int8_t>(1, 100);
  ExpectRepeatedRunsMatch<int8_t>(2, 110);
  ExpectRepeatedRunsMatch<uint8_t>(1, 120);
}

// Few channels: the indirect path packs a whole window row per tap (its columns padded to a quad
// together) and reads a padded copy of the input. Non-square windows (a keyword-spotting model's
// 10x4 first layer), strides, SAME and VALID, two images.
template <class T>
void ExpectRowTapsMatch(const std::vector<int32_t>& in_shape, int32_t k_h, int32_t k_w,
                        int32_t stride, const char* padding, uint32_t seed) {
  const int32_t c = in_shape[3], out_c = 24;
  const std::vector<int32_t> w_shape = {out_c, k_h, k_w, c};
  auto x = FullRange<T>(NumElementsOf(in_shape), seed);
  auto w = FullRange<T>(NumElementsOf(w_shape), seed + 1);
  if (std::is_signed_v<T>) {
    for (T& v : w) v = v == -128 ? static_cast<T>(-127) : v;
  }
  auto bias = RandomValues<int32_t>(out_c, -3000, 3000, seed + 2);
  const int64_t w_zp = std::is_signed_v<T> ? 0 : 97;
  std::vector<T> first;
  for (const char* isa : AllIsaLevels()) {
    ScopedIsa scoped(isa);
    OpTest t;
    int in = t.Input<T>(in_shape, x, PerTensorQ(0.05f, std::is_signed_v<T> ? 83 - 128 : 83));
    int y = t.Output(TypeOf<T>::value, {}, PerTensorQ(0.5f, std::is_signed_v<T> ? -9 : 119));
    t.Op("CONV_2D",
         {in, t.Const<T>(w_shape, w, PerTensorQ(0.02f, w_zp)), t.Const<int32_t>({out_c}, bias)},
         {y}, {{"padding", padding}, {"stride_h", stride}, {"stride_w", stride}});
    const absl::Status status = t.Run();
    ASSERT_TRUE(status.ok()) << status.message();
    std::vector<T> values = t.Values<T>(y);
    if (first.empty()) first = values;
    ASSERT_EQ(values, first) << "isa '" << isa << "' differs from the reference, " << k_h << "x"
                             << k_w << " over " << c << " channels, " << padding;
  }
}

TEST(Conv2DIntGemm, WindowRowTapsMatchTheReference) {
  uint32_t seed = 300;
  for (const char* padding : {"SAME", "VALID"}) {
    ExpectRowTapsMatch<int8_t>({1, 49, 10, 1}, 10, 4, 2, padding, seed += 3);
    ExpectRowTapsMatch<uint8_t>({1, 49, 10, 1}, 10, 4, 2, padding, seed += 3);
    ExpectRowTapsMatch<int8_t>({2, 9, 11, 2}, 3, 3, 1, padding, seed += 3);
    ExpectRowTapsMatch<uint8_t>({2, 9, 11, 2}, 3, 3, 1, padding, seed += 3);
    ExpectRowTapsMatch<int8_t>({1, 12, 13, 3}, 5, 5, 2, padding, seed += 3);
    ExpectRowTapsMatch<uint8_t>({1, 12, 13, 3}, 5, 5, 2, padding, seed += 3);
    ExpectRowTapsMatch<int8_t>({1, 7, 9, 1}, 1, 5, 1, padding, seed += 3);
  }
}

TEST(Conv2DIntGemm, ZeroPointsOutsideTheTypeMatchTheReference) {
  ExpectAllLevelsEqual<uint8_t>(40000, 0, 10);
  ExpectAllLevelsEqual<uint8_t>(0, -40000, 20);
  ExpectAllLevelsEqual<int8_t>(40000, 0, 30);
}

}  // namespace
}  // namespace plinth::testing
