#include "core/thread_pool.h"

#include <pthreadpool.h>

#include <algorithm>

namespace plinth {
namespace {

struct TileTask {
  PlinthParallelFn fn;
  void* arg;
};

void RunTile(void* context, size_t begin, size_t count) {
  auto* task = static_cast<TileTask*>(context);
  task->fn(task->arg, begin, count);
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
    for (size_t begin = 0; begin < range; begin += tile) fn(arg, begin, std::min(tile, range - begin));
    return;
  }
  TileTask task{fn, arg};
  pthreadpool_parallelize_1d_tile_1d(pool_, &RunTile, &task, range, tile, 0);
}

}  // namespace plinth
