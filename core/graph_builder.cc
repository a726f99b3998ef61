#include "core/graph_builder.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/schema_reflection.h"
#include "flatbuffers/flatbuffers.h"
#include "plinth/plugin.hpp"
#include "schema/tflite_generated.h"

namespace plinth {
namespace {

constexpr int32_t kCustomCode = 32;
constexpr uint32_t kNewestSchemaVersion = 3;
constexpr size_t kConstantAlignment = 16;
// The FlatBuffers verifier takes at most this many bytes; larger files keep their buffers after it.
constexpr size_t kMaxFlatBufferSize = FLATBUFFERS_MAX_BUFFER_SIZE - 1;

struct BufferView {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

class Builder {
 public:
  Builder(const std::string& name, const uint8_t* file, size_t file_size, const ModelLimits& limits)
      : name_(name), file_(file), file_size_(file_size), limits_(limits) {}

  absl::StatusOr<std::unique_ptr<BuiltGraph>> Build() {
    if (file_size_ < 8) {
      return Invalid(absl::StrCat("file is ", file_size_, " bytes, too small to be a model"));
    }
    if (!flatbuffers::BufferHasIdentifier(file_, tfl::ModelIdentifier())) {
      std::string id(reinterpret_cast<const char*>(file_) + 4, 4);
      for (char& c : id)
        if (c < 32 || c > 126) c = '?';
      return Invalid(
          absl::StrCat("not a TFLite model: file identifier is '", id, "', expected 'TFL3'"));
    }
    flatbuffers::Verifier verifier(file_, std::min(file_size_, kMaxFlatBufferSize), 64,
                                   limits_.max_flatbuffer_tables);
    if (!tfl::VerifyModelBuffer(verifier)) {
      return Invalid(
          "the FlatBuffer is corrupt or truncated (the verifier rejected it: an offset, size or "
          "table points outside the file)");
    }
    model_ = tfl::GetModel(file_);
    out_ = std::make_unique<BuiltGraph>();
    Graph& g = out_->graph;
    g.schema_version = model_->version();
    if (g.schema_version > kNewestSchemaVersion) {
      return Invalid(absl::StrCat("schema version ", g.schema_version,
                                  " is newer than the newest Plinth reads (", kNewestSchemaVersion,
                                  ")"));
    }
    if (model_->description()) g.description = model_->description()->str();
    if (auto s = ReadBuffers(); !s.ok()) return s;
    if (auto s = ReadOperatorCodes(); !s.ok()) return s;
    if (!model_->subgraphs() || model_->subgraphs()->size() == 0) {
      return Invalid("the model has no subgraph");
    }
    for (uint32_t i = 0; i < model_->subgraphs()->size(); ++i) {
      if (auto s = ReadSubgraph(i); !s.ok()) return s;
    }
    if (bent_quant_dims_ > 0) {
      out_->warnings.push_back(absl::StrCat(
          bent_quant_dims_, " 1-D per-channel tensor", bent_quant_dims_ == 1 ? "" : "s",
          " carry an out-of-range quantized_dimension (", first_bent_quant_dim_,
          "); reading them along dimension 0 as tflite-micro does"));
    }
    if (auto s = ReadSignatures(); !s.ok()) return s;
    if (auto s = ReadMetadata(); !s.ok()) return s;
    return std::move(out_);
  }

 private:
  absl::Status Invalid(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(name_, ": ", what));
  }

  absl::Status ReadBuffers() {
    if (!model_->buffers()) return absl::OkStatus();
    for (uint32_t i = 0; i < model_->buffers()->size(); ++i) {
      const tfl::Buffer* b = model_->buffers()->Get(i);
      BufferView view;
      if (b != nullptr && b->offset() > 1) {
        // Stored after the FlatBuffer (files over 2 GiB).
        if (b->offset() > file_size_ || b->size() > file_size_ - b->offset()) {
          return Invalid(absl::StrCat("buffer ", i, " claims bytes [", b->offset(), ", ",
                                      b->offset() + b->size(), ") beyond the file's ", file_size_,
                                      " bytes"));
        }
        view.data = file_ + b->offset();
        view.size = b->size();
      } else if (b != nullptr && b->data() != nullptr) {
        view.data = b->data()->data();
        view.size = b->data()->size();
      }
      buffers_.push_back(view);
    }
    return absl::OkStatus();
  }

  absl::Status ReadOperatorCodes() {
    if (!model_->operator_codes()) return absl::OkStatus();
    for (uint32_t i = 0; i < model_->operator_codes()->size(); ++i) {
      const tfl::OperatorCode* oc = model_->operator_codes()->Get(i);
      OpCode code;
      // Old writers fill only the byte field, new ones both; the larger value is the real one.
      int32_t deprecated = oc->deprecated_builtin_code();
      int32_t extended = static_cast<int32_t>(oc->builtin_code());
      code.builtin = std::max(deprecated, extended);
      code.version = oc->version();
      if (code.version < 1) {
        return Invalid(absl::StrCat("operator code ", i, " has version ", code.version,
                                    " (versions start at 1)"));
      }
      if (code.builtin == kCustomCode) {
        if (!oc->custom_code() || oc->custom_code()->size() == 0) {
          return Invalid(absl::StrCat("operator code ", i, " is CUSTOM but names no custom op"));
        }
        code.is_custom = true;
        code.name = oc->custom_code()->str();
      } else {
        std::string_view n = BuiltinOpName(code.builtin);
        code.name = n.empty() ? absl::StrCat("BUILTIN_", code.builtin) : std::string(n);
      }
      op_codes_.push_back(std::move(code));
    }
    return absl::OkStatus();
  }

  absl::Status ReadTensor(uint32_t sg, uint32_t index, const tfl::Tensor* t, TensorDef* def) {
    auto where = [&] {
      return absl::StrCat(
          "subgraph ", sg, ", tensor ", index,
          (t && t->name()) ? absl::StrCat(" ('", t->name()->str(), "')") : std::string());
    };
    if (t == nullptr) return Invalid(absl::StrCat(where(), ": missing"));
    if (t->name()) def->name = t->name()->str();
    int type = static_cast<int>(t->type());
    if (type < 0 || type > PLINTH_BFLOAT16) {
      return Invalid(absl::StrCat(where(), ": unknown element type ", type));
    }
    def->type = static_cast<PlinthType>(type);
    if (t->shape()) {
      if (static_cast<int32_t>(t->shape()->size()) > limits_.max_rank) {
        return Invalid(absl::StrCat(where(), ": rank ", t->shape()->size(), " exceeds the limit ",
                                    limits_.max_rank));
      }
      for (int32_t d : *t->shape()) {
        if (d < 0) {
          return Invalid(absl::StrCat(where(), ": negative dimension ", d, " in shape [",
                                      absl::StrJoin(*t->shape(), ", "), "]"));
        }
        def->shape.push_back(d);
      }
    }
    if (t->shape_signature() && t->shape_signature()->size() == def->shape.size()) {
      def->shape_signature.assign(t->shape_signature()->begin(), t->shape_signature()->end());
    } else {
      def->shape_signature = def->shape;
    }
    // Byte size, overflow-checked.
    uint64_t elements = 1;
    for (int32_t d : def->shape) {
      if (d != 0 && elements > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d)) {
        return Invalid(absl::StrCat(where(), ": element count overflows"));
      }
      elements *= static_cast<uint64_t>(d);
    }
    uint64_t elem_size = TypeSize(def->type);
    if (elem_size != 0 && elements > limits_.max_tensor_bytes / elem_size) {
      return Invalid(absl::StrCat(where(), ": shape [", absl::StrJoin(def->shape, ", "), "] of ",
                                  TypeName(def->type), " needs more than the ",
                                  limits_.max_tensor_bytes, "-byte limit per tensor"));
    }
    uint64_t bytes = elements * elem_size;
    def->is_variable = t->is_variable();
    if (t->sparsity() != nullptr) {
      return Invalid(absl::StrCat(where(), ": sparse tensors are not supported"));
    }
    // Constant contents.
    uint32_t b = t->buffer();
    if (b >= buffers_.size() && !(b == 0 && buffers_.empty())) {
      return Invalid(absl::StrCat(where(), ": buffer index ", b, " out of range (the model has ",
                                  buffers_.size(), " buffers)"));
    }
    if (b != 0 && b < buffers_.size() && buffers_[b].size == 0 && elem_size != 0 && bytes == 0) {
      // A zero-element constant (e.g. an empty axis list): constant, with nothing to point at.
      static const uint8_t kEmpty[16] = {};
      def->data = kEmpty;
      def->data_size = 0;
    } else if (b < buffers_.size() && buffers_[b].size > 0) {
      const BufferView& view = buffers_[b];
      if (elem_size != 0 && view.size != bytes) {
        return Invalid(absl::StrCat(where(), ": buffer ", b, " holds ", view.size,
                                    " bytes but shape [", absl::StrJoin(def->shape, ", "), "] of ",
                                    TypeName(def->type), " needs ", bytes));
      }
      def->data = view.data;
      def->data_size = view.size;
      if (reinterpret_cast<uintptr_t>(view.data) % kConstantAlignment != 0) {
        // Zero-copy only when aligned; otherwise one aligned copy per model.
        auto* copy = static_cast<uint8_t*>(std::aligned_alloc(64, (view.size + 63) / 64 * 64));
        std::memcpy(copy, view.data, view.size);
        out_->owned_buffers.emplace_back(copy, &std::free);
        def->data = copy;
      }
    }
    return ReadQuantization(where(), t->quantization(), def);
  }

  absl::Status ReadQuantization(const std::string& where, const tfl::QuantizationParameters* q,
                                TensorDef* def) {
    if (q == nullptr || q->scale() == nullptr || q->scale()->size() == 0) return absl::OkStatus();
    size_t n = q->scale()->size();
    def->quant.scales.assign(q->scale()->begin(), q->scale()->end());
    for (size_t i = 0; i < n; ++i) {
      // Kernels derive fixed-point multipliers from scales: NaN, infinite or negative ones have no
      // meaning and would poison that arithmetic.
      const float scale = def->quant.scales[i];
      if (!std::isfinite(scale) || scale < 0) {
        return Invalid(absl::StrCat(where, ": quantization scale ", i, " is ", scale,
                                    " (scales must be finite and not negative)"));
      }
    }
    if (q->zero_point() != nullptr && q->zero_point()->size() == n) {
      // The verifier checks a vector's length prefix for alignment but not its 8-byte elements:
      // a hostile file can misalign them, so copy the bytes instead of loading int64s in place.
      def->quant.zero_points.resize(n);
      std::memcpy(def->quant.zero_points.data(), q->zero_point()->Data(), n * sizeof(int64_t));
    } else if (q->zero_point() == nullptr || q->zero_point()->size() == 0) {
      def->quant.zero_points.assign(n, 0);
    } else {
      return Invalid(absl::StrCat(where, ": ", n, " quantization scales but ",
                                  q->zero_point()->size(), " zero points"));
    }
    int32_t qd = q->quantized_dimension();
    int32_t rank = static_cast<int32_t>(def->shape.size());
    if (n > 1) {
      if ((qd < 0 || qd >= rank) && rank == 1 && def->shape[0] == static_cast<int32_t>(n)) {
        // Seen in TOCO-converted files (e.g. per-channel 1-D biases with quantized_dimension 3):
        // TFLite refuses them, tflite-micro runs them; the meaning is unambiguous. Warned once
        // per model (see Build).
        if (bent_quant_dims_++ == 0) first_bent_quant_dim_ = absl::StrCat(where, " has ", qd);
        qd = 0;
      }
      if (qd < 0 || qd >= rank) {
        return Invalid(
            absl::StrCat(where, ": quantized_dimension ", qd, " out of range for rank ", rank));
      }
      if (def->shape[qd] != static_cast<int32_t>(n)) {
        return Invalid(absl::StrCat(where, ": ", n, " per-channel scales but dimension ", qd,
                                    " has size ", def->shape[qd]));
      }
    }
    def->quant.quantized_dimension = n > 1 ? qd : 0;
    return absl::OkStatus();
  }

  absl::Status CheckIndex(uint32_t sg, int32_t index, size_t num_tensors, bool allow_optional,
                          const std::string& what) const {
    if (allow_optional && index == -1) return absl::OkStatus();
    if (index < 0 || static_cast<size_t>(index) >= num_tensors) {
      return Invalid(absl::StrCat("subgraph ", sg, ", ", what, ": tensor index ", index,
                                  " out of range (the subgraph has ", num_tensors, " tensors)"));
    }
    return absl::OkStatus();
  }

  absl::Status ReadIndexList(uint32_t sg, const flatbuffers::Vector<int32_t>* list,
                             size_t num_tensors, bool allow_optional, const std::string& what,
                             std::vector<int32_t>* out) const {
    if (!list) return absl::OkStatus();
    for (int32_t index : *list) {
      if (auto s = CheckIndex(sg, index, num_tensors, allow_optional, what); !s.ok()) return s;
      out->push_back(index);
    }
    return absl::OkStatus();
  }

  absl::Status ReadSubgraph(uint32_t sg) {
    const tfl::SubGraph* src = model_->subgraphs()->Get(sg);
    SubgraphDef def;
    if (src->name()) def.name = src->name()->str();
    if (src->tensors()) {
      def.tensors.resize(src->tensors()->size());
      for (uint32_t i = 0; i < src->tensors()->size(); ++i) {
        if (auto s = ReadTensor(sg, i, src->tensors()->Get(i), &def.tensors[i]); !s.ok()) return s;
      }
    }
    size_t n = def.tensors.size();
    if (auto s = ReadIndexList(sg, src->inputs(), n, false, "inputs", &def.inputs); !s.ok()) {
      return s;
    }
    if (auto s = ReadIndexList(sg, src->outputs(), n, false, "outputs", &def.outputs); !s.ok()) {
      return s;
    }
    // Which tensors hold a value before the first node runs.
    std::vector<char> defined(n, 0);
    for (int32_t i : def.inputs) defined[i] = 1;
    for (size_t i = 0; i < n; ++i) {
      if (def.tensors[i].data != nullptr || def.tensors[i].is_variable) defined[i] = 1;
    }
    if (src->operators()) {
      for (uint32_t k = 0; k < src->operators()->size(); ++k) {
        const tfl::Operator* op = src->operators()->Get(k);
        NodeDef node;
        std::string where = absl::StrCat("node ", k);
        if (op->opcode_index() >= op_codes_.size()) {
          return Invalid(absl::StrCat("subgraph ", sg, ", node ", k, ": operator code index ",
                                      op->opcode_index(), " out of range (the model has ",
                                      op_codes_.size(), " operator codes)"));
        }
        const OpCode& code = op_codes_[op->opcode_index()];
        node.builtin_code = code.builtin;
        node.is_custom = code.is_custom;
        node.op_name = code.name;
        node.version = code.version;
        where = absl::StrCat("node ", k, " (", node.op_name, ")");
        if (auto s = ReadIndexList(sg, op->inputs(), n, true, where + " inputs", &node.inputs);
            !s.ok()) {
          return s;
        }
        if (auto s = ReadIndexList(sg, op->outputs(), n, true, where + " outputs", &node.outputs);
            !s.ok()) {
          return s;
        }
        if (auto s = ReadIndexList(sg, op->intermediates(), n, false, where + " intermediates",
                                   &node.intermediates);
            !s.ok()) {
          return s;
        }
        for (int32_t i : node.inputs) {
          if (i >= 0 && !defined[i]) {
            return Invalid(absl::StrCat("subgraph ", sg, ", ", where, " reads tensor ", i, " ('",
                                        def.tensors[i].name,
                                        "') before any node writes it and it is neither a "
                                        "constant, a variable nor a subgraph input"));
          }
        }
        for (int32_t o : node.outputs) {
          if (o < 0) continue;
          if (def.tensors[o].data != nullptr && !def.tensors[o].is_variable) {
            return Invalid(absl::StrCat("subgraph ", sg, ", ", where, " writes constant tensor ", o,
                                        " ('", def.tensors[o].name, "')"));
          }
          if (defined[o] && !def.tensors[o].is_variable) {
            return Invalid(absl::StrCat("subgraph ", sg, ", ", where, " writes tensor ", o, " ('",
                                        def.tensors[o].name,
                                        "') which a subgraph input or an earlier node already "
                                        "defines"));
          }
          defined[o] = 1;
        }
        for (int32_t i : node.intermediates) defined[i] = 1;
        if (op->builtin_options_type() != tfl::BuiltinOptions::NONE && op->builtin_options()) {
          node.options_type = static_cast<uint8_t>(op->builtin_options_type());
          node.options_table = op->builtin_options();
        }
        if (op->large_custom_options_offset() > 1) {
          uint64_t off = op->large_custom_options_offset(), size = op->large_custom_options_size();
          if (off > file_size_ || size > file_size_ - off) {
            return Invalid(absl::StrCat("subgraph ", sg, ", ", where,
                                        ": custom options lie beyond the end of the file"));
          }
          node.custom_options = file_ + off;
          node.custom_options_size = size;
        } else if (op->custom_options()) {
          node.custom_options = op->custom_options()->data();
          node.custom_options_size = op->custom_options()->size();
        }
        def.nodes.push_back(std::move(node));
      }
    }
    for (int32_t o : def.outputs) {
      if (!defined[o]) {
        return Invalid(absl::StrCat("subgraph ", sg, ": output tensor ", o, " ('",
                                    def.tensors[o].name, "') is never written"));
      }
    }
    out_->graph.subgraphs.push_back(std::move(def));
    return absl::OkStatus();
  }

  absl::Status ReadSignatures() {
    if (!model_->signature_defs()) return absl::OkStatus();
    const auto& subgraphs = out_->graph.subgraphs;
    for (uint32_t i = 0; i < model_->signature_defs()->size(); ++i) {
      const tfl::SignatureDef* s = model_->signature_defs()->Get(i);
      SignatureDef def;
      if (s->signature_key()) def.key = s->signature_key()->str();
      def.subgraph_index = static_cast<int32_t>(s->subgraph_index());
      if (s->subgraph_index() >= subgraphs.size()) {
        return Invalid(absl::StrCat("signature '", def.key, "' refers to subgraph ",
                                    s->subgraph_index(), " of ", subgraphs.size()));
      }
      size_t n = subgraphs[def.subgraph_index].tensors.size();
      auto read_maps = [&](const auto* maps, auto* out) -> absl::Status {
        if (!maps) return absl::OkStatus();
        for (const tfl::TensorMap* m : *maps) {
          if (m->tensor_index() >= n) {
            return Invalid(absl::StrCat("signature '", def.key, "' maps '",
                                        m->name() ? m->name()->str() : "", "' to tensor ",
                                        m->tensor_index(), " out of range"));
          }
          out->emplace_back(m->name() ? m->name()->str() : "",
                            static_cast<int32_t>(m->tensor_index()));
        }
        return absl::OkStatus();
      };
      if (auto st = read_maps(s->inputs(), &def.inputs); !st.ok()) return st;
      if (auto st = read_maps(s->outputs(), &def.outputs); !st.ok()) return st;
      out_->graph.signatures.push_back(std::move(def));
    }
    return absl::OkStatus();
  }

  absl::Status ReadMetadata() {
    if (!model_->metadata()) return absl::OkStatus();
    for (const tfl::Metadata* m : *model_->metadata()) {
      MetadataEntry entry;
      if (m->name()) entry.name = m->name()->str();
      if (m->buffer() >= buffers_.size()) {
        return Invalid(absl::StrCat("metadata '", entry.name, "' refers to buffer ", m->buffer(),
                                    " out of range"));
      }
      entry.data = buffers_[m->buffer()].data;
      entry.size = buffers_[m->buffer()].size;
      out_->graph.metadata.push_back(std::move(entry));
    }
    return absl::OkStatus();
  }

  struct OpCode {
    int32_t builtin = 0;
    bool is_custom = false;
    int32_t version = 1;
    std::string name;
  };

  const std::string& name_;
  const uint8_t* file_;
  size_t file_size_;
  const ModelLimits& limits_;
  const tfl::Model* model_ = nullptr;
  std::unique_ptr<BuiltGraph> out_;
  std::vector<BufferView> buffers_;
  std::vector<OpCode> op_codes_;
  int bent_quant_dims_ = 0;
  std::string first_bent_quant_dim_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<BuiltGraph>> BuildGraph(const std::string& name, const uint8_t* file,
                                                       size_t file_size,
                                                       const ModelLimits& limits) {
  return Builder(name, file, file_size, limits).Build();
}

}  // namespace plinth
