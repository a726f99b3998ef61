#include "core/schema_reflection.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "flatbuffers/reflection.h"
#include "schema/tflite_bfbs_generated.h"

namespace plinth {
namespace {

// Indexes of the embedded binary schema, built once.
struct SchemaIndex {
  std::vector<std::string> op_names;  // by builtin code
  absl::flat_hash_map<std::string, int32_t> op_codes;
  std::vector<const reflection::Object*> options_tables;  // by union type
  const reflection::Schema* schema = nullptr;

  SchemaIndex() {
    schema = reflection::GetSchema(tfl::ModelBinarySchema::data());
    const reflection::Enum* ops = schema->enums()->LookupByKey("plinth.tfl.BuiltinOperator");
    for (const reflection::EnumVal* v : *ops->values()) {
      auto code = static_cast<size_t>(v->value());
      if (op_names.size() <= code) op_names.resize(code + 1);
      op_names[code] = v->name()->str();
      op_codes[v->name()->str()] = static_cast<int32_t>(code);
    }
    const reflection::Enum* options = schema->enums()->LookupByKey("plinth.tfl.BuiltinOptions");
    for (const reflection::EnumVal* v : *options->values()) {
      auto type = static_cast<size_t>(v->value());
      if (options_tables.size() <= type) options_tables.resize(type + 1, nullptr);
      const reflection::Type* union_type = v->union_type();
      if (type != 0 && union_type != nullptr && union_type->base_type() == reflection::Obj) {
        options_tables[type] = schema->objects()->Get(union_type->index());
      }
    }
  }
};

const SchemaIndex& Index() {
  static const SchemaIndex* index = new SchemaIndex();
  return *index;
}

const reflection::Object* OptionsObject(uint8_t options_type) {
  const auto& tables = Index().options_tables;
  return options_type < tables.size() ? tables[options_type] : nullptr;
}

PlinthType ArrayElementType(reflection::BaseType t) {
  switch (t) {
    case reflection::Bool:
      return PLINTH_BOOL;
    case reflection::Byte:
      return PLINTH_INT8;
    case reflection::UByte:
      return PLINTH_UINT8;
    case reflection::Short:
      return PLINTH_INT16;
    case reflection::UShort:
      return PLINTH_UINT16;
    case reflection::Int:
      return PLINTH_INT32;
    case reflection::UInt:
      return PLINTH_UINT32;
    case reflection::Long:
      return PLINTH_INT64;
    case reflection::ULong:
      return PLINTH_UINT64;
    case reflection::Float:
      return PLINTH_FLOAT32;
    case reflection::Double:
      return PLINTH_FLOAT64;
    default:
      return PLINTH_RESOURCE;  // not a scalar: never read as an array
  }
}

bool IsIntegral(reflection::BaseType t) { return t >= reflection::UType && t <= reflection::ULong; }

}  // namespace

std::string_view BuiltinOpName(int32_t code) {
  const auto& names = Index().op_names;
  if (code < 0 || static_cast<size_t>(code) >= names.size()) return {};
  return names[code];
}

std::optional<int32_t> BuiltinOpCode(std::string_view name) {
  const auto& codes = Index().op_codes;
  auto it = codes.find(absl::string_view(name.data(), name.size()));
  if (it == codes.end()) return std::nullopt;
  return it->second;
}

std::string_view OptionsTableName(uint8_t options_type) {
  const reflection::Object* object = OptionsObject(options_type);
  if (object == nullptr) return {};
  std::string_view full = object->name()->string_view();
  auto dot = full.rfind('.');
  return dot == std::string_view::npos ? full : full.substr(dot + 1);
}

void ReadOption(uint8_t options_type, const void* table, const char* name,
                PlinthOptionValue* value) {
  value->kind = PLINTH_OPTION_ABSENT;
  value->i = 0;
  value->f = 0;
  value->array = nullptr;
  value->array_size = 0;
  value->string = nullptr;
  const reflection::Object* object = OptionsObject(options_type);
  if (object == nullptr || table == nullptr || name == nullptr) return;
  const reflection::Field* field = object->fields()->LookupByKey(name);
  if (field == nullptr || field->deprecated()) return;
  const auto& t = *static_cast<const flatbuffers::Table*>(table);
  reflection::BaseType base = field->type()->base_type();
  if (IsIntegral(base)) {
    value->kind = PLINTH_OPTION_INT;
    value->i = flatbuffers::GetAnyFieldI(t, *field);
  } else if (base == reflection::Float || base == reflection::Double) {
    value->kind = PLINTH_OPTION_FLOAT;
    value->f = flatbuffers::GetAnyFieldF(t, *field);
  } else if (base == reflection::String) {
    value->kind = PLINTH_OPTION_STRING;
    const flatbuffers::String* s = flatbuffers::GetFieldS(t, *field);
    value->string = s ? s->c_str() : "";
    value->array_size = s ? static_cast<int32_t>(s->size()) : 0;
  } else if (base == reflection::Vector) {
    value->kind = PLINTH_OPTION_ARRAY;
    value->array_type = ArrayElementType(field->type()->element());
    const flatbuffers::VectorOfAny* v = flatbuffers::GetFieldAnyV(t, *field);
    if (v != nullptr && value->array_type != PLINTH_RESOURCE) {
      value->array = v->Data();
      value->array_size = static_cast<int32_t>(v->size());
    }
  }
}

std::string DescribeOptions(uint8_t options_type, const void* table) {
  const reflection::Object* object = OptionsObject(options_type);
  if (object == nullptr || table == nullptr) return {};
  std::ostringstream out;
  bool first = true;
  // Fields in declaration order (the schema stores them sorted by name).
  std::vector<const reflection::Field*> fields(object->fields()->begin(), object->fields()->end());
  std::sort(
      fields.begin(), fields.end(),
      [](const reflection::Field* a, const reflection::Field* b) { return a->id() < b->id(); });
  for (const reflection::Field* field : fields) {
    if (field->deprecated()) continue;
    PlinthOptionValue v{};
    ReadOption(options_type, table, field->name()->c_str(), &v);
    if (!first) out << ' ';
    first = false;
    out << field->name()->string_view() << '=';
    switch (v.kind) {
      case PLINTH_OPTION_INT:
        out << v.i;
        break;
      case PLINTH_OPTION_FLOAT:
        out << v.f;
        break;
      case PLINTH_OPTION_STRING:
        out << '"' << v.string << '"';
        break;
      case PLINTH_OPTION_ARRAY: {
        out << '[';
        const flatbuffers::VectorOfAny* vec =
            flatbuffers::GetFieldAnyV(*static_cast<const flatbuffers::Table*>(table), *field);
        for (int32_t i = 0; vec && i < v.array_size; ++i) {
          if (i) out << ',';
          if (v.array_type == PLINTH_FLOAT32 || v.array_type == PLINTH_FLOAT64) {
            out << flatbuffers::GetAnyVectorElemF(vec, field->type()->element(), i);
          } else {
            out << flatbuffers::GetAnyVectorElemI(vec, field->type()->element(), i);
          }
        }
        out << ']';
        break;
      }
      default:
        out << '?';
    }
  }
  return out.str();
}

}  // namespace plinth
