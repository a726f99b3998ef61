#include "core/thread_pool.h"

#include <pthreadpool.h>

#include <algorithm>

// pthreadpool is not built with ThreadSanitizer, so TSan cannot see that dispatching a task
// happens before its tiles run and that the tiles finish before ParallelFor returns; these
// annotations state both edges (and make nothing slower in other builds).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#define PLINTH_TSAN_ACQUIRE(p) __tsan_acquire(p)
#define PLINTH_TSAN_RELEASE(p) __tsan_release(p)
#endif
#endif
#ifndef PLINTH_TSAN_ACQUIRE
#define PLINTH_TSAN_ACQUIRE(p) (void)(p)
#define PLINTH_TSAN_RELEASE(p) (void)(p)
#endif

namespace plinth {
namespace {

struct TileTask {
  PlinthParallelFn fn;
  void* arg;
};

void RunTile(void* context, size_t begin, size_t count) {
  auto* task = static_cast<TileTask*>(context);
  PLINTH_TSAN_ACQUIRE(task);
  task->fn(task->arg, begin, count);
  PLINTH_TSAN_RELEASE(task);
}

}  // namespace

ThreadPool::ThreadPool(int num_threads) : num_threads_(std::max(1, num_threads)) {
  if (num_threads_ > 1) {
    pool_ = pthreadpool_create(static_cast<size_t>(num_threads_));
    if (pool_ == nullptr) num_threads_ = 1;
  }
}

ThreadPool::~ThreadPool() {
  if (pool_ != nullptr) pthreadpool_destroy(pool_);
}

void ThreadPool::ParallelFor(size_t range, size_t tile, PlinthParallelFn fn, void* arg) {
  if (range == 0) return;
  tile = std::max<size_t>(tile, 1);
  if (pool_ == nullptr || range <= tile) {
    // Same tiling as the pool, so kernels may size per-tile scratch by `tile`.
    for (size_t begin = 0; begin < range; begin += tile)
      fn(arg, begin, std::min(tile, range - begin));
    return;
  }
  TileTask task{fn, arg};
  PLINTH_TSAN_RELEASE(&task);
  pthreadpool_parallelize_1d_tile_1d(pool_, &RunTile, &task, range, tile, 0);
  PLINTH_TSAN_ACQUIRE(&task);
}

}  // namespace plinth
