// SGEMM, C = A x B on row-major float matrices: plinth's blocked GEMM (builtin_ops/gemm/sgemm.h)
// with each ISA's micro-kernels (AVX2 and, on CPUs with it, AVX-512: the exact build the kernels
// use by default and the fused FMA build of PLINTH_BUILTIN_FMA=1) next to OpenBLAS's cblas_sgemm on
// one thread, on squares of 64..1024 and the 1x1-convolution GEMMs of MobileNet v1 and v2 (224x224,
// width 1.0: M = output pixels, N = output channels, K = input channels). Each shape runs every
// implementation in a row, so the GFLOP/s counters sit side by side in one run. `*_before` runs the
// previous driver (a memcpy call per packed panel row, a lone last row through the 6-row kernel)
// with the same micro-kernels, so a driver change is measured against its predecessor in the same
// run.
#include <cblas.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "builtin_ops/gemm/f32_gemm.h"
#include "builtin_ops/gemm/isa.h"
#include "builtin_ops/gemm/sgemm.h"

namespace {

namespace gemm = ::plinth::builtin::gemm;

struct Shape {
  std::string name;
  int m, n, k;
};

std::vector<Shape> Shapes() {
  std::vector<Shape> s;
  for (int n : {64, 128, 256, 512, 1024}) s.push_back({"square", n, n, n});
  // MobileNet v1 pointwise layers: (pixels, out, in).
  const int v1[][3] = {{12544, 64, 32}, {3136, 128, 64}, {3136, 128, 128},
                       {784, 256, 128}, {784, 256, 256}, {196, 512, 256},
                       {196, 512, 512}, {49, 1024, 512}, {49, 1024, 1024}};
  for (const auto& l : v1) s.push_back({"mnv1_1x1", l[0], l[1], l[2]});
  // MobileNet v2 expansion and projection layers.
  const int v2[][3] = {{12544, 16, 32}, {12544, 96, 16}, {3136, 24, 96}, {3136, 144, 24},
                       {784, 32, 144},  {784, 192, 32},  {196, 64, 192}, {196, 384, 64},
                       {196, 96, 384},  {49, 160, 576},  {49, 960, 160}, {49, 320, 960},
                       {49, 1280, 320}};
  for (const auto& l : v2) s.push_back({"mnv2_1x1", l[0], l[1], l[2]});
  return s;
}

struct Matrices {
  std::vector<float> a, b, c;
  explicit Matrices(const Shape& s)
      : a(static_cast<size_t>(s.m) * s.k),
        b(static_cast<size_t>(s.k) * s.n),
        c(static_cast<size_t>(s.m) * s.n) {
    for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i % 7) * 0.25f - 0.5f;
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(i % 5) * 0.125f - 0.25f;
  }
};

// What Sgemm did before (a memcpy call per packed panel row, every tile through the 6-row
// kernel): kept here as the baseline.
void PackBefore(size_t n, size_t k, size_t nr, const float* b, size_t ldb, float* packed) {
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    const size_t nb = std::min(nr, n - n0);
    for (size_t kk = 0; kk < k; ++kk) {
      std::memcpy(packed, b + kk * ldb + n0, nb * sizeof(float));
      std::fill(packed + nb, packed + nr, 0.f);
      packed += nr;
    }
  }
}

void SgemmBefore(const gemm::F32Gemm& kernel, size_t m, size_t n, size_t k, const float* a,
                 size_t lda, const float* b, size_t ldb, float* c, size_t ldc, float* workspace) {
  constexpr size_t kKc = 256, kNc = 256;
  for (size_t jc = 0; jc < n; jc += kNc) {
    const size_t nb = std::min(kNc, n - jc);
    for (size_t pc = 0; pc < k; pc += kKc) {
      const size_t kb = std::min(kKc, k - pc);
      PackBefore(nb, kb, kernel.nr, b + pc * ldb + jc, ldb, workspace);
      gemm::F32GemmArgs args;
      args.accumulate = pc > 0;
      for (size_t ic = 0; ic < m; ic += kernel.mr) {
        const size_t mb = std::min<size_t>(kernel.mr, m - ic);
        kernel.fn(mb, nb, kb, a + ic * lda + pc, lda, workspace, c + ic * ldc + jc, ldc, args);
      }
    }
  }
}

void SetFlops(benchmark::State& state, const Shape& s) {
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * s.m * s.n * s.k * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
  state.counters["M"] = s.m;
  state.counters["N"] = s.n;
  state.counters["K"] = s.k;
}

void BM_Plinth(benchmark::State& state, Shape s, gemm::F32Gemm kernel, bool before) {
  Matrices x(s);
  std::vector<float> workspace(
      std::max(gemm::SgemmWorkspaceSize(kernel), gemm::PackedF32Size(256, 256, kernel.nr)));
  const auto sgemm = before ? &SgemmBefore : &gemm::Sgemm;
  for (auto _ : state) {
    sgemm(kernel, static_cast<size_t>(s.m), static_cast<size_t>(s.n), static_cast<size_t>(s.k),
          x.a.data(), static_cast<size_t>(s.k), x.b.data(), static_cast<size_t>(s.n), x.c.data(),
          static_cast<size_t>(s.n), workspace.data());
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, s);
}

void BM_OpenBlas(benchmark::State& state, Shape s) {
  Matrices x(s);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.m, s.n, s.k, 1.f, x.a.data(), s.k,
                x.b.data(), s.n, 0.f, x.c.data(), s.n);
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, s);
}

}  // namespace

int main(int argc, char** argv) {
  // One thread for both sides: OpenBLAS would otherwise use every core.
  openblas_set_num_threads(1);
  // The kernel sets: portable; AVX2 (PLINTH_BUILTIN_ISA=avx2 keeps an AVX-512 CPU on them);
  // AVX-512 where the CPU has it. `before` variants run the AVX2 kernels only.
  struct Variant {
    std::string name;
    gemm::F32Gemm kernel;
    bool before;
  };
  std::vector<Variant> variants = {
      {"plinth_portable", gemm::SelectF32Gemm(gemm::Isa::kPortable), false}};
  if (gemm::ActiveIsa() == gemm::Isa::kAvx2Fma) {
    const bool avx512 = gemm::CpuHasAvx512Vnni();
    setenv("PLINTH_BUILTIN_ISA", "avx2", 1);
    for (bool fused : {false, true}) {
      const gemm::F32Gemm kernel = gemm::SelectF32Gemm(gemm::Isa::kAvx2Fma, fused);
      const std::string name = fused ? "plinth_avx2_fused" : "plinth_avx2_exact";
      variants.push_back({name, kernel, false});
      variants.push_back({name + "_before", kernel, true});
    }
    unsetenv("PLINTH_BUILTIN_ISA");
    for (bool fused : {false, true}) {
      if (!avx512) break;
      variants.push_back({fused ? "plinth_avx512_fused" : "plinth_avx512_exact",
                          gemm::SelectF32Gemm(gemm::Isa::kAvx2Fma, fused), false});
    }
  }
  for (const Shape& s : Shapes()) {
    const std::string shape =
        s.name + "/" + std::to_string(s.m) + "x" + std::to_string(s.n) + "x" + std::to_string(s.k);
    for (const Variant& v : variants) {
      benchmark::RegisterBenchmark(("sgemm/" + shape + "/" + v.name).c_str(), BM_Plinth, s,
                                   v.kernel, v.before)
          ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark(("sgemm/" + shape + "/openblas").c_str(), BM_OpenBlas, s)
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
