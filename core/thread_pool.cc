#include "core/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <system_error>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace plinth {
namespace {

// How long a worker waits for the next job before it sleeps: longer than the gaps between the
// nodes of a model (and between the invokes of a benchmark loop), short enough that an idle
// interpreter gives its cores back at once. Past the first kSpinFor it yields between checks, so
// that on an oversubscribed machine (more interpreters' threads than cores) the waiting workers
// let the working ones run.
constexpr auto kSpinFor = std::chrono::microseconds(20);
constexpr auto kWaitFor = std::chrono::microseconds(200);

// A hint to the core that this thread is spinning (frees the sibling hyperthread's resources).
inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__) || (defined(__arm__) && __ARM_ARCH >= 7)
  asm volatile("yield" ::: "memory");
#endif
}

}  // namespace

ThreadPool::ThreadPool(int num_threads) : num_threads_(std::max(1, num_threads)) {
  if (num_threads_ == 1) return;
  shares_ = std::vector<Share>(static_cast<size_t>(num_threads_));
  workers_.reserve(static_cast<size_t>(num_threads_) - 1);
  try {
    for (size_t i = 1; i < static_cast<size_t>(num_threads_); ++i) {
      workers_.emplace_back([this, i] { WorkerLoop(i); });
    }
  } catch (const std::system_error&) {
    // The system would not start another thread: run on the caller alone.
    StopWorkers();
    num_threads_ = 1;
  }
}

ThreadPool::~ThreadPool() { StopWorkers(); }

void ThreadPool::StopWorkers() {
  if (workers_.empty()) return;
  stop_.store(true, std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_seq_cst);
  {
    absl::MutexLock lock(&sleep_mu_);
    wake_.SignalAll();
  }
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void ThreadPool::RunTiles(size_t index) {
  const size_t n = shares_.size();
  for (size_t k = 0; k < n; ++k) {
    Share& share = shares_[(index + k) % n];
    for (;;) {
      // Relaxed: the claim only has to be unique; the job itself was published by generation_.
      const size_t t = share.next.fetch_add(1, std::memory_order_relaxed);
      if (t >= share.end) break;
      const size_t begin = t * tile_;
      fn_(arg_, begin, std::min(tile_, range_ - begin));
    }
  }
}

void ThreadPool::WaitForJob(uint64_t seen) {
  const auto start = std::chrono::steady_clock::now();
  bool yielding = false;
  for (uint32_t spins = 1;; ++spins) {
    if (generation_.load(std::memory_order_acquire) != seen) return;
    if (yielding) {
      std::this_thread::yield();
    } else {
      CpuRelax();
    }
    if (yielding || spins % 256 == 0) {
      const auto waited = std::chrono::steady_clock::now() - start;
      if (waited > kWaitFor) break;
      yielding = waited > kSpinFor;
    }
  }
  // Sleep. The dispatcher bumps the generation before it reads sleepers_, this thread counts
  // itself a sleeper before it reads the generation (all sequentially consistent): one of the
  // two sees the other, so a job is never missed.
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  {
    absl::MutexLock lock(&sleep_mu_);
    while (generation_.load(std::memory_order_seq_cst) == seen) wake_.Wait(&sleep_mu_);
  }
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
}

void ThreadPool::WorkerLoop(size_t index) {
  uint64_t seen = 0;
  for (;;) {
    WaitForJob(seen);
    seen = generation_.load(std::memory_order_acquire);
    if (stop_.load(std::memory_order_relaxed)) return;
    RunTiles(index);
    // Release: the tiles' writes happen before the dispatcher's return.
    pending_.fetch_sub(1, std::memory_order_release);
  }
}

void ThreadPool::ParallelFor(size_t range, size_t tile, PlinthParallelFn fn, void* arg) {
  if (range == 0) return;
  tile = std::max<size_t>(tile, 1);
  const size_t tiles = (range - 1) / tile + 1;
  // Serial: no workers, a single tile, or a job already running (a task's own ParallelFor, or
  // another thread's); the same tiling as the pool, so kernels may size per-tile scratch by it.
  if (workers_.empty() || tiles == 1 || busy_.exchange(true, std::memory_order_acquire)) {
    for (size_t begin = 0; begin < range; begin += tile)
      fn(arg, begin, std::min(tile, range - begin));
    return;
  }
  fn_ = fn;
  arg_ = arg;
  range_ = range;
  tile_ = tile;
  const size_t n = shares_.size();
  for (size_t i = 0; i < n; ++i) {
    shares_[i].next.store(tiles * i / n, std::memory_order_relaxed);
    shares_[i].end = tiles * (i + 1) / n;
  }
  pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  // Publishes the job (sequentially consistent: see WaitForJob), then wakes sleeping workers.
  generation_.fetch_add(1, std::memory_order_seq_cst);
  if (sleepers_.load(std::memory_order_seq_cst) > 0) {
    absl::MutexLock lock(&sleep_mu_);
    wake_.SignalAll();
  }
  RunTiles(0);
  // Acquire: the workers' tiles happen before this returns; and no worker reads the job fields
  // once it has reported back, so the next job may overwrite them.
  while (pending_.load(std::memory_order_acquire) != 0) CpuRelax();
  busy_.store(false, std::memory_order_release);
}

}  // namespace plinth
