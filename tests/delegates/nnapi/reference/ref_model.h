// The reference NNAPI implementation's objects: operands, operations, models and the validation
// and CPU execution of each operation (ref_ops.cc). Independent of Plinth's interpreter: only the
// integer arithmetic headers of builtin_ops/common are shared, as NNAPI's own CPU path shares
// TFLite's.
#ifndef PLINTH_TESTS_DELEGATES_NNAPI_REFERENCE_REF_MODEL_H_
#define PLINTH_TESTS_DELEGATES_NNAPI_REFERENCE_REF_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "delegates/nnapi/nnapi_types.h"

namespace refnn {

struct Operand {
  int32_t type = 0;
  std::vector<uint32_t> dims;
  float scale = 0.f;
  int32_t zero_point = 0;
  std::vector<float> channel_scales;  // TENSOR_QUANT8_SYMM_PER_CHANNEL
  uint32_t channel_dim = 0;
  enum Lifetime { kTemporary, kInput, kOutput, kConstant } lifetime = kTemporary;
  std::vector<uint8_t> copy;       // values up to 128 bytes, copied
  const uint8_t* value = nullptr;  // constant's bytes (copy, caller's buffer or memory)
  size_t length = 0;
  bool consumed = false;

  bool is_tensor() const;
  size_t ElementSize() const;
  size_t Elements() const;
  size_t Bytes() const { return ElementSize() * Elements(); }
  uint32_t dim(size_t i) const { return dims[i]; }
  uint32_t rank() const { return static_cast<uint32_t>(dims.size()); }
};

struct Operation {
  int32_t type = 0;
  std::vector<uint32_t> inputs, outputs;
};

struct Model {
  std::vector<Operand> operands;
  std::vector<Operation> operations;
  std::vector<uint32_t> inputs, outputs;
  bool finished = false;
  bool relaxed = false;
};

// Name of an operation code ("CONV_2D") for messages and the failure-injection list.
const char* OperationName(int32_t type);

// Validates operation `index` of `model` as NNAPI specifies (operand types, ranks, quantization,
// scalar parameters, the output shape it implies against the declared one). Empty when valid.
std::string ValidateOperation(const Model& model, size_t index);

// Computes operation `index`; `buffers[i]` holds operand i's bytes.
std::string RunOperation(const Model& model, size_t index, const std::vector<uint8_t*>& buffers);

}  // namespace refnn

#endif  // PLINTH_TESTS_DELEGATES_NNAPI_REFERENCE_REF_MODEL_H_
