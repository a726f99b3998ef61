// A grow-only, 64-byte-aligned heap buffer (arena, dynamic tensors, scratch).
#ifndef PLINTH_CORE_ALIGNED_BUFFER_H_
#define PLINTH_CORE_ALIGNED_BUFFER_H_

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace plinth {

class AlignedBuffer {
 public:
  static constexpr size_t kAlignment = 64;
  AlignedBuffer() = default;
  ~AlignedBuffer() { std::free(data_); }
  AlignedBuffer(AlignedBuffer&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  AlignedBuffer& operator=(AlignedBuffer&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    return *this;
  }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;

  // Makes the buffer at least `bytes` long; contents are not kept. False when out of memory.
  bool Reserve(size_t bytes) {
    if (bytes <= size_ && data_ != nullptr) return true;
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    if (rounded == 0) rounded = kAlignment;
    void* p = std::aligned_alloc(kAlignment, rounded);
    if (p == nullptr) return false;
    std::free(data_);
    data_ = static_cast<char*>(p);
    size_ = rounded;
    return true;
  }
  void Zero() {
    if (data_) std::memset(data_, 0, size_);
  }
  char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace plinth

#endif  // PLINTH_CORE_ALIGNED_BUFFER_H_
