// The single-core peak of AVX2 fused multiply-adds: 12 independent accumulator chains (enough to
// cover FMA latency x throughput on Zen 2/3 and Skylake) with no memory traffic. The GFLOP/s
// counter is the bar the GEMM and 1x1 convolution figures in docs/PERFORMANCE.md are read against.
#include <immintrin.h>

#include "benchmark/benchmark.h"

namespace {

constexpr int kChains = 12;
constexpr int kStepsPerIteration = 1024;

void BM_FmaPeak(benchmark::State& state) {
  __m256 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i) * 1e-3f);
  const __m256 a = _mm256_set1_ps(0.999f), b = _mm256_set1_ps(1e-4f);
  for (auto _ : state) {
    for (int step = 0; step < kStepsPerIteration; ++step) {
      for (int i = 0; i < kChains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    }
    for (int i = 0; i < kChains; ++i) benchmark::DoNotOptimize(acc[i]);
  }
  // 8 lanes x 2 flops per FMA.
  state.counters["GFLOP/s"] = benchmark::Counter(16.0 * kChains * kStepsPerIteration * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FmaPeak);

}  // namespace

BENCHMARK_MAIN();
