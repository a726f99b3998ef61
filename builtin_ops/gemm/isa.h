// Which kernels the built-in ops use, chosen at run time from the CPU: the plugin loads everywhere,
// and only files named *_avx2*.cc (or *_neon*.cc) hold ISA-specific code.
#ifndef PLINTH_BUILTIN_OPS_GEMM_ISA_H_
#define PLINTH_BUILTIN_OPS_GEMM_ISA_H_

namespace plinth::builtin::gemm {

enum class Isa {
  kReference,  // the straightforward reference kernels only (no packing, no fast paths)
  kPortable,   // fast paths with plain C++ micro-kernels
  kAvx2Fma,    // fast paths with x86-64 AVX2 + FMA3 micro-kernels
  kNeon,       // fast paths with ARM NEON micro-kernels (AArch64, or ARMv7 with NEON)
  kNeonDot,    // kNeon on a CPU with the int8 dot products (AArch64 ASIMDDP): the quantized
               // CONV_2D and FULLY_CONNECTED GEMMs use SDOT (i8_dot_gemm.h), the rest kNeon's
};

// The best kernels this build has and this CPU runs (CPUID on x86-64, getauxval(AT_HWCAP) on
// ARM Linux). The environment variable PLINTH_BUILTIN_ISA=reference|portable|avx2|neon forces a
// lower level (tests, comparisons; a level above the CPU's is ignored); it is read each time, so
// kernels call this in Prepare, never per element.
Isa ActiveIsa();

// True on an x86-64 CPU with AVX512-VNNI, AVX512VL and AVX512BW, unless PLINTH_BUILTIN_ISA names
// any level (=avx2 keeps the AVX2 kernels only): the quantized CONV_2D and FULLY_CONNECTED GEMMs
// then use vpdpbusd (i8_dot_gemm.h) and the depthwise interior kernel vpdpwssd, inside kAvx2Fma.
bool CpuHasAvx512Vnni();

// "reference", "portable", "avx2+fma", "neon", "neon+dotprod".
const char* IsaName(Isa isa);

// True for kNeon and kNeonDot: every NEON kernel serves both (the dot-product ones add to them).
inline bool IsNeon(Isa isa) { return isa == Isa::kNeon || isa == Isa::kNeonDot; }

// True when PLINTH_BUILTIN_FMA=1: float kernels may use fused multiply-adds (faster on AVX2+FMA;
// results then differ from the reference kernels by rounding, within the golden models'
// tolerances). Off by default, so every float fast path gives the reference kernels' bits.
bool FusedMultiplyAddAllowed();

}  // namespace plinth::builtin::gemm

#endif  // PLINTH_BUILTIN_OPS_GEMM_ISA_H_
