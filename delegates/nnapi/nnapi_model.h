// An NNAPI model under construction: operands for Plinth tensors (constants handed over by
// reference or as memory), synthesized scalars and vectors, operations, and the final
// identifyInputsAndOutputs/finish. Errors are sticky: the first failing call is remembered and
// every later call is a no-op.
#ifndef PLINTH_DELEGATES_NNAPI_NNAPI_MODEL_H_
#define PLINTH_DELEGATES_NNAPI_NNAPI_MODEL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "delegates/nnapi/nnapi_library.h"
#include "plinth/plugin.h"

namespace plinth::nnapi {

// Maps constant data that lives in a file mapping (the model file Plinth mmapped) to an
// ANeuralNetworksMemory over the same file, so constants reach the driver without a copy.
class ConstantMemory {
 public:
  explicit ConstantMemory(const NnApi* api) : api_(api) {}
  ~ConstantMemory();
  ConstantMemory(const ConstantMemory&) = delete;
  ConstantMemory& operator=(const ConstantMemory&) = delete;
  // The memory and offset holding [data, data + bytes), or false when the bytes are not backed by
  // a readable file mapping (a model loaded from a buffer).
  bool Find(const void* data, size_t bytes, const ANeuralNetworksMemory** memory, size_t* offset);
  size_t regions() const { return regions_.size(); }

 private:
  struct Region {
    uintptr_t start = 0, end = 0;
    ANeuralNetworksMemory* memory = nullptr;
  };
  const NnApi* api_;
  std::vector<Region> regions_;
};

// How a graph tensor becomes an operand where the plain mapping is not enough.
struct OperandRole {
  enum Kind { kData, kFilter, kBias } kind = kData;
  int32_t channel_dim = 0;               // kFilter: the output-channel dimension (per-channel)
  const PlinthTensor* input = nullptr;   // kBias: the op's input ...
  const PlinthTensor* filter = nullptr;  // ... and filter (bias scale = input x filter)
};

class NnModel {
 public:
  NnModel(const NnApi* api, ConstantMemory* memory);
  ~NnModel();
  NnModel(const NnModel&) = delete;
  NnModel& operator=(const NnModel&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  ANeuralNetworksModel* get() const { return model_; }

  // The operand of a graph tensor (created on first use; constants get their values).
  uint32_t Tensor(const PlinthTensor* t, const OperandRole& role = {});
  bool HasTensor(const PlinthTensor* t) const { return operands_.count(t->index) != 0; }
  // Scalars and small constant tensors the translation synthesizes.
  uint32_t Int(int32_t value);
  uint32_t Float(float value);
  uint32_t Bool(bool value);
  uint32_t IntVector(const std::vector<int32_t>& values, std::vector<uint32_t> dims = {});
  // A constant tensor of `type` filled with `bytes` (copied into storage the model owns).
  uint32_t Constant(int32_t type, const std::vector<uint32_t>& dims, float scale,
                    int32_t zero_point, const void* data, size_t bytes);
  void Operation(int32_t type, const std::vector<uint32_t>& inputs,
                 const std::vector<uint32_t>& outputs);
  // Declares the model's inputs and outputs (graph tensors), sets fp16 relaxation and finishes.
  bool Finish(const std::vector<const PlinthTensor*>& inputs,
              const std::vector<const PlinthTensor*>& outputs, bool allow_fp16);
  // Number of NNAPI operations added so far.
  uint32_t num_operations() const { return num_operations_; }

 private:
  uint32_t AddOperand(const ANeuralNetworksOperandType& type);
  void SetValue(uint32_t operand, const void* data, size_t bytes);
  void Check(int code, const char* what);

  const NnApi* api_;
  ConstantMemory* memory_;
  ANeuralNetworksModel* model_ = nullptr;
  std::map<int32_t, uint32_t> operands_;  // graph tensor index -> operand
  uint32_t next_operand_ = 0;
  uint32_t num_operations_ = 0;
  std::vector<std::unique_ptr<std::vector<uint8_t>>> owned_;  // synthesized values (> 128 bytes)
  std::string error_;
};

// The NNAPI operand type of a graph tensor as data (float32, uint8 asymmetric, int8 asymmetric
// signed, int32); false for types NNAPI cannot hold.
bool OperandCodeOf(const PlinthTensor* t, int32_t* code);

}  // namespace plinth::nnapi

#endif  // PLINTH_DELEGATES_NNAPI_NNAPI_MODEL_H_
