#include "delegates/nnapi/nnapi_model.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace plinth::nnapi {

// ---- constants as memory ----------------------------------------------------------------------

ConstantMemory::~ConstantMemory() {
  for (Region& r : regions_) {
    if (r.memory != nullptr) api_->ANeuralNetworksMemory_free(r.memory);
  }
}

bool ConstantMemory::Find(const void* data, size_t bytes, const ANeuralNetworksMemory** memory,
                          size_t* offset) {
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data), end = begin + bytes;
  for (const Region& r : regions_) {
    if (begin >= r.start && end <= r.end) {
      if (r.memory == nullptr) return false;  // looked up before: not file-backed
      *memory = r.memory;
      *offset = begin - r.start;
      return true;
    }
  }
  // Find the file mapping that holds the bytes: /proc/self/maps gives its range, file offset,
  // inode and path.
  FILE* maps = std::fopen("/proc/self/maps", "r");
  if (maps == nullptr) return false;
  char line[4096];
  Region found;
  std::string path;
  uint64_t file_offset = 0, inode = 0;
  bool readable = false;
  while (std::fgets(line, sizeof(line), maps) != nullptr) {
    uintptr_t lo = 0, hi = 0;
    char perms[8] = {0};
    uint64_t off = 0, ino = 0;
    unsigned major = 0, minor = 0;
    int consumed = 0;
    if (std::sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s %" SCNx64 " %x:%x %" SCNu64 " %n", &lo,
                    &hi, perms, &off, &major, &minor, &ino, &consumed) < 7) {
      continue;
    }
    if (begin < lo || end > hi) continue;
    found.start = lo;
    found.end = hi;
    readable = perms[0] == 'r';
    file_offset = off;
    inode = ino;
    path = line + consumed;
    while (!path.empty() && (path.back() == '\n' || path.back() == ' ')) path.pop_back();
    break;
  }
  std::fclose(maps);
  if (found.end == 0) return false;
  if (readable && inode != 0 && !path.empty() && path[0] == '/') {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && fstat(fd, &st) == 0 && static_cast<uint64_t>(st.st_ino) == inode &&
        file_offset + (found.end - found.start) <= static_cast<uint64_t>(st.st_size) + 4096) {
      // The mapping may run past the end of the file up to a page: hand over only what exists.
      const size_t size = static_cast<size_t>(std::min<uint64_t>(
          found.end - found.start, static_cast<uint64_t>(st.st_size) - file_offset));
      ANeuralNetworksMemory* m = nullptr;
      if (api_->ANeuralNetworksMemory_createFromFd(size, PROT_READ, fd, file_offset, &m) ==
          ANEURALNETWORKS_NO_ERROR) {
        found.memory = m;
        found.end = found.start + size;
      }
    }
    if (fd >= 0) close(fd);  // the runtime keeps its own duplicate
  }
  regions_.push_back(found);
  if (found.memory == nullptr || end > found.end) return false;
  *memory = found.memory;
  *offset = begin - found.start;
  return true;
}

// ---- operand types ------------------------------------------------------------------------------

bool OperandCodeOf(const PlinthTensor* t, int32_t* code) {
  switch (t->type) {
    case PLINTH_FLOAT32:
      *code = ANEURALNETWORKS_TENSOR_FLOAT32;
      return true;
    case PLINTH_INT32:
      *code = ANEURALNETWORKS_TENSOR_INT32;
      return true;
    case PLINTH_UINT8:
      *code = ANEURALNETWORKS_TENSOR_QUANT8_ASYMM;
      return true;
    case PLINTH_INT8:
      *code = ANEURALNETWORKS_TENSOR_QUANT8_ASYMM_SIGNED;
      return true;
    default:
      return false;
  }
}

// ---- the model ----------------------------------------------------------------------------------

NnModel::NnModel(const NnApi* api, ConstantMemory* memory) : api_(api), memory_(memory) {
  Check(api_->ANeuralNetworksModel_create(&model_), "ANeuralNetworksModel_create");
}

NnModel::~NnModel() {
  if (model_ != nullptr) api_->ANeuralNetworksModel_free(model_);
}

void NnModel::Check(int code, const char* what) {
  if (code != ANEURALNETWORKS_NO_ERROR && error_.empty()) {
    error_ = std::string(what) + " failed: " + ResultName(code);
  }
}

uint32_t NnModel::AddOperand(const ANeuralNetworksOperandType& type) {
  if (!ok()) return 0;
  Check(api_->ANeuralNetworksModel_addOperand(model_, &type), "ANeuralNetworksModel_addOperand");
  return next_operand_++;
}

void NnModel::SetValue(uint32_t operand, const void* data, size_t bytes) {
  if (!ok()) return;
  Check(api_->ANeuralNetworksModel_setOperandValue(model_, static_cast<int32_t>(operand), data,
                                                   bytes),
        "ANeuralNetworksModel_setOperandValue");
}

uint32_t NnModel::Tensor(const PlinthTensor* t, const OperandRole& role) {
  auto it = operands_.find(t->index);
  if (it != operands_.end()) return it->second;
  std::vector<uint32_t> dims(t->dims, t->dims + t->rank);
  ANeuralNetworksOperandType type{};
  type.dimensionCount = static_cast<uint32_t>(dims.size());
  type.dimensions = dims.data();
  const PlinthQuantization* q = t->quantization;
  const bool per_channel = role.kind == OperandRole::kFilter && q->num_params > 1;
  if (!OperandCodeOf(t, &type.type)) {
    if (error_.empty()) error_ = "tensor " + std::to_string(t->index) + " has no NNAPI type";
    return 0;
  }
  if (per_channel) {
    type.type = ANEURALNETWORKS_TENSOR_QUANT8_SYMM_PER_CHANNEL;
  } else if (role.kind == OperandRole::kBias && t->type == PLINTH_INT32) {
    // NNAPI's rule: bias scale = input scale x filter scale (0 with per-channel weights, whose
    // per-channel products are implied).
    const PlinthQuantization* fq = role.filter->quantization;
    type.scale = fq->num_params > 1 ? 0.f : role.input->quantization->scales[0] * fq->scales[0];
  } else if (q->num_params > 0 && t->type != PLINTH_INT32) {
    type.scale = q->scales[0];
    type.zeroPoint = static_cast<int32_t>(q->zero_points[0]);
  }
  const uint32_t operand = AddOperand(type);
  operands_[t->index] = operand;
  if (per_channel && ok()) {
    ANeuralNetworksSymmPerChannelQuantParams params{};
    params.channelDim = static_cast<uint32_t>(role.channel_dim);
    params.scaleCount = static_cast<uint32_t>(q->num_params);
    params.scales = q->scales;  // the runtime copies them
    Check(api_->ANeuralNetworksModel_setOperandSymmPerChannelQuantParams(
              model_, static_cast<int32_t>(operand), &params),
          "ANeuralNetworksModel_setOperandSymmPerChannelQuantParams");
  }
  if ((t->flags & PLINTH_TENSOR_CONSTANT) != 0 && ok()) {
    // Model constants live as long as the model: above the copy threshold NNAPI keeps a reference
    // to them, and where they sit in the mmapped model file the driver gets that file as memory.
    const ANeuralNetworksMemory* memory = nullptr;
    size_t offset = 0;
    if (t->bytes > ANEURALNETWORKS_MAX_SIZE_OF_IMMEDIATELY_COPIED_VALUES && memory_ != nullptr &&
        memory_->Find(t->data, t->bytes, &memory, &offset)) {
      Check(api_->ANeuralNetworksModel_setOperandValueFromMemory(
                model_, static_cast<int32_t>(operand), memory, offset, t->bytes),
            "ANeuralNetworksModel_setOperandValueFromMemory");
    } else {
      SetValue(operand, t->data, t->bytes);
    }
  }
  return operand;
}

uint32_t NnModel::Int(int32_t value) {
  ANeuralNetworksOperandType type{ANEURALNETWORKS_INT32, 0, nullptr, 0.f, 0};
  const uint32_t operand = AddOperand(type);
  SetValue(operand, &value, sizeof(value));
  return operand;
}

uint32_t NnModel::Float(float value) {
  ANeuralNetworksOperandType type{ANEURALNETWORKS_FLOAT32, 0, nullptr, 0.f, 0};
  const uint32_t operand = AddOperand(type);
  SetValue(operand, &value, sizeof(value));
  return operand;
}

uint32_t NnModel::Bool(bool value) {
  ANeuralNetworksOperandType type{ANEURALNETWORKS_BOOL, 0, nullptr, 0.f, 0};
  const uint32_t operand = AddOperand(type);
  const uint8_t byte = value ? 1 : 0;
  SetValue(operand, &byte, 1);
  return operand;
}

uint32_t NnModel::IntVector(const std::vector<int32_t>& values, std::vector<uint32_t> dims) {
  if (dims.empty()) dims = {static_cast<uint32_t>(values.size())};
  return Constant(ANEURALNETWORKS_TENSOR_INT32, dims, 0.f, 0, values.data(),
                  values.size() * sizeof(int32_t));
}

uint32_t NnModel::Constant(int32_t code, const std::vector<uint32_t>& dims, float scale,
                           int32_t zero_point, const void* data, size_t bytes) {
  ANeuralNetworksOperandType type{code, static_cast<uint32_t>(dims.size()), dims.data(), scale,
                                  zero_point};
  const uint32_t operand = AddOperand(type);
  if (bytes > ANEURALNETWORKS_MAX_SIZE_OF_IMMEDIATELY_COPIED_VALUES) {
    // Referenced, not copied, by the runtime: keep a copy as long as the model.
    const uint8_t* p = static_cast<const uint8_t*>(data);
    owned_.push_back(std::make_unique<std::vector<uint8_t>>(p, p + bytes));
    data = owned_.back()->data();
  }
  SetValue(operand, data, bytes);
  return operand;
}

void NnModel::Operation(int32_t type, const std::vector<uint32_t>& inputs,
                        const std::vector<uint32_t>& outputs) {
  if (!ok()) return;
  Check(api_->ANeuralNetworksModel_addOperation(
            model_, type, static_cast<uint32_t>(inputs.size()), inputs.data(),
            static_cast<uint32_t>(outputs.size()), outputs.data()),
        "ANeuralNetworksModel_addOperation");
  ++num_operations_;
}

bool NnModel::Finish(const std::vector<const PlinthTensor*>& inputs,
                     const std::vector<const PlinthTensor*>& outputs, bool allow_fp16) {
  std::vector<uint32_t> in, out;
  for (const PlinthTensor* t : inputs) in.push_back(Tensor(t));
  for (const PlinthTensor* t : outputs) out.push_back(Tensor(t));
  if (!ok()) return false;
  Check(api_->ANeuralNetworksModel_identifyInputsAndOutputs(
            model_, static_cast<uint32_t>(in.size()), in.data(), static_cast<uint32_t>(out.size()),
            out.data()),
        "ANeuralNetworksModel_identifyInputsAndOutputs");
  if (ok() && allow_fp16) {
    Check(api_->ANeuralNetworksModel_relaxComputationFloat32toFloat16(model_, true),
          "ANeuralNetworksModel_relaxComputationFloat32toFloat16");
  }
  if (ok()) Check(api_->ANeuralNetworksModel_finish(model_), "ANeuralNetworksModel_finish");
  return ok();
}

}  // namespace plinth::nnapi
