// Replays every input kept under tests/fuzz/regressions/<target>/ (crashes the fuzzers found and
// seeds worth keeping) through its target, in every build: a fixed bug stays fixed.
#include <filesystem>
#include <fstream>
#include <map>

#include "gtest/gtest.h"
#include "tests/fuzz/fuzz_targets.h"

namespace plinth::fuzz {
namespace {

TEST(FuzzRegressions, EveryKeptInputRunsCleanly) {
  const std::map<std::string, int (*)(const uint8_t*, size_t)> targets = {
      {"model_prepare", &FuzzModelPrepare},
      {"model_invoke", &FuzzModelInvoke},
      {"partitioner", &FuzzPartitioner},
  };
  const std::filesystem::path root =
      std::filesystem::path(PLINTH_TEST_SOURCE_DIR) / "tests/fuzz/regressions";
  int replayed = 0;
  for (const auto& [name, target] : targets) {
    const auto dir = root / name;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
      SCOPED_TRACE(entry.path().string());
      EXPECT_EQ(target(bytes.data(), bytes.size()), 0);
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0) << "no regression inputs under " << root;
}

}  // namespace
}  // namespace plinth::fuzz
