// MEAN fast path, baseline ISA build, and the selection between ISAs.
#define PLINTH_MEAN_ISA_NS portable
#include "builtin_ops/reduction/mean_fast_impl.h"

namespace plinth::builtin::mean {

Kernels PortableKernels() { return portable::MakeKernels(); }

Kernels SelectKernels(gemm::Isa isa) {
  switch (isa) {
    case gemm::Isa::kReference:
      return {};
    case gemm::Isa::kAvx2Fma:
#if defined(PLINTH_HAVE_AVX2_KERNELS)
      return Avx2Kernels();
#endif
    case gemm::Isa::kPortable:
    case gemm::Isa::kNeon:  // no NEON variant yet: the portable kernels serve ARM
    case gemm::Isa::kNeonDot:
      break;
  }
  return PortableKernels();
}

}  // namespace plinth::builtin::mean
