// On-disk cache of compiled OpenCL programs, so a second initialization skips the compiler.
// An entry is keyed by everything that shapes the binary (platform, device, driver, build options,
// source) and carries a checksum; a corrupted, truncated or foreign entry is detected, ignored and
// rewritten.
#ifndef PLINTH_DELEGATES_GPU_PROGRAM_CACHE_H_
#define PLINTH_DELEGATES_GPU_PROGRAM_CACHE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace plinth::gpu {

// 64-bit FNV-1a, continuing from `seed`.
uint64_t Fnv1a64(const void* data, size_t size, uint64_t seed = 0xcbf29ce484222325ull);

class ProgramCache {
 public:
  // `dir` empty disables the cache.
  explicit ProgramCache(std::string dir) : dir_(std::move(dir)) {}
  bool enabled() const { return !dir_.empty(); }
  // The cached binary for `key`; false (with the reason) when there is none or it is invalid.
  bool Load(uint64_t key, std::vector<uint8_t>* binary, std::string* why) const;
  // Writes the binary atomically (temp file + rename).
  bool Store(uint64_t key, const std::vector<uint8_t>& binary, std::string* why) const;
  std::string PathFor(uint64_t key) const;

 private:
  std::string dir_;
};

}  // namespace plinth::gpu

#endif  // PLINTH_DELEGATES_GPU_PROGRAM_CACHE_H_
