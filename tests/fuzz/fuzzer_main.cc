// libFuzzer entry point for one target, chosen at compile time (PLINTH_FUZZ_TARGET).
#include "tests/fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return plinth::fuzz::PLINTH_FUZZ_TARGET(data, size);
}
