// The plugin loader's contract: each way a plugin can be wrong gets a clear error naming the file,
// and nothing is half-registered.
#include <filesystem>
#include <fstream>

#include "core/plugin_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;
using testing::TestPluginPath;

std::string LoadError(const std::string& file) {
  OpRegistry registry;
  auto plugin = LoadPlugin(TestPluginPath(file), &registry);
  EXPECT_FALSE(plugin.ok()) << file << " loaded";
  EXPECT_TRUE(registry.plugins().empty()) << file << " left registrations behind";
  EXPECT_TRUE(registry.kernels().empty());
  return plugin.ok() ? std::string() : std::string(plugin.status().message());
}

TEST(PluginLoader, LoadsAndRegisters) {
  OpRegistry registry;
  auto plugin = LoadPlugin(TestPluginPath("libtest_ok.so"), &registry);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ((*plugin)->name, "test_ok");
  EXPECT_EQ((*plugin)->abi_major, PLINTH_ABI_MAJOR);
  const OpKernel* k = registry.Find(true, 32, "TestAddOne", 1);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->plugin->name, "test_ok");
  EXPECT_EQ(registry.Find(true, 32, "TestAddOne", 2), nullptr) << "version 2 is not offered";
  // Loading the same file again is a no-op.
  auto again = LoadPlugin(TestPluginPath("libtest_ok.so"), &registry);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(registry.plugins().size(), 1u);
}

TEST(PluginLoader, BuiltinPluginRegistersItsOps) {
  auto registry = testing::BuiltinRegistry();
  ASSERT_EQ(registry->plugins().size(), 1u);
  EXPECT_EQ(registry->plugins()[0]->name, "builtin_ops");
  EXPECT_NE(registry->Find(false, 3 /* CONV_2D */, "", 1), nullptr);
}

TEST(PluginLoader, NoSuchFile) {
  OpRegistry registry;
  auto plugin = LoadPlugin("/nonexistent/libnothing.so", &registry);
  ASSERT_FALSE(plugin.ok());
  EXPECT_EQ(plugin.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(plugin.status().message(),
              HasSubstr("/nonexistent/libnothing.so: no such plugin file"));
}

TEST(PluginLoader, NotASharedObject) {
  std::string path = ::testing::TempDir() + "/libtext.so";
  std::ofstream(path) << "this is not an ELF file\n";
  OpRegistry registry;
  auto plugin = LoadPlugin(path, &registry);
  ASSERT_FALSE(plugin.ok());
  EXPECT_THAT(plugin.status().message(), HasSubstr("not a shared object"));
}

TEST(PluginLoader, ElfThatCannotBeLoaded) {
  // An ELF header followed by garbage: dlopen refuses it and the loader says why.
  std::string path = ::testing::TempDir() + "/libbroken.so";
  std::ofstream out(path, std::ios::binary);
  out << "\x7f"
         "ELF"
      << std::string(200, '\x01');
  out.close();
  OpRegistry registry;
  auto plugin = LoadPlugin(path, &registry);
  ASSERT_FALSE(plugin.ok());
  EXPECT_THAT(plugin.status().message(), HasSubstr("cannot be loaded"));
}

TEST(PluginLoader, NoEntrySymbol) {
  EXPECT_THAT(LoadError("libtest_no_entry.so"), HasSubstr("no entry symbol 'plinth_plugin_entry'"));
}

TEST(PluginLoader, NullDescriptor) {
  EXPECT_THAT(LoadError("libtest_null_descriptor.so"), HasSubstr("returned no descriptor"));
}

TEST(PluginLoader, AbiMajorMismatchNamesBothVersionsAndWhatToDo) {
  std::string error = LoadError("libtest_major_mismatch.so");
  EXPECT_THAT(error, HasSubstr("libtest_major_mismatch.so"));
  EXPECT_THAT(error, HasSubstr("built for Plinth ABI 2."));
  EXPECT_THAT(error, HasSubstr("this core speaks ABI 1."));
  EXPECT_THAT(error, HasSubstr("rebuild the plugin"));
}

TEST(PluginLoader, NewerMinorIsRefused) {
  EXPECT_THAT(LoadError("libtest_newer_minor.so"), HasSubstr("newer than this core"));
}

TEST(PluginLoader, OlderMinorIsAccepted) {
  OpRegistry registry;
  auto plugin = LoadPlugin(TestPluginPath("libtest_old_minor.so"), &registry);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ((*plugin)->abi_minor, 0);
  EXPECT_NE(registry.Find(true, 32, "TestAddOne", 1), nullptr);
}

TEST(PluginLoader, RegistrationFailureCarriesThePluginsReason) {
  EXPECT_THAT(LoadError("libtest_register_fails.so"), HasSubstr("refuses to register (test)"));
}

TEST(PluginLoader, SameOpTwiceInOnePluginIsRefused) {
  EXPECT_THAT(LoadError("libtest_duplicate_op.so"),
              HasSubstr("registers TestAddOne twice for overlapping versions"));
}

TEST(PluginLoader, NullFunctionPointerIsRefused) {
  EXPECT_THAT(LoadError("libtest_null_invoke.so"), HasSubstr("null invoke function"));
}

TEST(PluginLoader, WrongStructSizeIsRefused) {
  EXPECT_THAT(LoadError("libtest_bad_struct_size.so"), HasSubstr("struct_size 4"));
}

TEST(PluginLoader, UnknownBuiltinNameIsRefused) {
  EXPECT_THAT(LoadError("libtest_unknown_builtin.so"),
              HasSubstr("'CONV2D_TYPO' is not a builtin op"));
}

TEST(PluginLoader, FirstLoadedPluginServesAndLaterOnesAreShadowed) {
  OpRegistry registry;
  ASSERT_TRUE(LoadPlugin(TestPluginPath("libtest_ok.so"), &registry).ok());
  ASSERT_TRUE(LoadPlugin(TestPluginPath("libtest_shadow.so"), &registry).ok());
  EXPECT_EQ(registry.Find(true, 32, "TestAddOne", 1)->plugin->name, "test_ok");
  auto all = registry.FindAll(true, 32, "TestAddOne");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1]->plugin->name, "test_shadow");
  // Unloading the first lets the second serve.
  ASSERT_TRUE(registry.RemovePlugin("test_ok").ok());
  EXPECT_EQ(registry.Find(true, 32, "TestAddOne", 1)->plugin->name, "test_shadow");
  EXPECT_FALSE(registry.RemovePlugin("test_ok").ok());
}

TEST(PluginLoader, DiscoveryUsesPluginPathAndSkipsBadFiles) {
  std::string dir = ::testing::TempDir() + "/plugin_dir";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(TestPluginPath("libtest_ok.so"), dir + "/libtest_ok.so",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/libgarbage.so") << "garbage";
  setenv("PLINTH_PLUGIN_PATH", dir.c_str(), 1);
  OpRegistry registry;
  auto report = LoadPlugins({}, /*discover=*/true, &registry);
  unsetenv("PLINTH_PLUGIN_PATH");
  ASSERT_TRUE(report.ok()) << report.status();
  bool found_ok = false;
  for (const auto& p : report->loaded) found_ok |= p->name == "test_ok";
  EXPECT_TRUE(found_ok);
  ASSERT_FALSE(report->rejected.empty());
  EXPECT_THAT(report->rejected[0], HasSubstr("libgarbage.so"));
}

TEST(PluginLoader, ExplicitPathFailureIsAnError) {
  OpRegistry registry;
  auto report = LoadPlugins({"/nonexistent/libx.so"}, false, &registry);
  EXPECT_FALSE(report.ok());
}

TEST(PluginLoader, PluginStaysLoadedWhileAnInterpreterUsesIt) {
  auto registry = std::make_shared<OpRegistry>();
  ASSERT_TRUE(LoadPlugin(TestPluginPath("libtest_ok.so"), registry.get()).ok());
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_FLOAT32, {3}, "in");
  int out = b.AddTensor(PLINTH_FLOAT32, {3}, "out");
  b.AddCustomOperator("TestAddOne", {in}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  auto model = Model::FromBuffer(*b.Build());
  ASSERT_TRUE(model.ok());
  auto interp = Interpreter::Create(*model, registry);
  ASSERT_TRUE(interp.ok()) << interp.status();
  // Unload explicitly: the interpreter keeps the library alive and keeps working.
  ASSERT_TRUE(registry->RemovePlugin("test_ok").ok());
  registry.reset();
  ASSERT_TRUE((*interp)->AllocateTensors().ok());
  ASSERT_TRUE((*interp)->SetInput(0, testing::Bytes<float>({1, 2, 3})).ok());
  ASSERT_TRUE((*interp)->Invoke().ok());
  EXPECT_EQ(testing::Values<float>((*interp)->output(0)), (std::vector<float>{2, 3, 4}));
}

}  // namespace
}  // namespace plinth
