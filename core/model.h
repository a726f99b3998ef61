// A loaded model: the mapped file, verified and parsed into a Graph. Immutable and shared by any
// number of interpreters on any number of threads.
#ifndef PLINTH_CORE_MODEL_H_
#define PLINTH_CORE_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/graph.h"
#include "core/graph_builder.h"
#include "core/mapped_file.h"
#include "core/model_shared_cache.h"

namespace plinth {

class Model {
 public:
  // Maps and validates the file at `path`. Every error names the file and the offending element.
  static absl::StatusOr<std::shared_ptr<const Model>> Load(const std::string& path,
                                                           const ModelLimits& limits = {});
  // Validates a model held in memory (copied); `name` appears in messages.
  static absl::StatusOr<std::shared_ptr<const Model>> FromBuffer(
      absl::Span<const uint8_t> bytes, const std::string& name = "<memory>",
      const ModelLimits& limits = {});

  const std::string& name() const { return name_; }
  const Graph& graph() const { return built_->graph; }
  size_t file_size() const { return file_->size(); }
  // The model's bytes (mapped file or owned copy); constants point into them when aligned.
  const uint8_t* file_data() const { return file_->data(); }
  // Spec deviations accepted while loading (each also worth a warning to the user).
  const std::vector<std::string>& warnings() const { return built_->warnings; }
  // Data kernels derive from constants once per model (packed weights), shared by interpreters.
  ModelSharedCache& shared_cache() const { return *cache_; }

 private:
  Model() = default;
  static absl::StatusOr<std::shared_ptr<const Model>> Create(std::unique_ptr<MappedFile> file,
                                                             const std::string& name,
                                                             const ModelLimits& limits);
  std::string name_;
  std::unique_ptr<MappedFile> file_;
  std::unique_ptr<BuiltGraph> built_;
  std::unique_ptr<ModelSharedCache> cache_;
};

}  // namespace plinth

#endif  // PLINTH_CORE_MODEL_H_
