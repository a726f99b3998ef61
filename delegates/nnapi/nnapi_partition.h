// One partition compiled by NNAPI: its model (operands, operations, constants), the compilation
// for the chosen devices, and the executions that run it.
#ifndef PLINTH_DELEGATES_NNAPI_NNAPI_PARTITION_H_
#define PLINTH_DELEGATES_NNAPI_NNAPI_PARTITION_H_

#include <memory>
#include <string>
#include <vector>

#include "delegates/nnapi/nnapi_model.h"
#include "delegates/nnapi/nnapi_options.h"
#include "plinth/plugin.h"

namespace plinth::nnapi {

// What the partition is compiled for.
struct Target {
  const NnApi* api = nullptr;
  std::vector<ANeuralNetworksDevice*> devices;
  int feature_level = 0;
  const NnApiOptions* options = nullptr;
};

class NnPartition {
 public:
  // Translates the partition's nodes into one NNAPI model and compiles it.
  static std::unique_ptr<NnPartition> Build(const Target& target, PlinthContext* ctx,
                                            const PlinthGraphView* graph,
                                            const PlinthPartition* partition, std::string* error);
  ~NnPartition();
  NnPartition(const NnPartition&) = delete;
  NnPartition& operator=(const NnPartition&) = delete;

  // Runs one execution: the partition's inputs in, its outputs out.
  bool Run(PlinthTensor* const* inputs, int32_t num_inputs, PlinthTensor* const* outputs,
           int32_t num_outputs, std::string* error);

 private:
  explicit NnPartition(const Target& target) : target_(target), memory_(target.api) {}
  Target target_;
  ConstantMemory memory_;
  std::unique_ptr<NnModel> model_;
  ANeuralNetworksCompilation* compilation_ = nullptr;
  std::vector<int32_t> input_positions_;  // partition inputs that are model inputs, in order
};

// The 32-byte compilation cache token of a partition: the user's model token, the nodes and the
// shapes at the partition's border.
std::vector<uint8_t> CacheToken(const std::string& model_token, const PlinthGraphView* graph,
                                const PlinthPartition* partition);

}  // namespace plinth::nnapi

#endif  // PLINTH_DELEGATES_NNAPI_NNAPI_PARTITION_H_
