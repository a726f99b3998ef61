// What the core learns from the TFL3 schema at run time: builtin op names and option fields.
// The binary schema compiled from schema/tflite.fbs is embedded, so kernels can read options by
// field name without the core knowing any operator.
#ifndef PLINTH_CORE_SCHEMA_REFLECTION_H_
#define PLINTH_CORE_SCHEMA_REFLECTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plinth/plugin.h"

namespace plinth {

// Name of a builtin op code ("CONV_2D"), or empty when the schema does not know the code.
std::string_view BuiltinOpName(int32_t code);
// Code of a builtin op name, or nullopt when unknown.
std::optional<int32_t> BuiltinOpCode(std::string_view name);
// Name of the option table of a BuiltinOptions union type ("Conv2DOptions"), or empty.
std::string_view OptionsTableName(uint8_t options_type);
// Reads field `name` of a verified options table of union type `options_type` into `value`.
// Unknown names give kind ABSENT.
void ReadOption(uint8_t options_type, const void* table, const char* name,
                PlinthOptionValue* value);
// Lists "field=value" pairs of an options table, for `plinth inspect`.
std::string DescribeOptions(uint8_t options_type, const void* table);

}  // namespace plinth

#endif  // PLINTH_CORE_SCHEMA_REFLECTION_H_
