// One source, many test plugins: compile definitions pick the name, the ABI it claims and the
// way it misbehaves, so each plugin-loader error case has a real .so to load.
//
//   TEST_PLUGIN_NAME    descriptor name
//   TEST_ABI_MAJOR/MINOR claimed ABI (default: this SDK's)
//   TEST_MODE           one of the MODE_* values below
//   TEST_OP_NAME        custom op it registers (default "TestAddOne")
#include <cstring>
#include <stdexcept>
#include <string>

#include "plinth/plugin.hpp"

#define MODE_OK 0               // registers TestAddOne: y = x + 1, and TestDouble (below)
#define MODE_REGISTER_FAILS 1   // register_plugin reports an error
#define MODE_DUPLICATE_OP 2     // registers the same op twice with overlapping versions
#define MODE_NULL_INVOKE 3      // a registration without an invoke function
#define MODE_BAD_STRUCT_SIZE 4  // a registration with struct_size 4
#define MODE_NULL_DESCRIPTOR 5  // the entry point returns null
#define MODE_PREPARE_FAILS 6    // the kernel fails in prepare
#define MODE_INVOKE_FAILS 7     // the kernel fails in invoke
#define MODE_UNKNOWN_BUILTIN 8  // registers a builtin name the schema does not know
#define MODE_THROWS 9           // the kernel throws a C++ exception in invoke

#ifndef TEST_ABI_MAJOR
#define TEST_ABI_MAJOR PLINTH_ABI_MAJOR
#endif
#ifndef TEST_ABI_MINOR
#define TEST_ABI_MINOR PLINTH_ABI_MINOR
#endif
#ifndef TEST_MODE
#define TEST_MODE MODE_OK
#endif
#ifndef TEST_OP_NAME
#define TEST_OP_NAME "TestAddOne"
#endif

namespace {

class AddOne {
 public:
  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    if (TEST_MODE == MODE_PREPARE_FAILS) return ctx.Error("prepare failed on purpose");
    plinth::Tensor in = ctx.input(0);
    if (!in || in.type() != PLINTH_FLOAT32) return ctx.Error("TestAddOne takes float32");
    return ctx.Resize(ctx.output(0), in.shape());
  }
  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    if (TEST_MODE == MODE_INVOKE_FAILS) return ctx.Error("invoke failed on purpose");
    if (TEST_MODE == MODE_THROWS) throw std::runtime_error("thrown on purpose");
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    for (int64_t i = 0; i < ctx.input(0).num_elements(); ++i) y[i] = x[i] + 1.f;
    return PLINTH_OK;
  }
};

// TestDouble: y = 2 x. It absorbs a TestAddOne feeding it (y = 2 (x + 1) then) unless its
// custom options are the single byte 'n' (never absorbs) or 't' (throws while asked).
class Double {
 public:
  PlinthStatus AbsorbProducer(plinth::KernelContext& ctx, int input_index,
                              const plinth::KernelContext& producer) {
    const size_t size = ctx.node()->custom_options_size;
    const char mode = size == 1 ? static_cast<char>(ctx.node()->custom_options[0]) : 0;
    if (mode == 't') throw std::runtime_error("absorb threw on purpose");
    if (mode == 'n' || input_index != 0 || std::strcmp(producer.op_name(), "TestAddOne") != 0) {
      return PLINTH_UNSUPPORTED;
    }
    ++absorbed_;
    return PLINTH_OK;
  }
  PlinthStatus Prepare(plinth::KernelContext& ctx) {
    plinth::Tensor in = ctx.input(0);
    if (!in || in.type() != PLINTH_FLOAT32) return ctx.Error("TestDouble takes float32");
    return ctx.Resize(ctx.output(0), in.shape());
  }
  PlinthStatus Invoke(plinth::KernelContext& ctx) {
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    for (int64_t i = 0; i < ctx.input(0).num_elements(); ++i) y[i] = 2.f * (x[i] + absorbed_);
    return PLINTH_OK;
  }

 private:
  int absorbed_ = 0;  // TestAddOne nodes taken over (each adds 1 before doubling)
};

[[maybe_unused]] PlinthStatus Register(plinth::Registrar& r) {
  const std::vector<PlinthType> types = {PLINTH_FLOAT32};
  switch (TEST_MODE) {
    case MODE_REGISTER_FAILS:
      return r.Error("this plugin refuses to register (test)");
    case MODE_DUPLICATE_OP:
      if (r.AddCustom<AddOne>(TEST_OP_NAME, 1, 2, types) != PLINTH_OK) return PLINTH_ERROR;
      return r.AddCustom<AddOne>(TEST_OP_NAME, 2, 3, types);
    case MODE_NULL_INVOKE: {
      PlinthOpRegistration reg =
          plinth::MakeRegistration<AddOne>(nullptr, TEST_OP_NAME, 1, 1, types);
      reg.invoke = nullptr;
      return r.raw()->register_op(r.raw(), &reg);
    }
    case MODE_BAD_STRUCT_SIZE: {
      PlinthOpRegistration reg =
          plinth::MakeRegistration<AddOne>(nullptr, TEST_OP_NAME, 1, 1, types);
      reg.struct_size = 4;
      return r.raw()->register_op(r.raw(), &reg);
    }
    case MODE_UNKNOWN_BUILTIN:
      return r.AddBuiltin<AddOne>("CONV2D_TYPO", 1, 1, types);
    case MODE_OK:
      if (r.AddCustom<AddOne>(TEST_OP_NAME, 1, 1, types) != PLINTH_OK) return PLINTH_ERROR;
      return r.AddCustom<Double>("TestDouble", 1, 1, types);
    default:
      return r.AddCustom<AddOne>(TEST_OP_NAME, 1, 1, types);
  }
}

}  // namespace

#if TEST_MODE == MODE_NULL_DESCRIPTOR
extern "C" PLINTH_EXPORT const PlinthPluginDescriptor* plinth_plugin_entry(void) { return nullptr; }
#else
extern "C" PLINTH_EXPORT const PlinthPluginDescriptor* plinth_plugin_entry(void) {
  static const PlinthPluginDescriptor descriptor = {
      /* .struct_size = */ sizeof(PlinthPluginDescriptor),
      /* .abi_major = */ TEST_ABI_MAJOR,
      /* .abi_minor = */ TEST_ABI_MINOR,
      /* .name = */ TEST_PLUGIN_NAME,
      /* .version = */ "1.0",
      /* .build_id = */ "test",
      /* .register_plugin = */
      [](PlinthRegistrar* r) -> PlinthStatus {
        plinth::Registrar registrar(r);
        return Register(registrar);
      },
  };
  return &descriptor;
}
#endif
