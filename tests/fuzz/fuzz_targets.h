// The fuzz targets: each takes arbitrary bytes and must never crash, hang, leak or trip a
// sanitizer. Linked into libFuzzer mains (fuzzer_main.cc, clang builds) and into the regression
// test that replays tests/fuzz/regressions/ in every build.
#ifndef PLINTH_TESTS_FUZZ_FUZZ_TARGETS_H_
#define PLINTH_TESTS_FUZZ_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>

namespace plinth::fuzz {

// Model bytes -> load, validate, create an interpreter, prepare.
int FuzzModelPrepare(const uint8_t* data, size_t size);
// The same, then fill inputs from the bytes and invoke once.
int FuzzModelInvoke(const uint8_t* data, size_t size);
// Bytes -> a graph -> the delegate partitioner, with its invariants checked.
int FuzzPartitioner(const uint8_t* data, size_t size);

}  // namespace plinth::fuzz

#endif  // PLINTH_TESTS_FUZZ_FUZZ_TARGETS_H_
