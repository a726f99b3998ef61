// plinth/custom_options.hpp: typed reads of a custom op's FlexBuffer options, verified first.
#include "plinth/custom_options.hpp"

#include <random>

#include "gtest/gtest.h"

namespace plinth {
namespace {

std::vector<uint8_t> Options() {
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    fbb.Int("max_detections", 10);
    fbb.Float("nms_iou_threshold", 0.6f);
    fbb.Bool("use_regular_nms", true);
    fbb.String("name", "ssd");
    fbb.Vector("strides", [&]() {
      fbb.Int(1);
      fbb.Int(2);
    });
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

TEST(CustomOptions, ReadsTypedValuesWithFallbacks) {
  std::vector<uint8_t> bytes = Options();
  CustomOptions o(bytes.data(), bytes.size());
  ASSERT_TRUE(o.ok()) << o.error();
  EXPECT_EQ(o.Int("max_detections"), 10);
  EXPECT_FLOAT_EQ(static_cast<float>(o.Float("nms_iou_threshold")), 0.6f);
  EXPECT_TRUE(o.Bool("use_regular_nms"));
  EXPECT_EQ(o.String("name"), "ssd");
  EXPECT_EQ(o.Ints("strides"), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(o.Int("missing", 42), 42);
  EXPECT_EQ(o.Int("name", -1), -1) << "a string is not an int";
  EXPECT_FALSE(o.Has("missing"));
}

TEST(CustomOptions, EmptyAndInvalidBuffers) {
  CustomOptions empty(nullptr, 0);
  EXPECT_TRUE(empty.ok());
  EXPECT_EQ(empty.Int("x", 3), 3);
  const uint8_t junk[] = {0xff, 0xff, 0xff, 0xff};
  CustomOptions bad(junk, sizeof(junk));
  EXPECT_FALSE(bad.ok());
  // Random truncations and flips never crash; they are either valid or refused.
  std::vector<uint8_t> bytes = Options();
  std::mt19937 rng(1);
  for (int i = 0; i < 5000; ++i) {
    std::vector<uint8_t> b(bytes.begin(),
                           bytes.begin() + static_cast<long>(rng() % (bytes.size() + 1)));
    if (!b.empty()) b[rng() % b.size()] ^= static_cast<uint8_t>(rng());
    CustomOptions o(b.data(), b.size());
    (void)o.Int("max_detections");
    (void)o.String("name");
    (void)o.Ints("strides");
  }
}

}  // namespace
}  // namespace plinth
