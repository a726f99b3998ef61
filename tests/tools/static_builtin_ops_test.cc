// plinth_static: the built-in ops linked into this test program (no plugin file, no dlopen) serve a
// model exactly as libplinth_builtin_ops.so does.
#include "tools/plinth_static/static_builtin_ops.h"
#include "core/interpreter.h"
#include "core/model.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

TEST(StaticBuiltinOps, RegistersWithoutAPluginFile) {
  OpRegistry registry;
  auto p = RegisterStaticBuiltinOps(&registry);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ((*p)->name, "builtin_ops");
  EXPECT_EQ((*p)->path, "static:builtin_ops");
  EXPECT_EQ((*p)->handle, nullptr);
  // Every op of the plugin file, nothing more, nothing less.
  std::vector<std::string> linked, loaded;
  for (const OpKernel* k : registry.kernels()) linked.push_back(k->op_name);
  for (const OpKernel* k : testing::BuiltinRegistry()->kernels()) {
    if (k->plugin->name == "builtin_ops") loaded.push_back(k->op_name);
  }
  std::sort(linked.begin(), linked.end());
  std::sort(loaded.begin(), loaded.end());
  EXPECT_EQ(linked, loaded);
  EXPECT_TRUE(RegisterStaticBuiltinOps(&registry).ok()) << "a second call is a no-op";
}

std::vector<float> RunSample(std::shared_ptr<OpRegistry> registry) {
  auto model = Model::Load(PLINTH_TEST_SAMPLE_MODEL);
  EXPECT_TRUE(model.ok()) << model.status();
  if (!model.ok()) return {};
  auto interp = Interpreter::Create(*model, registry);
  EXPECT_TRUE(interp.ok()) << interp.status();
  if (!interp.ok()) return {};
  EXPECT_TRUE((*interp)->AllocateTensors().ok());
  Tensor in = (*interp)->input(0);
  EXPECT_EQ(in.type(), PLINTH_FLOAT32);
  std::vector<float> x(in.num_elements());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 13) / 13.f - 0.5f;
  EXPECT_TRUE((*interp)->SetInputValues<float>(0, x).ok());
  EXPECT_TRUE((*interp)->Invoke().ok());
  Tensor out = (*interp)->output(0);
  return std::vector<float>(out.data<float>(), out.data<float>() + out.num_elements());
}

TEST(StaticBuiltinOps, RunsTheSampleModelLikeThePluginFile) {
  auto registry = std::make_shared<OpRegistry>();
  ASSERT_TRUE(RegisterStaticBuiltinOps(registry.get()).ok());
  auto linked = RunSample(registry);
  auto loaded = RunSample(testing::BuiltinRegistry());
  ASSERT_FALSE(loaded.empty());
  EXPECT_EQ(linked, loaded);
}

}  // namespace
}  // namespace plinth
