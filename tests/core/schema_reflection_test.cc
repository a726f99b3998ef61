// The core reads op names and options from the embedded schema.
#include "core/schema_reflection.h"
#include "gtest/gtest.h"

namespace plinth {
namespace {

TEST(SchemaReflection, BuiltinNamesAndCodes) {
  EXPECT_EQ(BuiltinOpName(0), "ADD");
  EXPECT_EQ(BuiltinOpName(3), "CONV_2D");
  EXPECT_EQ(BuiltinOpName(150), "GELU");
  EXPECT_EQ(BuiltinOpName(-1), "");
  EXPECT_EQ(BuiltinOpName(100000), "");
  EXPECT_EQ(BuiltinOpCode("UNIDIRECTIONAL_SEQUENCE_LSTM"), 44);
  EXPECT_EQ(BuiltinOpCode("BATCH_MATMUL"), 126);
  EXPECT_FALSE(BuiltinOpCode("conv_2d").has_value());
}

TEST(SchemaReflection, OptionTablesByUnionType) {
  EXPECT_EQ(OptionsTableName(1), "Conv2DOptions");
  EXPECT_EQ(OptionsTableName(5), "Pool2DOptions");
  EXPECT_EQ(OptionsTableName(0), "");
  EXPECT_EQ(OptionsTableName(250), "");
}

}  // namespace
}  // namespace plinth
