#include "core/model.h"

namespace plinth {

absl::StatusOr<std::shared_ptr<const Model>> Model::Load(const std::string& path,
                                                         const ModelLimits& limits) {
  auto file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  return Create(*std::move(file), path, limits);
}

absl::StatusOr<std::shared_ptr<const Model>> Model::FromBuffer(absl::Span<const uint8_t> bytes,
                                                               const std::string& name,
                                                               const ModelLimits& limits) {
  return Create(MappedFile::Copy(bytes), name, limits);
}

absl::StatusOr<std::shared_ptr<const Model>> Model::Create(std::unique_ptr<MappedFile> file,
                                                           const std::string& name,
                                                           const ModelLimits& limits) {
  auto built = BuildGraph(name, file->data(), file->size(), limits);
  if (!built.ok()) return built.status();
  std::shared_ptr<Model> model(new Model());
  model->name_ = name;
  model->file_ = std::move(file);
  model->built_ = *std::move(built);
  model->cache_ = std::make_unique<ModelSharedCache>();
  return std::shared_ptr<const Model>(std::move(model));
}

}  // namespace plinth
