// Read-only memory mapping of a whole file, or an owned aligned copy of bytes.
#ifndef PLINTH_CORE_MAPPED_FILE_H_
#define PLINTH_CORE_MAPPED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace plinth {

// Bytes of a model: either an mmap of a file or a 64-byte-aligned heap copy. Immutable.
class MappedFile {
 public:
  // Maps `path` read-only. Errors name the path and the system's reason.
  static absl::StatusOr<std::unique_ptr<MappedFile>> Open(const std::string& path);
  // Copies `bytes` into aligned memory (for models built in memory and for fuzzing).
  static std::unique_ptr<MappedFile> Copy(absl::Span<const uint8_t> bytes);

  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  MappedFile(const uint8_t* data, size_t size, bool mapped)
      : data_(data), size_(size), mapped_(mapped) {}
  const uint8_t* data_;
  size_t size_;
  bool mapped_;
};

}  // namespace plinth

#endif  // PLINTH_CORE_MAPPED_FILE_H_
