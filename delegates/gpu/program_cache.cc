#include "delegates/gpu/program_cache.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace plinth::gpu {
namespace {

constexpr char kMagic[8] = {'P', 'L', 'G', 'P', 'U', 'C', 'L', '1'};

// File layout: magic, key, payload size, payload checksum, payload.
struct Header {
  char magic[8];
  uint64_t key;
  uint64_t size;
  uint64_t checksum;
};

}  // namespace

uint64_t Fnv1a64(const void* data, size_t size, uint64_t seed) {
  const auto* p = static_cast<const uint8_t*>(data);
  uint64_t h = seed;
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string ProgramCache::PathFor(uint64_t key) const {
  char name[32];
  std::snprintf(name, sizeof(name), "%016llx.clbin", static_cast<unsigned long long>(key));
  return dir_ + "/" + name;
}

bool ProgramCache::Load(uint64_t key, std::vector<uint8_t>* binary, std::string* why) const {
  std::ifstream in(PathFor(key), std::ios::binary);
  if (!in) {
    *why = "no entry";
    return false;
  }
  Header header{};
  in.read(reinterpret_cast<char*>(&header), sizeof(header));
  if (!in || std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0) {
    *why = "not a Plinth program cache entry";
    return false;
  }
  if (header.key != key) {
    *why = "entry was written for another device, driver or source";
    return false;
  }
  if (header.size == 0 || header.size > (uint64_t{1} << 31)) {
    *why = "entry has an implausible size";
    return false;
  }
  binary->resize(header.size);
  in.read(reinterpret_cast<char*>(binary->data()), static_cast<std::streamsize>(header.size));
  if (!in || in.peek() != std::char_traits<char>::eof()) {
    *why = "entry is truncated or has trailing bytes";
    return false;
  }
  if (Fnv1a64(binary->data(), binary->size()) != header.checksum) {
    *why = "entry checksum does not match (corrupted)";
    return false;
  }
  return true;
}

bool ProgramCache::Store(uint64_t key, const std::vector<uint8_t>& binary, std::string* why) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    *why = "cannot create " + dir_ + ": " + ec.message();
    return false;
  }
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.key = key;
  header.size = binary.size();
  header.checksum = Fnv1a64(binary.data(), binary.size());
  const std::string path = PathFor(key);
  const std::string temp = path + ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(&header));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(&header), sizeof(header));
    out.write(reinterpret_cast<const char*>(binary.data()),
              static_cast<std::streamsize>(binary.size()));
    if (!out) {
      *why = "cannot write " + temp;
      return false;
    }
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    *why = "cannot rename into " + path + ": " + ec.message();
    std::filesystem::remove(temp, ec);
    return false;
  }
  return true;
}

}  // namespace plinth::gpu
