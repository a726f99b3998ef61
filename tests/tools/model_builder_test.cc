// The model builder's refusals: options it cannot write are errors naming the field, never a
// FlatBuffers assertion or a silently malformed table.
#include "tools/model_builder/model_builder.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;

absl::Status BuildAdd(const Options& options) {
  ModelBuilder b;
  int x = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "x");
  int y = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "y");
  b.AddOperator("ADD", {x, x}, {y}, options);
  b.SetInputs({x});
  b.SetOutputs({y});
  return b.Build().status();
}

TEST(ModelBuilder, WritesKnownOptions) {
  EXPECT_TRUE(BuildAdd({{"fused_activation_function", "RELU6"}}).ok());
}

TEST(ModelBuilder, UnknownOptionNamesTheFields) {
  absl::Status s = BuildAdd({{"stride_w", 2}});
  EXPECT_THAT(s.message(), HasSubstr("has no field 'stride_w'"));
  EXPECT_THAT(s.message(), HasSubstr("fused_activation_function"));
}

TEST(ModelBuilder, OptionGivenTwiceIsRefused) {
  absl::Status s =
      BuildAdd({{"fused_activation_function", "RELU"}, {"fused_activation_function", "RELU6"}});
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("fused_activation_function is given twice"));
}

}  // namespace
}  // namespace plinth
