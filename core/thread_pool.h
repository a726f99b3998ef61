// The interpreter's worker threads (pthreadpool), shared by all kernels of one interpreter.
#ifndef PLINTH_CORE_THREAD_POOL_H_
#define PLINTH_CORE_THREAD_POOL_H_

#include <cstddef>

#include "plinth/plugin.h"

struct pthreadpool;

namespace plinth {

class ThreadPool {
 public:
  // num_threads <= 1 runs everything on the calling thread.
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return num_threads_; }
  // Runs fn over [0, range) in tiles of `tile` and waits for all of them.
  void ParallelFor(size_t range, size_t tile, PlinthParallelFn fn, void* arg);

 private:
  int num_threads_;
  pthreadpool* pool_ = nullptr;
};

}  // namespace plinth

#endif  // PLINTH_CORE_THREAD_POOL_H_
