// Header-only C++17 layer over the Plinth plugin ABI (plinth/plugin.h).
//
// Nothing here crosses the ABI: these are thin views and adapters compiled into the plugin. A
// kernel is a class with Prepare and Invoke (and optionally a constructor taking KernelContext&):
//
//   struct MyOp {
//     PlinthStatus Prepare(plinth::KernelContext& ctx);
//     PlinthStatus Invoke(plinth::KernelContext& ctx);
//   };
//   PlinthStatus Register(plinth::Registrar& r) { return r.AddCustom<MyOp>("MyOp", 1, 1, {}); }
//   PLINTH_DEFINE_PLUGIN("my_ops", "1.0", Register)
//
// Exceptions thrown by a kernel are caught here and reported as errors.
#ifndef PLINTH_PLUGIN_HPP_
#define PLINTH_PLUGIN_HPP_

#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <new>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "plinth/plugin.h"

namespace plinth {

// Bytes per element of a type; 0 for types without a fixed size (string, variant, int4).
// A RESOURCE tensor holds an int32 handle, as in TFLite.
inline size_t TypeSize(PlinthType type) {
  switch (type) {
    case PLINTH_FLOAT32:
    case PLINTH_INT32:
    case PLINTH_UINT32:
    case PLINTH_RESOURCE:
      return 4;
    case PLINTH_FLOAT16:
    case PLINTH_INT16:
    case PLINTH_UINT16:
    case PLINTH_BFLOAT16:
      return 2;
    case PLINTH_UINT8:
    case PLINTH_INT8:
    case PLINTH_BOOL:
      return 1;
    case PLINTH_INT64:
    case PLINTH_UINT64:
    case PLINTH_FLOAT64:
    case PLINTH_COMPLEX64:
      return 8;
    case PLINTH_COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

// Format name of a type ("FLOAT32").
inline const char* TypeName(PlinthType type) {
  switch (type) {
    case PLINTH_FLOAT32: return "FLOAT32";
    case PLINTH_FLOAT16: return "FLOAT16";
    case PLINTH_INT32: return "INT32";
    case PLINTH_UINT8: return "UINT8";
    case PLINTH_INT64: return "INT64";
    case PLINTH_STRING: return "STRING";
    case PLINTH_BOOL: return "BOOL";
    case PLINTH_INT16: return "INT16";
    case PLINTH_COMPLEX64: return "COMPLEX64";
    case PLINTH_INT8: return "INT8";
    case PLINTH_FLOAT64: return "FLOAT64";
    case PLINTH_COMPLEX128: return "COMPLEX128";
    case PLINTH_UINT64: return "UINT64";
    case PLINTH_RESOURCE: return "RESOURCE";
    case PLINTH_VARIANT: return "VARIANT";
    case PLINTH_UINT32: return "UINT32";
    case PLINTH_UINT16: return "UINT16";
    case PLINTH_INT4: return "INT4";
    case PLINTH_BFLOAT16: return "BFLOAT16";
  }
  return "UNKNOWN";
}

// Maps a C++ element type to its PlinthType (for checked data access).
template <class T> struct TypeOf;
template <> struct TypeOf<float> { static constexpr PlinthType value = PLINTH_FLOAT32; };
template <> struct TypeOf<double> { static constexpr PlinthType value = PLINTH_FLOAT64; };
template <> struct TypeOf<int32_t> { static constexpr PlinthType value = PLINTH_INT32; };
template <> struct TypeOf<int64_t> { static constexpr PlinthType value = PLINTH_INT64; };
template <> struct TypeOf<uint8_t> { static constexpr PlinthType value = PLINTH_UINT8; };
template <> struct TypeOf<int8_t> { static constexpr PlinthType value = PLINTH_INT8; };
template <> struct TypeOf<int16_t> { static constexpr PlinthType value = PLINTH_INT16; };
template <> struct TypeOf<bool> { static constexpr PlinthType value = PLINTH_BOOL; };
template <> struct TypeOf<uint16_t> { static constexpr PlinthType value = PLINTH_UINT16; };
template <> struct TypeOf<uint32_t> { static constexpr PlinthType value = PLINTH_UINT32; };
template <> struct TypeOf<uint64_t> { static constexpr PlinthType value = PLINTH_UINT64; };

// Non-owning view of a tensor. A default-constructed view stands for an omitted optional tensor.
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(PlinthTensor* t) : t_(t) {}

  // True when the tensor exists (optional inputs may be omitted).
  explicit operator bool() const { return t_ != nullptr; }
  PlinthTensor* raw() const { return t_; }

  PlinthType type() const { return t_->type; }
  const char* name() const { return t_->name; }
  int rank() const { return t_->rank; }
  // Size of dimension i; negative i counts from the end.
  int32_t dim(int i) const { return t_->dims[i < 0 ? i + t_->rank : i]; }
  std::vector<int32_t> shape() const { return std::vector<int32_t>(t_->dims, t_->dims + t_->rank); }
  // Product of all dimensions (1 for a scalar).
  int64_t num_elements() const {
    int64_t n = 1;
    for (int i = 0; i < t_->rank; ++i) n *= t_->dims[i];
    return n;
  }
  size_t bytes() const { return t_->bytes; }
  bool is_constant() const { return (t_->flags & PLINTH_TENSOR_CONSTANT) != 0; }
  bool is_dynamic() const { return (t_->flags & PLINTH_TENSOR_DYNAMIC) != 0; }
  bool is_variable() const { return (t_->flags & PLINTH_TENSOR_VARIABLE) != 0; }

  // Typed element pointer. The caller checks type() first; data is null before planning.
  template <class T> T* data() const { return static_cast<T*>(t_->data); }
  void* raw_data() const { return t_->data; }

  // Quantization parameters.
  int num_quant_params() const { return t_->quantization->num_params; }
  bool is_quantized() const { return t_->quantization->num_params > 0; }
  float scale(int i = 0) const { return t_->quantization->scales[i]; }
  int32_t zero_point(int i = 0) const {
    return static_cast<int32_t>(t_->quantization->zero_points[i]);
  }
  int32_t quantized_dimension() const { return t_->quantization->quantized_dimension; }

  // True when both tensors have the same rank and dimensions.
  bool SameShape(const Tensor& other) const {
    if (rank() != other.rank()) return false;
    for (int i = 0; i < rank(); ++i)
      if (dim(i) != other.dim(i)) return false;
    return true;
  }

 private:
  PlinthTensor* t_ = nullptr;
};

// Formats a shape as "[1, 224, 224, 3]" for messages.
inline std::string ShapeString(const Tensor& t) {
  std::ostringstream s;
  s << '[';
  for (int i = 0; i < t.rank(); ++i) s << (i ? ", " : "") << t.dim(i);
  s << ']';
  return s.str();
}

// What a kernel sees during init, prepare and invoke: its node and the core's services.
class KernelContext {
 public:
  KernelContext(PlinthContext* ctx, PlinthNode* node) : ctx_(ctx), node_(node) {}

  PlinthContext* raw() const { return ctx_; }
  PlinthNode* node() const { return node_; }
  const char* op_name() const { return node_->op_name; }
  int version() const { return node_->version; }

  int num_inputs() const { return node_->num_inputs; }
  int num_outputs() const { return node_->num_outputs; }
  // Input i, or an empty view when i is out of range or the input is omitted.
  Tensor input(int i) const {
    return (i >= 0 && i < node_->num_inputs) ? Tensor(node_->inputs[i]) : Tensor();
  }
  Tensor output(int i) const {
    return (i >= 0 && i < node_->num_outputs) ? Tensor(node_->outputs[i]) : Tensor();
  }
  Tensor intermediate(int i) const {
    return (i >= 0 && i < node_->num_intermediates) ? Tensor(node_->intermediates[i]) : Tensor();
  }

  // Reports an error built from the arguments and returns PLINTH_ERROR:
  //   return ctx.Error("input 0 must be 4-D, got ", t.rank(), "-D");
  template <class... Args> PlinthStatus Error(const Args&... args) const {
    std::ostringstream s;
    (s << ... << args);
    ctx_->report_error(ctx_, s.str().c_str());
    return PLINTH_ERROR;
  }
  // Reports a warning (printed once per message).
  template <class... Args> void Warning(const Args&... args) const {
    std::ostringstream s;
    (s << ... << args);
    ctx_->report_warning(ctx_, s.str().c_str());
  }

  // Sets a tensor's shape (outputs in prepare; dynamic outputs in invoke).
  PlinthStatus Resize(const Tensor& t, const int32_t* dims, int rank) const {
    return ctx_->resize_tensor(ctx_, t.raw(), rank, dims);
  }
  PlinthStatus Resize(const Tensor& t, const std::vector<int32_t>& dims) const {
    return Resize(t, dims.data(), static_cast<int>(dims.size()));
  }
  PlinthStatus Resize(const Tensor& t, std::initializer_list<int32_t> dims) const {
    return Resize(t, dims.begin(), static_cast<int>(dims.size()));
  }
  // Declares in prepare that an output's shape is only known in invoke.
  PlinthStatus SetDynamic(const Tensor& t) const { return ctx_->set_dynamic(ctx_, t.raw()); }

  // Requests per-invoke scratch memory in prepare; returns a handle for Scratch(), or -1.
  int32_t RequestScratch(size_t bytes) const {
    int32_t handle = -1;
    if (ctx_->request_scratch(ctx_, bytes, &handle) != PLINTH_OK) return -1;
    return handle;
  }
  template <class T = void> T* Scratch(int32_t handle) const {
    return static_cast<T*>(ctx_->get_scratch(ctx_, handle));
  }

  // Builtin options by schema field name. A field missing from the file yields its default; a
  // name the option table does not have yields `fallback`.
  bool HasOption(const char* name) const {
    PlinthOptionValue v = Option(name);
    return v.kind != PLINTH_OPTION_ABSENT;
  }
  int64_t OptionInt(const char* name, int64_t fallback = 0) const {
    PlinthOptionValue v = Option(name);
    return v.kind == PLINTH_OPTION_INT ? v.i : fallback;
  }
  bool OptionBool(const char* name, bool fallback = false) const {
    PlinthOptionValue v = Option(name);
    return v.kind == PLINTH_OPTION_INT ? v.i != 0 : fallback;
  }
  float OptionFloat(const char* name, float fallback = 0.f) const {
    PlinthOptionValue v = Option(name);
    return v.kind == PLINTH_OPTION_FLOAT ? static_cast<float>(v.f) : fallback;
  }
  // Integer array option ([int] or [long] fields), empty when absent.
  std::vector<int64_t> OptionInts(const char* name) const {
    PlinthOptionValue v = Option(name);
    std::vector<int64_t> out;
    if (v.kind != PLINTH_OPTION_ARRAY) return out;
    for (int32_t i = 0; i < v.array_size; ++i) {
      switch (v.array_type) {
        case PLINTH_INT32: out.push_back(static_cast<const int32_t*>(v.array)[i]); break;
        case PLINTH_INT64: out.push_back(static_cast<const int64_t*>(v.array)[i]); break;
        case PLINTH_UINT8: out.push_back(static_cast<const uint8_t*>(v.array)[i]); break;
        case PLINTH_INT8: out.push_back(static_cast<const int8_t*>(v.array)[i]); break;
        case PLINTH_BOOL: out.push_back(static_cast<const uint8_t*>(v.array)[i]); break;
        default: break;
      }
    }
    return out;
  }
  std::vector<float> OptionFloats(const char* name) const {
    PlinthOptionValue v = Option(name);
    std::vector<float> out;
    if (v.kind == PLINTH_OPTION_ARRAY && v.array_type == PLINTH_FLOAT32) {
      const float* p = static_cast<const float*>(v.array);
      out.assign(p, p + v.array_size);
    }
    return out;
  }
  std::string OptionString(const char* name) const {
    PlinthOptionValue v = Option(name);
    return v.kind == PLINTH_OPTION_STRING && v.string ? std::string(v.string) : std::string();
  }
  PlinthOptionValue Option(const char* name) const {
    PlinthOptionValue v{};
    v.struct_size = sizeof(v);
    if (ctx_->get_option(ctx_, node_, name, &v) != PLINTH_OK) v.kind = PLINTH_OPTION_ABSENT;
    return v;
  }

  int num_threads() const { return ctx_->num_threads(ctx_); }
  // Runs f(begin, end) over [0, range) in tiles, possibly on several threads.
  template <class F> void ParallelFor(size_t range, size_t tile, F&& f) const {
    if (range == 0) return;
    if (tile == 0) tile = 1;
    using Fn = std::remove_reference_t<F>;
    ctx_->parallel_for(
        ctx_, range, tile,
        [](void* arg, size_t begin, size_t count) { (*static_cast<Fn*>(arg))(begin, begin + count); },
        const_cast<void*>(static_cast<const void*>(&f)));
  }

  // Data shared by all interpreters of the model (see PlinthContext.get_model_shared). Make is
  // called once with no arguments and returns a T*; its size is reported as sizeof(T) unless
  // T has a member `size_t bytes() const`.
  template <class T, class Make> T* ModelShared(uint32_t key, Make&& make) const {
    if (ctx_->struct_size < offsetof(PlinthContext, get_model_shared) + sizeof(void*)) return nullptr;
    using MakeFn = std::remove_reference_t<Make>;
    return static_cast<T*>(ctx_->get_model_shared(
        ctx_, node_, key,
        [](void* arg, size_t* bytes) -> void* {
          T* made = nullptr;
          try {
            made = (*static_cast<MakeFn*>(arg))();
          } catch (...) {
            return nullptr;
          }
          if constexpr (HasBytes<T>::value) {
            *bytes = made ? made->bytes() : 0;
          } else {
            *bytes = sizeof(T);
          }
          return made;
        },
        const_cast<void*>(static_cast<const void*>(&make)),
        [](void* data) { delete static_cast<T*>(data); }));
  }

 private:
  template <class T, class = void> struct HasBytes : std::false_type {};
  template <class T>
  struct HasBytes<T, std::void_t<decltype(std::declval<const T&>().bytes())>> : std::true_type {};

  PlinthContext* ctx_;
  PlinthNode* node_;
};

namespace internal {

// Detects `K(KernelContext&)`; otherwise K is default-constructed.
template <class K>
constexpr bool kContextConstructible = std::is_constructible_v<K, KernelContext&>;

inline PlinthStatus ReportException(PlinthContext* ctx, const char* what) {
  std::string message = std::string("kernel threw an exception: ") + what;
  ctx->report_error(ctx, message.c_str());
  return PLINTH_ERROR;
}

template <class K> PlinthStatus Init(PlinthContext* ctx, PlinthNode* node, void** user_data) {
  try {
    KernelContext kc(ctx, node);
    K* kernel;
    if constexpr (kContextConstructible<K>) {
      kernel = new K(kc);
    } else {
      kernel = new K();
    }
    *user_data = kernel;
    return PLINTH_OK;
  } catch (const std::exception& e) {
    return ReportException(ctx, e.what());
  } catch (...) {
    return ReportException(ctx, "unknown");
  }
}

template <class K> void Free(void* user_data) { delete static_cast<K*>(user_data); }

template <class K> PlinthStatus Prepare(PlinthContext* ctx, PlinthNode* node) {
  try {
    KernelContext kc(ctx, node);
    return static_cast<K*>(node->user_data)->Prepare(kc);
  } catch (const std::exception& e) {
    return ReportException(ctx, e.what());
  } catch (...) {
    return ReportException(ctx, "unknown");
  }
}

template <class K> PlinthStatus Invoke(PlinthContext* ctx, PlinthNode* node) {
  try {
    KernelContext kc(ctx, node);
    return static_cast<K*>(node->user_data)->Invoke(kc);
  } catch (const std::exception& e) {
    return ReportException(ctx, e.what());
  } catch (...) {
    return ReportException(ctx, "unknown");
  }
}

// Detects `PlinthStatus K::AbsorbProducer(KernelContext&, int, const KernelContext&)`.
template <class K, class = void> struct HasAbsorbProducer : std::false_type {};
template <class K>
struct HasAbsorbProducer<
    K, std::void_t<decltype(std::declval<K&>().AbsorbProducer(
           std::declval<KernelContext&>(), 0, std::declval<const KernelContext&>()))>>
    : std::true_type {};

template <class K>
PlinthStatus AbsorbProducer(PlinthContext* ctx, PlinthNode* node, int32_t input_index,
                            const PlinthNode* producer) {
  try {
    KernelContext kc(ctx, node);
    // Read-only by contract: the kernel only looks at the producer's tensors and options.
    const KernelContext pc(ctx, const_cast<PlinthNode*>(producer));
    return static_cast<K*>(node->user_data)->AbsorbProducer(kc, input_index, pc);
  } catch (const std::exception& e) {
    return ReportException(ctx, e.what());
  } catch (...) {
    return ReportException(ctx, "unknown");
  }
}

}  // namespace internal

// Builds the C registration for kernel class K. A K with
// `PlinthStatus AbsorbProducer(KernelContext& ctx, int input_index, const KernelContext& producer)`
// is offered the single-reader producers of its inputs (PlinthOpRegistration.absorb_producer). `types` must outlive the call (the core copies it).
template <class K>
PlinthOpRegistration MakeRegistration(const char* builtin_name, const char* custom_name,
                                      int min_version, int max_version,
                                      const std::vector<PlinthType>& types) {
  PlinthOpRegistration r{};
  r.struct_size = sizeof(r);
  r.builtin_name = builtin_name;
  r.custom_name = custom_name;
  r.min_version = min_version;
  r.max_version = max_version;
  r.types = types.data();
  r.num_types = static_cast<int32_t>(types.size());
  r.init = &internal::Init<K>;
  r.free = &internal::Free<K>;
  r.prepare = &internal::Prepare<K>;
  r.invoke = &internal::Invoke<K>;
  if constexpr (internal::HasAbsorbProducer<K>::value) {
    r.absorb_producer = &internal::AbsorbProducer<K>;
  }
  return r;
}

// Wraps the registrar handed to register_plugin.
class Registrar {
 public:
  explicit Registrar(PlinthRegistrar* r) : r_(r) {}
  PlinthRegistrar* raw() const { return r_; }

  // Offers kernel class K for builtin op `name` (e.g. "CONV_2D"), versions [min, max].
  template <class K>
  PlinthStatus AddBuiltin(const char* name, int min_version, int max_version,
                          std::vector<PlinthType> types) {
    PlinthOpRegistration r = MakeRegistration<K>(name, nullptr, min_version, max_version, types);
    return r_->register_op(r_, &r);
  }
  // Offers kernel class K for the custom op `name`.
  template <class K>
  PlinthStatus AddCustom(const char* name, int min_version, int max_version,
                         std::vector<PlinthType> types) {
    PlinthOpRegistration r = MakeRegistration<K>(nullptr, name, min_version, max_version, types);
    return r_->register_op(r_, &r);
  }
  // Offers a delegate (requires a core with ABI 1.1 or later).
  PlinthStatus AddDelegate(const PlinthDelegateRegistration& d) {
    if (r_->struct_size < offsetof(PlinthRegistrar, register_delegate) + sizeof(void*) ||
        r_->register_delegate == nullptr) {
      Error("this Plinth core is too old for delegates (needs ABI 1.1)");
      return PLINTH_ERROR;
    }
    return r_->register_delegate(r_, &d);
  }
  // Reports why registration fails; returns PLINTH_ERROR.
  template <class... Args> PlinthStatus Error(const Args&... args) {
    std::ostringstream s;
    (s << ... << args);
    r_->report_error(r_, s.str().c_str());
    return PLINTH_ERROR;
  }

 private:
  PlinthRegistrar* r_;
};

}  // namespace plinth

// Defines the plugin's exported entry point. `register_fn` has the signature
// `PlinthStatus register_fn(plinth::Registrar&)`.
#define PLINTH_DEFINE_PLUGIN(plugin_name, plugin_version, register_fn)                      \
  extern "C" PLINTH_EXPORT const PlinthPluginDescriptor* plinth_plugin_entry(void) {        \
    static const PlinthPluginDescriptor descriptor = {                                      \
        /* .struct_size = */ sizeof(PlinthPluginDescriptor),                               \
        /* .abi_major = */ PLINTH_ABI_MAJOR,                                                \
        /* .abi_minor = */ PLINTH_ABI_MINOR,                                                \
        /* .name = */ plugin_name,                                                          \
        /* .version = */ plugin_version,                                                    \
        /* .build_id = */ __DATE__ " " __TIME__,                                            \
        /* .register_plugin = */                                                            \
        [](PlinthRegistrar* r) -> PlinthStatus {                                            \
          try {                                                                             \
            plinth::Registrar registrar(r);                                                 \
            return register_fn(registrar);                                                  \
          } catch (const std::exception& e) {                                               \
            r->report_error(r, e.what());                                                   \
            return PLINTH_ERROR;                                                            \
          }                                                                                 \
        },                                                                                  \
    };                                                                                      \
    return &descriptor;                                                                     \
  }

#endif  // PLINTH_PLUGIN_HPP_
