// The parsed, validated structure of a model: subgraphs, tensors, nodes and signatures.
// Built once per model by BuildGraph (graph_builder.h); immutable and shared afterwards.
#ifndef PLINTH_CORE_GRAPH_H_
#define PLINTH_CORE_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "plinth/plugin.h"

namespace plinth {

struct QuantParams {
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int32_t quantized_dimension = 0;
};

struct TensorDef {
  std::string name;
  PlinthType type = PLINTH_FLOAT32;
  std::vector<int32_t> shape;
  // The shape with -1 where the converter left a dimension open; equal to shape when absent.
  std::vector<int32_t> shape_signature;
  // Constant contents (in the mapped file, or a model-owned aligned copy); null when not constant.
  const uint8_t* data = nullptr;
  size_t data_size = 0;
  bool is_variable = false;
  QuantParams quant;
};

struct NodeDef {
  int32_t builtin_code = 0;
  bool is_custom = false;
  std::string op_name;  // builtin name ("CONV_2D", "BUILTIN_212" if unknown) or custom code
  int32_t version = 1;
  std::vector<int32_t> inputs;  // -1 for omitted optional inputs
  std::vector<int32_t> outputs;
  std::vector<int32_t> intermediates;
  // Builtin options: the FlatBuffers table (verified) and its union type; null/0 when absent.
  const void* options_table = nullptr;
  uint8_t options_type = 0;
  const uint8_t* custom_options = nullptr;
  size_t custom_options_size = 0;
};

struct SubgraphDef {
  std::string name;
  std::vector<TensorDef> tensors;
  std::vector<NodeDef> nodes;  // execution order
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
};

struct SignatureDef {
  std::string key;
  int32_t subgraph_index = 0;
  std::vector<std::pair<std::string, int32_t>> inputs;  // alias -> tensor index
  std::vector<std::pair<std::string, int32_t>> outputs;
};

struct MetadataEntry {
  std::string name;
  const uint8_t* data = nullptr;
  size_t size = 0;
};

struct Graph {
  uint32_t schema_version = 0;
  std::string description;
  std::vector<SubgraphDef> subgraphs;
  std::vector<SignatureDef> signatures;
  std::vector<MetadataEntry> metadata;
};

}  // namespace plinth

#endif  // PLINTH_CORE_GRAPH_H_
