#include "builtin_ops/gemm/isa.h"

#include <cstdlib>
#include <cstring>

namespace plinth::builtin::gemm {
namespace {

bool CpuHasAvx2Fma() {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
#else
  return false;
#endif
}

}  // namespace

Isa ActiveIsa() {
  const char* forced = std::getenv("PLINTH_BUILTIN_ISA");
  if (forced != nullptr && std::strcmp(forced, "reference") == 0) return Isa::kReference;
  if (forced != nullptr && std::strcmp(forced, "portable") == 0) return Isa::kPortable;
  if (CpuHasAvx2Fma()) return Isa::kAvx2Fma;
  return Isa::kPortable;
}

bool FusedMultiplyAddAllowed() {
  const char* allowed = std::getenv("PLINTH_BUILTIN_FMA");
  return allowed != nullptr && std::strcmp(allowed, "1") == 0;
}

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kReference:
      return "reference";
    case Isa::kPortable:
      return "portable";
    case Isa::kAvx2Fma:
      return "avx2+fma";
  }
  return "unknown";
}

}  // namespace plinth::builtin::gemm
