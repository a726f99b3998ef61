// The built-in kernels as a plugin: libplinth_builtin_ops.so.
#include <string>

#include "builtin_ops/builtin_ops.h"
#include "builtin_ops/gemm/isa.h"

namespace plinth::builtin {
namespace {

PlinthStatus RegisterAll(Registrar& r) {
  using RegisterFn = PlinthStatus (*)(Registrar&);
  static constexpr RegisterFn kFamilies[] = {
      RegisterNnOps,       RegisterElementwiseOps, RegisterActivationOps, RegisterQuantizationOps,
      RegisterShapeOps,    RegisterImageOps,       RegisterReductionOps,  RegisterIndexingOps,
      RegisterSequenceOps, RegisterControlFlowOps, RegisterDetectionOps,
  };
  for (RegisterFn fn : kFamilies) {
    if (PlinthStatus s = fn(r); s != PLINTH_OK) return s;
  }
  return PLINTH_OK;
}

// The version, and the kernels this CPU gets (CPU features and PLINTH_BUILTIN_ISA as the plugin is
// loaded), e.g. "0.1.0 (kernels: neon+dotprod)" or "0.1.0 (kernels: avx2+fma, avx512vnni for
// int8 GEMMs)": `plinth plugins` prints it.
const char* VersionWithKernels() {
  static const std::string version =
      std::string("0.1.0 (kernels: ") + gemm::IsaName(gemm::ActiveIsa()) +
      (gemm::ActiveIsa() == gemm::Isa::kAvx2Fma && gemm::CpuHasAvx512Vnni()
           ? ", avx512vnni for int8 GEMMs"
           : "") +
      ")";
  return version.c_str();
}

}  // namespace
}  // namespace plinth::builtin

PLINTH_DEFINE_PLUGIN("builtin_ops", plinth::builtin::VersionWithKernels(),
                     plinth::builtin::RegisterAll)
