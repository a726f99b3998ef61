// A reference NNAPI runtime for tests (libplinth_reference_nnapi.so): the C functions of
// libneuralnetworks.so that the NNAPI delegate uses, with NNAPI's rules for building a model
// (operand and operation validation at finish), one CPU device, compilation (with caching) and
// execution. Computation is ref_ops.cc.
//
// Failure injection, read from the environment at each call:
//   PLINTH_REF_NNAPI_FEATURE_LEVEL=CODE   feature level reported (27..31, 1000006..; default 31)
//   PLINTH_REF_NNAPI_UNSUPPORTED=OP,...   operations the device reports unsupported (and refuses
//                                         to compile), by NNAPI name: CONV_2D, SOFTMAX, ...
//   PLINTH_REF_NNAPI_FAIL=compilation     ANeuralNetworksCompilation_finish fails
//   PLINTH_REF_NNAPI_FAIL=execution[:N]   ANeuralNetworksExecution_compute fails (from call N on)
//   PLINTH_REF_NNAPI_DEVICE=NAME          the device's name (default plinth-reference)
#include <sys/mman.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>

#include "tests/delegates/nnapi/reference/ref_model.h"
#include "tests/delegates/nnapi/reference/ref_nnapi_stats.h"

#define REF_EXPORT extern "C" __attribute__((visibility("default")))

struct ANeuralNetworksMemory {
  void* base = nullptr;
  size_t size = 0;
};
struct ANeuralNetworksModel {
  refnn::Model model;
};
struct ANeuralNetworksDevice {
  int unused = 0;
};
struct ANeuralNetworksCompilation {
  const ANeuralNetworksModel* model = nullptr;
  int32_t preference = ANEURALNETWORKS_PREFER_FAST_SINGLE_ANSWER;
  int32_t priority = ANEURALNETWORKS_PRIORITY_DEFAULT;
  std::string cache_dir;
  std::string token_hex;
  bool finished = false;
};
struct ANeuralNetworksExecution {
  const ANeuralNetworksCompilation* compilation = nullptr;
  std::vector<const void*> inputs;
  std::vector<void*> outputs;
  bool computed = false;
};

namespace {

std::mutex g_mu;
PlinthRefNnapiStats g_stats{};
int g_compute_calls = 0;
ANeuralNetworksDevice g_device;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

int64_t FeatureLevelCode() {
  const std::string v = Env("PLINTH_REF_NNAPI_FEATURE_LEVEL");
  return v.empty() ? int64_t{ANEURALNETWORKS_FEATURE_LEVEL_5} : std::atoll(v.c_str());
}
int FeatureLevel() {
  const int64_t code = FeatureLevelCode();
  if (code >= 27 && code <= 31) return static_cast<int>(code - 26);
  return code > 1000000 ? static_cast<int>(code - 1000000) : 0;
}

std::set<std::string> Unsupported() {
  std::set<std::string> names;
  std::stringstream list(Env("PLINTH_REF_NNAPI_UNSUPPORTED"));
  for (std::string name; std::getline(list, name, ',');) {
    if (!name.empty()) names.insert(name);
  }
  return names;
}

void Log(const std::string& message) {
  if (!Env("PLINTH_REF_NNAPI_VERBOSE").empty())
    std::fprintf(stderr, "reference NNAPI: %s\n", message.c_str());
}

int Bad(const std::string& message) {
  Log(message);
  return ANEURALNETWORKS_BAD_DATA;
}

bool ValidOperandType(int32_t type) {
  return type >= ANEURALNETWORKS_FLOAT32 && type <= ANEURALNETWORKS_TENSOR_QUANT8_ASYMM_SIGNED &&
         type != ANEURALNETWORKS_TENSOR_FLOAT16 && type != ANEURALNETWORKS_FLOAT16;
}

// The model checks of ANeuralNetworksModel_finish: every operand defined once before use,
// constants with values, inputs and outputs declared, each operation valid for this feature
// level.
std::string ValidateModel(const refnn::Model& m) {
  using refnn::Operand;
  if (m.outputs.empty()) return "the model has no outputs";
  std::vector<bool> defined(m.operands.size(), false);
  for (size_t i = 0; i < m.operands.size(); ++i) {
    const Operand& o = m.operands[i];
    if (o.lifetime == Operand::kConstant) {
      if (o.value == nullptr) return "operand " + std::to_string(i) + " has no value";
      if (o.length != o.Bytes()) {
        return "operand " + std::to_string(i) + " value is " + std::to_string(o.length) +
               " bytes, its type needs " + std::to_string(o.Bytes());
      }
    }
    if (o.lifetime == Operand::kConstant || o.lifetime == Operand::kInput) defined[i] = true;
    if (o.type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM_SIGNED && FeatureLevel() < 4) {
      return "operand " + std::to_string(i) +
             " is TENSOR_QUANT8_ASYMM_SIGNED, which needs feature level 4";
    }
    if (o.type == ANEURALNETWORKS_TENSOR_QUANT8_SYMM_PER_CHANNEL && o.channel_scales.empty()) {
      return "operand " + std::to_string(i) + " lacks its per-channel scales";
    }
  }
  for (size_t k = 0; k < m.operations.size(); ++k) {
    const refnn::Operation& op = m.operations[k];
    if (op.type == ANEURALNETWORKS_HARD_SWISH && FeatureLevel() < 4) {
      return "HARD_SWISH needs feature level 4";
    }
    for (uint32_t i : op.inputs) {
      if (!defined[i]) {
        return "operation " + std::to_string(k) + " reads operand " + std::to_string(i) +
               " before anything writes it";
      }
    }
    for (uint32_t o : op.outputs) {
      const Operand& t = m.operands[o];
      if (defined[o] || t.lifetime == Operand::kConstant || t.lifetime == Operand::kInput) {
        return "operation " + std::to_string(k) + " writes operand " + std::to_string(o) +
               ", which already has a value";
      }
      for (uint32_t d : t.dims) {
        if (d == 0) return "operand " + std::to_string(o) + " has an unspecified dimension";
      }
      defined[o] = true;
    }
    const std::string error = refnn::ValidateOperation(m, k);
    if (!error.empty()) return error;
  }
  for (uint32_t o : m.outputs) {
    if (!defined[o]) return "model output " + std::to_string(o) + " is never written";
  }
  return "";
}

refnn::Operand* OperandAt(ANeuralNetworksModel* model, int32_t index) {
  if (model == nullptr || index < 0 || static_cast<size_t>(index) >= model->model.operands.size()) {
    return nullptr;
  }
  return &model->model.operands[index];
}

std::string Hex(const uint8_t* token) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < ANEURALNETWORKS_BYTE_SIZE_OF_CACHE_TOKEN; ++i) {
    s += digits[token[i] >> 4];
    s += digits[token[i] & 15];
  }
  return s;
}

}  // namespace

// ---- stats (tests) -----------------------------------------------------------------------------

REF_EXPORT void PlinthRefNnapi_GetStats(PlinthRefNnapiStats* stats) {
  std::lock_guard<std::mutex> lock(g_mu);
  *stats = g_stats;
}
REF_EXPORT void PlinthRefNnapi_ResetStats(void) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_stats = PlinthRefNnapiStats{};
  g_stats.last_priority = -1;
  g_compute_calls = 0;
}

// ---- runtime and devices ---------------------------------------------------------------------

REF_EXPORT int64_t ANeuralNetworks_getRuntimeFeatureLevel(void) { return FeatureLevelCode(); }

REF_EXPORT int ANeuralNetworks_getDeviceCount(uint32_t* count) {
  if (count == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  *count = 1;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworks_getDevice(uint32_t index, ANeuralNetworksDevice** device) {
  if (device == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (index != 0) return ANEURALNETWORKS_BAD_DATA;
  *device = &g_device;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworksDevice_getName(const ANeuralNetworksDevice* device,
                                             const char** name) {
  if (device == nullptr || name == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  static std::string stored;
  stored = Env("PLINTH_REF_NNAPI_DEVICE");
  if (stored.empty()) stored = "plinth-reference";
  *name = stored.c_str();
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworksDevice_getType(const ANeuralNetworksDevice* device, int32_t* type) {
  if (device == nullptr || type == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  *type = ANEURALNETWORKS_DEVICE_ACCELERATOR;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworksDevice_getFeatureLevel(const ANeuralNetworksDevice* device,
                                                     int64_t* level) {
  if (device == nullptr || level == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  *level = FeatureLevelCode();
  return ANEURALNETWORKS_NO_ERROR;
}

// ---- memory -----------------------------------------------------------------------------------

REF_EXPORT int ANeuralNetworksMemory_createFromFd(size_t size, int protect, int fd, size_t offset,
                                                  ANeuralNetworksMemory** memory) {
  if (memory == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (size == 0) return Bad("createFromFd: zero size");
  void* base = mmap(nullptr, size, protect, MAP_SHARED, fd, static_cast<off_t>(offset));
  if (base == MAP_FAILED) return Bad("createFromFd: mmap failed");
  *memory = new ANeuralNetworksMemory{base, size};
  std::lock_guard<std::mutex> lock(g_mu);
  ++g_stats.memories_created;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT void ANeuralNetworksMemory_free(ANeuralNetworksMemory* memory) {
  if (memory == nullptr) return;
  munmap(memory->base, memory->size);
  delete memory;
}

// ---- models -----------------------------------------------------------------------------------

REF_EXPORT int ANeuralNetworksModel_create(ANeuralNetworksModel** model) {
  if (model == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  *model = new ANeuralNetworksModel();
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT void ANeuralNetworksModel_free(ANeuralNetworksModel* model) { delete model; }

REF_EXPORT int ANeuralNetworksModel_addOperand(ANeuralNetworksModel* model,
                                               const ANeuralNetworksOperandType* type) {
  if (model == nullptr || type == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  if (!ValidOperandType(type->type))
    return Bad("addOperand: unsupported type " + std::to_string(type->type));
  refnn::Operand o;
  o.type = type->type;
  o.dims.assign(type->dimensions, type->dimensions + type->dimensionCount);
  o.scale = type->scale;
  o.zero_point = type->zeroPoint;
  if (!o.is_tensor() && type->dimensionCount != 0)
    return Bad("addOperand: scalars have no dimensions");
  if (o.is_tensor() && type->dimensionCount == 0) {
    return Bad("addOperand: the reference implementation needs tensors of known rank");
  }
  if (o.type == ANEURALNETWORKS_TENSOR_INT32 && o.zero_point != 0) {
    return Bad("addOperand: TENSOR_INT32 zero point must be 0");
  }
  if ((o.type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM ||
       o.type == ANEURALNETWORKS_TENSOR_QUANT8_ASYMM_SIGNED) &&
      !(o.scale > 0.f)) {
    return Bad("addOperand: quantized tensors need a positive scale");
  }
  model->model.operands.push_back(std::move(o));
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_setOperandValue(ANeuralNetworksModel* model, int32_t index,
                                                    const void* buffer, size_t length) {
  refnn::Operand* o = OperandAt(model, index);
  if (o == nullptr || buffer == nullptr) return Bad("setOperandValue: bad operand or null buffer");
  if (model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  if (length != o->Bytes()) {
    return Bad("setOperandValue: operand " + std::to_string(index) + " needs " +
               std::to_string(o->Bytes()) + " bytes, got " + std::to_string(length));
  }
  o->lifetime = refnn::Operand::kConstant;
  o->length = length;
  std::lock_guard<std::mutex> lock(g_mu);
  if (length <= ANEURALNETWORKS_MAX_SIZE_OF_IMMEDIATELY_COPIED_VALUES) {
    const uint8_t* p = static_cast<const uint8_t*>(buffer);
    o->copy.assign(p, p + length);
    o->value = o->copy.data();
    ++g_stats.values_copied;
  } else {
    o->value = static_cast<const uint8_t*>(buffer);  // the caller keeps it alive
    ++g_stats.values_referenced;
  }
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_setOperandValueFromMemory(ANeuralNetworksModel* model,
                                                              int32_t index,
                                                              const ANeuralNetworksMemory* memory,
                                                              size_t offset, size_t length) {
  refnn::Operand* o = OperandAt(model, index);
  if (o == nullptr || memory == nullptr)
    return Bad("setOperandValueFromMemory: bad operand or memory");
  if (model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  if (length != o->Bytes() || offset + length > memory->size) {
    return Bad("setOperandValueFromMemory: range outside the memory or wrong length");
  }
  o->lifetime = refnn::Operand::kConstant;
  o->value = static_cast<const uint8_t*>(memory->base) + offset;
  o->length = length;
  std::lock_guard<std::mutex> lock(g_mu);
  ++g_stats.values_from_memory;
  g_stats.bytes_from_memory += length;
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_setOperandSymmPerChannelQuantParams(
    ANeuralNetworksModel* model, int32_t index, const ANeuralNetworksSymmPerChannelQuantParams* p) {
  refnn::Operand* o = OperandAt(model, index);
  if (o == nullptr || p == nullptr || p->scales == nullptr) return Bad("per-channel params: null");
  if (o->type != ANEURALNETWORKS_TENSOR_QUANT8_SYMM_PER_CHANNEL) {
    return Bad("per-channel params on an operand that is not TENSOR_QUANT8_SYMM_PER_CHANNEL");
  }
  if (p->channelDim >= o->rank() || p->scaleCount != o->dims[p->channelDim]) {
    return Bad("per-channel params: channelDim out of range or scale count mismatch");
  }
  o->channel_dim = p->channelDim;
  o->channel_scales.assign(p->scales, p->scales + p->scaleCount);
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_addOperation(ANeuralNetworksModel* model,
                                                 ANeuralNetworksOperationType type,
                                                 uint32_t input_count, const uint32_t* inputs,
                                                 uint32_t output_count, const uint32_t* outputs) {
  if (model == nullptr || (input_count && !inputs) || (output_count && !outputs)) {
    return ANEURALNETWORKS_UNEXPECTED_NULL;
  }
  if (model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  if (refnn::OperationName(type) == nullptr)
    return Bad("addOperation: unknown operation " + std::to_string(type));
  refnn::Operation op;
  op.type = type;
  for (uint32_t i = 0; i < input_count; ++i) {
    if (inputs[i] >= model->model.operands.size())
      return Bad("addOperation: input index out of range");
    op.inputs.push_back(inputs[i]);
  }
  for (uint32_t i = 0; i < output_count; ++i) {
    if (outputs[i] >= model->model.operands.size())
      return Bad("addOperation: output index out of range");
    op.outputs.push_back(outputs[i]);
  }
  model->model.operations.push_back(std::move(op));
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_identifyInputsAndOutputs(ANeuralNetworksModel* model,
                                                             uint32_t input_count,
                                                             const uint32_t* inputs,
                                                             uint32_t output_count,
                                                             const uint32_t* outputs) {
  if (model == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  auto& m = model->model;
  for (uint32_t i = 0; i < input_count; ++i) {
    if (inputs[i] >= m.operands.size()) return Bad("identify: input out of range");
    refnn::Operand& o = m.operands[inputs[i]];
    if (o.lifetime != refnn::Operand::kTemporary)
      return Bad("identify: an input is constant or listed twice");
    o.lifetime = refnn::Operand::kInput;
    m.inputs.push_back(inputs[i]);
  }
  for (uint32_t i = 0; i < output_count; ++i) {
    if (outputs[i] >= m.operands.size()) return Bad("identify: output out of range");
    refnn::Operand& o = m.operands[outputs[i]];
    if (o.lifetime != refnn::Operand::kTemporary)
      return Bad("identify: an output is an input, a constant or listed twice");
    o.lifetime = refnn::Operand::kOutput;
    m.outputs.push_back(outputs[i]);
  }
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_relaxComputationFloat32toFloat16(ANeuralNetworksModel* model,
                                                                     bool allow) {
  if (model == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  model->model.relaxed = allow;
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_finish(ANeuralNetworksModel* model) {
  if (model == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  const std::string error = ValidateModel(model->model);
  if (!error.empty()) return Bad("finish: " + error);
  model->model.finished = true;
  std::lock_guard<std::mutex> lock(g_mu);
  ++g_stats.models_finished;
  g_stats.operations_finished += static_cast<int32_t>(model->model.operations.size());
  if (model->model.relaxed) ++g_stats.relaxed_models;
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksModel_getSupportedOperationsForDevices(
    const ANeuralNetworksModel* model, const ANeuralNetworksDevice* const* devices,
    uint32_t num_devices, bool* supported) {
  if (model == nullptr || devices == nullptr || supported == nullptr) {
    return ANEURALNETWORKS_UNEXPECTED_NULL;
  }
  if (!model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  if (num_devices == 0 || devices[0] != &g_device) return Bad("unknown device");
  const std::set<std::string> unsupported = Unsupported();
  for (size_t k = 0; k < model->model.operations.size(); ++k) {
    supported[k] = unsupported.count(refnn::OperationName(model->model.operations[k].type)) == 0;
  }
  return ANEURALNETWORKS_NO_ERROR;
}

// ---- compilation ------------------------------------------------------------------------------

REF_EXPORT int ANeuralNetworksCompilation_createForDevices(
    ANeuralNetworksModel* model, const ANeuralNetworksDevice* const* devices, uint32_t num_devices,
    ANeuralNetworksCompilation** compilation) {
  if (model == nullptr || devices == nullptr || compilation == nullptr) {
    return ANEURALNETWORKS_UNEXPECTED_NULL;
  }
  if (!model->model.finished) return ANEURALNETWORKS_BAD_STATE;
  for (uint32_t i = 0; i < num_devices; ++i) {
    if (devices[i] != &g_device) return Bad("createForDevices: unknown device");
  }
  if (num_devices == 0) return Bad("createForDevices: no device");
  *compilation = new ANeuralNetworksCompilation();
  (*compilation)->model = model;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT void ANeuralNetworksCompilation_free(ANeuralNetworksCompilation* compilation) {
  delete compilation;
}
REF_EXPORT int ANeuralNetworksCompilation_setPreference(ANeuralNetworksCompilation* compilation,
                                                        int32_t preference) {
  if (compilation == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (compilation->finished) return ANEURALNETWORKS_BAD_STATE;
  if (preference < ANEURALNETWORKS_PREFER_LOW_POWER ||
      preference > ANEURALNETWORKS_PREFER_SUSTAINED_SPEED) {
    return Bad("setPreference: invalid preference");
  }
  compilation->preference = preference;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworksCompilation_setPriority(ANeuralNetworksCompilation* compilation,
                                                      int priority) {
  if (compilation == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (compilation->finished) return ANEURALNETWORKS_BAD_STATE;
  if (FeatureLevel() < 4) return Bad("setPriority needs feature level 4");
  if (priority != ANEURALNETWORKS_PRIORITY_LOW && priority != ANEURALNETWORKS_PRIORITY_MEDIUM &&
      priority != ANEURALNETWORKS_PRIORITY_HIGH) {
    return Bad("setPriority: invalid priority");
  }
  compilation->priority = priority;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworksCompilation_setCaching(ANeuralNetworksCompilation* compilation,
                                                     const char* cache_dir, const uint8_t* token) {
  if (compilation == nullptr || cache_dir == nullptr || token == nullptr) {
    return ANEURALNETWORKS_UNEXPECTED_NULL;
  }
  if (compilation->finished) return ANEURALNETWORKS_BAD_STATE;
  compilation->cache_dir = cache_dir;
  compilation->token_hex = Hex(token);
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworksCompilation_finish(ANeuralNetworksCompilation* compilation) {
  if (compilation == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (compilation->finished) return ANEURALNETWORKS_BAD_STATE;
  if (Env("PLINTH_REF_NNAPI_FAIL") == "compilation") {
    Log("compilation fails (injected)");
    return ANEURALNETWORKS_OP_FAILED;
  }
  const std::set<std::string> unsupported = Unsupported();
  for (const refnn::Operation& op : compilation->model->model.operations) {
    if (unsupported.count(refnn::OperationName(op.type))) {
      return Bad(std::string("compile: the device does not support ") +
                 refnn::OperationName(op.type));
    }
  }
  std::lock_guard<std::mutex> lock(g_mu);
  if (!compilation->cache_dir.empty()) {
    // A cache entry per token: found means the compilation was "loaded" from the cache.
    const std::string path = compilation->cache_dir + "/" + compilation->token_hex + ".refnn";
    struct stat st {};
    if (stat(path.c_str(), &st) == 0) {
      ++g_stats.cache_hits;
    } else if (std::ofstream(path) << compilation->model->model.operations.size()) {
      ++g_stats.cache_writes;
    }
  }
  compilation->finished = true;
  ++g_stats.compilations_finished;
  g_stats.last_preference = compilation->preference;
  g_stats.last_priority = compilation->priority;
  return ANEURALNETWORKS_NO_ERROR;
}

// ---- execution --------------------------------------------------------------------------------

REF_EXPORT int ANeuralNetworksExecution_create(ANeuralNetworksCompilation* compilation,
                                               ANeuralNetworksExecution** execution) {
  if (compilation == nullptr || execution == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (!compilation->finished) return ANEURALNETWORKS_BAD_STATE;
  auto* e = new ANeuralNetworksExecution();
  e->compilation = compilation;
  e->inputs.assign(compilation->model->model.inputs.size(), nullptr);
  e->outputs.assign(compilation->model->model.outputs.size(), nullptr);
  *execution = e;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT void ANeuralNetworksExecution_free(ANeuralNetworksExecution* execution) {
  delete execution;
}

namespace {
int CheckIo(const refnn::Operand& o, const ANeuralNetworksOperandType* type, size_t length) {
  if (type != nullptr) {
    if (type->type != o.type || type->dimensionCount != o.rank() ||
        !std::equal(o.dims.begin(), o.dims.end(), type->dimensions)) {
      return Bad("execution: the type given differs from the model's");
    }
  }
  if (length != o.Bytes()) {
    return Bad("execution: buffer of " + std::to_string(length) + " bytes for an operand of " +
               std::to_string(o.Bytes()));
  }
  return ANEURALNETWORKS_NO_ERROR;
}
}  // namespace

REF_EXPORT int ANeuralNetworksExecution_setInput(ANeuralNetworksExecution* e, int32_t index,
                                                 const ANeuralNetworksOperandType* type,
                                                 const void* buffer, size_t length) {
  if (e == nullptr || buffer == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  const auto& m = e->compilation->model->model;
  if (index < 0 || static_cast<size_t>(index) >= m.inputs.size())
    return Bad("setInput: index out of range");
  if (int r = CheckIo(m.operands[m.inputs[index]], type, length); r != ANEURALNETWORKS_NO_ERROR)
    return r;
  e->inputs[index] = buffer;
  return ANEURALNETWORKS_NO_ERROR;
}
REF_EXPORT int ANeuralNetworksExecution_setOutput(ANeuralNetworksExecution* e, int32_t index,
                                                  const ANeuralNetworksOperandType* type,
                                                  void* buffer, size_t length) {
  if (e == nullptr || buffer == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  const auto& m = e->compilation->model->model;
  if (index < 0 || static_cast<size_t>(index) >= m.outputs.size())
    return Bad("setOutput: index out of range");
  if (int r = CheckIo(m.operands[m.outputs[index]], type, length); r != ANEURALNETWORKS_NO_ERROR)
    return r;
  e->outputs[index] = buffer;
  return ANEURALNETWORKS_NO_ERROR;
}

REF_EXPORT int ANeuralNetworksExecution_compute(ANeuralNetworksExecution* e) {
  if (e == nullptr) return ANEURALNETWORKS_UNEXPECTED_NULL;
  if (e->computed) return ANEURALNETWORKS_BAD_STATE;  // executions are single-use
  e->computed = true;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    ++g_compute_calls;
    ++g_stats.executions;
    const std::string fail = Env("PLINTH_REF_NNAPI_FAIL");
    if (fail.rfind("execution", 0) == 0) {
      const int from = fail.size() > 10 ? std::atoi(fail.c_str() + 10) : 1;
      if (g_compute_calls >= from) {
        Log("execution fails (injected)");
        return ANEURALNETWORKS_OP_FAILED;
      }
    }
  }
  const refnn::Model& m = e->compilation->model->model;
  for (size_t i = 0; i < e->inputs.size(); ++i) {
    if (e->inputs[i] == nullptr) return Bad("compute: input " + std::to_string(i) + " not set");
  }
  for (size_t i = 0; i < e->outputs.size(); ++i) {
    if (e->outputs[i] == nullptr) return Bad("compute: output " + std::to_string(i) + " not set");
  }
  std::vector<uint8_t*> buffers(m.operands.size(), nullptr);
  std::vector<std::unique_ptr<uint8_t[]>> temporaries;
  for (size_t i = 0; i < m.operands.size(); ++i) {
    const refnn::Operand& o = m.operands[i];
    if (o.lifetime == refnn::Operand::kConstant) {
      buffers[i] = const_cast<uint8_t*>(o.value);
    } else if (o.lifetime == refnn::Operand::kTemporary) {
      temporaries.emplace_back(new uint8_t[std::max<size_t>(o.Bytes(), 1)]);
      buffers[i] = temporaries.back().get();
    }
  }
  for (size_t i = 0; i < m.inputs.size(); ++i)
    buffers[m.inputs[i]] = static_cast<uint8_t*>(const_cast<void*>(e->inputs[i]));
  for (size_t i = 0; i < m.outputs.size(); ++i)
    buffers[m.outputs[i]] = static_cast<uint8_t*>(e->outputs[i]);
  for (size_t k = 0; k < m.operations.size(); ++k) {
    const std::string error = refnn::RunOperation(m, k, buffers);
    if (!error.empty()) {
      Log("compute: " + error);
      return ANEURALNETWORKS_OP_FAILED;
    }
  }
  return ANEURALNETWORKS_NO_ERROR;
}
