#include "builtin_ops/gemm/isa.h"

#include <cstdlib>
#include <cstring>

#if defined(PLINTH_HAVE_NEON_KERNELS) && defined(__linux__)
#include <sys/auxv.h>
#endif

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

bool CpuHasAvx512Vnni() {
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  // libgcc also checks that the OS saves the AVX-512 state (XCR0) before reporting these.
  static const bool has = __builtin_cpu_supports("avx512vnni") &&
                          __builtin_cpu_supports("avx512vl") &&
                          __builtin_cpu_supports("avx512bw") && CpuHasAvx2Fma();
  const char* forced = std::getenv("PLINTH_BUILTIN_ISA");
  return has && (forced == nullptr || forced[0] == '\0');
#else
  return false;
#endif
}

namespace {

// Linux's HWCAP bits (asm/hwcap.h), spelled out so the build needs no kernel headers.
#if defined(PLINTH_HAVE_NEON_KERNELS) && defined(__linux__)
#if defined(__aarch64__)
constexpr unsigned long kHwcapAsimd = 1ul << 1;     // HWCAP_ASIMD
constexpr unsigned long kHwcapAsimdDp = 1ul << 20;  // HWCAP_ASIMDDP (SDOT/UDOT)
#else
constexpr unsigned long kHwcapNeon = 1ul << 12;  // HWCAP_NEON (32-bit ARM)
#endif
#endif

bool CpuHasNeon() {
#if defined(PLINTH_HAVE_NEON_KERNELS) && defined(__linux__)
#if defined(__aarch64__)
  static const bool has = (getauxval(AT_HWCAP) & kHwcapAsimd) != 0;
#else
  static const bool has = (getauxval(AT_HWCAP) & kHwcapNeon) != 0;
#endif
  return has;
#elif defined(PLINTH_HAVE_NEON_KERNELS)
  return true;  // the build targets NEON (-mfpu=neon or AArch64) and has no way to ask
#else
  return false;
#endif
}

bool CpuHasNeonDot() {
#if defined(PLINTH_HAVE_NEON_KERNELS) && defined(__linux__) && defined(__aarch64__)
  static const bool has = (getauxval(AT_HWCAP) & kHwcapAsimdDp) != 0;
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
  if (CpuHasNeon()) {
    if (forced != nullptr && std::strcmp(forced, "neon") == 0) return Isa::kNeon;
    return CpuHasNeonDot() ? Isa::kNeonDot : Isa::kNeon;
  }
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
    case Isa::kNeon:
      return "neon";
    case Isa::kNeonDot:
      return "neon+dotprod";
  }
  return "unknown";
}

}  // namespace plinth::builtin::gemm
