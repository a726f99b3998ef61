// The custom-options fuzz harness (tests/fuzz/custom_options_fuzzer.cc) on every CI run: a few
// thousand random buffers and mutations of valid option buffers (truncated, bit-flipped, bytes
// inserted and spliced), plus checks that the parsers accept what real models carry.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>

#include "plinth/custom_options.hpp"
#include "plugins/detection_postprocess/detection_options.h"
#include "plugins/mediapipe/mediapipe_options.h"
#include "tests/plugins/plugin_test_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace plinth::testing {
namespace {

std::vector<uint8_t> SsdOptions() {
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    fbb.Int("max_detections", 10);
    fbb.Int("max_classes_per_detection", 1);
    fbb.Int("detections_per_class", 100);
    fbb.Bool("use_regular_nms", false);
    fbb.Float("nms_score_threshold", 1e-8f);
    fbb.Float("nms_iou_threshold", 0.6f);
    fbb.Int("num_classes", 90);
    fbb.Float("y_scale", 10.f);
    fbb.Float("x_scale", 10.f);
    fbb.Float("h_scale", 5.f);
    fbb.Float("w_scale", 5.f);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

// Seeds: what real models carry, for every parser.
std::vector<std::vector<uint8_t>> Seeds() {
  return {SsdOptions(), Int32Words({1, 2, 2, 2, 2, 0}),  // MaxPoolingWithArgmax2D, 24 bytes
          Int32Words({2, 2, 2, 2, 2, 0, 0, 0, 0, 0}),    // with TFLite's computed padding
          Int32Words({1, 2, 2}),                         // Convolution2DTransposeBias
          Int32Words({2, 1, 1, 0})};                     // with a trailing activation
}

// Inputs the custom_options fuzzer found (tests/fuzz/regressions/custom_options), replayed.
TEST(CustomOptionsFuzz, KeptRegressionInputsRunCleanly) {
  const std::filesystem::path dir =
      std::filesystem::path(PLINTH_TEST_SOURCE_DIR) / "tests/fuzz/regressions/custom_options";
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().string());
    EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0);
    ++replayed;
  }
  EXPECT_GT(replayed, 0);
}

TEST(CustomOptionsFuzz, SeedsParse) {
  plinth_detection::DetectionOptions d;
  std::vector<uint8_t> ssd = SsdOptions();
  EXPECT_EQ(plinth_detection::ParseDetectionOptions(ssd.data(), ssd.size(), &d), "");
  EXPECT_EQ(d.max_detections, 10);
  EXPECT_EQ(d.num_classes, 90);
  EXPECT_FLOAT_EQ(d.nms_iou_threshold, 0.6f);
  EXPECT_FLOAT_EQ(d.h_scale, 5.f);

  plinth_mediapipe::PoolOptions p;
  std::vector<uint8_t> pool = Int32Words({2, 3, 4, 5, 6, 3});
  EXPECT_EQ(plinth_mediapipe::ParsePoolOptions(pool.data(), pool.size(), &p), "");
  EXPECT_EQ(p.padding, plinth_mediapipe::Padding::kValid);
  EXPECT_EQ(p.stride_width, 3);
  EXPECT_EQ(p.stride_height, 4);
  EXPECT_EQ(p.filter_width, 5);
  EXPECT_EQ(p.filter_height, 6);
  EXPECT_EQ(p.activation, plinth_mediapipe::kActRelu6);

  plinth_mediapipe::TransposeConvOptions t;
  // The bytes MediaPipe's selfie segmentation model carries: SAME, stride 2x2.
  const std::vector<uint8_t> conv = {1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0};
  EXPECT_EQ(plinth_mediapipe::ParseTransposeConvOptions(conv.data(), conv.size(), &t), "");
  EXPECT_EQ(t.padding, plinth_mediapipe::Padding::kSame);
  EXPECT_EQ(t.stride_width, 2);
  EXPECT_EQ(t.stride_height, 2);
}

TEST(CustomOptionsFuzz, ParsersRefuseBadBuffers) {
  plinth_detection::DetectionOptions d;
  EXPECT_NE(plinth_detection::ParseDetectionOptions(nullptr, 0, &d), "");
  plinth_mediapipe::PoolOptions p;
  EXPECT_NE(plinth_mediapipe::ParsePoolOptions(nullptr, 0, &p), "");
  std::vector<uint8_t> short_pool = Int32Words({1, 2, 2, 2, 2});
  EXPECT_NE(plinth_mediapipe::ParsePoolOptions(short_pool.data(), short_pool.size(), &p)
                .find("TfLitePoolParams (24 bytes or more), got 20 bytes"),
            std::string::npos);
  std::vector<uint8_t> unknown_padding = Int32Words({0, 2, 2, 2, 2, 0});
  EXPECT_NE(plinth_mediapipe::ParsePoolOptions(unknown_padding.data(), unknown_padding.size(), &p)
                .find("padding must be 1 (SAME) or 2 (VALID), got 0"),
            std::string::npos);
  std::vector<uint8_t> zero_stride = Int32Words({1, 0, 2});
  plinth_mediapipe::TransposeConvOptions t;
  EXPECT_NE(plinth_mediapipe::ParseTransposeConvOptions(zero_stride.data(), zero_stride.size(), &t)
                .find("stride_width must be >= 1, got 0"),
            std::string::npos);
  std::vector<uint8_t> bad_activation = Int32Words({1, 1, 1, 1, 1, 7});
  EXPECT_NE(plinth_mediapipe::ParsePoolOptions(bad_activation.data(), bad_activation.size(), &p)
                .find("activation must be a TfLiteFusedActivation (0..6), got 7"),
            std::string::npos);
}

TEST(CustomOptionsFuzz, RandomAndMutatedInputs) {
  std::mt19937 rng(20240601);
  const std::vector<std::vector<uint8_t>> seeds = Seeds();
  int inputs = 0;
  // Random bytes of every small length (FlexBuffer roots live at the end, so short buffers probe
  // the verifier's edge cases).
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> b(rng() % 64);
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
    LLVMFuzzerTestOneInput(b.data(), b.size());
    ++inputs;
  }
  // Mutations of the seeds.
  for (int i = 0; i < 4000; ++i) {
    std::vector<uint8_t> b = seeds[rng() % seeds.size()];
    const int mutations = 1 + static_cast<int>(rng() % 4);
    for (int m = 0; m < mutations && !b.empty(); ++m) {
      switch (rng() % 5) {
        case 0:
          b[rng() % b.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
          break;
        case 1:
          b[rng() % b.size()] = static_cast<uint8_t>(rng());
          break;
        case 2:
          b.resize(rng() % b.size());
          break;
        case 3:
          b.insert(b.begin() + static_cast<long>(rng() % b.size()), static_cast<uint8_t>(rng()));
          break;
        default: {  // splice the tail of another seed
          const std::vector<uint8_t>& other = seeds[rng() % seeds.size()];
          const size_t from = rng() % other.size();
          b.resize(rng() % b.size());
          b.insert(b.end(), other.begin() + static_cast<long>(from), other.end());
        }
      }
    }
    LLVMFuzzerTestOneInput(b.data(), b.size());
    ++inputs;
  }
  // Well-formed maps: mostly valid values of the right kind, a few keys dropped or replaced by
  // another kind or an edge value. These reach the range checks.
  struct Key {
    const char* name;
    double valid;
    bool is_int;
  };
  const Key keys[] = {{"max_detections", 10, true},
                      {"max_classes_per_detection", 1, true},
                      {"detections_per_class", 100, true},
                      {"use_regular_nms", 1, true},
                      {"nms_score_threshold", 0.3, false},
                      {"nms_iou_threshold", 0.5, false},
                      {"num_classes", 3, true},
                      {"y_scale", 10, false},
                      {"x_scale", 10, false},
                      {"h_scale", 5, false},
                      {"w_scale", 5, false}};
  const double edges[] = {0,
                          1,
                          -1,
                          0.5,
                          2,
                          1e9,
                          -1e9,
                          2147483647.0,
                          4294967296.0,
                          std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::quiet_NaN()};
  int accepted = 0;
  for (int i = 0; i < 1000; ++i) {
    flexbuffers::Builder fbb;
    fbb.Map([&]() {
      for (const Key& key : keys) {
        if (rng() % 6 != 0) {  // valid
          if (key.is_int)
            fbb.Int(key.name, static_cast<int64_t>(key.valid));
          else
            fbb.Float(key.name, static_cast<float>(key.valid));
          continue;
        }
        const double v = edges[rng() % std::size(edges)];
        switch (rng() % 5) {
          case 0:
            break;  // missing
          case 1:
            fbb.String(key.name, "7");
            break;
          case 2:
            fbb.Bool(key.name, v != 0);
            break;
          case 3:
            fbb.Double(key.name, v);
            break;
          default:
            if (std::isfinite(v))
              fbb.Int(key.name, static_cast<int64_t>(v));
            else
              fbb.Float(key.name, static_cast<float>(v));
        }
      }
    });
    fbb.Finish();
    const std::vector<uint8_t>& b = fbb.GetBuffer();
    LLVMFuzzerTestOneInput(b.data(), b.size());
    plinth_detection::DetectionOptions d;
    accepted += plinth_detection::ParseDetectionOptions(b.data(), b.size(), &d).empty();
    ++inputs;
  }
  EXPECT_EQ(inputs, 7000);
  // Both outcomes are exercised.
  EXPECT_GT(accepted, 50);
  EXPECT_LT(accepted, 950);
}

}  // namespace
}  // namespace plinth::testing
