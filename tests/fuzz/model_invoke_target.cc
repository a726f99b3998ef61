// libFuzzer: like model_prepare_fuzzer, then fills every input with bytes taken from the fuzz input
// and invokes once (memory capped by the interpreter options and libFuzzer's -rss_limit_mb).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/fuzz_util.h"

namespace plinth::fuzz {

int FuzzModelInvoke(const uint8_t* data, size_t size) {
  auto model = Model::FromBuffer(absl::Span<const uint8_t>(data, size), "fuzz.tflite",
                                 fuzz::FuzzModelLimits());
  if (!model.ok()) return 0;
  auto interp = Interpreter::Create(*model, fuzz::Registry(), fuzz::FuzzInterpreterOptions());
  if (!interp.ok() || !(*interp)->AllocateTensors().ok()) return 0;
  for (size_t i = 0; i < (*interp)->num_inputs(); ++i) {
    Tensor t = (*interp)->input(i);
    std::vector<uint8_t> bytes(t.bytes());
    for (size_t b = 0; b < bytes.size() && size > 0; ++b) bytes[b] = data[(b * 31 + i) % size];
    if (!(*interp)->SetInput(i, bytes).ok()) return 0;
  }
  (void)(*interp)->Invoke();
  return 0;
}

}  // namespace plinth::fuzz
