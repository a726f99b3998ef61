// The interpreter's worker threads, shared by all kernels of one interpreter.
//
// Kernels split each node's work with one ParallelFor, often of a few microseconds in all, so a
// dispatch must cost far less. Workers spin on a generation counter between jobs (a dispatch is
// then a few cache-line transfers; docs/PERFORMANCE.md has the measurements against Debian's
// pthreadpool, which this replaces), yield to other threads after 20 us without work and sleep
// on a condition variable after 200 us, so an idle interpreter gives its cores back. Each thread
// first claims the tiles of its own contiguous share, then those left in the others' shares.
#ifndef PLINTH_CORE_THREAD_POOL_H_
#define PLINTH_CORE_THREAD_POOL_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "plinth/plugin.h"

namespace plinth {

class ThreadPool {
 public:
  // num_threads <= 1 runs everything on the calling thread; otherwise num_threads - 1 workers
  // join the caller (or none, with num_threads() 1, if the system refuses to start them).
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return num_threads_; }
  // Runs fn over [0, range) in tiles of `tile` (fn(arg, begin, count), count <= tile) and waits
  // for all of them. A call made while another is running (from inside a task, or from another
  // thread) runs its tiles on the calling thread.
  void ParallelFor(size_t range, size_t tile, PlinthParallelFn fn, void* arg);

 private:
  // One thread's share of a job's tiles: it claims them from the front, then claims from the
  // other shares once its own is done.
  struct alignas(64) Share {
    std::atomic<size_t> next{0};
    size_t end = 0;
  };

  void StopWorkers();
  void WorkerLoop(size_t index);
  void RunTiles(size_t index);
  void WaitForJob(uint64_t seen);

  int num_threads_;
  // The job: written by the dispatching thread before it publishes a new generation, read by the
  // workers after they see it, left alone until every worker has reported back.
  PlinthParallelFn fn_ = nullptr;
  void* arg_ = nullptr;
  size_t range_ = 0, tile_ = 1;
  std::vector<Share> shares_;
  alignas(64) std::atomic<uint64_t> generation_{0};
  alignas(64) std::atomic<int> pending_{0};  // workers not yet done with the current job
  alignas(64) std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  // One job at a time: set by the dispatching thread (an atomic rather than a mutex, so that
  // ThreadSanitizer sees the hand-over of the job fields between dispatching threads).
  std::atomic<bool> busy_{false};
  absl::Mutex sleep_mu_;
  absl::CondVar wake_;
  std::vector<std::thread> workers_;
};

}  // namespace plinth

#endif  // PLINTH_CORE_THREAD_POOL_H_
