// libFuzzer: arbitrary bytes as a model -> load (verify + validate) -> create an interpreter ->
// prepare. Any crash, leak or sanitizer report is a bug; errors are the expected outcome.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/fuzz_util.h"

namespace plinth::fuzz {

int FuzzModelPrepare(const uint8_t* data, size_t size) {
  auto model = Model::FromBuffer(absl::Span<const uint8_t>(data, size), "fuzz.tflite",
                                 fuzz::FuzzModelLimits());
  if (!model.ok()) return 0;
  auto interp = Interpreter::Create(*model, fuzz::Registry(), fuzz::FuzzInterpreterOptions());
  if (!interp.ok()) return 0;
  (void)(*interp)->AllocateTensors();
  return 0;
}

}  // namespace plinth::fuzz
