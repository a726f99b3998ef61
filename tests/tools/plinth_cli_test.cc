// The `plinth` CLI end to end: every command's help, runs with inputs and outputs on disk, and one
// clear error line with a non-zero exit for each kind of bad input.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Result {
  int code = -1;
  std::string output;  // stdout and stderr together
};

Result Plinth(const std::string& args) {
  std::string command = std::string(PLINTH_TEST_CLI) + " " + args + " 2>&1";
  Result r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) r.output.append(buffer, n);
  int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class PlinthCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/plinth_cli_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    ModelBuilder b;
    int in = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "x");
    int one = b.AddConstant(PLINTH_FLOAT32, {1}, std::vector<float>{1.f}, "one");
    int out = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "y");
    b.AddOperator("ADD", {in, one}, {out}, {});
    b.SetInputs({in});
    b.SetOutputs({out});
    ASSERT_TRUE(b.WriteFile(model_ = dir_ + "/add_one.tflite").ok());
  }
  std::string dir_, model_;
};

TEST_F(PlinthCli, HelpForEveryCommand) {
  Result top = Plinth("--help");
  EXPECT_EQ(top.code, 0);
  for (const char* command : {"run", "inspect", "plugins"}) {
    EXPECT_THAT(top.output, HasSubstr(command));
    Result help = Plinth(std::string(command) + " --help");
    EXPECT_EQ(help.code, 0) << command;
    EXPECT_THAT(help.output, HasSubstr(std::string("usage: plinth ") + command));
    EXPECT_THAT(help.output, HasSubstr("--plugin"));
  }
}

TEST_F(PlinthCli, RunPrintsOutputsPlacementAndTiming) {
  std::vector<float> x = {1.5f, -2.f, 0.f};
  std::ofstream(dir_ + "/x.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(x.data()), sizeof(float) * 3);
  Result r =
      Plinth("run " + model_ + " --input x=" + dir_ + "/x.bin --output-dir " + dir_ + "/out");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("placement: cpu (builtin_ops): 1 node"));
  EXPECT_THAT(r.output, HasSubstr("output 0 'y' FLOAT32[1, 3]: [2.5, -1, 1]"));
  EXPECT_THAT(r.output, HasSubstr("timing: load"));
  std::ifstream out(dir_ + "/out/output0.bin", std::ios::binary);
  std::vector<float> y(3);
  out.read(reinterpret_cast<char*>(y.data()), sizeof(float) * 3);
  EXPECT_EQ(y, (std::vector<float>{2.5f, -1.f, 1.f}));
  std::ifstream json_file(dir_ + "/out/outputs.json");
  std::string json((std::istreambuf_iterator<char>(json_file)), std::istreambuf_iterator<char>());
  EXPECT_THAT(json, HasSubstr("\"name\": \"y\""));
  EXPECT_THAT(json, HasSubstr("\"shape\": [1, 3]"));
  EXPECT_THAT(json, HasSubstr("\"type\": \"FLOAT32\""));
}

TEST_F(PlinthCli, InputsNotGivenAreRandomAndSaidSo) {
  Result r = Plinth("run " + model_ + " --seed 7");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("input 0 ('x') not given: filled with random FLOAT32"));
  EXPECT_THAT(r.output, HasSubstr("seed 7"));
}

TEST_F(PlinthCli, InspectShowsTensorsOperatorsPluginAndArena) {
  Result r = Plinth("inspect " + model_ + " --verbose");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("ADD v1 [0, 1] -> [2]  [builtin_ops]"));
  EXPECT_THAT(r.output, HasSubstr("AddOptions: fused_activation_function=0"));
  EXPECT_THAT(r.output, HasSubstr("constant"));
  EXPECT_THAT(r.output, HasSubstr("arena:"));
}

TEST_F(PlinthCli, PluginsListsTheBuiltinPluginAndItsOps) {
  Result r = Plinth("plugins");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("plugin 'builtin_ops'"));
  EXPECT_THAT(r.output, HasSubstr("CONV_2D v1-"));
  EXPECT_THAT(r.output, HasSubstr("ABI 1."));
}

TEST_F(PlinthCli, ErrorsAreOneClearLineAndNonZero) {
  struct Case {
    std::string args, expect;
  };
  std::ofstream(dir_ + "/short.bin", std::ios::binary) << "abc";
  std::ofstream(dir_ + "/garbage.tflite") << "not a model at all, just text";
  const std::vector<Case> cases = {
      {"frobnicate", "unknown command 'frobnicate'"},
      {"run", "takes one MODEL argument"},
      {"run /nonexistent.tflite", "/nonexistent.tflite: cannot open"},
      {"run " + dir_ + "/garbage.tflite", "not a TFLite model"},
      {"run " + model_ + " --runs 3", "plinth run has no flag --runs"},
      {"run " + model_ + " --input 0=" + dir_ + "/short.bin", "12 bytes, but 3 bytes were given"},
      {"run " + model_ + " --input nosuch=random", "no input named 'nosuch'"},
      {"run " + model_ + " --input 5=random", "the model has 1 inputs"},
      {"run " + model_ + " --input 0", "expected KEY=FILE"},
      {"run " + model_ + " --threads 0", "--threads must be between 1 and 256"},
      {"run " + model_ + " --plugin /nonexistent/libp.so", "no such plugin file"},
      {"run " + model_ + " --no-default-plugins", "no plugin loaded"},
      {"inspect", "takes one MODEL argument"},
  };
  for (const Case& c : cases) {
    Result r = Plinth(c.args);
    EXPECT_NE(r.code, 0) << c.args;
    EXPECT_THAT(r.output, HasSubstr(c.expect)) << c.args;
    EXPECT_THAT(r.output, HasSubstr("error")) << c.args;
    EXPECT_THAT(r.output, Not(HasSubstr("Segmentation"))) << c.args;
  }
}

TEST_F(PlinthCli, RepeatedPluginFlagsLoadEveryPlugin) {
  Result r = Plinth("plugins --no-default-plugins --plugin " + testing::BuiltinPluginPath() +
                    " --plugin " + testing::TestPluginPath("libtest_ok.so"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("plugin 'builtin_ops'"));
  EXPECT_THAT(r.output, HasSubstr("plugin 'test_ok'"));
  EXPECT_THAT(r.output, HasSubstr("custom TestAddOne v1-1: FLOAT32"));
}

TEST_F(PlinthCli, SampleModelRuns) {
  Result r = Plinth(std::string("run ") + PLINTH_TEST_SAMPLE_MODEL);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("output 0 'probabilities' FLOAT32[1, 10]: top-5"));
}

}  // namespace
}  // namespace plinth
