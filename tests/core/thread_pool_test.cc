// The interpreter's thread pool (core/thread_pool.h): every tile of a job runs exactly once and
// within its bounds, at any thread count, range and tile size; the tasks' writes are visible when
// ParallelFor returns (ThreadSanitizer checks the hand-overs in CI's TSan stage, which runs the
// suites named *Concurrency*); jobs right after one another, and after the workers have gone to
// sleep; a ParallelFor from inside a task, and from two threads at once on one pool, runs its
// tiles on the calling thread; pools made and destroyed in quick succession.
#include "core/thread_pool.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace plinth {
namespace {

// Runs one job and checks that every index of [0, range) was covered once, by calls of at most
// `tile` indexes (a tile of 0 counts as 1) starting on a tile boundary.
void ExpectEachTileOnce(ThreadPool& pool, size_t range, size_t tile, const std::string& what) {
  struct Job {
    std::vector<std::atomic<int>> hits;
    size_t tile;
    std::atomic<int> bad_calls{0};
  } job{std::vector<std::atomic<int>>(range), tile == 0 ? 1 : tile};
  pool.ParallelFor(
      range, tile,
      [](void* arg, size_t begin, size_t count) {
        auto* j = static_cast<Job*>(arg);
        if (count == 0 || count > j->tile || begin % j->tile != 0) j->bad_calls.fetch_add(1);
        for (size_t i = begin; i < begin + count && i < j->hits.size(); ++i)
          j->hits[i].fetch_add(1);
      },
      &job);
  EXPECT_EQ(job.bad_calls.load(), 0) << what;
  for (size_t i = 0; i < range; ++i) ASSERT_EQ(job.hits[i].load(), 1) << what << " index " << i;
}

TEST(ThreadPoolConcurrency, EveryTileRunsOnceWithinItsBounds) {
  for (int threads : {1, 2, 3, 4}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.num_threads(), threads);
    for (size_t range : {0, 1, 2, 7, 25, 1000}) {
      for (size_t tile : {0, 1, 3, 64, 1000}) {
        ExpectEachTileOnce(pool, range, tile,
                           std::to_string(threads) + " threads, range " + std::to_string(range) +
                               ", tile " + std::to_string(tile));
      }
    }
  }
  EXPECT_EQ(ThreadPool(0).num_threads(), 1);
}

// Plain (non-atomic) writes by the tasks, read by the caller after each job: the job must
// publish the tiles' results to the caller, and the next job's fields to the workers.
TEST(ThreadPoolConcurrency, ManyJobsInARowSeeEachOthersResults) {
  for (int threads : {2, 3}) {
    ThreadPool pool(threads);
    std::vector<int64_t> data(64, 0);
    for (int round = 0; round < 20000; ++round) {
      struct Arg {
        int64_t* data;
        int round;
      } arg{data.data(), round};
      pool.ParallelFor(
          data.size(), 1 + round % 5,
          [](void* p, size_t begin, size_t count) {
            auto* a = static_cast<Arg*>(p);
            for (size_t i = begin; i < begin + count; ++i) a->data[i] += a->round;
          },
          &arg);
    }
    const int64_t want = int64_t{20000} * 19999 / 2;
    for (size_t i = 0; i < data.size(); ++i)
      ASSERT_EQ(data[i], want) << threads << " threads, " << i;
  }
}

TEST(ThreadPoolConcurrency, JobsAfterTheWorkersSleep) {
  ThreadPool pool(2);
  for (int round = 0; round < 5; ++round) {
    // Longer than the workers spin (200 us): they wait on the condition variable.
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    ExpectEachTileOnce(pool, 100, 1, "after a pause, round " + std::to_string(round));
  }
}

TEST(ThreadPoolConcurrency, ParallelForInsideATaskRunsOnItsThread) {
  ThreadPool pool(2);
  struct Arg {
    ThreadPool* pool;
    std::atomic<int> inner_hits{0};
  } arg{&pool};
  pool.ParallelFor(
      8, 1,
      [](void* p, size_t, size_t) {
        auto* a = static_cast<Arg*>(p);
        a->pool->ParallelFor(
            10, 2,
            [](void* q, size_t, size_t count) {
              static_cast<Arg*>(q)->inner_hits.fetch_add(static_cast<int>(count));
            },
            a);
      },
      &arg);
  EXPECT_EQ(arg.inner_hits.load(), 80);
}

TEST(ThreadPoolConcurrency, TwoCallersShareOnePool) {
  ThreadPool pool(2);
  std::atomic<int> failures{0};
  auto caller = [&] {
    for (int round = 0; round < 2000; ++round) {
      std::vector<int> hits(50, 0);
      pool.ParallelFor(
          hits.size(), 1,
          [](void* p, size_t begin, size_t count) {
            for (size_t i = begin; i < begin + count; ++i)
              ++(*static_cast<std::vector<int>*>(p))[i];
          },
          &hits);
      for (int h : hits) failures.fetch_add(h == 1 ? 0 : 1);
    }
  };
  std::thread a(caller), b(caller);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ThreadPoolConcurrency, PoolsMadeAndDestroyedInQuickSuccession) {
  for (int round = 0; round < 200; ++round) {
    ThreadPool pool(1 + round % 4);
    if (round % 2 == 0) ExpectEachTileOnce(pool, 16, 1, "round " + std::to_string(round));
  }
}

}  // namespace
}  // namespace plinth
