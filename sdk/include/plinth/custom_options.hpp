// Reading a custom op's options: the FlexBuffer map that TensorFlow's converter (and MediaPipe)
// write into `custom_options`. The bytes come from a model file, so they are verified before any
// read; a missing key or a value of the wrong kind yields the fallback you give.
//
//   plinth::CustomOptions opts(ctx.node());
//   if (!opts.ok()) return ctx.Error("bad custom options: ", opts.error());
//   int max_detections = opts.Int("max_detections", 10);
//
// Header-only; uses flatbuffers/flexbuffers.h (Debian's libflatbuffers-dev).
#ifndef PLINTH_CUSTOM_OPTIONS_HPP_
#define PLINTH_CUSTOM_OPTIONS_HPP_

#include <cstdint>
#include <string>
#include <vector>

// Header-only use of FlatBuffers: without this its number parsing needs libflatbuffers' locale
// object at link time.
#ifndef FLATBUFFERS_LOCALE_INDEPENDENT
#define FLATBUFFERS_LOCALE_INDEPENDENT 0
#endif
#include "flatbuffers/flexbuffers.h"
#include "plinth/plugin.h"

namespace plinth {

class CustomOptions {
 public:
  // Verifies and opens the options of `node` (an absent or empty buffer is an empty map).
  explicit CustomOptions(const PlinthNode* node)
      : CustomOptions(node ? node->custom_options : nullptr, node ? node->custom_options_size : 0) {}
  CustomOptions(const uint8_t* data, size_t size) {
    if (data == nullptr || size == 0) return;
    if (size < 3 || !flexbuffers::VerifyBuffer(data, size)) {
      error_ = "custom options are not a valid FlexBuffer";
      return;
    }
    flexbuffers::Reference root = flexbuffers::GetRoot(data, size);
    if (!root.IsMap()) {
      error_ = "custom options are not a FlexBuffer map";
      return;
    }
    map_ = root.AsMap();
    has_map_ = true;
  }

  // False when the bytes are not a verifiable FlexBuffer map.
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  bool Has(const char* key) const { return !Get(key).IsNull(); }
  int64_t Int(const char* key, int64_t fallback = 0) const {
    flexbuffers::Reference r = Get(key);
    return (r.IsIntOrUint() || r.IsBool()) ? r.AsInt64() : fallback;
  }
  bool Bool(const char* key, bool fallback = false) const {
    flexbuffers::Reference r = Get(key);
    return (r.IsBool() || r.IsIntOrUint()) ? r.AsBool() : fallback;
  }
  double Float(const char* key, double fallback = 0.0) const {
    flexbuffers::Reference r = Get(key);
    return r.IsNumeric() ? r.AsDouble() : fallback;
  }
  std::string String(const char* key, const std::string& fallback = "") const {
    flexbuffers::Reference r = Get(key);
    return r.IsString() ? r.AsString().str() : fallback;
  }
  // Integer vectors (typed or untyped); empty when absent or when an element is not an integer
  // (converting a float element could overflow int64).
  std::vector<int64_t> Ints(const char* key) const {
    std::vector<int64_t> out;
    flexbuffers::Reference r = Get(key);
    if (!r.IsVector() && !r.IsTypedVector() && !r.IsFixedTypedVector()) return out;
    flexbuffers::Vector v = r.AsVector();
    for (size_t i = 0; i < v.size(); ++i) {
      const flexbuffers::Reference e = v[i];
      if (!e.IsIntOrUint()) return {};
      out.push_back(e.AsInt64());
    }
    return out;
  }

 private:
  flexbuffers::Reference Get(const char* key) const {
    if (!has_map_) return flexbuffers::Reference();
    return map_[key];
  }

  flexbuffers::Map map_ = flexbuffers::Map::EmptyMap();
  bool has_map_ = false;
  std::string error_;
};

}  // namespace plinth

#endif  // PLINTH_CUSTOM_OPTIONS_HPP_
