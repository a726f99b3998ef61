// The delegate conformance kit and `plinth run --compare`: a correct delegate passes, deliberately
// wrong ones are caught and named, and the GPU delegate passes on PoCL.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Result {
  int code = -1;
  std::string output;
};

Result Plinth(const std::string& args, bool with_stderr = true) {
  std::string command =
      std::string(PLINTH_TEST_CLI) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  Result r;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) r.output.append(buffer, n);
  int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

const std::string kTestDelegate = testing::TestPluginPath("libtest_delegate.so");

TEST(Conformance, ExampleDelegatePasses) {
  Result r = Plinth(std::string("conformance --delegate ") + PLINTH_TEST_EXAMPLE_DELEGATE, false);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("conformance of delegate 'example'"));
  EXPECT_THAT(r.output, ::testing::ContainsRegex("ADD +FLOAT32 +pass"));
  EXPECT_THAT(r.output, ::testing::ContainsRegex("RELU6 +FLOAT32 +pass"));
  EXPECT_THAT(r.output, ::testing::ContainsRegex("CONV_2D +FLOAT32 +- "));  // declined, not failed
  EXPECT_THAT(r.output, HasSubstr(" 0 failed"));
}

TEST(Conformance, CatchesAWrongDelegate) {
  Result r = Plinth("conformance --delegate " + kTestDelegate + ":wrong=1 --ops ADD", false);
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_THAT(r.output, ::testing::ContainsRegex("ADD +FLOAT32 +FAIL"));
  EXPECT_THAT(r.output, HasSubstr("beyond rel:0.0001"));
}

TEST(Conformance, CatchesADelegateWhoseAddIgnoresBroadcasting) {
  Result r = Plinth("conformance --delegate " + kTestDelegate + ":broadcast_bug=1 --ops ADD --json",
                    false);
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"op\": \"ADD\", \"type\": \"FLOAT32\", \"result\": \"fail\""));
  // Same-shape and trailing broadcasts still agree; the failures name the broadcasting cases.
  EXPECT_THAT(r.output, HasSubstr("[2,3,4,5] x [3,1,5]"));
  EXPECT_THAT(r.output, Not(HasSubstr("[1,8,8,4] x [1,8,8,4] NONE: output")));
}

TEST(Conformance, ToleranceOptionsAndErrors) {
  Result loose = Plinth(
      "conformance --delegate " + kTestDelegate + ":wrong=1 --ops MUL --tolerance float32=abs:2",
      false);
  EXPECT_EQ(loose.code, 0) << loose.output;
  Result bad = Plinth("conformance --delegate " + kTestDelegate + " --tolerance float32=fuzzy:1");
  EXPECT_NE(bad.code, 0);
  EXPECT_THAT(bad.output, HasSubstr("not rel, abs, ulp or lsb"));
  Result none = Plinth("conformance");
  EXPECT_NE(none.code, 0);
  EXPECT_THAT(none.output, HasSubstr("exactly one --delegate"));
}

TEST(Conformance, GpuDelegatePassesOnPocl) {
  const std::string cache = std::string(PLINTH_TEST_CL_CACHE);
  Result r = Plinth("conformance --delegate gpu:cache_dir=" + cache, false);
  if (r.output.find("is unavailable") != std::string::npos) {
    if (std::getenv("PLINTH_REQUIRE_OPENCL")) FAIL() << r.output;
    GTEST_SKIP() << "no OpenCL device";
  }
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, ::testing::ContainsRegex("CONV_2D +FLOAT32 +pass"));
  EXPECT_THAT(r.output, ::testing::ContainsRegex("DEPTHWISE_CONV_2D +FLOAT32 +pass"));
}

TEST(Compare, NamesTheFirstDivergentPartition) {
  ModelBuilder b;
  int x = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "x");
  int c = b.AddConstant(PLINTH_FLOAT32, {1, 4}, std::vector<float>{1, 2, 3, 4}, "c");
  int t1 = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "t1");
  int t2 = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "t2");
  int y = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "y");
  b.AddOperator("ADD", {x, c}, {t1}, {});
  b.AddOperator("SOFTMAX", {t1}, {t2}, {{"beta", 1.0f}});
  b.AddOperator("MUL", {t2, c}, {y}, {});
  b.SetInputs({x});
  b.SetOutputs({y});
  const std::string model = ::testing::TempDir() + "/compare.tflite";
  ASSERT_TRUE(b.WriteFile(model).ok());
  Result good = Plinth("run " + model + " --delegate " + kTestDelegate + " --compare");
  EXPECT_EQ(good.code, 0) << good.output;
  EXPECT_THAT(good.output, HasSubstr("partition 0 (test_delegate, 1 nodes, first node 0)"));
  EXPECT_THAT(good.output, HasSubstr("every partition output is within tolerance"));
  Result bad = Plinth("run " + model + " --delegate " + kTestDelegate + ":wrong=1 --compare");
  EXPECT_EQ(bad.code, 1) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("output tensor 2 't1'"));
  EXPECT_THAT(bad.output, HasSubstr("BEYOND"));
  EXPECT_THAT(bad.output,
              HasSubstr("partition 0 (test_delegate) is the first whose outputs diverge"));
  Result none = Plinth("run " + model + " --compare");
  EXPECT_THAT(none.output, HasSubstr("--compare needs a --delegate"));
}

}  // namespace
}  // namespace plinth
