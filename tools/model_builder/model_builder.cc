#include "tools/model_builder/model_builder.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "flatbuffers/reflection.h"
#include "schema/tflite_bfbs_generated.h"
#include "schema/tflite_generated.h"
#include "tools/model_builder/op_options_table.h"

namespace plinth {
namespace {

namespace fb = flatbuffers;

constexpr int32_t kCustomCode = 32;
constexpr int32_t kLastDeprecatedCode = 127;  // codes above live only in builtin_code

const reflection::Schema& Schema() {
  static const reflection::Schema* schema = reflection::GetSchema(tfl::ModelBinarySchema::data());
  return *schema;
}

std::optional<int32_t> BuiltinCode(const std::string& name) {
  const reflection::Enum* ops = Schema().enums()->LookupByKey("plinth.tfl.BuiltinOperator");
  for (const reflection::EnumVal* v : *ops->values()) {
    if (v->name()->str() == name) return static_cast<int32_t>(v->value());
  }
  return std::nullopt;
}

// Union type value and table of an option table name ("Conv2DOptions").
std::optional<std::pair<uint8_t, const reflection::Object*>> OptionsTable(std::string_view name) {
  const reflection::Enum* u = Schema().enums()->LookupByKey("plinth.tfl.BuiltinOptions");
  for (const reflection::EnumVal* v : *u->values()) {
    if (v->name()->string_view() == name && v->union_type() != nullptr) {
      return std::make_pair(static_cast<uint8_t>(v->value()),
                            Schema().objects()->Get(v->union_type()->index()));
    }
  }
  return std::nullopt;
}

std::string FieldList(const reflection::Object* table) {
  std::vector<std::string> names;
  for (const reflection::Field* f : *table->fields()) {
    if (!f->deprecated()) names.push_back(f->name()->str());
  }
  return names.empty() ? std::string("none") : absl::StrJoin(names, ", ");
}

bool IsIntegral(reflection::BaseType t) { return t >= reflection::Bool && t <= reflection::ULong; }

// An integer option value; strings are enum value names for enum-typed fields.
absl::StatusOr<int64_t> IntegerValue(const reflection::Field* field, const OptionValue& value,
                                     const std::string& table) {
  const auto& v = value.storage();
  if (const int64_t* i = std::get_if<int64_t>(&v)) return *i;
  if (const std::string* s = std::get_if<std::string>(&v)) {
    if (field->type()->index() >= 0) {
      const reflection::Enum* e = Schema().enums()->Get(field->type()->index());
      for (const reflection::EnumVal* ev : *e->values()) {
        if (ev->name()->str() == *s) return ev->value();
      }
      return absl::InvalidArgumentError(absl::StrCat(table, ".", field->name()->str(), ": '", *s,
                                                     "' is not a value of ", e->name()->str()));
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(table, ".", field->name()->str(), " takes an integer"));
}

template <class T>
void AddScalar(fb::FlatBufferBuilder& fbb, const reflection::Field* f, T value) {
  fbb.AddElement<T>(f->offset(), value, static_cast<T>(f->default_integer()));
}

absl::StatusOr<fb::Offset<void>> BuildOptionsTable(fb::FlatBufferBuilder& fbb,
                                                   const std::string& table_name,
                                                   const reflection::Object* table,
                                                   const Options& options) {
  // Vectors and strings must be written before the table that points to them.
  std::vector<std::pair<const reflection::Field*, fb::uoffset_t>> offsets;
  std::vector<std::pair<const reflection::Field*, const OptionValue*>> scalars;
  absl::flat_hash_set<std::string> seen;
  for (const auto& [name, value] : options) {
    const reflection::Field* f = table->fields()->LookupByKey(name.c_str());
    if (f == nullptr || f->deprecated()) {
      return absl::InvalidArgumentError(absl::StrCat(table_name, " has no field '", name,
                                                     "'; its fields are ", FieldList(table)));
    }
    // A table holds each field once; FlatBuffers would assert (or, without asserts, write both).
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat(table_name, ".", name, " is given twice"));
    }
    const auto& v = value.storage();
    reflection::BaseType base = f->type()->base_type();
    if (base == reflection::Vector) {
      reflection::BaseType elem = f->type()->element();
      if (const auto* ints = std::get_if<std::vector<int64_t>>(&v)) {
        if (elem == reflection::Long) {
          offsets.emplace_back(f, fbb.CreateVector(*ints).o);
        } else if (elem == reflection::Int) {
          std::vector<int32_t> narrow(ints->begin(), ints->end());
          offsets.emplace_back(f, fbb.CreateVector(narrow).o);
        } else {
          return absl::InvalidArgumentError(
              absl::StrCat(table_name, ".", name, " is not an integer array"));
        }
      } else if (const auto* reals = std::get_if<std::vector<double>>(&v);
                 reals && elem == reflection::Float) {
        std::vector<float> narrow(reals->begin(), reals->end());
        offsets.emplace_back(f, fbb.CreateVector(narrow).o);
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat(table_name, ".", name, " takes an array of the field's element type"));
      }
    } else if (base == reflection::String) {
      const auto* s = std::get_if<std::string>(&v);
      if (s == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(table_name, ".", name, " takes a string"));
      }
      offsets.emplace_back(f, fbb.CreateString(*s).o);
    } else {
      scalars.emplace_back(f, &value);
    }
  }
  fb::uoffset_t start = fbb.StartTable();
  for (const auto& [f, value] : scalars) {
    reflection::BaseType base = f->type()->base_type();
    if (base == reflection::Float || base == reflection::Double) {
      const auto& v = value->storage();
      double d;
      if (const double* r = std::get_if<double>(&v)) {
        d = *r;
      } else if (const int64_t* i = std::get_if<int64_t>(&v)) {
        d = static_cast<double>(*i);
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat(table_name, ".", f->name()->str(), " takes a number"));
      }
      if (base == reflection::Float) {
        fbb.AddElement<float>(f->offset(), static_cast<float>(d),
                              static_cast<float>(f->default_real()));
      } else {
        fbb.AddElement<double>(f->offset(), d, f->default_real());
      }
      continue;
    }
    if (!IsIntegral(base)) {
      return absl::InvalidArgumentError(
          absl::StrCat(table_name, ".", f->name()->str(), " cannot be set by the builder"));
    }
    auto i = IntegerValue(f, *value, table_name);
    if (!i.ok()) return i.status();
    switch (base) {
      case reflection::Bool:
        AddScalar<uint8_t>(fbb, f, *i != 0);
        break;
      case reflection::Byte:
        AddScalar<int8_t>(fbb, f, static_cast<int8_t>(*i));
        break;
      case reflection::UByte:
        AddScalar<uint8_t>(fbb, f, static_cast<uint8_t>(*i));
        break;
      case reflection::Short:
        AddScalar<int16_t>(fbb, f, static_cast<int16_t>(*i));
        break;
      case reflection::UShort:
        AddScalar<uint16_t>(fbb, f, static_cast<uint16_t>(*i));
        break;
      case reflection::Int:
        AddScalar<int32_t>(fbb, f, static_cast<int32_t>(*i));
        break;
      case reflection::UInt:
        AddScalar<uint32_t>(fbb, f, static_cast<uint32_t>(*i));
        break;
      case reflection::Long:
        AddScalar<int64_t>(fbb, f, *i);
        break;
      case reflection::ULong:
        AddScalar<uint64_t>(fbb, f, static_cast<uint64_t>(*i));
        break;
      default:
        break;
    }
  }
  for (const auto& [f, off] : offsets) fbb.AddOffset(f->offset(), fb::Offset<void>(off));
  return fb::Offset<void>(fbb.EndTable(start));
}

}  // namespace

ModelBuilder::ModelBuilder() {
  subgraphs_.emplace_back();
  buffers_.emplace_back();  // the empty sentinel
}

int ModelBuilder::AddSubgraph(const std::string& name) {
  subgraphs_.emplace_back();
  subgraphs_.back().name = name;
  return static_cast<int>(subgraphs_.size()) - 1;
}

int ModelBuilder::AddBuffer(const void* data, size_t bytes) {
  const auto* p = static_cast<const uint8_t*>(data);
  buffers_.emplace_back(p, p + bytes);
  return static_cast<int>(buffers_.size()) - 1;
}

int ModelBuilder::AddTensor(PlinthType type, std::vector<int32_t> shape, const std::string& name,
                            QuantSpec quant, int subgraph) {
  auto& tensors = subgraphs_.at(subgraph).tensors;
  TensorSpec t;
  t.type = type;
  t.shape = std::move(shape);
  t.name = name.empty() ? absl::StrCat("t", tensors.size()) : name;
  t.quant = std::move(quant);
  tensors.push_back(std::move(t));
  return static_cast<int>(tensors.size()) - 1;
}

int ModelBuilder::AddConstantBytes(PlinthType type, std::vector<int32_t> shape, const void* data,
                                   size_t bytes, const std::string& name, QuantSpec quant,
                                   int subgraph) {
  int index = AddTensor(type, std::move(shape), name, std::move(quant), subgraph);
  subgraphs_.at(subgraph).tensors[index].buffer = AddBuffer(data, bytes);
  return index;
}

int ModelBuilder::AddVariable(PlinthType type, std::vector<int32_t> shape, const std::string& name,
                              QuantSpec quant, std::vector<uint8_t> initial, int subgraph) {
  int index = AddTensor(type, std::move(shape), name, std::move(quant), subgraph);
  TensorSpec& t = subgraphs_.at(subgraph).tensors[index];
  t.is_variable = true;
  if (!initial.empty()) t.buffer = AddBuffer(initial.data(), initial.size());
  return index;
}

void ModelBuilder::SetShapeSignature(int tensor, std::vector<int32_t> signature, int subgraph) {
  subgraphs_.at(subgraph).tensors.at(tensor).shape_signature = std::move(signature);
}

int ModelBuilder::AddOperator(const std::string& op, std::vector<int32_t> inputs,
                              std::vector<int32_t> outputs, Options options, int version,
                              int subgraph) {
  OpSpec spec;
  spec.name = op;
  spec.version = version;
  spec.inputs = std::move(inputs);
  spec.outputs = std::move(outputs);
  spec.options = std::move(options);
  auto& ops = subgraphs_.at(subgraph).ops;
  ops.push_back(std::move(spec));
  return static_cast<int>(ops.size()) - 1;
}

int ModelBuilder::AddCustomOperator(const std::string& name, std::vector<int32_t> inputs,
                                    std::vector<int32_t> outputs,
                                    std::vector<uint8_t> custom_options, int version,
                                    int subgraph) {
  OpSpec spec;
  spec.is_custom = true;
  spec.name = name;
  spec.version = version;
  spec.inputs = std::move(inputs);
  spec.outputs = std::move(outputs);
  spec.custom_options = std::move(custom_options);
  auto& ops = subgraphs_.at(subgraph).ops;
  ops.push_back(std::move(spec));
  return static_cast<int>(ops.size()) - 1;
}

void ModelBuilder::SetIntermediates(int node, std::vector<int32_t> intermediates, int subgraph) {
  subgraphs_.at(subgraph).ops.at(node).intermediates = std::move(intermediates);
}

void ModelBuilder::SetInputs(std::vector<int32_t> inputs, int subgraph) {
  subgraphs_.at(subgraph).inputs = std::move(inputs);
}

void ModelBuilder::SetOutputs(std::vector<int32_t> outputs, int subgraph) {
  subgraphs_.at(subgraph).outputs = std::move(outputs);
}

void ModelBuilder::AddSignature(const std::string& key,
                                std::vector<std::pair<std::string, int32_t>> inputs,
                                std::vector<std::pair<std::string, int32_t>> outputs,
                                int subgraph) {
  signatures_.push_back({key, subgraph, std::move(inputs), std::move(outputs)});
}

void ModelBuilder::AddMetadata(const std::string& name, std::vector<uint8_t> bytes) {
  metadata_.emplace_back(name, AddBuffer(bytes.data(), bytes.size()));
}

absl::StatusOr<std::vector<uint8_t>> ModelBuilder::Build() const {
  fb::FlatBufferBuilder fbb(1 << 16);
  // Operator codes, one per (op, version).
  std::map<std::tuple<bool, std::string, int>, uint32_t> code_index;
  std::vector<fb::Offset<tfl::OperatorCode>> codes;
  auto code_of = [&](const OpSpec& op) -> absl::StatusOr<uint32_t> {
    auto key = std::make_tuple(op.is_custom, op.name, op.version);
    if (auto it = code_index.find(key); it != code_index.end()) return it->second;
    int32_t builtin = kCustomCode;
    if (!op.is_custom) {
      auto code = BuiltinCode(op.name);
      if (!code) {
        return absl::InvalidArgumentError(
            absl::StrCat("'", op.name, "' is not a builtin op of the TFL3 schema"));
      }
      builtin = *code;
    }
    auto custom = op.is_custom ? fbb.CreateString(op.name) : fb::Offset<fb::String>();
    codes.push_back(
        tfl::CreateOperatorCode(fbb, static_cast<int8_t>(std::min(builtin, kLastDeprecatedCode)),
                                custom, op.version, static_cast<tfl::BuiltinOperator>(builtin)));
    uint32_t index = static_cast<uint32_t>(codes.size() - 1);
    code_index[key] = index;
    return index;
  };

  std::vector<fb::Offset<tfl::SubGraph>> subgraphs;
  for (const SubgraphSpec& sg : subgraphs_) {
    std::vector<fb::Offset<tfl::Tensor>> tensors;
    for (const TensorSpec& t : sg.tensors) {
      fb::Offset<tfl::QuantizationParameters> quant;
      if (!t.quant.scales.empty()) {
        std::vector<int64_t> zps = t.quant.zero_points;
        if (zps.empty()) zps.assign(t.quant.scales.size(), 0);
        quant = tfl::CreateQuantizationParameters(
            fbb, 0, 0, fbb.CreateVector(t.quant.scales), fbb.CreateVector(zps),
            tfl::QuantizationDetails::NONE, 0, t.quant.quantized_dimension);
      }
      auto signature = t.shape_signature.empty() ? fb::Offset<fb::Vector<int32_t>>()
                                                 : fbb.CreateVector(t.shape_signature);
      tensors.push_back(tfl::CreateTensor(fbb, fbb.CreateVector(t.shape),
                                          static_cast<tfl::TensorType>(t.type),
                                          static_cast<uint32_t>(t.buffer), fbb.CreateString(t.name),
                                          quant, t.is_variable, 0, signature));
    }
    std::vector<fb::Offset<tfl::Operator>> ops;
    for (const OpSpec& op : sg.ops) {
      auto code = code_of(op);
      if (!code.ok()) return code.status();
      tfl::BuiltinOptions options_type = tfl::BuiltinOptions::NONE;
      fb::Offset<void> options;
      if (!op.is_custom) {
        std::string table_name(OptionsTableForOp(op.name));
        if (!table_name.empty()) {
          auto table = OptionsTable(table_name);
          if (!table) return absl::InternalError(absl::StrCat("no option table ", table_name));
          auto built = BuildOptionsTable(fbb, table_name, table->second, op.options);
          if (!built.ok()) return built.status();
          options_type = static_cast<tfl::BuiltinOptions>(table->first);
          options = *built;
        } else if (!op.options.empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat(op.name, " takes no builtin options, but some were given"));
        }
      }
      auto custom = op.custom_options.empty() ? fb::Offset<fb::Vector<uint8_t>>()
                                              : fbb.CreateVector(op.custom_options);
      auto intermediates = op.intermediates.empty() ? fb::Offset<fb::Vector<int32_t>>()
                                                    : fbb.CreateVector(op.intermediates);
      ops.push_back(tfl::CreateOperator(fbb, *code, fbb.CreateVector(op.inputs),
                                        fbb.CreateVector(op.outputs), options_type, options, custom,
                                        tfl::CustomOptionsFormat::FLEXBUFFERS, 0, intermediates));
    }
    subgraphs.push_back(tfl::CreateSubGraph(
        fbb, fbb.CreateVector(tensors), fbb.CreateVector(sg.inputs), fbb.CreateVector(sg.outputs),
        fbb.CreateVector(ops), fbb.CreateString(sg.name)));
  }
  std::vector<fb::Offset<tfl::Buffer>> buffers;
  for (const auto& b : buffers_) {
    if (b.empty()) {
      buffers.push_back(tfl::CreateBuffer(fbb));
      continue;
    }
    fbb.ForceVectorAlignment(b.size(), 1, 16);  // as the converter does: zero-copy friendly
    buffers.push_back(tfl::CreateBuffer(fbb, fbb.CreateVector(b)));
  }
  std::vector<fb::Offset<tfl::SignatureDef>> signatures;
  for (const SignatureSpec& s : signatures_) {
    auto maps = [&](const std::vector<std::pair<std::string, int32_t>>& list) {
      std::vector<fb::Offset<tfl::TensorMap>> out;
      for (const auto& [name, index] : list) {
        out.push_back(
            tfl::CreateTensorMap(fbb, fbb.CreateString(name), static_cast<uint32_t>(index)));
      }
      return fbb.CreateVector(out);
    };
    auto in = maps(s.inputs);
    auto out = maps(s.outputs);
    signatures.push_back(tfl::CreateSignatureDef(fbb, in, out, fbb.CreateString(s.key),
                                                 static_cast<uint32_t>(s.subgraph)));
  }
  std::vector<fb::Offset<tfl::Metadata>> metadata;
  for (const auto& [name, buffer] : metadata_) {
    metadata.push_back(
        tfl::CreateMetadata(fbb, fbb.CreateString(name), static_cast<uint32_t>(buffer)));
  }
  auto model = tfl::CreateModel(fbb, 3, fbb.CreateVector(codes), fbb.CreateVector(subgraphs),
                                fbb.CreateString(description_), fbb.CreateVector(buffers), 0,
                                fbb.CreateVector(metadata), fbb.CreateVector(signatures));
  tfl::FinishModelBuffer(fbb, model);
  return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

absl::Status ModelBuilder::WriteFile(const std::string& path) const {
  auto bytes = Build();
  if (!bytes.ok()) return bytes.status();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes->data()),
            static_cast<std::streamsize>(bytes->size()));
  if (!out) return absl::PermissionDeniedError(absl::StrCat(path, ": cannot write"));
  return absl::OkStatus();
}

}  // namespace plinth
