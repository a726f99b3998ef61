// RegisterStaticPlugin: a plugin linked into the program goes through the same checks and
// registration as a plugin file, keyed by the path "static:<name>".
#include "core/plugin_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plinth/plugin.hpp"

namespace plinth {
namespace {

using ::testing::HasSubstr;

class Copy {
 public:
  PlinthStatus Prepare(KernelContext& ctx) {
    return ctx.Resize(ctx.output(0), ctx.input(0).shape());
  }
  PlinthStatus Invoke(KernelContext&) { return PLINTH_OK; }
};

PlinthStatus RegisterCopy(Registrar& r) {
  return r.AddCustom<Copy>("StaticCopy", 1, 2, {PLINTH_FLOAT32});
}
PlinthStatus RefuseToRegister(Registrar& r) { return r.Error("refused on purpose"); }

template <uint16_t kMajor, PlinthStatus (*kRegister)(Registrar&)>
const PlinthPluginDescriptor* Entry() {
  static const PlinthPluginDescriptor d = {sizeof(PlinthPluginDescriptor),
                                           kMajor,
                                           PLINTH_ABI_MINOR,
                                           "static_test",
                                           "1.0",
                                           "test",
                                           [](PlinthRegistrar* raw) -> PlinthStatus {
                                             Registrar r(raw);
                                             return kRegister(r);
                                           }};
  return &d;
}

TEST(StaticPlugin, RegistersLikeAPluginFile) {
  OpRegistry registry;
  auto p = RegisterStaticPlugin(&Entry<PLINTH_ABI_MAJOR, RegisterCopy>, &registry);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ((*p)->name, "static_test");
  EXPECT_EQ((*p)->path, "static:static_test");
  EXPECT_EQ((*p)->handle, nullptr);
  const OpKernel* k = registry.Find(true, 32, "StaticCopy", 2);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->plugin->name, "static_test");
  // Registering it again is a no-op that returns the same plugin.
  auto again = RegisterStaticPlugin(&Entry<PLINTH_ABI_MAJOR, RegisterCopy>, &registry);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->get(), p->get());
  EXPECT_EQ(registry.plugins().size(), 1u);
}

TEST(StaticPlugin, RefusesAnotherAbiMajor) {
  OpRegistry registry;
  auto p = RegisterStaticPlugin(&Entry<PLINTH_ABI_MAJOR + 1, RegisterCopy>, &registry);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("static:static_test"));
  EXPECT_THAT(p.status().message(), HasSubstr("ABI"));
  EXPECT_TRUE(registry.plugins().empty());
}

TEST(StaticPlugin, ReportsRegistrationFailures) {
  OpRegistry registry;
  auto p = RegisterStaticPlugin(&Entry<PLINTH_ABI_MAJOR, RefuseToRegister>, &registry);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("refused on purpose"));
  EXPECT_TRUE(registry.kernels().empty());
}

TEST(StaticPlugin, RefusesANullEntryOrDescriptor) {
  OpRegistry registry;
  EXPECT_FALSE(RegisterStaticPlugin(nullptr, &registry).ok());
  auto p =
      RegisterStaticPlugin([]() -> const PlinthPluginDescriptor* { return nullptr; }, &registry);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("returned no descriptor"));
}

}  // namespace
}  // namespace plinth
